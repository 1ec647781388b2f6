import Foundation
import SchouwGeometry

/// Groups of findings that lie close together: single linkage, so two findings are in one cluster when a
/// chain of findings leads from one to the other with no step longer than the distance.
public enum FindingClusters {
    /// The clusters of `points` (RD New metres): each a list of indices, ascending; the clusters by size,
    /// largest first, equal sizes by their first index. Findings with no neighbour are clusters of one.
    ///
    /// Candidate pairs come from a grid of cells as wide as the distance (only the 3×3 cells around a
    /// point can hold a neighbour), joined with union–find.
    /// - Parameter distanceMeters: the longest step, inclusive.
    /// - Complexity: O(n + k·α(n) + n log n), where k is the number of pairs within the distance.
    public static func clusters(_ points: [Coordinate], distanceMeters: Double = 25) -> [[Int]] {
        var parent = Array(points.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        let width = distanceMeters > 0 ? distanceMeters : 1
        let limitSquared = distanceMeters * distanceMeters
        struct Cell: Hashable { var x: Int, y: Int }
        func cell(_ p: Coordinate) -> Cell? {
            let x = (p.x / width).rounded(.down)
            let y = (p.y / width).rounded(.down)
            guard x.isFinite, y.isFinite, abs(x) < 1e15, abs(y) < 1e15 else { return nil }
            return Cell(x: Int(x), y: Int(y))
        }
        var cells: [Cell: [Int]] = [:]
        for (index, point) in points.enumerated() {
            guard let key = cell(point) else { continue }
            cells[key, default: []].append(index)
        }
        for (index, point) in points.enumerated() {
            guard let key = cell(point) else { continue }
            for dx in -1...1 {
                for dy in -1...1 {
                    for other in cells[Cell(x: key.x + dx, y: key.y + dy)] ?? [] where other > index {
                        let ex = points[other].x - point.x
                        let ey = points[other].y - point.y
                        guard ex * ex + ey * ey <= limitSquared else { continue }
                        let a = root(index)
                        let b = root(other)
                        if a != b { parent[max(a, b)] = min(a, b) }
                    }
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        for index in points.indices { groups[root(index), default: []].append(index) }
        return groups.values.sorted { a, b in a.count != b.count ? a.count > b.count : a[0] < b[0] }
    }
}
