import SchouwGeometry
import SchouwCore
import SchouwFormats

/// A square-celled raster in a projected CRS (RD New metres), row 0 at the south edge.
public struct GridSpec: Hashable, Sendable {
    /// The south-west corner of cell (row 0, column 0).
    public var originX: Double
    public var originY: Double
    public var cellSizeMeters: Double
    public var columns: Int
    public var rows: Int

    public init(originX: Double, originY: Double, cellSizeMeters: Double, columns: Int, rows: Int) {
        self.originX = originX
        self.originY = originY
        self.cellSizeMeters = cellSizeMeters
        self.columns = columns
        self.rows = rows
    }

    /// The smallest grid, with its origin on a multiple of the cell size (so grids of several runs line
    /// up), that covers `box` grown by `margin` on every side.
    ///
    /// Columns and rows are worked out as `Double`s and checked against `maximumCells` before any conversion
    /// to `Int`, so no cell size, however small, can trap or overflow.
    /// - Throws: ``AnalysisError/gridTooLarge(columns:rows:cellSizeMeters:)`` when the grid would have more
    ///   than `maximumCells` cells (or a count that is not a finite number).
    public init(covering box: BoundingBox, margin: Double, cellSizeMeters: Double, maximumCells: Int) throws {
        let c = cellSizeMeters
        let originX = ((box.minX - margin) / c).rounded(.down) * c
        let originY = ((box.minY - margin) / c).rounded(.down) * c
        let columns = max(1, ((box.maxX + margin - originX) / c).rounded(.up))
        let rows = max(1, ((box.maxY + margin - originY) / c).rounded(.up))
        guard originX.isFinite, originY.isFinite, columns * rows <= Double(maximumCells) else {
            throw AnalysisError.gridTooLarge(columns: Self.clamped(columns), rows: Self.clamped(rows), cellSizeMeters: c)
        }
        self.init(originX: originX, originY: originY, cellSizeMeters: c, columns: Int(columns), rows: Int(rows))
    }

    /// A count for a message: the value, or `Int.max` when it does not fit an `Int` (or is not a number).
    static func clamped(_ count: Double) -> Int {
        count.isFinite && count < 9e18 ? Int(count) : Int.max
    }

    public var cellCount: Int { columns * rows }

    /// The centre of a cell, where its value is exact.
    @inline(__always)
    public func centre(row: Int, column: Int) -> Coordinate {
        Coordinate(
            x: originX + (Double(column) + 0.5) * cellSizeMeters, y: originY + (Double(row) + 0.5) * cellSizeMeters)
    }

    /// The cell's square.
    public func cellBox(row: Int, column: Int) -> BoundingBox {
        let x = originX + Double(column) * cellSizeMeters
        let y = originY + Double(row) * cellSizeMeters
        return BoundingBox(minX: x, minY: y, maxX: x + cellSizeMeters, maxY: y + cellSizeMeters)
    }

    public var extent: BoundingBox {
        BoundingBox(
            minX: originX, minY: originY, maxX: originX + Double(columns) * cellSizeMeters,
            maxY: originY + Double(rows) * cellSizeMeters)
    }
}

/// Kernel density values on a grid, with the number of points that reached each cell centre.
public struct DensityGrid: Sendable {
    public var spec: GridSpec
    /// Row-major values, `values[row * columns + column]`.
    public var values: [Double]
    /// Row-major: how many points lie within the radius of the cell centre (d ≤ r).
    public var counts: [Int32]

    public subscript(row: Int, column: Int) -> Double { values[row * spec.columns + column] }
}
