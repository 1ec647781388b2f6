import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwGeometry
import Testing

/// The matching of an old and a new schouw: against a naive implementation of the same rule on seeded
/// random findings, and on hand-made cases at the 25 m edge and with ties.
@Suite struct ComparisonTests {
    /// The rule written the slow, obvious way: every same-category pair within 25 m, sorted by distance
    /// (then old index, then new index), taken greedily while both findings are free.
    static func naive(old: [MatchPoint], new: [MatchPoint]) -> (pairs: [[Int]], opgelost: [Int], nieuw: [Int]) {
        var candidates: [(d: Double, i: Int, j: Int)] = []
        for i in old.indices {
            for j in new.indices where old[i].category == new[j].category {
                let d = ((old[i].rd.x - new[j].rd.x) * (old[i].rd.x - new[j].rd.x)
                    + (old[i].rd.y - new[j].rd.y) * (old[i].rd.y - new[j].rd.y)).squareRoot()
                if d <= 25 { candidates.append((d, i, j)) }
            }
        }
        candidates.sort { ($0.d, $0.i, $0.j) < ($1.d, $1.i, $1.j) }
        var usedOld = Set<Int>(), usedNew = Set<Int>()
        var pairs: [[Int]] = []
        for c in candidates where !usedOld.contains(c.i) && !usedNew.contains(c.j) {
            usedOld.insert(c.i)
            usedNew.insert(c.j)
            pairs.append([c.i, c.j])
        }
        return (pairs, old.indices.filter { !usedOld.contains($0) }, new.indices.filter { !usedNew.contains($0) })
    }

    static func point(_ category: String, _ x: Double, _ y: Double) -> MatchPoint {
        MatchPoint(category: category, rd: Coordinate(x: 155_000 + x, y: 463_000 + y))
    }

    /// Random findings in a small square, so that many pairs lie within 25 m; on whole metres (many exact
    /// ties) and on fractions.
    static func random(_ count: Int, _ generator: inout SeededGenerator, wholeMetres: Bool) -> [MatchPoint] {
        let categories = ["afval", "groen", "verlichting"]
        return (0..<count).map { _ in
            var x = Double.random(in: 0..<120, using: &generator)
            var y = Double.random(in: 0..<120, using: &generator)
            if wholeMetres {
                x.round(.down)
                y.round(.down)
            }
            return point(categories[Int.random(in: 0..<categories.count, using: &generator)], x, y)
        }
    }

    @Test(arguments: 1...60)
    func matchesTheNaiveRule(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let old = Self.random(Int.random(in: 0...40, using: &generator), &generator, wholeMetres: seed.isMultiple(of: 2))
        let new = Self.random(Int.random(in: 0...40, using: &generator), &generator, wholeMetres: seed.isMultiple(of: 2))
        let matches = Comparison.match(old: old, new: new)
        let expected = Self.naive(old: old, new: new)
        #expect(matches.pairs.map { [$0.old, $0.new] } == expected.pairs)
        #expect(matches.opgelost == expected.opgelost)
        #expect(matches.nieuw == expected.nieuw)
        #expect(matches.opgelost.count + matches.blijvend == old.count)
        #expect(matches.nieuw.count + matches.blijvend == new.count)
        for pair in matches.pairs {
            #expect(old[pair.old].category == new[pair.new].category)
            #expect(pair.distanceMeters <= 25)
        }
    }

    @Test func exactlyTwentyFiveMetresMatchesAndJustOverDoesNot() {
        // 15-20-25 triangle: exactly 25 m.
        let edge = Comparison.match(old: [Self.point("afval", 0, 0)], new: [Self.point("afval", 15, 20)])
        #expect(edge.pairs.map { [$0.old, $0.new] } == [[0, 0]])
        #expect(edge.pairs.first?.distanceMeters == 25)
        let straight = Comparison.match(old: [Self.point("afval", 0, 0)], new: [Self.point("afval", 25, 0)])
        #expect(straight.blijvend == 1)
        let over = Comparison.match(old: [Self.point("afval", 0, 0)], new: [Self.point("afval", 25.001, 0)])
        #expect(over.pairs.isEmpty && over.opgelost == [0] && over.nieuw == [0])
        // 24.9 m apart, in neighbouring 25 m cells of the grid that finds candidates.
        let neighbourCell = Comparison.match(old: [Self.point("afval", 24.9, 0)], new: [Self.point("afval", 49.8, 0)])
        #expect(neighbourCell.blijvend == 1)
    }

