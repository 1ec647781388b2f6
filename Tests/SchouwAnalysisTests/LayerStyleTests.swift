import Foundation
import SchouwCore
import SchouwGeometry
import Testing

@testable import SchouwAnalysis

/// The classes of the QGIS styles: expected classes worked out by hand, and a naive check that every
/// count falls in exactly one class.
@Suite struct LayerStyleTests {
    /// The ranges of a .qml as (lower, upper, label), read with a regular expression.
    static func ranges(_ qml: String) -> [(Double, Double, String)] {
        let pattern = #"<range lower="([^"]*)" upper="([^"]*)" symbol="\d+" label="([^"]*)""#
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: qml, range: NSRange(qml.startIndex..., in: qml)).map { match in
            let text = { (i: Int) in String(qml[Range(match.range(at: i), in: qml)!]) }
            return (Double(text(1)) ?? .nan, Double(text(2)) ?? .nan, text(3))
        }
    }

    @Test func buurtCountsGetAZeroClassAndQuantileClassesOverTheRest() {
        // Non-zero counts sorted: 1 1 2 3 5 8 13 95 (n = 8); the value at rank ⌈i·8/5⌉ closes class i:
        // ranks 2, 4, 5, 7 → 1 (merged into the first), 3, 5, 13; the maximum 95 closes the last.
        let classes = LayerStyle.countClasses([0, 0, 13, 0, 1, 1, 2, 95, 3, 5, 8])
        #expect(classes.map(\.label) == ["0", "1 – 3", "4 – 5", "6 – 13", "14 – 95"])
        #expect(classes.map(\.lower) == [0, 1, 4, 6, 14])
        #expect(classes.map(\.upper) == [0, 3, 5, 13, 95])
        #expect(classes[0].color == "240,240,240")
        // The four non-zero classes run over the whole YlOrRd ramp, light to dark: stops 0, 4/3, 8/3 and 4
        // of the five ColorBrewer stops, interpolated linearly and rounded.
        #expect(classes.dropFirst().map(\.color) == ["255,255,178", "254,183,81", "244,86,41", "189,0,38"])
        let qml = LayerStyle.graduated(field: "total", classes: classes, outline: true)
        #expect(Self.ranges(qml).map(\.2) == ["0", "1 – 3", "4 – 5", "6 – 13", "14 – 95"])
        #expect(qml.contains("attr=\"total\""))
    }

    @Test func manyEmptyBuurtenAndOneHotSpotStillGiveSeveralClasses() {
        // The issue's case: 196 buurten, most empty, one with 95 (before: one class "0 – 95").
        let counts = [Int](repeating: 0, count: 150) + (1...45).map { $0 % 9 + 1 } + [95]
        let classes = LayerStyle.countClasses(counts)
        #expect(classes.count == 6)
        #expect(classes.first?.label == "0" && classes.last?.upper == 95)
    }

    @Test func allZeroIsOneClass() {
        #expect(LayerStyle.countClasses([0, 0, 0]).map(\.label) == ["0"])
        #expect(LayerStyle.countClasses([]).map(\.label) == ["0"])
        #expect(LayerStyle.countClasses([4, 4, 4]).map(\.label) == ["0", "4"])
    }

    /// Naive oracle: every count of random tables lies in exactly one class, and classes do not overlap.
    @Test func everyCountLiesInExactlyOneClass() {
        var rng = SeededGenerator(seed: 16)
        for _ in 0..<300 {
            let counts = (0..<Int.random(in: 0...60, using: &rng)).map { _ in
                Bool.random(using: &rng) ? 0 : Int.random(in: 1...Int.random(in: 1...200, using: &rng), using: &rng)
            }
            let classes = LayerStyle.countClasses(counts, classes: Int.random(in: 1...7, using: &rng))
            for count in counts {
                let holding = classes.filter { Double(count) >= $0.lower && Double(count) <= $0.upper }
                #expect(holding.count == 1, "\(count) in \(holding.map(\.label)) of \(classes.map(\.label))")
            }
            #expect(zip(classes, classes.dropFirst()).allSatisfy { $0.upper < $1.lower })
        }
    }

    /// One finding, uniform kernel of radius 100 m: the density inside the disk is 1/(π·100²) per m²,
    /// 10 000/(π·10 000) = 1/π ≈ 0,318 per hectare, whether the layer holds raw sums or scaled values.
    @Test(arguments: [HeatmapOutputValue.raw, .scaled])
    func bandsAreLabelledWithTheirDensityPerHectare(output: HeatmapOutputValue) throws {
        let request = HeatmapRequest(
            radiusMeters: 100, cellSizeMeters: 10, kernel: try Kernel(.uniform), output: output, format: .bands, classes: 3)
        let layer = try Heatmap.make(points: [Coordinate(x: 155_000, y: 463_000)], weights: [1], request: request)
        let dutch = layer.styleClasses(weighted: false, language: .nl)
        #expect(dutch.map(\.label) == ["0,32 – 0,32 meldingen/ha"])
        #expect(layer.styleClasses(weighted: true, language: .en).map(\.label) == ["0.32 – 0.32 weighted findings/ha"])
    }

    @Test func bandLabelsFollowTheBreaksAndStartAtZero() throws {
        // Two findings 60 m apart, uniform kernel r = 100 m: cells covered by one disk are 1/π per ha,
        // cells covered by both 2/π ≈ 0,64; breaks at 1.5 (raw) split them.
        let request = HeatmapRequest(
            radiusMeters: 100, cellSizeMeters: 10, kernel: try Kernel(.uniform), output: .raw, format: .bands, breaks: [1.5])
        let layer = try Heatmap.make(
            points: [Coordinate(x: 155_000, y: 463_000), Coordinate(x: 155_060, y: 463_000)], weights: [1, 1], request: request)
        #expect(layer.styleClasses(weighted: false, language: .nl).map(\.label) == ["0,32 – 0,48 meldingen/ha", "0,48 – 0,64 meldingen/ha"])
        let qml = LayerStyle.graduated(field: layer.styleField, classes: layer.styleClasses(weighted: false, language: .nl), outline: false)
        #expect(Self.ranges(qml).map { [$0.0, $0.1] } == [[0.5, 1.5], [1.5, 2.5]])
    }

    @Test(arguments: [(0.8, "0,8"), (1.7, "1,7"), (12.4, "12"), (0.045, "0,045"), (0.0449, "0,045"), (0, "0"), (250, "250")])
    func twoSignificantDigits(value: Double, text: String) {
        #expect(LayerStyle.significant(value, .nl) == text)
    }
}
