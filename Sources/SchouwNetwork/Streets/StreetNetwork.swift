import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// One street segment between two junctions (or dead ends), in WGS84.
public struct StreetEdge: Hashable, Sendable {
    public var id: Int
    public var u: Int
    public var v: Int
    /// From vertex `u` to vertex `v`.
    public var coordinates: [Coordinate]
    /// The street name, or nil when the way has none.
    public var name: String?
    /// The OSM `highway` value (or the GeoJSON `highway` property), e.g. "residential".
    public var highway: String
    /// Geodesic length on the WGS84 ellipsoid.
    public var lengthMeters: Double
    /// The OSM way (or GeoJSON feature index) this segment came from.
    public var sourceID: Int64
    /// The OSM `footway` value (e.g. "sidewalk", "crossing"), or nil.
    public var footway: String? = nil

    /// The `footway` values of ways that belong to a street beside or across them rather than being a
    /// way of their own: walking the street covers them.
    public static let sidewalkKinds: Set<String> = ["sidewalk", "crossing", "traffic_island"]

    /// Whether this is a sidewalk, crossing or traffic island mapped as a way of its own.
    public var isSidewalk: Bool { footway.map(Self.sidewalkKinds.contains) ?? false }
}

/// A walkable street network: junction vertices and segments between them, split at every node that
/// two ways (or two parts of one way) share.
public struct StreetNetwork: Sendable {
    public var vertices: [Coordinate]
    public var edges: [StreetEdge]
    /// The source's non-fatal problems (e.g. one-node ways that were skipped).
    public var problems: [Phrase]
    /// What the user should know although nothing was left out (e.g. a node given twice, used once).
    public var warnings: [Phrase] = []

    public init(vertices: [Coordinate], edges: [StreetEdge], problems: [Phrase] = []) {
        self.vertices = vertices
        self.edges = edges
        self.problems = problems
    }

    /// Builds the network from polylines, splitting each where it meets another at a shared point.
    ///
    /// - Parameter lines: each line's points (as keys identifying shared nodes, plus positions), name,
    ///   highway type and source id.
    /// - Complexity: O(P), where P is the total number of points.
    static func build<Key: Hashable>(
        lines: [(keys: [Key], coordinates: [Coordinate], name: String?, highway: String, sourceID: Int64, footway: String?)],
        problems: [Phrase]
    ) -> StreetNetwork {
        var uses: [Key: Int] = [:]
        for line in lines {
            for key in line.keys { uses[key, default: 0] += 1 }
            // A line's own ends are always vertices.
            if let first = line.keys.first { uses[first, default: 0] += 1 }
            if let last = line.keys.last { uses[last, default: 0] += 1 }
        }
        var vertexOf: [Key: Int] = [:]
        var vertices: [Coordinate] = []
        func vertex(_ key: Key, _ c: Coordinate) -> Int {
            if let v = vertexOf[key] { return v }
            vertexOf[key] = vertices.count
            vertices.append(c)
            return vertices.count - 1
        }
        var edges: [StreetEdge] = []
        for line in lines where line.keys.count >= 2 {
            var startIndex = 0
            for i in 1..<line.keys.count where uses[line.keys[i], default: 0] > 1 || i == line.keys.count - 1 {
                let coordinates = Array(line.coordinates[startIndex...i])
                let length = Geodesic.lengthMeters(coordinates)
                // Repeated points give zero-length pieces; they carry nothing to walk.
                if length > 0 {
                    edges.append(StreetEdge(
                        id: edges.count, u: vertex(line.keys[startIndex], line.coordinates[startIndex]),
                        v: vertex(line.keys[i], line.coordinates[i]), coordinates: coordinates, name: line.name,
                        highway: line.highway, lengthMeters: length, sourceID: line.sourceID, footway: line.footway))
                }
                startIndex = i
            }
        }
        return StreetNetwork(vertices: vertices, edges: edges, problems: problems)
    }

    /// Total length of all segments in metres.
    public var totalLengthMeters: Double { edges.reduce(0) { $0 + $1.lengthMeters } }

    /// The connected components as lists of edge indices, largest (by length) first.
    /// - Complexity: O(V + E).
    public func components() -> [[Int]] {
        var parent = Array(0..<vertices.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for e in edges {
            let a = find(e.u)
            let b = find(e.v)
            if a != b { parent[a] = b }
        }
        var groups: [Int: [Int]] = [:]
        for (index, e) in edges.enumerated() { groups[find(e.u), default: []].append(index) }
        return groups.values.sorted { a, b in
            let la = a.reduce(0) { $0 + edges[$1].lengthMeters }
            let lb = b.reduce(0) { $0 + edges[$1].lengthMeters }
            return la != lb ? la > lb : (a.first ?? 0) < (b.first ?? 0)
        }
    }

    /// The distinct street names, sorted.
    public var streetNames: [String] { Array(Set(edges.compactMap(\.name))).sorted() }
}