    @Test func onlyTheSameMainCategoryMatches() {
        let matches = Comparison.match(
            old: [Self.point("verlichting", 0, 0)], new: [Self.point("afval", 0, 0)])
        #expect(matches.pairs.isEmpty && matches.opgelost == [0] && matches.nieuw == [0])
        #expect(Comparison.categoryKey(" Afval ") == Comparison.categoryKey("afval"))
        #expect(Comparison.categoryKey(nil) == "")
    }

    @Test func theNearestPairGoesFirstNotTheFirstFinding() {
        // Old 0 at 0 m and old 1 at 10 m; the one new finding at 12 m is 2 m from old 1.
        let matches = Comparison.match(
            old: [Self.point("groen", 0, 0), Self.point("groen", 10, 0)], new: [Self.point("groen", 12, 0)])
        #expect(matches.pairs.map { [$0.old, $0.new] } == [[1, 0]])
        #expect(matches.opgelost == [0])
    }

    @Test func tiesGoInOldThenNewOrder() {
        // Two old findings 10 m from the same new one: the first old finding gets it; the second takes the
        // next new finding 11 m away.
        let shared = Comparison.match(
            old: [Self.point("groen", 0, 0), Self.point("groen", 20, 0)],
            new: [Self.point("groen", 10, 0), Self.point("groen", 31, 0)])
        #expect(shared.pairs.map { [$0.old, $0.new] } == [[0, 0], [1, 1]])
        // One old finding between two new ones 10 m either side: the first new one.
        let between = Comparison.match(
            old: [Self.point("groen", 10, 0)], new: [Self.point("groen", 0, 0), Self.point("groen", 20, 0)])
        #expect(between.pairs.map { [$0.old, $0.new] } == [[0, 0]])
        #expect(between.nieuw == [1])
        // The same input listed the other way round picks the other one: order decides, nothing else.
        let reversed = Comparison.match(
            old: [Self.point("groen", 10, 0)], new: [Self.point("groen", 20, 0), Self.point("groen", 0, 0)])
        #expect(reversed.pairs.map { [$0.old, $0.new] } == [[0, 0]])
    }

    @Test func emptySidesAreAllOpgelostOrAllNieuw() {
        let none = Comparison.match(old: [], new: [Self.point("afval", 0, 0)])
        #expect(none.nieuw == [0] && none.opgelost.isEmpty)
        let gone = Comparison.match(old: [Self.point("afval", 0, 0)], new: [])
        #expect(gone.opgelost == [0] && gone.nieuw.isEmpty)
    }

    @Test func summaryCountsAddUpPerCategory() {
        var generator = SeededGenerator(seed: 7)
        let old = Self.random(50, &generator, wholeMetres: false).map { Finding(rd: $0.rd, properties: ["category": .string($0.category)], source: "old") }
        let new = Self.random(60, &generator, wholeMetres: false).map { Finding(rd: $0.rd, properties: ["category": .string($0.category)], source: "new") }
        let summary = ComparisonSummary(old: old, new: new, matches: Comparison.match(old: old, new: new))
        #expect(summary.total.old == 50 && summary.total.new == 60)
        #expect(summary.total.opgelost + summary.total.blijvend == 50)
        #expect(summary.total.nieuw + summary.total.blijvend == 60)
        for row in summary.byCategory {
            #expect(row.counts.opgelost + row.counts.blijvend == old.filter { $0.category == row.key }.count)
            #expect(row.counts.nieuw + row.counts.blijvend == new.filter { $0.category == row.key }.count)
        }
        #expect(summary.byCategory.map(\.counts.blijvend).reduce(0, +) == summary.total.blijvend)
    }
}
