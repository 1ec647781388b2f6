import Foundation
import SchouwGeometry
import Testing
@testable import SchouwOutputs
import SchouwCore
import SchouwFormats


@Suite struct LabelPlacerTests {
    /// The naive oracle: two convex quadrilaterals share interior points when an edge of one properly
    /// crosses an edge of the other, or a corner of one lies strictly inside the other.
    static func naiveOverlap(_ a: OrientedBox, _ b: OrientedBox) -> Bool {
        let p = a.corners
        let q = b.corners
        func cross(_ o: MapPoint, _ a: MapPoint, _ b: MapPoint) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
        for i in 0..<4 {
            for j in 0..<4 {
                let (a1, a2, b1, b2) = (p[i], p[(i + 1) % 4], q[j], q[(j + 1) % 4])
                let d1 = cross(b1, b2, a1)
                let d2 = cross(b1, b2, a2)
                let d3 = cross(a1, a2, b1)
                let d4 = cross(a1, a2, b2)
                if d1 * d2 < 0 && d3 * d4 < 0 { return true }
            }
        }
        func strictlyInside(_ point: MapPoint, _ poly: [MapPoint]) -> Bool {
            let signs = (0..<4).map { cross(poly[$0], poly[($0 + 1) % 4], point) }
            return signs.allSatisfy { $0 > 0 } || signs.allSatisfy { $0 < 0 }
        }
        return p.contains { strictlyInside($0, q) } || q.contains { strictlyInside($0, p) }
            || (a.center == b.center)
    }

    static func randomBox(_ g: inout SeededGenerator, in size: Double) -> OrientedBox {
        OrientedBox(
            center: MapPoint(x: .random(in: 0...size, using: &g), y: .random(in: 0...size, using: &g)),
            halfWidth: .random(in: 2...60, using: &g), halfHeight: .random(in: 2...12, using: &g),
            angleDegrees: .random(in: -90...90, using: &g))
    }

    @Test func overlapTestAgreesWithTheNaiveOracle() {
        var g = SeededGenerator(seed: 42)
        var overlapping = 0
        for _ in 0..<20_000 {
            let a = Self.randomBox(&g, in: 150)
            let b = Self.randomBox(&g, in: 150)
            let expected = Self.naiveOverlap(a, b)
            #expect(a.overlaps(b) == expected, "\(a) \(b)")
            #expect(b.overlaps(a) == expected)
            if expected { overlapping += 1 }
        }
        #expect(overlapping > 2000 && overlapping < 18_000)
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func placedLabelsNeverOverlapEachOtherOrReservedSpace(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        var placer = LabelPlacer(width: 1000, height: 580)
        var reserved: [OrientedBox] = []
        for _ in 0..<40 {
            let box = Self.randomBox(&g, in: 1000)
            placer.reserve(box)
            reserved.append(box)
        }
        var placed: [OrientedBox] = []
        for _ in 0..<300 {
            let candidates = (0..<6).map { _ in Self.randomBox(&g, in: 1000) }
            if let index = placer.place(firstOf: candidates) {
                let box = candidates[index]
                #expect(box.isInside(width: 1000, height: 580))
                // The first candidate that fits is the one taken.
                #expect(candidates[..<index].allSatisfy { !$0.isInside(width: 1000, height: 580) || placed.contains(where: $0.overlaps) || reserved.contains(where: $0.overlaps) })
                placed.append(box)
            }
        }
        #expect(placed.count > 20)
        for (i, a) in placed.enumerated() {
            for b in placed[(i + 1)...] { #expect(!Self.naiveOverlap(a, b)) }
            for r in reserved { #expect(!Self.naiveOverlap(a, r)) }
        }
    }

    @Test func aLabelThatFitsNowhereIsLeftOut() {
        var placer = LabelPlacer(width: 100, height: 100)
        placer.reserve(OrientedBox(center: MapPoint(x: 50, y: 50), halfWidth: 50, halfHeight: 50))
        #expect(placer.place(firstOf: [OrientedBox(center: MapPoint(x: 20, y: 20), halfWidth: 5, halfHeight: 5)]) == nil)
        #expect(placer.place(firstOf: [OrientedBox(center: MapPoint(x: 98, y: 50), halfWidth: 5, halfHeight: 5)]) == nil)
    }
}
