import Foundation
import SchouwCore
import SchouwGeometry

/// An OpenStreetMap node: a WGS84 position with optional tags.
///
/// See <https://wiki.openstreetmap.org/wiki/Node>.
public struct OSMNode: Hashable, Sendable {
    public var id: Int64
    public var coordinate: Coordinate
    public var tags: [String: String]
    /// The source line of the `<node>` start tag (where it ends, for a tag spread over several lines), for messages.
    public var line: Int

    public init(id: Int64, coordinate: Coordinate, tags: [String: String] = [:], line: Int = 0) {
        self.id = id
        self.coordinate = coordinate
        self.tags = tags
        self.line = line
    }
}

/// An OpenStreetMap way: an ordered list of node references with tags.
///
/// See <https://wiki.openstreetmap.org/wiki/Way>.
public struct OSMWay: Hashable, Sendable {
    public var id: Int64
    public var nodeIDs: [Int64]
    public var tags: [String: String]
    /// The source line of the `<way>` start tag (where it ends, for a tag spread over several lines), for messages.
    public var line: Int

    public init(id: Int64, nodeIDs: [Int64], tags: [String: String] = [:], line: Int) {
        self.id = id
        self.nodeIDs = nodeIDs
        self.tags = tags
        self.line = line
    }
}
