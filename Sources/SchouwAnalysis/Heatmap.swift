import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// The shape of a heatmap output layer.
public enum HeatmapFormat: String, CaseIterable, Sendable {
    /// One square per cell with a non-zero density: `density`, `count`.
    case grid
    /// Cells dissolved into one multipolygon per density class: `class`, `min`, `max`.
    case bands
    /// Hexagon bins: `count`, `weight`.
    case hex
}

/// What to make a heatmap of, and how.
public struct HeatmapRequest: Sendable {
    /// The kernel radius; nil chooses ``KernelDensity/defaultRadius(points:)``.
    public var radiusMeters: Double?
    /// The cell size (hexagon width for `hex`); nil chooses a tenth of the radius, rounded to whole metres
    /// (for `hex`: the radius).
    public var cellSizeMeters: Double?
    public var kernel: Kernel
    public var output: HeatmapOutputValue
    public var format: HeatmapFormat
    /// Class bounds for `bands`; nil uses quantile breaks over the non-zero cells.
    public var breaks: [Double]?
    /// The number of quantile classes for `bands`.
    public var classes: Int

    public init(
        radiusMeters: Double? = nil, cellSizeMeters: Double? = nil, kernel: Kernel, output: HeatmapOutputValue = .raw,
        format: HeatmapFormat = .grid, breaks: [Double]? = nil, classes: Int = 5
    ) {
        self.radiusMeters = radiusMeters
        self.cellSizeMeters = cellSizeMeters
        self.kernel = kernel
        self.output = output
        self.format = format
        self.breaks = breaks
        self.classes = classes
    }
}

/// A heatmap layer in RD New, ready to transform and write.
public struct HeatmapLayer: Sendable {
    /// The features, made as they are read (a grid's cells are not held as features).
    public var features: LayerFeatures
    public var fields: [OutputField]
    /// The field the layer style classifies on, and its class bounds.
    public var styleField: String
    public var styleBounds: [Double]
    /// The density bounds of the classes (grid and bands; for bands the style field is the class
    /// number), in the layer's values; nil for hexagons, which count findings.
    public var densityBounds: [Double]?
    /// The factor that turns a density value of the layer into findings (weight) per hectare.
    public var perHectare: Double
    public var radiusMeters: Double
    /// Whether the radius was chosen by the default rule (say so to the user).
    public var radiusIsDefault: Bool
    public var cellSizeMeters: Double
}

extension HeatmapLayer {
    /// The classes of the layer's QGIS style on the yellow-to-red ramp. Grid cells and bands are labelled
    /// with their density range per hectare ("0,8 – 1,7 meldingen/ha"; raw sums are converted with the
    /// kernel's scale factor, so the legend is a density either way), hexagons with their counts.
    /// - Parameter weighted: whether the findings were weighed (the unit says "gewogen meldingen").
    public func styleClasses(weighted: Bool, language: Language) -> [StyleClass] {
        guard let densityBounds else {
            let unit = language.pick("meldingen per zeshoek", "findings per hexagon")
            return LayerStyle.rampClasses(bounds: styleBounds) { i in
                LayerStyle.rangeLabel(styleBounds[i], styleBounds[min(i + 1, styleBounds.count - 1)], unit: unit, language: language)
            }
        }
        let unit = weighted ? language.pick("gewogen meldingen/ha", "weighted findings/ha") : language.pick("meldingen/ha", "findings/ha")
        return LayerStyle.rampClasses(bounds: styleBounds) { i in
            let upper = densityBounds[min(i + 1, densityBounds.count - 1)]
            // The lowest density is the kernel's edge, a hair above zero; the legend starts at 0 then.
            let lower = i == 0 && densityBounds[0] < upper / 100 ? 0 : densityBounds[i]
            return LayerStyle.rangeLabel(lower * perHectare, upper * perHectare, unit: unit, language: language)
        }
    }
}

