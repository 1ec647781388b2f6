import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// What a heatmap cell holds.
public enum HeatmapOutputValue: String, CaseIterable, Sendable {
    /// Σ w·K(d/r): the numbers QGIS's raw output gives.
    case raw
    /// A true density in weight per square kilometre: each point's kernel integrates to its weight.
    case scaled
}

/// Kernel density estimation (heatmaps) in a projected CRS.
public enum KernelDensity {
    /// More cells than this is almost surely a mistaken cell size; the error says so.
    public static let maximumCells = 100_000_000

    /// Computes the density at the centre of every cell of a grid that covers the points plus the radius.
    ///
    /// A point p of weight w adds w·K(d/r) to each cell whose centre c has d = |c − p| ≤ r. Only the cells
    /// within r of a point are visited: per row the column span comes from √(r² − dy²).
    ///
    /// - Parameters:
    ///   - points: projected coordinates in metres (RD New).
    ///   - weights: one weight per point, or nil for weight 1.
    ///   - radiusMeters: the kernel radius r (> 0).
    ///   - cellSizeMeters: the side of a square cell (> 0).
    ///   - grid: the grid to fill; by default the one from ``GridSpec/init(covering:margin:cellSizeMeters:)``.
    /// - Throws: ``AnalysisError`` for a bad parameter, no points, or a grid over ``maximumCells``.
    /// - Complexity: O(n·(r/c)²) for n points, radius r and cell size c, plus O(cells).
    public static func estimate(
        points: [Coordinate], weights: [Double]? = nil, radiusMeters: Double, cellSizeMeters: Double,
        kernel: Kernel, output: HeatmapOutputValue, grid: GridSpec? = nil
    ) throws -> DensityGrid {
        guard radiusMeters > 0, radiusMeters.isFinite else {
            throw AnalysisError.notPositive(.radius, radiusMeters)
        }
        guard cellSizeMeters > 0, cellSizeMeters.isFinite else {
            throw AnalysisError.notPositive(.cellSize, cellSizeMeters)
        }
        if let weights, weights.count != points.count {
            throw AnalysisError.weightCountMismatch(weights: weights.count, points: points.count)
        }
        guard let box = BoundingBox(points) else { throw AnalysisError.noPoints }
        let spec = try grid ?? GridSpec(covering: box, margin: radiusMeters, cellSizeMeters: cellSizeMeters, maximumCells: maximumCells)
        guard spec.columns > 0, spec.rows > 0, case (let cells, false) = spec.columns.multipliedReportingOverflow(by: spec.rows),
            cells <= maximumCells
        else {
            throw AnalysisError.gridTooLarge(columns: spec.columns, rows: spec.rows, cellSizeMeters: cellSizeMeters)
        }
        var result = DensityGrid(
            spec: spec, values: [Double](repeating: 0, count: spec.cellCount),
            counts: [Int32](repeating: 0, count: spec.cellCount))
        // One specialised loop per shape keeps the switch out of the per-cell work.
        switch kernel.shape {
        case .uniform: accumulate(&result, points, weights, radiusMeters) { _ in 1 }
        case .epanechnikov: accumulate(&result, points, weights, radiusMeters) { 1 - $0 }
        case .quartic: accumulate(&result, points, weights, radiusMeters) { let t = 1 - $0; return t * t }
        case .triweight: accumulate(&result, points, weights, radiusMeters) { let t = 1 - $0; return t * t * t }
        case .triangular:
            let slope = 1 - kernel.decay
            accumulate(&result, points, weights, radiusMeters) { 1 - slope * $0.squareRoot() }
        }
        if output == .scaled {
            let factor = kernel.scaleFactor(radiusMeters: radiusMeters) * 1_000_000
            for i in result.values.indices { result.values[i] *= factor }
        }
        return result
    }

    /// Adds w·K to every cell centre within the radius; `shape` maps u² = (d/r)² to K.
    @inline(__always)
    private static func accumulate(
        _ grid: inout DensityGrid, _ points: [Coordinate], _ weights: [Double]?, _ radius: Double,
        _ shape: (Double) -> Double
    ) {
        let spec = grid.spec
        let c = spec.cellSizeMeters
        let r2 = radius * radius
        let inverseR2 = 1 / r2
        // Cell centres per column and row, computed once: the same expression as GridSpec.centre.
        let centreX = (0..<spec.columns).map { spec.originX + (Double($0) + 0.5) * c }
        let centreY = (0..<spec.rows).map { spec.originY + (Double($0) + 0.5) * c }
        let columns = spec.columns
        grid.values.withUnsafeMutableBufferPointer { values in
            grid.counts.withUnsafeMutableBufferPointer { counts in
                centreX.withUnsafeBufferPointer { cx in
                    for (index, p) in points.enumerated() {
                        let w = weights?[index] ?? 1
                        let rowLo = max(0, Int(((p.y - radius - spec.originY) / c - 0.5).rounded(.up)))
                        let rowHi = min(spec.rows - 1, Int(((p.y + radius - spec.originY) / c - 0.5).rounded(.down)))
                        guard rowLo <= rowHi else { continue }
                        for row in rowLo...rowHi {
                            let dy = centreY[row] - p.y
                            let dy2 = dy * dy
                            guard dy2 <= r2 else { continue }
                            let half = (r2 - dy2).squareRoot()
                            let colLo = max(0, Int(((p.x - half - spec.originX) / c - 0.5).rounded(.up)) - 1)
                            let colHi = min(columns - 1, Int(((p.x + half - spec.originX) / c - 0.5).rounded(.down)) + 1)
                            guard colLo <= colHi else { continue }
                            let base = row * columns
                            for column in colLo...colHi {
                                let dx = cx[column] - p.x
                                let d2 = dx * dx + dy2
                                // The span is widened by one cell against rounding; the exact test decides.
                                guard d2 <= r2 else { continue }
                                values[base + column] += w * shape(d2 * inverseR2)
                                counts[base + column] += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// A default radius from the points' spread, the rule ArcGIS documents for its Kernel Density tool:
    /// r = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−0.2), where SD is the standard distance from the mean
    /// centre and Dm the median distance to it. Rounded up to whole metres; 100 m when all points coincide.
    ///
    /// - Complexity: O(n log n).
    public static func defaultRadius(points: [Coordinate]) -> Double {
        guard !points.isEmpty else { return 100 }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n
        let meanY = points.reduce(0) { $0 + $1.y } / n
        let distances = points.map { ((($0.x - meanX) * ($0.x - meanX)) + ($0.y - meanY) * ($0.y - meanY)).squareRoot() }
        let standardDistance = (distances.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
        let sorted = distances.sorted()
        let median =
            sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let radius = 0.9 * min(standardDistance, (1 / log(2.0)).squareRoot() * median) * pow(n, -0.2)
        return radius > 0 ? radius.rounded(.up) : 100
    }
}
