import Foundation
import SchouwGeometry

/// One finding as the comparison sees it: its main category and where it lies.
public struct MatchPoint: Hashable, Sendable {
    /// The main category as compared: trimmed and lower-cased (see ``Comparison/categoryKey(_:)``).
    public var category: String
    /// The position in RD New metres.
    public var rd: Coordinate

    public init(category: String, rd: Coordinate) {
        self.category = category
        self.rd = rd
    }
}

/// An old finding found again in the new schouw.
public struct MatchedPair: Hashable, Sendable {
    /// Index into the old findings.
    public var old: Int
    /// Index into the new findings.
    public var new: Int
    /// Planar distance in RD New metres.
    public var distanceMeters: Double
}

/// The outcome of matching an old schouw's findings with a new one's.
public struct FindingMatches: Hashable, Sendable {
    /// The blijvend findings, in the order they were taken: nearest first.
    public var pairs: [MatchedPair]
    /// Old findings not found again (opgelost), ascending.
    public var opgelost: [Int]
    /// New findings that match no old one (nieuw), ascending.
    public var nieuw: [Int]

    public var blijvend: Int { pairs.count }
}

/// Matches the findings of a previous schouw with those of the new one.
///
/// The rule: two findings are the same when they have the same main category and lie at most
/// ``maximumDistanceMeters`` (25 m) apart in RD New. Of all such pairs, the nearest is taken first, then
/// the nearest of those left whose findings are both still free, and so on: every finding is in at most
/// one pair. Equal distances are taken in the order of the old findings, then of the new ones. Old
/// findings left over are *opgelost* (not found again), pairs are *blijvend*, new findings left over are
/// *nieuw*; so opgelost + blijvend is the old total and nieuw + blijvend the new total.
public enum Comparison {
    /// The largest distance at which two findings count as the same, in metres.
    public static let maximumDistanceMeters = 25.0

    /// The main category as compared: trimmed and lower-cased; no category compares as "".
    public static func categoryKey(_ category: String?) -> String {
        (category ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Matches old and new findings by the rule above.
    ///
    /// Candidate pairs are found through a grid of cells as wide as the distance limit (only the 3×3 cells
    /// around a finding can hold a partner), then sorted and taken greedily.
    /// - Parameter maximumDistanceMeters: the distance limit, inclusive.
    /// - Complexity: O(n + m + k log k), where n and m are the numbers of old and new findings and k the
    ///   number of same-category pairs within the limit.
    public static func match(
        old: [MatchPoint], new: [MatchPoint], maximumDistanceMeters: Double = maximumDistanceMeters
    ) -> FindingMatches {
        let limit = maximumDistanceMeters
        let limitSquared = limit * limit
        struct Cell: Hashable {
            var category: String
            var x: Int
            var y: Int
        }
        // Cells as wide as the limit; a zero or negative limit still needs a positive width.
        let width = limit > 0 ? limit : 1
        func cell(_ p: MatchPoint, dx: Int = 0, dy: Int = 0) -> Cell? {
            let x = (p.rd.x / width).rounded(.down)
            let y = (p.rd.y / width).rounded(.down)
            // Coordinates too far out for an Int cell have no neighbours worth finding.
            guard x.isFinite, y.isFinite, abs(x) < 1e15, abs(y) < 1e15 else { return nil }
            return Cell(category: p.category, x: Int(x) + dx, y: Int(y) + dy)
        }
        var cells: [Cell: [Int]] = [:]
        for (index, point) in new.enumerated() {
            guard let key = cell(point) else { continue }
            cells[key, default: []].append(index)
        }
        var candidates: [(squared: Double, old: Int, new: Int)] = []
        for (oldIndex, point) in old.enumerated() {
            for dx in -1...1 {
                for dy in -1...1 {
                    guard let key = cell(point, dx: dx, dy: dy), let inCell = cells[key] else { continue }
                    for newIndex in inCell {
                        let ex = new[newIndex].rd.x - point.rd.x
                        let ey = new[newIndex].rd.y - point.rd.y
                        let squared = ex * ex + ey * ey
                        if squared <= limitSquared { candidates.append((squared, oldIndex, newIndex)) }
                    }
                }
            }
        }
        candidates.sort { ($0.squared, $0.old, $0.new) < ($1.squared, $1.old, $1.new) }
        var oldTaken = [Bool](repeating: false, count: old.count)
        var newTaken = [Bool](repeating: false, count: new.count)
        var pairs: [MatchedPair] = []
        for candidate in candidates where !oldTaken[candidate.old] && !newTaken[candidate.new] {
            oldTaken[candidate.old] = true
            newTaken[candidate.new] = true
            pairs.append(MatchedPair(old: candidate.old, new: candidate.new, distanceMeters: candidate.squared.squareRoot()))
        }
        return FindingMatches(
            pairs: pairs, opgelost: oldTaken.indices.filter { !oldTaken[$0] }, nieuw: newTaken.indices.filter { !newTaken[$0] })
    }

    /// Matches findings by their `category` property and RD New position.
    /// - Complexity: as ``match(old:new:maximumDistanceMeters:)``.
    public static func match(old: [Finding], new: [Finding]) -> FindingMatches {
        match(old: old.map(\.matchPoint), new: new.map(\.matchPoint))
    }
}

extension Finding {
    /// The finding as the comparison sees it.
    public var matchPoint: MatchPoint { MatchPoint(category: Comparison.categoryKey(category), rd: rd) }
}
