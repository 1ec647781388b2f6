// Benchmarks for schouw group and schouw heatmap on generated national-size data.
//   swift run -c release bench-analysis [OUTDIR]
// Writes the generated data (GeoJSON, CSV) and timings.json to OUTDIR (default: a temp folder) so that
// scripts/bench_geopandas.py can run geopandas/shapely on exactly the same input.
import Foundation
import SchouwAnalysis
import SchouwGeometry
import SchouwCore
import SchouwFormats


func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// A tiling of the Netherlands' RD New extent into perturbed quads whose edges are broken into
/// shared, perturbed vertices (about 16 vertices per polygon), like generalised buurt boundaries.
func nationalTiling(columns: Int, rows: Int, rng: inout SeededGenerator) -> [Polygon] {
    let x0 = 13_000.0, y0 = 306_000.0, width = 265_000.0, height = 314_000.0
    let dx = width / Double(columns), dy = height / Double(rows)
    let corner: [[Coordinate]] = (0...rows).map { j in
        (0...columns).map { i in
            let inner = i > 0 && j > 0 && i < columns && j < rows
            return Coordinate(
                x: x0 + Double(i) * dx + (inner ? .random(in: -0.25...0.25, using: &rng) * dx : 0),
                y: y0 + Double(j) * dy + (inner ? .random(in: -0.25...0.25, using: &rng) * dy : 0))
        }
    }
    // Three perturbed points inside every edge, generated once so both neighbours share them exactly.
    func split(_ a: Coordinate, _ b: Coordinate, border: Bool, rng: inout SeededGenerator) -> [Coordinate] {
        (1...3).map { k in
            let t = Double(k) / 4
            let nx = -(b.y - a.y), ny = b.x - a.x
            let offset = border ? 0 : Double.random(in: -0.06...0.06, using: &rng)
            return Coordinate(x: a.x + t * (b.x - a.x) + offset * nx, y: a.y + t * (b.y - a.y) + offset * ny)
        }
    }
    let horizontal: [[[Coordinate]]] = (0...rows).map { j in
        (0..<columns).map { i in split(corner[j][i], corner[j][i + 1], border: j == 0 || j == rows, rng: &rng) }
    }
    let vertical: [[[Coordinate]]] = (0..<rows).map { j in
        (0...columns).map { i in split(corner[j][i], corner[j + 1][i], border: i == 0 || i == columns, rng: &rng) }
    }
    var polygons: [Polygon] = []
    for j in 0..<rows {
        for i in 0..<columns {
            var ring = [corner[j][i]] + horizontal[j][i] + [corner[j][i + 1]] + vertical[j][i + 1]
            ring += [corner[j + 1][i + 1]] + horizontal[j + 1][i].reversed() + [corner[j + 1][i]]
            ring += vertical[j][i].reversed() + [corner[j][i]]
            polygons.append(Polygon([ring]))
        }
    }
    return polygons
}

let outDirectory = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("schouw-bench").path)
try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
var rng = SeededGenerator(seed: 20_250_920)

// Grouping: ~13,000 polygons, 1,000,000 points.
let polygons = nationalTiling(columns: 105, rows: 124, rng: &rng)
let extent = BoundingBox(polygons.flatMap(\.exterior))!
let points = (0..<1_000_000).map { _ in
    Coordinate(x: .random(in: extent.minX...extent.maxX, using: &rng), y: .random(in: extent.minY...extent.maxY, using: &rng))
}
let geos = try GEOSContext()
var locator: AreaLocator?
let buildTimes = try (0..<3).map { _ in
    try seconds { locator = try AreaLocator(areas: polygons.map { .polygon($0) }, context: geos) }
}
var assigned = 0
let groupTimes = (0..<5).map { _ in
    seconds {
        assigned = 0
        for p in points where locator!.locate(p) != nil { assigned += 1 }
    }
}
let groupMedian = median(groupTimes)
print("grouping: \(polygons.count) polygons, \(points.count) points, \(assigned) inside")
print(String(format: "  index build median %.3f s (grid answers %.1f%% of cells directly)", median(buildTimes), 100 * locator!.directCellFraction))
print(String(format: "  lookup median %.3f s → %.2f M points/s (goal ≥ 1 M/s, one core)", groupMedian, Double(points.count) / groupMedian / 1e6))
print(String(format: "  build + lookup %.3f s → %.2f M points/s", groupMedian + median(buildTimes), Double(points.count) / (groupMedian + median(buildTimes)) / 1e6))

// Heatmap: 100,000 points over 10 × 10 km, 10 m cells, 100 m radius, quartic.
let heatOrigin = Coordinate(x: 150_000, y: 450_000)
let centres = (0..<40).map { _ in
    Coordinate(x: heatOrigin.x + .random(in: 1_000...9_000, using: &rng), y: heatOrigin.y + .random(in: 1_000...9_000, using: &rng))
}
// Clustered like findings: half around 40 hot spots, half spread evenly.
let heatPoints = (0..<100_000).map { i -> Coordinate in
    if i % 2 == 0 {
        let c = centres[i % centres.count]
        return Coordinate(x: c.x + .random(in: -400...400, using: &rng), y: c.y + .random(in: -400...400, using: &rng))
    }
    return Coordinate(x: heatOrigin.x + .random(in: 0...10_000, using: &rng), y: heatOrigin.y + .random(in: 0...10_000, using: &rng))
}
let grid = GridSpec(originX: heatOrigin.x, originY: heatOrigin.y, cellSizeMeters: 10, columns: 1000, rows: 1000)
let kernel = try Kernel(.quartic)
var density: DensityGrid?
let heatTimes = try (0..<5).map { _ in
    try seconds {
        density = try KernelDensity.estimate(
            points: heatPoints, radiusMeters: 100, cellSizeMeters: 10, kernel: kernel, output: .raw, grid: grid)
    }
}
let heatMedian = median(heatTimes)
print("heatmap: \(heatPoints.count) points, 1000 × 1000 cells of 10 m, radius 100 m, quartic raw")
print(String(format: "  median %.3f s (goal < 1 s, one core); sum of cells %.1f", heatMedian, density!.values.reduce(0, +)))

// The data for scripts/bench_geopandas.py.
let features = polygons.enumerated().map { i, p in
    Feature(geometry: .polygon(p), properties: ["code": .string(String(format: "BU%08d", i))])
}
try GeoJSONWriter(decimals: 3).write(.featureCollection(FeatureCollection(features: features), crs: .rdNew),
    to: outDirectory.appendingPathComponent("polygons_rd.geojson"))
func writeCSV(_ coordinates: [Coordinate], _ name: String) throws {
    var text = "x,y\n"
    text.reserveCapacity(coordinates.count * 24)
    for c in coordinates { text += String(format: "%.3f,%.3f\n", c.x, c.y) }
    try text.write(to: outDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
}
try writeCSV(points, "group_points.csv")
try writeCSV(heatPoints, "heat_points.csv")
let timings = """
    {"group_lookup_s": \(groupMedian), "group_build_s": \(median(buildTimes)), "group_points": \(points.count), \
    "group_assigned": \(assigned), "heat_s": \(heatMedian), "heat_origin": [\(heatOrigin.x), \(heatOrigin.y)], \
    "heat_cell_m": 10, "heat_radius_m": 100, "heat_columns": 1000, "heat_rows": 1000, \
    "heat_sum": \(density!.values.reduce(0, +))}

    """
try timings.write(to: outDirectory.appendingPathComponent("timings.json"), atomically: true, encoding: .utf8)
print("data and timings written to \(outDirectory.path)")
