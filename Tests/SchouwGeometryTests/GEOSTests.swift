import Foundation
import Testing
@testable import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct GEOSTests {
    let square = Polygon([[
        Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 0, y: 10),
        Coordinate(x: 0, y: 0),
    ]])

    /// A square with a square hole, and an L-shaped concave part, in RD-like metres.
    func randomPolygon(_ rng: inout SeededGenerator) -> Polygon {
        let cx = Double.random(in: 0...1000, using: &rng)
        let cy = Double.random(in: 0...1000, using: &rng)
        let n = Int.random(in: 5...14, using: &rng)
        // A star-shaped polygon: random radii at sorted angles, so it is simple but often concave.
        var ring = (0..<n).map { i -> Coordinate in
            let angle = Double(i) / Double(n) * 2 * Double.pi
            let r = Double.random(in: 40...200, using: &rng)
            return Coordinate(x: cx + r * cos(angle), y: cy + r * sin(angle))
        }
        ring.append(ring[0])
        var rings = [ring]
        if Bool.random(using: &rng) {
            let hole = [
                Coordinate(x: cx - 10, y: cy - 10), Coordinate(x: cx - 10, y: cy + 10),
                Coordinate(x: cx + 10, y: cy + 10), Coordinate(x: cx + 10, y: cy - 10), Coordinate(x: cx - 10, y: cy - 10),
            ]
            rings.append(hole)
        }
        return Polygon(rings)
    }

    @Test(arguments: 1...5)
    func preparedPointInPolygonAgreesWithNaive(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let geos = try GEOSContext()
        for _ in 0..<20 {
            let polygon = randomPolygon(&rng)
            let prepared = try geos.prepare(.polygon(polygon))
            let box = try #require(Geometry.polygon(polygon).boundingBox)
            for _ in 0..<200 {
                let p = Coordinate(
                    x: Double.random(in: box.minX - 20...box.maxX + 20, using: &rng),
                    y: Double.random(in: box.minY - 20...box.maxY + 20, using: &rng))
                #expect(prepared.contains(p) == polygon.naiveContains(p), "point \(p)")
            }
        }
    }

    @Test func boundaryPointsIntersectButAreNotContained() throws {
        let prepared = try GEOSContext().prepare(.polygon(square))
        #expect(prepared.intersects(Coordinate(x: 10, y: 5)))
        #expect(!prepared.contains(Coordinate(x: 10, y: 5)))
        #expect(prepared.contains(Coordinate(x: 5, y: 5)))
        #expect(!prepared.intersects(Coordinate(x: 11, y: 5)))
    }

    @Test(arguments: 1...5)
    func clippingLinesAgreesWithNaiveSampling(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed &+ 100)
        let geos = try GEOSContext()
        for _ in 0..<10 {
            let polygon = randomPolygon(&rng)
            let box = try #require(Geometry.polygon(polygon).boundingBox)
            let line = LineString((0..<4).map { _ in
                Coordinate(
                    x: Double.random(in: box.minX - 50...box.maxX + 50, using: &rng),
                    y: Double.random(in: box.minY - 50...box.maxY + 50, using: &rng))
            })
            let clipped = try geos.lengthInside(.lineString(line), .polygon(polygon))
            // Naive: sample the line finely and add up the pieces whose midpoints are inside.
            var naive = 0.0
            for (a, b) in zip(line.coordinates, line.coordinates.dropFirst()) {
                let steps = 4000
                let segment = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                for s in 0..<steps {
                    let t = (Double(s) + 0.5) / Double(steps)
                    let mid = Coordinate(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
                    if polygon.naiveContains(mid) { naive += segment / Double(steps) }
                }
            }
            let total = try geos.planarLength(.lineString(line))
            #expect(abs(clipped - naive) <= total * 0.002 + 1e-9, "clipped \(clipped) naive \(naive)")
        }
    }

    @Test func clippingReturnsTheInsidePieces() throws {
        let geos = try GEOSContext()
        let line = LineString([Coordinate(x: -5, y: 5), Coordinate(x: 15, y: 5)])
        let result = try geos.intersection(.lineString(line), .polygon(square))
        #expect(result.lineStrings.count == 1)
        #expect(try geos.planarLength(result) == 10)
    }

    @Test func bowTieIsInvalidAndMakeValidRepairsIt() throws {
        let geos = try GEOSContext()
        let bowTie = Geometry.polygon(Polygon([[
            Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 10, y: 0), Coordinate(x: 0, y: 10),
            Coordinate(x: 0, y: 0),
        ]]))
        let report = try geos.validity(of: bowTie)
        #expect(!report.isValid)
        #expect(report.reason?.contains("Self-intersection") == true)
        let repaired = try geos.makeValid(bowTie)
        #expect(try geos.validity(of: repaired).isValid)
        #expect(abs(try geos.planarArea(repaired) - 50) < 1e-9)
    }

    @Test func unionOfNeighboursIsOnePolygon() throws {
        let geos = try GEOSContext()
        let right = Geometry.polygon(Polygon([[
            Coordinate(x: 10, y: 0), Coordinate(x: 20, y: 0), Coordinate(x: 20, y: 10), Coordinate(x: 10, y: 10),
            Coordinate(x: 10, y: 0),
        ]]))
        let union = try geos.union([.polygon(square), right])
        #expect(union.polygons.count == 1)
        #expect(try geos.planarArea(union) == 200)
    }

    @Test func wkbAndWKTRoundTripEveryGeometryType() throws {
        let geos = try GEOSContext()
        let withHole = Polygon(square.rings + [[
            Coordinate(x: 2, y: 2), Coordinate(x: 2, y: 4), Coordinate(x: 4, y: 4), Coordinate(x: 2, y: 2),
        ]])
        let geometries: [Geometry] = [
            .point(Coordinate(x: 1.5, y: 2.25)),
            .multiPoint([Coordinate(x: 1, y: 2), Coordinate(x: 3, y: 4)]),
            .lineString(LineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)])),
            .multiLineString([LineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)])]),
            .polygon(withHole),
            .multiPolygon([square, withHole]),
            .geometryCollection([.point(Coordinate(x: 1, y: 1)), .polygon(square)]),
        ]
        for g in geometries {
            #expect(try geos.geometry(wkb: geos.wkb(g)) == g)
            #expect(try geos.geometry(wkt: geos.wkt(g)) == g)
        }
        #expect(try geos.wkt(.point(Coordinate(x: 1.5, y: 2))) == "POINT (1.5 2)")
    }

    @Test func wkbStartsWithLittleEndianByteOrder() throws {
        let bytes = try GEOSContext().wkb(.point(Coordinate(x: 1, y: 2)))
        #expect(bytes.count == 21)
        #expect(bytes[0] == 1)
        #expect(bytes[1] == 1)
    }

    @Test func brokenWKTIsAGEOSErrorNotACrash() throws {
        let geos = try GEOSContext()
        for attempt in [{ try geos.geometry(wkt: "POLYGON ((0 0, 1 1") }, { try geos.geometry(wkb: [1, 2, 3]) }] {
            #expect {
                _ = try attempt()
            } throws: { error in
                if case .geos(let message) = error as? GeometryError { !message.isEmpty } else { false }
            }
        }
    }

    @Test(arguments: 1...3)
    func spatialIndexAgreesWithBruteForce(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed &+ 7)
        let geos = try GEOSContext()
        let index = try SpatialIndex(context: geos)
        var boxes: [BoundingBox] = []
        for _ in 0..<500 {
            let x = Double.random(in: 0...1000, using: &rng)
            let y = Double.random(in: 0...1000, using: &rng)
            let box = BoundingBox(
                minX: x, minY: y, maxX: x + Double.random(in: 1...60, using: &rng),
                maxY: y + Double.random(in: 1...60, using: &rng))
            boxes.append(box)
            try index.insert(box)
        }
        for _ in 0..<200 {
            let p = Coordinate(x: Double.random(in: 0...1000, using: &rng), y: Double.random(in: 0...1000, using: &rng))
            let expected = Set(boxes.indices.filter { boxes[$0].contains(p) })
            #expect(Set(try index.query(p)) == expected)
            let q = BoundingBox(minX: p.x, minY: p.y, maxX: p.x + 30, maxY: p.y + 30)
            #expect(Set(try index.query(q)) == Set(boxes.indices.filter { boxes[$0].intersects(q) }))
        }
    }

    @Test func windingIsNormalisedToRFC7946() {
        let clockwise = Polygon([Array(square.exterior.reversed())])
        #expect(!clockwise.hasRFC7946Winding)
        #expect(clockwise.rfc7946Wound.hasRFC7946Winding)
        #expect(Ring.signedArea(square.exterior) == 100)
    }
}

@Suite struct PlanarDistanceTests {
    @Test(arguments: [
        (Coordinate(x: 5, y: 3), 3.0),   // above the middle
        (Coordinate(x: -4, y: 3), 5.0),  // beyond the start: distance to the end point
        (Coordinate(x: 13, y: -4), 5.0), // beyond the end
        (Coordinate(x: 7, y: 0), 0.0),   // on the segment
    ])
    func distanceToASegment(_ p: Coordinate, _ expected: Double) {
        let d = p.planarDistance(toSegment: Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0))
        #expect(abs(d - expected) < 1e-12)
    }

    @Test func aDegenerateSegmentIsAPoint() {
        #expect(Coordinate(x: 3, y: 4).planarDistance(toSegment: Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 0)) == 5)
    }
}
