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
    /// - Parameters:
    ///   - url: A local `.osm` file.
    ///   - keepWay: Which ways to keep, for example `{ $0.tags["highway"] != nil }`. Problems are
    ///     reported for kept ways only.
    ///   - keepNode: Which nodes to keep whole, with tags, in ``nodes`` (none by default).
    ///   - missingNodes: Whether a kept way that refers to a node not in the file is an error
    ///     (the default) or is cut where it leaves the file.
    /// - Throws: ``FormatError``.
    /// - Complexity: O(n + r) time, where n is the size of the file and r the number of node
    ///   references of kept ways; memory O(m + r), where m is the number of nodes in the file.
    public static func load(
        url: URL,
        keepWay: (OSMWay) -> Bool = { _ in true },
        keepNode: (OSMNode) -> Bool = { _ in false },
        missingNodes policy: OSMMissingNodePolicy = .fail
    ) throws -> OSMData {
        let fileName = url.lastPathComponent
        var allNodeIDs: [Int64] = []
        var allCoordinates: [Coordinate] = []
        var keptNodes: [OSMNode] = []
        var ways: [OSMWay] = []
        var problems: [OSMProblem] = []
        try OSMXMLReader().read(
            url: url,
            onNode: { node in
                allNodeIDs.append(node.id)
                allCoordinates.append(node.coordinate)
                if keepNode(node) { keptNodes.append(node) }
            },
            onWay: { way in
                guard keepWay(way) else { return }
                if way.nodeIDs.count < 2 {
                    problems.append(
                        OSMProblem(
                            file: fileName, line: way.line,
                            kind: .tooFewNodes(wayID: way.id, nodeCount: way.nodeIDs.count)))
                } else {
                    ways.append(way)
                }
            })

        let referenced = Set(ways.lazy.flatMap(\.nodeIDs))
        var coordinates: [Int64: Coordinate] = [:]
        coordinates.reserveCapacity(referenced.count)
        for (id, coordinate) in zip(allNodeIDs, allCoordinates) where referenced.contains(id) {
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
                problems.sort { $0.line < $1.line }
            }
        }
        return OSMData(coordinates: coordinates, ways: ways, nodes: keptNodes, problems: problems)
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
