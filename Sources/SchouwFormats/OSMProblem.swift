import Foundation
import SchouwCore
import SchouwGeometry

/// One way's references to nodes that are not in the file.
public struct OSMMissingNodes: Hashable, Sendable, CustomStringConvertible {
    public var wayID: Int64
    /// The source line of the way.
    public var line: Int
    /// The missing node IDs in the order the way refers to them, without repeats.
    public var nodeIDs: [Int64]

    public init(wayID: Int64, line: Int, nodeIDs: [Int64]) {
        self.wayID = wayID
        self.line = line
        self.nodeIDs = nodeIDs
    }

    /// `way 17 (line 80) → nodes 991, 992`, with long node lists shortened.
    public var description: String { message(.en) }

    /// `way 17 (regel 80) → nodes 991, 992`, with long node lists shortened.
    public func message(_ language: Language) -> String {
        // Line 0: a PBF file, which has no lines.
        "way \(wayID)" + (line > 0 ? " (" + language.pick("regel", "line") + " \(line))" : "") + " → \(nodeList(language))"
    }

    /// `node 991` or `nodes 991, 992`, with long lists shortened.
    func nodeList(_ language: Language) -> String {
        let shown = nodeIDs.prefix(Self.listLimit).map(String.init).joined(separator: ", ")
        let rest = nodeIDs.count - Self.listLimit
        let more = rest > 0 ? language.pick(" en nog \(rest)", " and \(rest) more") : ""
        return "\(nodeIDs.count == 1 ? "node" : "nodes") \(shown)\(more)"
    }

    /// `3 ways refer to 5 missing nodes: way 17 (line 80) → nodes 991, 992; …`, listing at most ten ways.
    static func summary(of ways: [OSMMissingNodes], _ language: Language) -> String {
        let nodeCount = Set(ways.flatMap(\.nodeIDs)).count
        let shown = ways.prefix(listLimit).map { $0.message(language) }.joined(separator: "; ")
        let rest = ways.count - listLimit
        let nodes = nodeCount == 1 ? "node" : "nodes"
        return language.pick(
            "\(ways.count) \(ways.count == 1 ? "way verwijst" : "ways verwijzen") naar \(nodeCount) ontbrekende \(nodes): "
                + shown + (rest > 0 ? "; en nog \(rest) ways" : ""),
            "\(ways.count) \(ways.count == 1 ? "way refers" : "ways refer") to \(nodeCount) missing \(nodes): "
                + shown + (rest > 0 ? "; and \(rest) more ways" : ""))
    }

    static let listLimit = 10
}

/// An id that more than one node, or more than one way, of one file carries.
public struct OSMRepeatedID: Hashable, Sendable, CustomStringConvertible {
    /// What the occurrences differ in; ``same`` when they are copies of one another.
    public enum Difference: Hashable, Sendable {
        case same
        /// Nodes at different positions.
        case position
        /// Ways with different node lists.
        case nodes
        /// Same position or node list, different tags.
        case tags
    }

    /// `node` or `way`.
    public var element: String
    public var id: Int64
    /// The line of every occurrence, in file order.
    public var lines: [Int]
    public var difference: Difference

    public init(element: String, id: Int64, lines: [Int], difference: Difference) {
        self.element = element
        self.id = id
        self.lines = lines
        self.difference = difference
    }

    public var description: String { message(.en) }

    /// `node 5 (lines 12, 40: other position)`.
    public func message(_ language: Language) -> String {
        let l = language
        let lines = self.lines.map(String.init).joined(separator: ", ")
        let what: String =
            switch difference {
            case .same: ""
            case .position: l.pick(": andere positie", ": other position")
            case .nodes: l.pick(": andere nodes", ": other nodes")
            case .tags: l.pick(": andere tags", ": other tags")
            }
        // Lines 0: a PBF file, which has no lines; then how often the id occurs.
        let count = self.lines.count
        let occurrences = self.lines.allSatisfy { $0 == 0 } ? l.pick("\(count) keer", "\(count) times") : l.pick("regels ", "lines ") + lines
        return "\(element) \(id) (" + occurrences + what + ")"
    }

