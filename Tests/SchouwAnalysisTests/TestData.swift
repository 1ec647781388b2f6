import Foundation
import SchouwTestSupport
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Fixtures of the grouping tests: the real buurten of Lelystad and a generated tiling.
enum TestData {
    /// A tiling of perturbed lattice quads with integer coordinates: neighbours share vertices exactly.
    /// Tile (1,1) has a square hole, filled by an island area; a last large rectangle overlaps several
    /// tiles, so the lowest-number rule is exercised where areas overlap too.
    static func tiling(columns: Int, rows: Int, seed: UInt64) -> [Polygon] {
        var rng = SeededGenerator(seed: seed)
        let spacing = 100.0
        let vertex: [[Coordinate]] = (0...rows).map { j in
            (0...columns).map { i in
                let edge = i == 0 || j == 0 || i == columns || j == rows
                let dx = edge ? 0 : Double(Int.random(in: -30...30, using: &rng))
                let dy = edge ? 0 : Double(Int.random(in: -30...30, using: &rng))
                return Coordinate(x: 150_000 + Double(i) * spacing + dx, y: 460_000 + Double(j) * spacing + dy)
            }
        }
        var tiles: [Polygon] = []
        for j in 0..<rows {
            for i in 0..<columns {
                tiles.append(Polygon([[vertex[j][i], vertex[j][i + 1], vertex[j + 1][i + 1], vertex[j + 1][i], vertex[j][i]]]))
            }
        }
        let centre = Coordinate(
            x: ((vertex[1][1].x + vertex[2][2].x) / 2).rounded(), y: ((vertex[1][1].y + vertex[2][2].y) / 2).rounded())
        let island = [
            Coordinate(x: centre.x - 10, y: centre.y - 10), Coordinate(x: centre.x + 10, y: centre.y - 10),
            Coordinate(x: centre.x + 10, y: centre.y + 10), Coordinate(x: centre.x - 10, y: centre.y + 10),
            Coordinate(x: centre.x - 10, y: centre.y - 10),
        ]
        let holed = columns + 1
        tiles[holed] = Polygon([tiles[holed].exterior, island.reversed()])
        tiles.append(Polygon([island]))
        let o = vertex[0][0]
        tiles.append(Polygon([[
            Coordinate(x: o.x + 150, y: o.y - 50), Coordinate(x: o.x + 420, y: o.y - 50),
            Coordinate(x: o.x + 420, y: o.y + 250), Coordinate(x: o.x + 150, y: o.y + 250), Coordinate(x: o.x + 150, y: o.y - 50),
        ]]))
        return tiles
    }

    /// Whether p lies exactly on a segment (exact for the integer and half-integer coordinates used here).
    static func onBoundary(_ polygon: Polygon, _ p: Coordinate) -> Bool {
        polygon.rings.contains { ring in
            zip(ring, ring.dropFirst()).contains { a, b in
                let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
                return cross == 0 && p.x >= min(a.x, b.x) && p.x <= max(a.x, b.x) && p.y >= min(a.y, b.y)
                    && p.y <= max(a.y, b.y)
            }
        }
    }

    /// The naive answer: the lowest-numbered area whose closed polygon holds p.
    static func naiveArea(_ areas: [[Polygon]], _ p: Coordinate) -> Int? {
        areas.firstIndex { parts in parts.contains { $0.naiveContains(p) || onBoundary($0, p) } }
    }

    /// Random points over the areas' extent and beyond, every vertex and every edge midpoint.
    static func probePoints(_ areas: [[Polygon]], random count: Int, seed: UInt64) -> [Coordinate] {
        var rng = SeededGenerator(seed: seed)
        let rings = areas.flatMap { $0.flatMap(\.rings) }
        guard let box = BoundingBox(rings.joined()) else { return [] }
        var points = (0..<count).map { _ in
            Coordinate(
                x: .random(in: box.minX - 50...box.maxX + 50, using: &rng),
                y: .random(in: box.minY - 50...box.maxY + 50, using: &rng))
        }
        for ring in rings {
            points.append(contentsOf: ring)
            points.append(contentsOf: zip(ring, ring.dropFirst()).map { Coordinate(x: ($0.x + $1.x) / 2, y: ($0.y + $1.y) / 2) })
        }
        return points
    }

    /// The polygons of an RD New GeoJSON file, sorted by the `statcode` property.
    static func lelystadRD() throws -> [[Polygon]] {
        let data = try Data(contentsOf: TestPaths.shared("lelystad_buurten_2017_rd.geojson"))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let features = root?["features"] as? [[String: Any]] ?? []
        let parsed: [(String, [Polygon])] = features.compactMap { feature in
            let code = (feature["properties"] as? [String: Any])?["statcode"] as? String ?? ""
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else {
                return nil
            }
            func polygon(_ any: Any) -> Polygon {
                Polygon(((any as? [[[Double]]]) ?? []).map { $0.map { Coordinate(x: $0[0], y: $0[1]) } })
            }
            let coordinates = geometry["coordinates"] ?? []
            if type == "Polygon" { return (code, [polygon(coordinates)]) }
            return (code, ((coordinates as? [Any]) ?? []).map(polygon))
        }
        return parsed.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
