import ArgumentParser
import Foundation
import SchouwJobs
import SchouwAnalysis
import SchouwCore

/// `schouw heatmap`: kernel density of findings as polygons GIS tools load directly.
struct HeatmapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap",
        abstract: "Make a heatmap of findings: density cells, density bands or hexagon bins, with a QGIS style.",
        discussion: """
            The density is computed in RD New metres. A finding of weight w adds w·K(d/r) to every cell whose centre \
            lies within r; each value is exact at the cell centre. Kernels as in QGIS: quartic (1−u²)², triweight \
            (1−u²)³, epanechnikov 1−u², uniform 1, triangular 1−(1−decay)·u, with u = d/r.
            raw: Σ w·K, the numbers QGIS's raw output gives. scaled: a true density in weight per km², each \
            finding's kernel integrating to its weight: raw × c/(π r²) with c = 3 (quartic), 4 (triweight), \
            2 (epanechnikov), 1 (uniform), 3/(1+2·decay) (triangular). QGIS's scaled quartic uses 21.75 (a typo, \
            qgis/QGIS issue 60616) and can shift kernels one cell in y; Schouw does neither.
            Without --radius-m the radius is ArcGIS's rule 0.9·min(SD, √(1/ln 2)·Dm)·n^−0.2 (SD: standard distance, \
            Dm: median distance to the mean centre), rounded up to whole metres, and the output says so. Without \
            --cell-m the cell is a tenth of the radius (for hex: hexagons as wide as the radius).
            Weights by level: A+ 0.25, A 0.5, B 1, C 2, D 4, goed 0.5, slecht 2, plus 0, missing or other 1.
            """)

    @OptionGroup var source: FindingSourceOptions

    @Option(help: ArgumentHelp("Kernel radius in metres (default: from the spread of the findings, see above).", valueName: "R"))
    var radiusM: Double?

    @Option(help: ArgumentHelp("Cell size in metres; for --format hex the hexagon width (default: radius / 10; for hex: the radius).", valueName: "C"))
    var cellM: Double?

    @Option(help: ArgumentHelp("Kernel shape: quartic (default), triangular, uniform, triweight, epanechnikov.", valueName: "SHAPE"))
    var kernel: KernelShape = .quartic

    @Option(help: ArgumentHelp("Triangular kernel only: value at the edge relative to the centre, 0…1 (default 0).", valueName: "D"))
    var decay: Double = 0

    @Option(
        help: ArgumentHelp(
            "Weight per finding: level (by quality level, see above), none (each 1) or the name of a numeric field.",
            valueName: "level|none|FIELD"))
    var weight: FindingWeight = .none

    @Option(help: ArgumentHelp("raw (Σ w·K, as QGIS) or scaled (weight per km²).", valueName: "raw|scaled"))
    var outputValue: HeatmapOutputValue = .raw

    @Option(
        help: ArgumentHelp(
            "grid: a square per non-zero cell (density, count); bands: cells dissolved per class (class, min, max); hex: hexagon bins (count, weight).",
            valueName: "grid|bands|hex"))
    var format: HeatmapFormat = .grid

    @Option(
        help: ArgumentHelp("Class bounds for bands, ascending and comma-separated (default: quantile breaks).", valueName: "B1,B2,…"),
        transform: HeatmapCommand.numbers)
    var breaks: [Double]?

    @Option(help: ArgumentHelp("Number of quantile classes for bands and the style.", valueName: "N"))
    var classes: Int = 5

    @Option(help: ArgumentHelp("Output file: .geojson, or .gpkg for a GeoPackage. A .qml style is written beside it.", valueName: "FILE"))
    var out: String

    @OptionGroup var output: AnalysisOutputOptions

    func validate() throws {
        if let radiusM, !(radiusM > 0) { throw ValidationError("--radius-m must be more than 0 metres") }
        if let cellM, !(cellM > 0) { throw ValidationError("--cell-m must be more than 0 metres") }
        guard classes >= 1 else { throw ValidationError("--classes must be at least 1") }
    }

    /// Parses `--breaks`: numbers separated by commas.
    @Sendable static func numbers(_ text: String) throws -> [Double] {
        try text.split(separator: ",").map {
            guard let value = Double($0.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("'\($0)' is not a number")
            }
            return value
        }
    }

    func run() async throws {
        let findings = try await reporting(output.language) { try await source.resolvedSource() }
        try report(output.language) {
            let request = HeatmapRequest(
                radiusMeters: radiusM, cellSizeMeters: cellM, kernel: try Kernel(kernel, decay: decay), output: outputValue,
                format: format, breaks: breaks, classes: classes)
            let heatmap = try HeatmapJob.run(HeatmapJobRequest(
                source: findings, parameters: request, weight: weight, crs: output.outputCRS,
                destination: .disk(URL(fileURLWithPath: out)), language: output.language)) { output.note($0, $0) }
            let layer = heatmap.layer
            if layer.radiusIsDefault {
                let cell = { (l: Language) in l.decimal(layer.cellSizeMeters, places: 2, trimmingZeros: true) }
                output.note(
                    "straal niet opgegeven: \(Int(layer.radiusMeters)) m gekozen uit de spreiding van de bevindingen (cel \(cell(.nl)) m)",
                    "no radius given: chose \(Int(layer.radiusMeters)) m from the spread of the findings (cell \(cell(.en)) m)")
            }
            for file in heatmap.files { print(file.url?.path ?? file.name) }
        }
    }
}

extension KernelShape: ExpressibleByArgument {}
extension HeatmapOutputValue: ExpressibleByArgument {}
extension HeatmapFormat: ExpressibleByArgument {}

extension FindingWeight: ExpressibleByArgument {
    /// `level`, `none` or the name of a numeric field.
    public init?(argument: String) {
        self.init(argument)
    }

    public var defaultValueDescription: String {
        switch self {
        case .none: "none"
        case .level: "level"
        case .field(let name): name
        }
    }
}
