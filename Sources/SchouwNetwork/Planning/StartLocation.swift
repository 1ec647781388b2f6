import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Where a walk starts, as an organizer types it.
public enum StartLocation: Hashable, Sendable {
    /// WGS84 longitude, latitude.
    case wgs84(Coordinate)
    /// RD New metres.
    case rd(Coordinate)
    /// A street name: the junction on that street nearest the street's middle.
    case street(String)
    /// `near:lon,lat`: the junction nearest this WGS84 point on the connected part of the network that
    /// holds the most length of the streets to walk, however far the point is from it. The default
    /// meeting point of a buurt planned among several (its centroid), so that a centroid beside a loose
    /// piece of path does not leave the buurt's streets out.
    case near(Coordinate)

    /// Parses `lon,lat`, `rd:x,y` or a street name. Dutch decimal commas are not accepted here
    /// because the comma separates the numbers; use a dot.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("near:") {
            guard let c = Self.pair(trimmed.dropFirst(5)), (-180...180).contains(c.x), (-90...90).contains(c.y) else {
                throw SchouwNetworkError.badLocation(text)
            }
            self = .near(c)
        } else if trimmed.lowercased().hasPrefix("rd:") {
            guard let c = Self.pair(trimmed.dropFirst(3)) else { throw SchouwNetworkError.badLocation(text) }
            self = .rd(c)
        } else if let c = Self.pair(Substring(trimmed)) {
            guard (-180...180).contains(c.x), (-90...90).contains(c.y) else { throw SchouwNetworkError.badLocation(text) }
            self = .wgs84(c)
        } else if trimmed.isEmpty || trimmed.first!.isNumber || trimmed.first == "-" {
            throw SchouwNetworkError.badLocation(text)
        } else {
            self = .street(trimmed)
        }
    }

    private static func pair(_ text: Substring) -> Coordinate? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]), x.isFinite, y.isFinite else {
            return nil
        }
        return Coordinate(x: x, y: y)
    }
}

/// The network projected to RD New once, for nearest-street searches and area tests in metres.
struct PlanarNetwork {
    let network: StreetNetwork
    /// Each edge's coordinates in RD New.
    let rdEdges: [[Coordinate]]
    let rdVertices: [Coordinate]

    init(_ network: StreetNetwork) throws {
        self.network = network
        let all = network.edges.flatMap(\.coordinates)
        let rd = try CoordinateTransforms.transform(all, from: .wgs84, to: .rdNew)
        var index = 0
        rdEdges = network.edges.map { edge in
            defer { index += edge.coordinates.count }
            return Array(rd[index..<index + edge.coordinates.count])
        }
        rdVertices = try CoordinateTransforms.transform(network.vertices, from: .wgs84, to: .rdNew)
    }

    /// The nearest edge among `candidates` and its distance in metres from `p` (RD New).
    /// - Complexity: O(P), where P is the number of points of the candidate edges.
    func nearestEdge(to p: Coordinate, among candidates: [Int]) -> (edge: Int, distanceMeters: Double)? {
        var best: (Int, Double)?
        for e in candidates {
            let line = rdEdges[e]
            for i in 1..<line.count {
                let d = p.planarDistance(toSegment: line[i - 1], line[i])
                if d < best?.1 ?? .infinity { best = (e, d) }
            }
        }
        return best.map { (edge: $0.0, distanceMeters: $0.1) }
    }
}