    /// `2 ids occur more than once with different content: node 5 (lines 12, 40: other position); …`,
    /// listing at most ten.
    static func conflictSummary(of repeated: [OSMRepeatedID], _ language: Language) -> String {
        let l = language
        let shown = repeated.prefix(OSMMissingNodes.listLimit).map { $0.message(l) }.joined(separator: "; ")
        let rest = repeated.count - OSMMissingNodes.listLimit
        let ids = repeated.count == 1 ? "id" : l.pick("id's", "ids")
        return l.pick(
            "\(repeated.count) \(ids) \(repeated.count == 1 ? "staat" : "staan") meer dan eens in het bestand, met verschillende inhoud: "
                + shown + (rest > 0 ? "; en nog \(rest)" : "")
                + ". Een id hoort bij één object: is het een bestand met geschiedenis, of zijn extracten verkeerd samengevoegd?",
            "\(repeated.count) \(ids) \(repeated.count == 1 ? "occurs" : "occur") more than once in the file, with different content: "
                + shown + (rest > 0 ? "; and \(rest) more" : "")
                + ". An id belongs to one object: is this a history file, or were extracts merged wrongly?")
    }
}

/// A problem in an OpenStreetMap file that does not stop it from being used.
public struct OSMProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A way with fewer than two nodes, which cannot form a line; it is left out.
        case tooFewNodes(wayID: Int64, nodeCount: Int)
        /// A way refers to nodes that are not in the file (typical of a clipped extract).
        case missingNodes(OSMMissingNodes)
        /// A node or way given more than once with the same content; it is used once.
        case repeatedCopies(OSMRepeatedID)
    }

    public var file: String
    public var line: Int
    public var kind: Kind

    public init(file: String, line: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    /// Whether something of the file is left out (a way or part of one); false for a mere warning, such as
    /// a repeated copy of a node that is used once.
    public var leavesSomethingOut: Bool {
        if case .repeatedCopies = kind { return false }
        return true
    }

    public var description: String { message(.en) }

    /// `streets.osm: regel 12: way 7 heeft 1 node, …`, in the language asked.
    public func message(_ language: Language) -> String {
        let l = language
        let place = "\(file): " + (line > 0 ? l.pick("regel \(line): ", "line \(line): ") : "")
        switch kind {
        case .tooFewNodes(let wayID, let nodeCount):
            let nodes = nodeCount == 1 ? "node" : "nodes"
            return place
                + l.pick(
                    "way \(wayID) heeft \(nodeCount) \(nodes), een way heeft er minstens 2 nodig; hij wordt overgeslagen",
                    "way \(wayID) has \(nodeCount) \(nodes), a way needs at least 2; it is left out")
        case .missingNodes(let missing):
            return place
                + l.pick(
                    "way \(missing.wayID) verwijst naar ontbrekende \(missing.nodeList(l))",
                    "way \(missing.wayID) refers to missing \(missing.nodeList(l))")
        case .repeatedCopies(let repeated):
            // " (regels 12, 40)"; nothing for a PBF file, which has no lines.
            func lineList(_ word: String) -> String {
                repeated.lines.allSatisfy { $0 == 0 } ? "" : " (\(word) \(repeated.lines.map(String.init).joined(separator: ", ")))"
            }
            let count = repeated.lines.count
            let times = count == 2 ? l.pick("twee keer", "twice") : l.pick("\(count) keer", "\(count) times")
            return place
                + l.pick(
                    "\(repeated.element) \(repeated.id) staat \(times) in het bestand\(lineList(l.pick("regels", "lines"))), "
                        + "telkens gelijk; hij wordt één keer gebruikt",
                    "\(repeated.element) \(repeated.id) occurs \(times) in the file\(lineList(l.pick("regels", "lines"))), "
                        + "each time the same; it is used once")
        }
    }
}
