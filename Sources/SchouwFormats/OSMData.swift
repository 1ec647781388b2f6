import Foundation
import SchouwCore
import SchouwGeometry

/// What to do with ways that refer to nodes missing from the file.
public enum OSMMissingNodePolicy: Sendable, Hashable {
    /// Throw ``FormatError/missingNodes(file:ways:)`` listing every dangling reference.
    case fail
    /// Cut such a way where it leaves the file, as extracts clipped to a box often require: every
    /// run of two or more consecutive nodes that are present is kept as a way with the same id
    /// and line, and ``OSMProblem/Kind/missingNodes(_:)`` is reported. Missing nodes are never
    /// skipped over, which would draw a straight segment the street does not have.
    case cutWays
}

/// The ways of an OpenStreetMap file that a caller wants, with the coordinates of their nodes.
public struct OSMData: Sendable {
    /// The position of every node the kept ways refer to.
    public var coordinates: [Int64: Coordinate]
    /// The kept ways in file order; each has at least two nodes, all in ``coordinates``.
    public var ways: [OSMWay]
    /// The nodes that `keepNode` accepted, with their tags, in file order.
    public var nodes: [OSMNode]
    /// Problems that did not stop the loading, ordered by line.
    public var problems: [OSMProblem]

    public init(
        coordinates: [Int64: Coordinate], ways: [OSMWay], nodes: [OSMNode] = [], problems: [OSMProblem] = []
    ) {
        self.coordinates = coordinates
        self.ways = ways
        self.nodes = nodes
        self.problems = problems
    }

