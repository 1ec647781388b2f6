import Foundation
import SchouwCore
import SchouwGeometry

/// Counts and extent of an OpenStreetMap file, as shown by `schouw info`.
public struct OSMSummary: Hashable, Sendable {
    /// How many ways carry a tag key.
    public struct TagKeyCount: Hashable, Sendable {
        public var key: String
        public var wayCount: Int

        public init(key: String, wayCount: Int) {
            self.key = key
            self.wayCount = wayCount
        }
    }

    public var nodeCount: Int
    public var wayCount: Int
    /// Ways with a `highway` tag (streets, paths, footways, …).
    public var highwayWayCount: Int
    /// Highway ways that also have a `name` tag.
    public var namedHighwayWayCount: Int
    /// The most frequent tag keys on ways, most frequent first (ties by key).
    public var wayTagKeys: [TagKeyCount]
    /// How many different tag keys the ways carry, including those not in ``wayTagKeys``.
    public var distinctWayTagKeyCount: Int
    /// The extent of all nodes (longitude as x, latitude as y), or nil when there are none.
    public var boundingBox: BoundingBox?
    /// Ways with fewer than two nodes and ways that refer to missing nodes, ordered by line.
    public var problems: [OSMProblem]

    public init(
        nodeCount: Int, wayCount: Int, highwayWayCount: Int, namedHighwayWayCount: Int,
        wayTagKeys: [TagKeyCount], distinctWayTagKeyCount: Int, boundingBox: BoundingBox?, problems: [OSMProblem]
    ) {
        self.nodeCount = nodeCount
        self.wayCount = wayCount
        self.highwayWayCount = highwayWayCount
        self.namedHighwayWayCount = namedHighwayWayCount
        self.wayTagKeys = wayTagKeys
        self.distinctWayTagKeyCount = distinctWayTagKeyCount
        self.boundingBox = boundingBox
        self.problems = problems
    }

    /// Summarises an `.osm` file in one streaming pass.
    ///
    /// Missing nodes are reported as problems, not thrown: the summary describes the file as it is.
    ///
    /// - Parameters:
    ///   - url: A local `.osm` file.
    ///   - topTagKeys: How many of the most frequent way tag keys to list.
    /// - Throws: ``FormatError`` for unreadable, empty, malformed or invalid input.
    /// - Complexity: O(n) time in the file size; memory O(m + k), where m is the number of nodes
    ///   (their ids are kept to find dangling references) and k the number of distinct tag keys.
    public static func scan(url: URL, topTagKeys: Int = 10) throws -> OSMSummary {
        let fileName = url.lastPathComponent
        var nodeCount = 0
        var nodeIDs: Set<Int64> = []
        var boundingBox: BoundingBox?
        var wayCount = 0
        var highwayWayCount = 0
        var namedHighwayWayCount = 0
        var keyCounts: [String: Int] = [:]
        var problems: [OSMProblem] = []
        // Checked when the way is read, and again at the end in case nodes come after the ways.
        var dangling: [OSMMissingNodes] = []
        try OSMFile.read(
            url: url,
            onNode: { node in
                nodeCount += 1
                nodeIDs.insert(node.id)
                if boundingBox == nil {
                    boundingBox = BoundingBox([node.coordinate])
                } else {
                    boundingBox?.extend(node.coordinate)
                }
            },
            onWay: { way in
                wayCount += 1
                if way.tags["highway"] != nil {
                    highwayWayCount += 1
                    if way.tags["name"] != nil { namedHighwayWayCount += 1 }
                }
                for key in way.tags.keys { keyCounts[key, default: 0] += 1 }
                if way.nodeIDs.count < 2 {
                    problems.append(
                        OSMProblem(
                            file: fileName, line: way.line,
                            kind: .tooFewNodes(wayID: way.id, nodeCount: way.nodeIDs.count)))
                }
                if let missing = way.missingNodes(where: nodeIDs.contains) { dangling.append(missing) }
            })
        for candidate in dangling {
            let way = OSMWay(id: candidate.wayID, nodeIDs: candidate.nodeIDs, line: candidate.line)
            if let missing = way.missingNodes(where: nodeIDs.contains) {
                problems.append(OSMProblem(file: fileName, line: missing.line, kind: .missingNodes(missing)))
            }
        }
        problems.sort { $0.line < $1.line }
        let rankedKeys = keyCounts.map { TagKeyCount(key: $0.key, wayCount: $0.value) }
            .sorted { ($0.wayCount, $1.key) > ($1.wayCount, $0.key) }
        return OSMSummary(
            nodeCount: nodeCount, wayCount: wayCount, highwayWayCount: highwayWayCount,
            namedHighwayWayCount: namedHighwayWayCount, wayTagKeys: Array(rankedKeys.prefix(topTagKeys)),
            distinctWayTagKeyCount: keyCounts.count, boundingBox: boundingBox, problems: problems)
    }
}
