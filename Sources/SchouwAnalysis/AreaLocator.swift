import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Finds, for a point, the area it lies in: the lowest-numbered area whose closed polygon (interior or
/// boundary) holds the point. Give the areas sorted by code and a point on a shared boundary goes to
/// the buurt with the lowest code.
///
/// How: a uniform grid over the areas' extent. Each cell that no polygon edge touches lies wholly inside
/// the same set of areas, so it stores its answer directly (found once per cell by an even-odd scanline
/// through the cell centres). Cells that an edge touches keep the areas whose bounding boxes reach them,
/// and a point there is settled by GEOS prepared `intersects`, trying those areas in order. Most points
/// need one array read; the rest need GEOS's exact predicate.
///
/// Not `Sendable`: it holds GEOS handles of one ``GEOSContext``.
public final class AreaLocator {
    /// The number of areas.
    public let areaCount: Int
    /// The lookup grid (its cells are not the heatmap's).
    public let grid: GridSpec
    private let prepared: [PreparedGeometry]
    /// Per cell: an area number (≥ 0), `outside` (−1), or `-2 - k` for the k-th list of candidates.
    private let cellState: [Int32]
    private let candidateOffsets: [Int32]
    private let candidates: [Int32]
    private static let outside: Int32 = -1

    /// The share of grid cells answered without GEOS (for benchmarks and tuning).
    public let directCellFraction: Double

    /// Builds the locator.
    ///
    /// - Parameters:
    ///   - areas: Polygon or MultiPolygon geometries in a projected CRS; their order is the priority.
    ///   - context: the GEOS context that owns the prepared polygons.
    ///   - cellsPerArea: the grid's resolution, as cells per area on average.
    ///   - maximumCells: a memory cap (4 bytes per cell, plus lists for the cells edges touch).
    /// - Throws: ``AnalysisError/noAreas`` without areas; GEOS errors when preparing fails.
    /// - Complexity: O(V·R + C) for V vertices, R grid rows per area and C cells.
    public init(areas: [Geometry], context: GEOSContext, cellsPerArea: Int = 1024, maximumCells: Int = 16_000_000)
        throws
    {
        let polygons = areas.map(\.polygons)
        let boxes = areas.map(\.boundingBox)
        guard let extent = boxes.compactMap({ $0 }).reduce(nil, { (acc: BoundingBox?, b) in acc?.union(b) ?? b }) else {
            throw AnalysisError.noAreas
        }
        areaCount = areas.count
        prepared = try areas.map { try context.prepare($0) }

        let cellTarget = Double(min(maximumCells, max(1, cellsPerArea * areas.count)))
        let side = max(extent.width, extent.height, 1e-9)
        let cellSize = max((extent.width * extent.height / cellTarget).squareRoot(), side / cellTarget.squareRoot())
        // A one-cell margin keeps points on the extent's north and east edges inside the grid.
        let grid = try GridSpec(covering: extent, margin: cellSize, cellSizeMeters: cellSize, maximumCells: 4 * maximumCells)
        self.grid = grid

        var isEdge = Self.edgeCells(polygons, grid)
        var state = Self.interiorCells(polygons, grid, isEdge: isEdge)
        (candidateOffsets, candidates) = Self.candidateLists(boxes, grid, isEdge: &isEdge, state: &state)
        cellState = state
        directCellFraction = 1 - Double(candidateOffsets.count - 1) / Double(grid.cellCount)
    }

    /// The area holding `p` (interior or boundary; the lowest number wins), or nil when in none.
    /// - Complexity: O(1) for most points; O(k) GEOS tests where a boundary crosses the grid cell.
    public func locate(_ p: Coordinate) -> Int? {
        let fx = ((p.x - grid.originX) / grid.cellSizeMeters).rounded(.down)
        let fy = ((p.y - grid.originY) / grid.cellSizeMeters).rounded(.down)
        // Compared as Doubles first: NaN and far-away points must not reach Int(_:).
        guard fx >= 0, fx < Double(grid.columns), fy >= 0, fy < Double(grid.rows) else { return nil }
        let column = Int(fx)
        let row = Int(fy)
        let state = cellState[row * grid.columns + column]
        if state >= 0 { return Int(state) }
        if state == Self.outside { return nil }
        let list = Int(-2 - state)
        for index in Int(candidateOffsets[list])..<Int(candidateOffsets[list + 1]) {
            let area = Int(candidates[index])
            if prepared[area].intersects(p) { return area }
        }
        return nil
    }

    /// ``locate(_:)`` for many points.
    public func locate(_ points: [Coordinate]) -> [Int?] { points.map(locate) }

    // MARK: Building

    /// Marks every cell that a polygon edge touches, with a small margin so that marking errs on the
    /// side of "touched" (a touched cell is only slower, never wrong).
    private static func edgeCells(_ polygons: [[Polygon]], _ grid: GridSpec) -> [Bool] {
        var isEdge = [Bool](repeating: false, count: grid.cellCount)
        let c = grid.cellSizeMeters
        let eps = c * 1e-6
        func column(_ x: Double) -> Int { min(grid.columns - 1, max(0, Int(((x - grid.originX) / c).rounded(.down)))) }
        func row(_ y: Double) -> Int { min(grid.rows - 1, max(0, Int(((y - grid.originY) / c).rounded(.down)))) }
        for parts in polygons {
            for polygon in parts {
                for ring in polygon.rings {
                    for (a, b) in zip(ring, ring.dropFirst()) {
                        let yLow = min(a.y, b.y)
                        let yHigh = max(a.y, b.y)
                        for r in row(yLow - eps)...row(yHigh + eps) {
                            // The part of the segment within this row's slab (widened by eps).
                            let slabLow = max(yLow, grid.originY + Double(r) * c - eps)
                            let slabHigh = min(yHigh, grid.originY + Double(r + 1) * c + eps)
                            var x0 = min(a.x, b.x)
                            var x1 = max(a.x, b.x)
                            if a.y != b.y {
                                let xa = a.x + (slabLow - a.y) * (b.x - a.x) / (b.y - a.y)
                                let xb = a.x + (slabHigh - a.y) * (b.x - a.x) / (b.y - a.y)
                                x0 = max(x0, min(xa, xb))
                                x1 = min(x1, max(xa, xb))
                            }
                            let base = r * grid.columns
                            for col in column(x0 - eps)...column(x1 + eps) { isEdge[base + col] = true }
                        }
                    }
                }
            }
        }
        return isEdge
    }

    /// Gives every untouched cell the lowest area whose interior holds its centre (even-odd over all
    /// rings along the row through the cell centres). No edge crosses such a cell, so the whole cell agrees.
    private static func interiorCells(_ polygons: [[Polygon]], _ grid: GridSpec, isEdge: [Bool]) -> [Int32] {
        var state = [Int32](repeating: outside, count: grid.cellCount)
        let c = grid.cellSizeMeters
        var crossings: [Double] = []
        for (area, parts) in polygons.enumerated() {
            let rings = parts.flatMap(\.rings)
            guard let box = BoundingBox(rings.joined()) else { continue }
            let rowLo = max(0, Int(((box.minY - grid.originY) / c - 0.5).rounded(.up)))
            let rowHi = min(grid.rows - 1, Int(((box.maxY - grid.originY) / c - 0.5).rounded(.down)))
            guard rowLo <= rowHi else { continue }
            for row in rowLo...rowHi {
                let y = grid.originY + (Double(row) + 0.5) * c
                crossings.removeAll(keepingCapacity: true)
                for ring in rings {
                    for (a, b) in zip(ring, ring.dropFirst()) where (a.y > y) != (b.y > y) {
                        crossings.append(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y))
                    }
                }
                crossings.sort()
                let base = row * grid.columns
                var pair = 0
                while pair + 1 < crossings.count {
                    let colLo = max(0, Int(((crossings[pair] - grid.originX) / c - 0.5).rounded(.up)))
                    let colHi = min(grid.columns - 1, Int(((crossings[pair + 1] - grid.originX) / c - 0.5).rounded(.down)))
                    if colLo <= colHi {
                        for col in colLo...colHi where !isEdge[base + col] && state[base + col] == outside {
                            state[base + col] = Int32(area)
                        }
                    }
                    pair += 2
                }
            }
        }
        return state
    }

    /// For each touched cell, the areas (ascending) whose bounding boxes reach it, as compressed rows;
    /// the cell's state then points at its list.
    private static func candidateLists(
        _ boxes: [BoundingBox?], _ grid: GridSpec, isEdge: inout [Bool], state: inout [Int32]
    ) -> (offsets: [Int32], items: [Int32]) {
        let c = grid.cellSizeMeters
        func span(_ box: BoundingBox) -> (ClosedRange<Int>, ClosedRange<Int>) {
            let col0 = max(0, Int(((box.minX - grid.originX) / c).rounded(.down)))
            let col1 = min(grid.columns - 1, Int(((box.maxX - grid.originX) / c).rounded(.down)))
            let row0 = max(0, Int(((box.minY - grid.originY) / c).rounded(.down)))
            let row1 = min(grid.rows - 1, Int(((box.maxY - grid.originY) / c).rounded(.down)))
            return (row0...row1, col0...col1)
        }
        // Number the touched cells, then count, then fill (areas in ascending order).
        var listOf = [Int32](repeating: -1, count: grid.cellCount)
        var lists = 0
        for cell in 0..<grid.cellCount where isEdge[cell] {
            listOf[cell] = Int32(lists)
            lists += 1
        }
        var offsets = [Int32](repeating: 0, count: lists + 1)
        for box in boxes {
            guard let box else { continue }
            let (rows, cols) = span(box)
            for row in rows {
                for col in cols where listOf[row * grid.columns + col] >= 0 {
                    offsets[Int(listOf[row * grid.columns + col]) + 1] += 1
                }
            }
        }
        for i in 0..<lists { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var items = [Int32](repeating: 0, count: Int(offsets[lists]))
        for (area, box) in boxes.enumerated() {
            guard let box else { continue }
            let (rows, cols) = span(box)
            for row in rows {
                for col in cols {
                    let list = Int(listOf[row * grid.columns + col])
                    guard list >= 0 else { continue }
                    items[Int(fill[list])] = Int32(area)
                    fill[list] += 1
                }
            }
        }
        for cell in 0..<grid.cellCount where listOf[cell] >= 0 { state[cell] = -2 - listOf[cell] }
        isEdge = []
        return (offsets, items)
    }
}
