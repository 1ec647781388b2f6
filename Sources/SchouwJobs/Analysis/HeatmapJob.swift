import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry

/// `schouw heatmap` and the organizer's heatmap download: a density, band or hexagon layer with its style.
///
/// (``HeatmapRequest`` holds the density parameters; this is the job around them.)
public struct HeatmapJobRequest: Sendable {
    public var source: FindingSource
    /// Radius, cell, kernel, output value, format, breaks and classes.
    public var parameters: HeatmapRequest
    public var weight: FindingWeight
    /// The CRS of the layer: WGS84 or RD New (the density is always computed in RD New).
    public var crs: CRS
    /// GeoJSON or GeoPackage.
    public var layerFormat: OutputLayer.Format
    /// The GeoPackage table name.
    public var layerName: String
    /// The layer file (its `.qml` style is written beside it), or memory.
    public var destination: JobDestination
    public var language: Language

    /// A request whose format and layer name follow the destination file's name (`.gpkg` for GeoPackage).
    public init(
        source: FindingSource, parameters: HeatmapRequest, weight: FindingWeight, crs: CRS = .wgs84,
        destination: JobDestination, language: Language = .nl
    ) {
        self.source = source
        self.parameters = parameters
        self.weight = weight
        self.crs = crs
        self.destination = destination
        self.language = language
        switch destination {
        case .disk(let url):
            layerFormat = OutputLayer.Format(fileExtensionOf: url)
            let name = url.deletingPathExtension().lastPathComponent
            layerName = name.isEmpty ? "heatmap" : name
        case .memory:
            layerFormat = .geojson
            layerName = "heatmap"
        }
    }
}

public struct HeatmapJobResult: Sendable {
    /// The layer as computed, in RD New, with the radius and cell size used.
    public var layer: HeatmapLayer
    /// The layer file and its `.qml` style.
    public var files: [JobFile]
}

public enum HeatmapJob {
    /// Loads the findings, computes the density and writes the layer and its style.
    /// - Throws: ``AnalysisError`` for bad parameters or no findings; reader, GEOS and PROJ errors.
    public static func run(_ request: HeatmapJobRequest, progress: (String) -> Void = { _ in }) throws -> HeatmapJobResult {
        let language = request.language
        let findings = try Finding.load(request.source)
        progress(language.pick("\(findings.count) bevindingen gelezen", "\(findings.count) findings read"))
        let weights = try request.weight.weights(findings)
        let layer = try Heatmap.make(points: findings.map(\.rd), weights: weights, request: request.parameters)
        progress(language.pick("\(layer.features.count) vlakken berekend", "\(layer.features.count) features computed"))
        let features = try layer.features.transformed(from: .rdNew, to: request.crs)
        let type = JobFile.mediaType(ofExtension: request.layerFormat.rawValue)
        let style = LayerStyle.graduated(
            field: layer.styleField, classes: layer.styleClasses(weighted: request.weight != .none, language: language), outline: false)
        let files: [JobFile]
        switch request.destination {
        case .disk(let url):
            try OutputLayer.write(features, fields: layer.fields, crs: request.crs, to: url, layerName: request.layerName)
            let styleURL = url.deletingPathExtension().appendingPathExtension("qml")
            try ByteSink.write(Data(style.utf8), to: styleURL)
            files = [
                JobFile(name: url.lastPathComponent, mediaType: type, url: url),
                JobFile(name: styleURL.lastPathComponent, mediaType: JobFile.mediaType(ofExtension: "qml"), url: styleURL),
            ]
        case .memory:
            let data = try OutputLayer.data(
                features, fields: layer.fields, crs: request.crs, format: request.layerFormat, layerName: request.layerName)
            files = [
                JobFile(name: "\(request.layerName).\(request.layerFormat.rawValue)", mediaType: type, data: data),
                JobFile(name: "\(request.layerName).qml", mediaType: JobFile.mediaType(ofExtension: "qml"), data: Data(style.utf8)),
            ]
        }
        return HeatmapJobResult(layer: layer, files: files)
    }
}
