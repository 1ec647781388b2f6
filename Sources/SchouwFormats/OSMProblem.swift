import Foundation
import SchouwCore
import SchouwGeometry

/// Why an OpenStreetMap file could not be read. Every case names the file (its last path component)
/// and, where there is one, the line, so the message can be acted on.
public enum OSMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file does not exist, is a directory, or could not be read.
    case unreadable(file: String, reason: String)
    /// The file has no bytes, or only white space.
    case emptyFile(file: String)
    /// The root element is not `<osm>` (for example an `<osmChange>` diff or some other XML).
    case notOSM(file: String, line: Int, root: String)
    /// The XML is not well-formed, for example because the file was truncated.
    case malformedXML(file: String, line: Int, column: Int, reason: String)
    /// A node, way or tag lacks a required attribute or has a value out of range;
    /// `element` is for example `node 42` and `reason` `lat "abc" is not a number`.
    case invalidElement(file: String, line: Int, element: String, reason: String)
    /// Ways refer to nodes that are not in the file; every such way is listed.
    case missingNodes(file: String, ways: [OSMMissingNodes])

    /// The file the error is about.
    public var file: String {
        switch self {
        case .unreadable(let file, _), .emptyFile(let file), .notOSM(let file, _, _),
            .malformedXML(let file, _, _, _), .invalidElement(let file, _, _, _), .missingNodes(let file, _):
            file
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the file: \(reason)"
        case .emptyFile(let file):
            return "\(file): the file is empty; expected OpenStreetMap XML starting with <osm>"
        case .notOSM(let file, let line, let root):
            return "\(file): line \(line): the root element is <\(root)>, expected <osm> (OpenStreetMap XML)"
        case .malformedXML(let file, let line, let column, let reason):
            return "\(file): line \(line), column \(column): XML error: \(reason)"
        case .invalidElement(let file, let line, let element, let reason):
            return "\(file): line \(line): \(element): \(reason)"
        case .missingNodes(let file, let ways):
            return "\(file): " + OSMMissingNodes.summary(of: ways)
        }
    }
}

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
    public var description: String { "way \(wayID) (line \(line)) → \(nodeList)" }

    /// `node 991` or `nodes 991, 992`, with long lists shortened.
    var nodeList: String {
        let shown = nodeIDs.prefix(Self.listLimit).map(String.init).joined(separator: ", ")
        let more = nodeIDs.count > Self.listLimit ? " and \(nodeIDs.count - Self.listLimit) more" : ""
        return "\(nodeIDs.count == 1 ? "node" : "nodes") \(shown)\(more)"
    }

    /// `3 ways refer to 5 missing nodes: way 17 (line 80) → nodes 991, 992; …`, listing at most ten ways.
    static func summary(of ways: [OSMMissingNodes]) -> String {
        let nodeCount = Set(ways.flatMap(\.nodeIDs)).count
        let shown = ways.prefix(listLimit).map(\.description).joined(separator: "; ")
        let more = ways.count > listLimit ? "; and \(ways.count - listLimit) more ways" : ""
        return "\(ways.count) \(ways.count == 1 ? "way refers" : "ways refer") to \(nodeCount) missing "
            + "\(nodeCount == 1 ? "node" : "nodes"): \(shown)\(more)"
    }

    static let listLimit = 10
}

/// A problem in an OpenStreetMap file that does not stop it from being used.
public struct OSMProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A way with fewer than two nodes, which cannot form a line; it is left out.
        case tooFewNodes(wayID: Int64, nodeCount: Int)
        /// A way refers to nodes that are not in the file (typical of a clipped extract).
        case missingNodes(OSMMissingNodes)
    }

    public var file: String
    public var line: Int
    public var kind: Kind

    public init(file: String, line: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .tooFewNodes(let wayID, let nodeCount):
            "\(file): line \(line): way \(wayID) has \(nodeCount) \(nodeCount == 1 ? "node" : "nodes"), "
                + "a way needs at least 2; it is left out"
        case .missingNodes(let missing):
            "\(file): line \(line): way \(missing.wayID) refers to missing \(missing.nodeList)"
        }
    }
}