    /// Reads an `.osm` file in one streaming pass, keeping only the ways `keepWay` accepts.
    ///
    /// Because files list nodes before ways, the position of every node is held compactly
    /// (an id and a coordinate, no tags) until the end, when all but the referenced ones are dropped.
    /// Ways with fewer than two nodes are left out and reported in ``problems``.
    ///
    /// An id must name one node (and one way): nodes or ways that share an id but differ are an error,
    /// since which one is meant cannot be known; exact copies are used once and reported in ``problems``
    /// as a warning (``OSMProblem/leavesSomethingOut`` is false). Tags are compared by a 64-bit hash, so
    /// two different tag sets could in principle pass as equal.
    ///
    /// - Parameters:
    ///   - url: A local `.osm` file.
    ///   - keepWay: Which ways to keep, for example `{ $0.tags["highway"] != nil }`. Problems of ways
    ///     (too few nodes, missing nodes) are reported for kept ways only; repeated ids for the whole file.
    ///   - keepNode: Which nodes to keep whole, with tags, in ``nodes`` (none by default).
    ///   - missingNodes: Whether a kept way that refers to a node not in the file is an error
    ///     (the default) or is cut where it leaves the file.
    ///   - region: When given, only ways with at least one node inside this box (in degrees) are kept, so that
    ///     one buurt can be planned from a province file without building the province's graph. Nodes come
    ///     before ways in every extract; a way whose nodes were not seen yet is kept.
    /// - Throws: ``FormatError``, among them ``FormatError/conflictingIDs(file:ids:)``.
    /// - Complexity: O(n + r) time, where n is the size of the file and r the number of node
    ///   references of kept ways, when the ids of nodes and of ways ascend (as in every extract and
    ///   download); O(m log m) more otherwise, and a second pass over the file when ids repeat. Memory
    ///   O(m + w + r), where m is the number of nodes and w the number of ways in the file.
    public static func load(
        url: URL,
        keepWay: (OSMWay) -> Bool = { _ in true },
        keepNode: (OSMNode) -> Bool = { _ in false },
        missingNodes policy: OSMMissingNodePolicy = .fail,
        region: BoundingBox? = nil
    ) throws -> OSMData {
        let fileName = url.lastPathComponent
        var nodePrints = ElementFingerprints()
        var allCoordinates: [Coordinate] = []
        var wayPrints = ElementFingerprints()
        var keptNodes: [OSMNode] = []
        var keptWays: [OSMWay] = []
        // Where a node is, by id, for the region test: a binary search while the ids ascend (every extract),
        // else a table made once.
        var table: [Int64: Int]?
        func coordinate(of id: Int64) -> Coordinate? {
            let ids = nodePrints.ids
            if nodePrints.ascending {
                var low = 0
                var high = ids.count
                while low < high {
                    let middle = (low + high) / 2
                    if ids[middle] < id { low = middle + 1 } else { high = middle }
                }
                return low < ids.count && ids[low] == id ? allCoordinates[low] : nil
            }
            if table == nil { table = Dictionary(zip(ids, ids.indices), uniquingKeysWith: { first, _ in first }) }
            return table?[id].map { allCoordinates[$0] }
        }
        func reaches(_ way: OSMWay, _ region: BoundingBox) -> Bool {
            var unknown = false
            for id in way.nodeIDs {
                guard let c = coordinate(of: id) else {
                    unknown = true
                    continue
                }
                if region.contains(c) { return true }
            }
            return unknown
        }
        try OSMFile.read(
            url: url,
            onNode: { node in
                nodePrints.append(id: node.id, tags: node.tags)
                allCoordinates.append(node.coordinate)
                if keepNode(node) { keptNodes.append(node) }
            },
            onWay: { way in
                var nodeList = Hasher()
                nodeList.combine(way.nodeIDs)
                wayPrints.append(id: way.id, tags: way.tags, content: nodeList.finalize())
                guard keepWay(way) else { return }
                if let region, !reaches(way, region) { return }
                keptWays.append(way)
            })

        let repeated = try repeatedIDs(
            nodes: nodePrints, coordinates: allCoordinates, ways: wayPrints, url: url, fileName: fileName)
        var problems = repeated.map { OSMProblem(file: fileName, line: $0.lines.first ?? 0, kind: .repeatedCopies($0)) }
        if !repeated.isEmpty {
            // Each copy is used once: keep the first occurrence.
            var seenNodes: Set<Int64> = []
            keptNodes = keptNodes.filter { seenNodes.insert($0.id).inserted }
            var seenWays: Set<Int64> = []
            keptWays = keptWays.filter { seenWays.insert($0.id).inserted }
        }
        var ways: [OSMWay] = []
        for way in keptWays {
            if way.nodeIDs.count < 2 {
                problems.append(
                    OSMProblem(file: fileName, line: way.line, kind: .tooFewNodes(wayID: way.id, nodeCount: way.nodeIDs.count)))
            } else {
                ways.append(way)
            }
        }

        let referenced = Set(ways.lazy.flatMap(\.nodeIDs))
        var coordinates: [Int64: Coordinate] = [:]
        coordinates.reserveCapacity(referenced.count)
        for (id, coordinate) in zip(nodePrints.ids, allCoordinates) where referenced.contains(id) {
            coordinates[id] = coordinate
        }

        let dangling = ways.compactMap { $0.missingNodes(in: coordinates) }
        if !dangling.isEmpty {
            switch policy {
            case .fail:
                throw FormatError.missingNodes(file: fileName, ways: dangling)
            case .cutWays:
                ways = ways.flatMap { $0.pieces(presentIn: coordinates) }
                problems += dangling.map { OSMProblem(file: fileName, line: $0.line, kind: .missingNodes($0)) }
            }
        }
        problems.sort { $0.line < $1.line }
        return OSMData(coordinates: coordinates, ways: ways, nodes: keptNodes, problems: problems)
    }

