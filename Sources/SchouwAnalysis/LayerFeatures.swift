import SchouwCore
import SchouwFormats
import SchouwGeometry

/// The features of an output layer, made when they are read.
///
/// A heatmap grid of a million cells is kept as its density values and the indices of its non-zero cells,
/// not as a million `Feature` values, and the writers take the features one at a time; in another CRS the
/// grid's cell corners are transformed once each (every inner corner is shared by four cells), not once
/// per cell. Bands and hexagons are few and kept as features.
public struct LayerFeatures: RandomAccessCollection, Sendable {
    enum Storage: Sendable {
        case features([Feature])
        case cells(GridCells)
    }

    var storage: Storage

    /// Features kept as they are.
    public init(_ features: [Feature]) {
        storage = .features(features)
    }

    /// One square per non-zero cell of `density`, with its `density` and `count`, in RD New.
    init(nonZeroCellsOf density: DensityGrid) {
        storage = .cells(GridCells(density: density))
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .features(let features): features.count
        case .cells(let cells): cells.nonZeroCells.count
        }
    }

    public subscript(position: Int) -> Feature {
        switch storage {
        case .features(let features): features[position]
        case .cells(let cells): cells.feature(position)
        }
    }

    /// The same features with every coordinate transformed from `source` to `target` (one PROJ call).
    /// - Throws: ``GeometryError`` when PROJ fails.
    /// - Complexity: O(n) for n coordinates; for a grid, O(corners) once, then O(1) per feature read.
    public func transformed(from source: CRS, to target: CRS) throws -> LayerFeatures {
        var copy = self
        switch storage {
        case .features(let features):
            copy.storage = .features(try CoordinateTransforms.transform(features, from: source, to: target))
        case .cells(var cells):
            cells.corners = try CoordinateTransforms.transform(cells.corners, from: source, to: target)
            copy.storage = .cells(cells)
        }
        return copy
    }
}

/// The non-zero cells of a density grid as square polygons.
///
/// Only the corners of non-zero cells are kept (and transformed): a sparse grid of millions of cells costs
/// no more than its few features. Which corners those are is a bitmap over all (columns + 1) × (rows + 1)
/// corners, with a running count per 64 of them, so a corner's place among the kept ones is found in O(1).
struct GridCells: Sendable {
    let density: DensityGrid
    /// Row-major indices of the cells with a density above zero.
    let nonZeroCells: [Int32]
    /// Bit k is set when corner k (row-major over the corner lattice) belongs to a non-zero cell.
    let usedCorners: [UInt64]
    /// The number of used corners before each 64-corner word of `usedCorners`.
    let usedBefore: [Int32]
    /// The used corners in lattice order, in the layer's CRS.
    var corners: [Coordinate]

    init(density: DensityGrid) {
        self.density = density
        let spec = density.spec
        let stride = spec.columns + 1
        var nonZeroCells: [Int32] = []
        var used = [UInt64](repeating: 0, count: (stride * (spec.rows + 1) + 63) / 64)
        func mark(_ corner: Int) { used[corner >> 6] |= 1 << UInt64(corner & 63) }
        for (index, value) in density.values.enumerated() where value > 0 {
            nonZeroCells.append(Int32(index))
            let south = index / spec.columns * stride + index % spec.columns
            mark(south)
            mark(south + 1)
            mark(south + stride)
            mark(south + stride + 1)
        }
        var before: [Int32] = []
        before.reserveCapacity(used.count)
        var corners: [Coordinate] = []
        let size = spec.cellSizeMeters
        for (word, bits) in used.enumerated() {
            before.append(Int32(corners.count))
            var rest = bits
            while rest != 0 {
                let corner = word << 6 + rest.trailingZeroBitCount
                rest &= rest - 1
                corners.append(
                    Coordinate(x: spec.originX + Double(corner % stride) * size, y: spec.originY + Double(corner / stride) * size))
            }
        }
        self.nonZeroCells = nonZeroCells
        usedCorners = used
        usedBefore = before
        self.corners = corners
    }

    /// The position of lattice corner `corner` (which must be used) in `corners`.
    @inline(__always)
    func place(_ corner: Int) -> Int {
        let word = corner >> 6
        let below = usedCorners[word] & ((1 << UInt64(corner & 63)) &- 1)
        return Int(usedBefore[word]) + below.nonzeroBitCount
    }

    /// A cell's properties; each cell sets the values, sharing the names.
    static let properties: JSONObject = ["density": 0, "count": 0]

    func feature(_ position: Int) -> Feature {
        let cell = Int(nonZeroCells[position])
        let columns = density.spec.columns
        let south = cell / columns * (columns + 1) + cell % columns
        let north = south + columns + 1
        // A cell's east corners are used too and come right after its west ones in lattice order.
        let southWest = place(south)
        let northWest = place(north)
        let ring = [
            corners[southWest], corners[southWest + 1], corners[northWest + 1], corners[northWest], corners[southWest],
        ]
        var properties = Self.properties
        properties.values[0] = .number(density.values[cell])
        properties.values[1] = .number(Double(density.counts[cell]))
        return Feature(geometry: .polygon(Polygon([ring])), properties: properties)
    }
}
