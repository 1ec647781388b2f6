import Foundation
import Testing
@testable import SchouwAnalysis
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct KernelDensityTests {
    /// The formulas written out once more, straight from QGIS's documentation, for the oracle.
    func directKernel(_ shape: KernelShape, decay: Double, u: Double) -> Double {
        guard u <= 1 else { return 0 }
        switch shape {
        case .uniform: return 1
        case .epanechnikov: return 1 - u * u
        case .quartic: return pow(1 - u * u, 2)
        case .triweight: return pow(1 - u * u, 3)
        case .triangular: return 1 - (1 - decay) * u
        }
    }

    func directNormaliser(_ shape: KernelShape, decay: Double) -> Double {
        switch shape {
        case .uniform: 1 / Double.pi
        case .epanechnikov: 2 / Double.pi
        case .quartic: 3 / Double.pi
        case .triweight: 4 / Double.pi
        case .triangular: 3 / (Double.pi * (1 + 2 * decay))
        }
    }

    static let cases: [(KernelShape, HeatmapOutputValue)] = KernelShape.allCases.flatMap { shape in
        HeatmapOutputValue.allCases.map { (shape, $0) }
    }

    @Test(arguments: cases)
    func cellsAgreeWithDirectSum(shape: KernelShape, output: HeatmapOutputValue) throws {
        var rng = SeededGenerator(seed: 60616)
        let points = (0..<60).map { _ in
            Coordinate(x: 150_000 + .random(in: 0...400, using: &rng), y: 500_000 + .random(in: 0...300, using: &rng))
        }
        let weights = points.map { _ in Double.random(in: 0.5...3, using: &rng) }
        let decay = shape == .triangular ? 0.25 : 0
        let radius = 47.0
        let kernel = try Kernel(shape, decay: decay)
        let grid = try KernelDensity.estimate(
            points: points, weights: weights, radiusMeters: radius, cellSizeMeters: 7, kernel: kernel, output: output)
        var mismatches = 0
        for row in 0..<grid.spec.rows {
            for column in 0..<grid.spec.columns {
                let c = grid.spec.centre(row: row, column: column)
                var expected = 0.0
                var count: Int32 = 0
                for (p, w) in zip(points, weights) {
                    let d = ((c.x - p.x) * (c.x - p.x) + (c.y - p.y) * (c.y - p.y)).squareRoot()
                    guard d <= radius else { continue }
                    expected += w * directKernel(shape, decay: decay, u: d / radius)
                    count += 1
                }
                if output == .scaled { expected *= directNormaliser(shape, decay: decay) / (radius * radius) * 1e6 }
                let actual = grid[row, column]
                if abs(actual - expected) > 1e-9 * max(abs(expected), 1e-300) || grid.counts[row * grid.spec.columns + column] != count {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
        #expect(grid.values.contains { $0 > 0 })
    }

    @Test(arguments: KernelShape.allCases)
    func scaledKernelIntegratesToItsWeight(shape: KernelShape) throws {
        let weight = 2.5
        let radius = 100.0
        let kernel = try Kernel(shape, decay: shape == .triangular ? 0.4 : 0)
        // A point off the cell grid, fine cells: the midpoint rule converges to the integral.
        let grid = try KernelDensity.estimate(
            points: [Coordinate(x: 155_000.3, y: 463_000.7)], weights: [weight], radiusMeters: radius,
            cellSizeMeters: 0.5, kernel: kernel, output: .scaled)
        let cellAreaKm2 = 0.5 * 0.5 / 1e6
        let integral = grid.values.reduce(0, +) * cellAreaKm2
        // The uniform kernel's edge is a jump, so its midpoint sum converges more slowly.
        #expect(abs(integral - weight) / weight < (shape == .uniform || shape == .triangular ? 5e-3 : 1e-4))
    }

    @Test func closedFormIntegralsMatchQuadrature() throws {
        for shape in KernelShape.allCases {
            let kernel = try Kernel(shape, decay: 0.3)
            let steps = 200_000
            var sum = 0.0
            for i in 0..<steps {
                let u = (Double(i) + 0.5) / Double(steps)
                sum += kernel.value(u: u) * 2 * Double.pi * u / Double(steps)
            }
            #expect(abs(sum - kernel.unitDiskIntegral) < 1e-8, "\(shape)")
        }
    }

    @Test func rejectsBadParameters() throws {
        let kernel = try Kernel(.quartic)
        let point = [Coordinate(x: 0, y: 0)]
        #expect(throws: AnalysisError.notPositive(.radius, 0)) {
            try KernelDensity.estimate(points: point, radiusMeters: 0, cellSizeMeters: 1, kernel: kernel, output: .raw)
        }
        #expect(throws: AnalysisError.notPositive(.cellSize, -1)) {
            try KernelDensity.estimate(points: point, radiusMeters: 10, cellSizeMeters: -1, kernel: kernel, output: .raw)
        }
        #expect(throws: AnalysisError.weightCountMismatch(weights: 2, points: 1)) {
            try KernelDensity.estimate(points: point, weights: [1, 2], radiusMeters: 10, cellSizeMeters: 1, kernel: kernel, output: .raw)
        }
        #expect(throws: AnalysisError.noPoints) {
            try KernelDensity.estimate(points: [], radiusMeters: 10, cellSizeMeters: 1, kernel: kernel, output: .raw)
        }
        #expect(throws: AnalysisError.decayOutOfRange(-0.5)) { try Kernel(.triangular, decay: -0.5) }
    }

    @Test func defaultRadiusFollowsTheSpreadOfThePoints() {
        var rng = SeededGenerator(seed: 7)
        let tight = (0..<500).map { _ in Coordinate(x: .random(in: 0...100, using: &rng), y: .random(in: 0...100, using: &rng)) }
        let wide = tight.map { Coordinate(x: $0.x * 10, y: $0.y * 10) }
        let r1 = KernelDensity.defaultRadius(points: tight)
        let r2 = KernelDensity.defaultRadius(points: wide)
        #expect(r1 > 0 && r1 < 100)
        // Rounding up to whole metres moves r1 by less than a metre.
        #expect(abs(r2 - 10 * r1) <= 10)
        #expect(KernelDensity.defaultRadius(points: [Coordinate(x: 1, y: 1)]) == 100)
    }
}