    /// The ids that occur more than once, nodes first, each with the lines of its occurrences (found by a
    /// second pass over the file, which only happens when some id repeats).
    ///
    /// - Throws: ``FormatError/conflictingIDs(file:ids:)`` when occurrences of an id differ.
    private static func repeatedIDs(
        nodes: ElementFingerprints, coordinates: [Coordinate], ways: ElementFingerprints, url: URL, fileName: String
    ) throws -> [OSMRepeatedID] {
        let nodeGroups = nodes.repeatedIndexGroups()
        let wayGroups = ways.repeatedIndexGroups()
        guard !nodeGroups.isEmpty || !wayGroups.isEmpty else { return [] }
        let nodeDifferences = nodeGroups.map { group in
            group.contains { coordinates[$0] != coordinates[group[0]] } ? .position : nodes.difference(in: group)
        }
        let wayDifferences = wayGroups.map { ways.difference(in: $0) }

        var nodeLines: [Int64: [Int]] = [:]
        var wayLines: [Int64: [Int]] = [:]
        for group in nodeGroups { nodeLines[nodes.ids[group[0]]] = [] }
        for group in wayGroups { wayLines[ways.ids[group[0]]] = [] }
        try OSMFile.read(
            url: url,
            onNode: { node in nodeLines[node.id]?.append(node.line) },
            onWay: { way in wayLines[way.id]?.append(way.line) })

        let repeated =
            zip(nodeGroups, nodeDifferences).map { group, difference in
                let id = nodes.ids[group[0]]
                return OSMRepeatedID(element: "node", id: id, lines: nodeLines[id] ?? [], difference: difference)
            }
            + zip(wayGroups, wayDifferences).map { group, difference in
                let id = ways.ids[group[0]]
                return OSMRepeatedID(element: "way", id: id, lines: wayLines[id] ?? [], difference: difference)
            }
        let conflicts = repeated.filter { $0.difference != .same }
        guard conflicts.isEmpty else { throw FormatError.conflictingIDs(file: fileName, ids: conflicts) }
        return repeated
    }
}

/// The id of every node (or way) of a file in file order, with hashes of its content, to find ids that
/// repeat and tell copies from conflicts without keeping the elements.
private struct ElementFingerprints {
    var ids: [Int64] = []
    /// A hash of the node list, for ways; empty for nodes, whose positions are compared exactly.
    var contentHashes: [Int] = []
    /// A hash of the tags of each element that has tags, by index; most nodes have none.
    var tagHashes: [Int: Int] = [:]
    /// Whether every id so far was larger than the one before, so no id can repeat.
    var ascending = true

    mutating func append(id: Int64, tags: [String: String], content: Int? = nil) {
        if let last = ids.last, id <= last { ascending = false }
        if !tags.isEmpty { tagHashes[ids.count] = tags.hashValue }
        if let content { contentHashes.append(content) }
        ids.append(id)
    }

    /// The indices of each id that occurs more than once, in file order, the groups ordered by first
    /// occurrence.
    /// - Complexity: O(1) when the ids ascend, else O(n log n).
    func repeatedIndexGroups() -> [[Int]] {
        guard !ascending else { return [] }
        let order = ids.indices.sorted { (ids[$0], $0) < (ids[$1], $1) }
        var groups: [[Int]] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && ids[order[end]] == ids[order[start]] { end += 1 }
            if end - start > 1 { groups.append(Array(order[start..<end])) }
            start = end
        }
        return groups.sorted { $0[0] < $1[0] }
    }

    /// How the elements at `group`'s indices differ, apart from a node's position.
    func difference(in group: [Int]) -> OSMRepeatedID.Difference {
        let first = group[0]
        if !contentHashes.isEmpty && group.contains(where: { contentHashes[$0] != contentHashes[first] }) { return .nodes }
        if group.contains(where: { tagHashes[$0] != tagHashes[first] }) { return .tags }
        return .same
    }
}

extension OSMWay {
    /// The references of this way to nodes that are not in `coordinates`, or nil when there are none.
    func missingNodes(in coordinates: [Int64: Coordinate]) -> OSMMissingNodes? {
        missingNodes { coordinates[$0] != nil }
    }

    /// The references of this way to nodes for which `isPresent` is false, or nil when there are none.
    func missingNodes(where isPresent: (Int64) -> Bool) -> OSMMissingNodes? {
        var seen: Set<Int64> = []
        let missing = nodeIDs.filter { !isPresent($0) && seen.insert($0).inserted }
        return missing.isEmpty ? nil : OSMMissingNodes(wayID: id, line: line, nodeIDs: missing)
    }

    /// The runs of two or more consecutive nodes present in `coordinates`, each as a way with this
    /// way's id, tags and line; `[self]` when nothing is missing.
    func pieces(presentIn coordinates: [Int64: Coordinate]) -> [OSMWay] {
        nodeIDs.split(whereSeparator: { coordinates[$0] == nil })
            .filter { $0.count >= 2 }
            .map { OSMWay(id: id, nodeIDs: Array($0), tags: tags, line: line) }
    }
}
