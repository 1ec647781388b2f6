import Foundation
import Testing
@testable import SchouwAnalysis
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct ClassificationTests {
    @Test func quantileBreaksSplitIntoEqualCounts() throws {
        let values = (1...100).map(Double.init)
        let breaks = try ClassBreaks(quantilesOf: values, classes: 4)
        #expect(breaks.bounds == [1, 25, 50, 75, 100])
        let perClass = Dictionary(grouping: values, by: { breaks.classOf($0) ?? 0 }).mapValues(\.count)
        #expect(perClass == [1: 25, 2: 25, 3: 25, 4: 25])
    }

    @Test func repeatedValuesMergeClasses() throws {
        let breaks = try ClassBreaks(quantilesOf: [1, 1, 1, 1, 1, 1, 2], classes: 5)
        #expect(breaks.bounds == [1, 2])
        #expect(breaks.classOf(1) == 1 && breaks.classOf(2) == 1)
        let single = try ClassBreaks(quantilesOf: [3, 3], classes: 3)
        #expect(single.classCount == 1 && single.classOf(3) == 1)
    }

    @Test func explicitBreaksAddTheDataRange() throws {
        let breaks = try ClassBreaks(explicit: [0.5, 1], values: [0.1, 0.7, 3])
        #expect(breaks.bounds == [0.1, 0.5, 1, 3])
        #expect(breaks.classOf(0.5) == 1 && breaks.classOf(0.7) == 2 && breaks.classOf(3) == 3)
        #expect(throws: AnalysisError.breaksNotAscending([2, 1])) { try ClassBreaks(explicit: [2, 1], values: [1]) }
    }

    @Test func everyPointFallsInTheNearestHexagon() throws {
        var rng = SeededGenerator(seed: 3)
        let hex = try HexGrid(widthMeters: 50)
        for _ in 0..<2000 {
            let p = Coordinate(x: .random(in: 150_000...151_000, using: &rng), y: .random(in: 460_000...461_000, using: &rng))
            let (q, r) = hex.cell(of: p)
            let own = hex.centre(q: q, r: r)
            let d = hypot(p.x - own.x, p.y - own.y)
            for (dq, dr) in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)] {
                let other = hex.centre(q: q + dq, r: r + dr)
                #expect(d <= hypot(p.x - other.x, p.y - other.y) + 1e-6)
            }
            #expect(hex.polygon(q: q, r: r).naiveContains(p) || d > hex.widthMeters / 2 - 1e-6)
        }
    }

    @Test func hexagonsAreClosedCounterClockwiseAndCountEveryPoint() throws {
        let hex = try HexGrid(widthMeters: 100)
        let polygon = hex.polygon(q: 3, r: -2)
        #expect(Ring.isClosed(polygon.exterior) && polygon.hasRFC7946Winding)
        #expect(abs(Ring.signedArea(polygon.exterior) - 3.0.squareRoot() / 2 * 100 * 100) < 1e-6)
        let points = (0..<300).map { Coordinate(x: Double($0) * 3.1, y: Double($0 % 17) * 20) }
        let bins = try hex.bin(points, weights: points.map { _ in 2 })
        #expect(bins.reduce(0) { $0 + $1.count } == 300)
        #expect(bins.reduce(0) { $0 + $1.weight } == 600)
    }
}

/// Numbers in Dutch messages carry a decimal comma; texts written by hand.
@Suite struct DecimalMarkTests {
    @Test func analysisErrorsUseTheLanguagesDecimalMark() {
        let grid = AnalysisError.gridTooLarge(columns: 90_000, rows: 80_000, cellSizeMeters: 0.5)
        #expect(grid.message(.nl) == "het raster zou 90000 × 80000 cellen krijgen; kies een grotere cel dan 0,5 m")
        #expect(grid.message(.en) == "the grid would have 90000 × 80000 cells; use a larger cell size than 0.5 m")
        let breaks = AnalysisError.breaksNotAscending([0.5, 1.5, 1.25])
        #expect(breaks.message(.nl) == "--breaks moeten oplopende getallen zijn, niet 0,5; 1,5; 1,25")
        #expect(breaks.message(.en) == "--breaks must be strictly ascending numbers, got 0.5, 1.5, 1.25")
        #expect(AnalysisError.decayOutOfRange(1.5).message(.nl).hasSuffix("niet 1,5"))
        #expect(AnalysisError.notPositive(.radius, -2.5).message(.nl).hasSuffix("niet -2,5"))
        #expect(AnalysisError.notPositive(.cellSize, 8).message(.nl).hasSuffix("niet 8"))
    }

    @Test(arguments: [
        (7.7, 1, false, "7,7", "7.7"), (8.0, 1, false, "8,0", "8.0"), (8.0, 2, true, "8", "8"), (0.5, 2, true, "0,5", "0.5"),
        (1234.5678, 2, false, "1234,57", "1234.57"), (-0.04, 1, false, "0,0", "0.0"), (-0.04, 1, true, "0", "0"),
    ])
    func decimals(value: Double, places: Int, trimming: Bool, dutch: String, english: String) {
        #expect(Language.nl.decimal(value, places: places, trimmingZeros: trimming) == dutch)
        #expect(Language.en.decimal(value, places: places, trimmingZeros: trimming) == english)
    }
}
