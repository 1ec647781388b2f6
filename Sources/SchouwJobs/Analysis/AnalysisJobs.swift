import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore

/// `schouw group`: findings per buurt, written as GeoJSON/GeoPackage, CSV, Markdown and a style.
public struct GroupJob: Sendable {
    public var areasURL: URL
    public var source: FindingSource
    public var outDirectory: URL
    public var gemeente: String?
    public var includeWater: Bool
    /// A taxonomy JSON (`{"categories": [{"code": …}]}`) whose main categories become the count columns.
    public var taxonomyURL: URL?
    public var crs: CRS
    /// `geojson` or `gpkg`.
    public var layerExtension: String
    public var language: Language

    public init(
        areasURL: URL, source: FindingSource, outDirectory: URL, gemeente: String? = nil, includeWater: Bool = false,
        taxonomyURL: URL? = nil, crs: CRS = .wgs84, layerExtension: String = "geojson", language: Language = .nl
    ) {
        self.areasURL = areasURL
        self.source = source
        self.outDirectory = outDirectory
        self.gemeente = gemeente
        self.includeWater = includeWater
        self.taxonomyURL = taxonomyURL
        self.crs = crs
        self.layerExtension = layerExtension
        self.language = language
    }

    /// Loads, groups and (unless `writeFiles` is false) writes the files; returns the result, the files
    /// written and warnings.
    public func run(writeFiles: Bool = true) throws -> (result: GroupingResult, files: [URL], warnings: [String]) {
        let buurten = try BuurtSet.load(url: areasURL, gemeente: gemeente, includeWater: includeWater)
        guard !buurten.buurten.isEmpty else {
            throw JobError.noBuurten(file: areasURL.lastPathComponent, gemeente: gemeente, waterSkipped: !includeWater)
        }
        let findings = try Finding.load(source)
        let categories = try taxonomyURL.map(Self.mainCategories)
        let result = try Grouping.group(findings, into: buurten, categories: categories)
        guard writeFiles else { return (result, [], buurten.warnings) }
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
        let layer = outDirectory.appendingPathComponent("buurten.\(layerExtension)")
        try OutputLayer.write(result.features(crs: crs), fields: result.fields, crs: crs, to: layer, layerName: "buurten")
        let style = layer.deletingPathExtension().appendingPathExtension("qml")
        let totals = result.areas.map { Double($0.total) }
        try LayerStyle.graduated(field: "total", bounds: try ClassBreaks(quantilesOf: totals + [0], classes: 5).bounds, outline: true)
            .write(to: style, atomically: true, encoding: .utf8)
        let csv = outDirectory.appendingPathComponent("buurten.csv")
        try result.csv().write(to: csv, atomically: true, encoding: .utf8)
        let summary = outDirectory.appendingPathComponent("summary.md")
        try result.markdown(language: language).write(to: summary, atomically: true, encoding: .utf8)
        return (result, [layer, style, csv, summary], buurten.warnings)
    }

    /// The main category codes of a taxonomy file, in its order.
    static func mainCategories(_ url: URL) throws -> [String] {
        let data = try Data(contentsOf: url)
        let root: [String: Any]?
        do { root = try JSONSerialization.jsonObject(with: data) as? [String: Any] } catch {
            throw StoreError.invalidTaxonomy(url.lastPathComponent, Phrase("geen geldige JSON", "not valid JSON"))
        }
        guard let categories = root?["categories"] as? [[String: Any]] else {
            throw StoreError.invalidTaxonomy(
                url.lastPathComponent,
                Phrase("verwacht een object met een array \"categories\"", "expected an object with an array \"categories\""))
        }
        return try categories.enumerated().map { index, category in
            guard let code = category["code"] as? String else {
                throw StoreError.invalidTaxonomy(
                    url.lastPathComponent,
                    Phrase("categories[\(index)] heeft geen tekst \"code\"", "categories[\(index)] has no string \"code\""))
            }
            return code
        }
    }
}

/// `schouw heatmap`: a kernel density, band or hexagon layer with its style.
public struct HeatmapJob: Sendable {
    public var source: FindingSource
    public var outURL: URL
    public var request: HeatmapRequest
    public var weight: FindingWeight
    public var crs: CRS
    public var language: Language

    public init(
        source: FindingSource, outURL: URL, request: HeatmapRequest, weight: FindingWeight, crs: CRS = .wgs84,
        language: Language = .nl
    ) {
        self.language = language
        self.source = source
        self.outURL = outURL
        self.request = request
        self.weight = weight
        self.crs = crs
    }

    /// Loads, computes and writes the layer and its `.qml`; returns the layer (in RD New) and the files.
    public func run(progress: (String) -> Void = { _ in }) throws -> (layer: HeatmapLayer, files: [URL]) {
        let findings = try Finding.load(source)
        progress(language.pick("\(findings.count) bevindingen gelezen", "\(findings.count) findings read"))
        let weights = try weight.weights(findings)
        var layer = try Heatmap.make(points: findings.map(\.rd), weights: weights, request: request)
        progress(language.pick("\(layer.features.count) vlakken berekend", "\(layer.features.count) features computed"))
        if crs != .rdNew {
            layer.features = try Self.transform(layer.features, to: crs)
        }
        let name = outURL.deletingPathExtension().lastPathComponent
        try OutputLayer.write(
            layer.features, fields: layer.fields, crs: crs, to: outURL, layerName: name.isEmpty ? "heatmap" : name)
        let style = outURL.deletingPathExtension().appendingPathExtension("qml")
        try LayerStyle.graduated(field: layer.styleField, bounds: layer.styleBounds, outline: false)
            .write(to: style, atomically: true, encoding: .utf8)
        return (layer, [outURL, style])
    }

    /// Transforms all features with one PROJ call.
    static func transform(_ features: [Feature], to crs: CRS) throws -> [Feature] {
        let all = features.flatMap { $0.geometry?.allCoordinates ?? [] }
        let moved = try CoordinateTransforms.transform(all, from: .rdNew, to: crs)
        var index = 0
        return features.map { feature in
            var copy = feature
            copy.geometry = feature.geometry?.mapCoordinates { _ in
                defer { index += 1 }
                return moved[index]
            }.rfc7946Wound
            return copy
        }
    }
}
