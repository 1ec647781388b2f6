import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwGeometry
import Testing

@Suite struct FindingClustersTests {
    /// Single linkage the slow way: a breadth-first search over every pair within the distance.
    static func naive(_ points: [Coordinate], distance: Double) -> [[Int]] {
        var seen = [Bool](repeating: false, count: points.count)
        var clusters: [[Int]] = []
        for start in points.indices where !seen[start] {
            var queue = [start]
            seen[start] = true
            var members: [Int] = []
            while let i = queue.popLast() {
                members.append(i)
                for j in points.indices where !seen[j] {
                    let dx = points[i].x - points[j].x
                    let dy = points[i].y - points[j].y
                    if (dx * dx + dy * dy).squareRoot() <= distance {
                        seen[j] = true
                        queue.append(j)
                    }
                }
            }
            clusters.append(members.sorted())
        }
        return clusters.sorted { a, b in a.count != b.count ? a.count > b.count : a[0] < b[0] }
    }

    @Test(arguments: 1...25)
    func agreesWithTheNaiveLinkage(_ seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let count = Int.random(in: 0...120, using: &generator)
        let side = Double.random(in: 50...600, using: &generator)
        // Whole metres half the time, so distances of exactly 25 m occur.
        let whole = seed % 2 == 0
        let points = (0..<count).map { _ in
            let x = Double.random(in: 0...side, using: &generator)
            let y = Double.random(in: 0...side, using: &generator)
            return whole ? Coordinate(x: 155_000 + x.rounded(), y: 463_000 + y.rounded()) : Coordinate(x: 155_000 + x, y: 463_000 + y)
        }
        #expect(FindingClusters.clusters(points, distanceMeters: 25) == Self.naive(points, distance: 25))
    }

    @Test func aChainIsOneClusterAndTheEdgeCounts() {
        let points = [
            Coordinate(x: 0, y: 0), Coordinate(x: 25, y: 0), Coordinate(x: 50, y: 0),  // steps of exactly 25 m: one cluster
            Coordinate(x: 200, y: 0), Coordinate(x: 225.001, y: 0),  // just over: two
            Coordinate(x: 500, y: 500), Coordinate(x: 515, y: 520),  // 25 m on the diagonal (15, 20)
        ]
        #expect(FindingClusters.clusters(points) == [[0, 1, 2], [5, 6], [3], [4]])
        #expect(FindingClusters.clusters([]) == [])
    }
}