/// Heatmaps of findings.
public enum Heatmap {
    /// Computes a heatmap layer of points in RD New.
    ///
    /// - Throws: ``AnalysisError`` for bad parameters or no points; GEOS errors while dissolving bands.
    /// - Complexity: O(n·(r/c)² + cells) for the density; bands add a GEOS union per class.
    public static func make(points: [Coordinate], weights: [Double], request: HeatmapRequest) throws -> HeatmapLayer {
        let radius = request.radiusMeters ?? KernelDensity.defaultRadius(points: points)
        let cell = request.cellSizeMeters ?? (request.format == .hex ? radius : max(1, (radius / 10).rounded()))
        switch request.format {
        case .hex:
            let bins = try HexGrid(widthMeters: cell).bin(points, weights: weights)
            guard !bins.isEmpty else { throw AnalysisError.noPoints }
            let grid = try HexGrid(widthMeters: cell)
            let features = bins.map { bin in
                Feature(
                    geometry: .polygon(grid.polygon(q: bin.q, r: bin.r)),
                    properties: ["count": .number(Double(bin.count)), "weight": .number(bin.weight)])
            }
            let counts = bins.map { Double($0.count) }
            return HeatmapLayer(
                features: LayerFeatures(features), fields: [OutputField("count", .integer), OutputField("weight", .real)],
                styleField: "count", styleBounds: try ClassBreaks(quantilesOf: counts, classes: request.classes).bounds,
                densityBounds: nil, perHectare: 0, radiusMeters: radius, radiusIsDefault: request.radiusMeters == nil, cellSizeMeters: cell)
        case .grid, .bands:
            let density = try KernelDensity.estimate(
                points: points, weights: weights, radiusMeters: radius, cellSizeMeters: cell, kernel: request.kernel,
                output: request.output)
            let nonZero = density.values.filter { $0 > 0 }
            guard !nonZero.isEmpty else { throw AnalysisError.allWeightsZero }
            let breaks =
                try request.breaks.map { try ClassBreaks(explicit: $0, values: nonZero) }
                ?? ClassBreaks(quantilesOf: nonZero, classes: request.classes)
            let features =
                request.format == .grid ? LayerFeatures(nonZeroCellsOf: density) : LayerFeatures(try bandFeatures(density, breaks))
            let fields =
                request.format == .grid
                ? [OutputField("density", .real), OutputField("count", .integer)]
                : [OutputField("class", .integer), OutputField("min", .real), OutputField("max", .real)]
            return HeatmapLayer(
                features: features, fields: fields, styleField: request.format == .grid ? "density" : "class",
                styleBounds: request.format == .grid ? breaks.bounds : (0...breaks.classCount).map { Double($0) + 0.5 },
                densityBounds: breaks.bounds,
                // scaled values are per km²; raw sums become per m² through the kernel's scale factor.
                perHectare: request.output == .scaled ? 0.01 : request.kernel.scaleFactor(radiusMeters: radius) * 10_000,
                radiusMeters: radius, radiusIsDefault: request.radiusMeters == nil, cellSizeMeters: cell)
        }
    }

    /// Per class, horizontal runs of cells become rectangles, and GEOS dissolves them into one geometry.
    private static func bandFeatures(_ density: DensityGrid, _ breaks: ClassBreaks) throws -> [Feature] {
        let spec = density.spec
        var runs = [[Geometry]](repeating: [], count: breaks.classCount + 1)
        for row in 0..<spec.rows {
            var column = 0
            while column < spec.columns {
                let value = density[row, column]
                guard value > 0, let band = breaks.classOf(value) else {
                    column += 1
                    continue
                }
                var end = column + 1
                while end < spec.columns, density[row, end] > 0, breaks.classOf(density[row, end]) == band { end += 1 }
                let start = spec.cellBox(row: row, column: column)
                let stop = spec.cellBox(row: row, column: end - 1)
                runs[band].append(
                    .polygon(rectangle(BoundingBox(minX: start.minX, minY: start.minY, maxX: stop.maxX, maxY: stop.maxY))))
                column = end
            }
        }
        let geos = try GEOSContext()
        return try (1...breaks.classCount).compactMap { band in
            guard !runs[band].isEmpty else { return nil }
            let dissolved = try geos.union(runs[band])
            return Feature(
                geometry: .multiPolygon(dissolved.polygons.map(\.rfc7946Wound)),
                properties: [
                    "class": .number(Double(band)), "min": .number(breaks.bounds[band - 1]),
                    "max": .number(breaks.bounds[band]),
                ])
        }
    }

    private static func rectangle(_ box: BoundingBox) -> Polygon {
        Polygon([[
            Coordinate(x: box.minX, y: box.minY), Coordinate(x: box.maxX, y: box.minY),
            Coordinate(x: box.maxX, y: box.maxY), Coordinate(x: box.minX, y: box.maxY), Coordinate(x: box.minX, y: box.minY),
        ]])
    }
}

