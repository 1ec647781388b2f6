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
    public init(covering box: BoundingBox, margin: Double, cellSizeMeters: Double) {
        let c = cellSizeMeters
        originX = ((box.minX - margin) / c).rounded(.down) * c
        originY = ((box.minY - margin) / c).rounded(.down) * c
        self.cellSizeMeters = c
        columns = max(1, Int(((box.maxX + margin - originX) / c).rounded(.up)))
        rows = max(1, Int(((box.maxY + margin - originY) / c).rounded(.up)))
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
