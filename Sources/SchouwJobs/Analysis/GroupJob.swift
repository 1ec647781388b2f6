import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwStore

/// Where the buurten come from: a CBS file, or the one buurt a schouw database was made for.
public enum AreaSource: Sendable {
    /// GeoJSON or GeoPackage with CBS fields, in any CRS PROJ knows.
    case file(URL)
    /// The buurt stored by `schouw init --area` with this schouw (its record, read from either store).
    case schouw(SchouwRecord)
}

/// `schouw group` and the organizer's buurt summary: findings counted per buurt.
public struct GroupRequest: Sendable {
    public var areas: AreaSource
    public var source: FindingSource
    /// Keep only the buurten of this municipality, e.g. `GM0303`.
    public var gemeente: String?
    /// Keep water-only buurten (skipped by default).
    public var includeWater: Bool
    /// A taxonomy file whose main categories become the count columns, in its order (default: those found).
    public var taxonomy: URL?
    /// The CRS of the buurt layer: WGS84 or RD New.
    public var crs: CRS
    /// GeoJSON or GeoPackage for the buurt layer.
    public var layerFormat: OutputLayer.Format
    /// `buurten.csv` for Dutch Excel: semicolons, a UTF-8 byte order mark, CRLF.
    public var excel: Bool
    public var language: Language
    /// The folder for `buurten.geojson`/`.gpkg`, `buurten.qml`, `buurten.csv` and `summary.md`, or memory;
    /// nil makes no files (the counts are in the result).
    public var destination: JobDestination?

    public init(
        areas: AreaSource, source: FindingSource, gemeente: String? = nil, includeWater: Bool = false, taxonomy: URL? = nil,
        crs: CRS = .wgs84, layerFormat: OutputLayer.Format = .geojson, excel: Bool = false, language: Language = .nl,
        destination: JobDestination?
    ) {
        self.excel = excel
        self.areas = areas
        self.source = source
        self.gemeente = gemeente
        self.includeWater = includeWater
        self.taxonomy = taxonomy
        self.crs = crs
        self.layerFormat = layerFormat
        self.language = language
        self.destination = destination
    }
}

public struct GroupResult: Sendable {
    /// The counts per buurt.
    public var grouping: GroupingResult
    /// The buurt layer, its QGIS style, the CSV and the Markdown summary, in that order; none without a destination.
    public var files: [JobFile]
    /// Things the user should know, e.g. a repaired buurt polygon.
    public var warnings: [String]
    /// The codes of the water buurten left out (none with `includeWater`).
    public var skippedWater: [String] = []

    /// The file with this name, e.g. `summary.md`.
    public func file(named name: String) -> JobFile? { files.first { $0.name == name } }
}

public enum GroupJob {
    /// Loads the buurten and findings, counts, and writes the files the destination asks for.
    /// - Throws: ``JobError/noBuurten(file:gemeente:waterSkipped:)`` when no buurt is left, ``StoreError`` for the database and
    ///   taxonomy, reader, GEOS and PROJ errors naming the file.
    public static func run(_ request: GroupRequest) throws -> GroupResult {
        let buurten = try buurtSet(request)
        guard !buurten.buurten.isEmpty else {
            let name: String =
                switch request.areas {
                case .file(let url): url.lastPathComponent
                case .schouw: "schouw"
                }
            throw JobError.noBuurten(file: name, gemeente: request.gemeente, waterSkipped: !request.includeWater)
        }
        let findings = try Finding.load(request.source)
        let categories = try request.taxonomy.map { try Taxonomy.read(contentsOf: $0).categories.map(\.code) }
        let grouping = try Grouping.group(findings, into: buurten, categories: categories)
        guard let destination = request.destination else {
            return GroupResult(grouping: grouping, files: [], warnings: buurten.warnings, skippedWater: buurten.skippedWater)
        }
        let folder = try destination.folder()
        let layerName = "buurten.\(request.layerFormat.rawValue)"
        let features = grouping.features(crs: request.crs)
        let layer: JobFile
        if let folder {
            let url = folder.appendingPathComponent(layerName)
            try OutputLayer.write(features, fields: grouping.fields, crs: request.crs, to: url, layerName: "buurten")
            layer = JobFile(name: layerName, mediaType: JobFile.mediaType(ofExtension: request.layerFormat.rawValue), url: url)
        } else {
            let data = try OutputLayer.data(
                features, fields: grouping.fields, crs: request.crs, format: request.layerFormat, layerName: "buurten")
            layer = JobFile(name: layerName, mediaType: JobFile.mediaType(ofExtension: request.layerFormat.rawValue), data: data)
        }
        let style = LayerStyle.graduated(field: "total", classes: LayerStyle.countClasses(grouping.areas.map(\.total)), outline: true)
        let files = [
            layer,
            try JobFile.store(Data(style.utf8), name: "buurten.qml", in: folder),
            try JobFile.store(grouping.csv(excel: request.excel), name: "buurten.csv", in: folder),
            try JobFile.store(Data(grouping.markdown(language: request.language).utf8), name: "summary.md", in: folder),
        ]
        return GroupResult(grouping: grouping, files: files, warnings: buurten.warnings, skippedWater: buurten.skippedWater)
    }

    static func buurtSet(_ request: GroupRequest) throws -> BuurtSet {
        switch request.areas {
        case .file(let url):
            return try BuurtSet.load(url: url, gemeente: request.gemeente, includeWater: request.includeWater)
        case .schouw(let schouw):
            return try buurtSet(schouw: schouw, gemeente: request.gemeente, includeWater: request.includeWater)
        }
    }

    /// The one buurt a schouw was made for (`schouw init --area`), as a buurt set.
    /// - Throws: ``StoreError/invalidInput(_:)`` when the schouw has no area.
    static func buurtSet(schouw: SchouwRecord, gemeente: String?, includeWater: Bool) throws -> BuurtSet {
        guard let wkb = schouw.areaWKB, let code = schouw.areaCode else {
            throw StoreError.invalidInput([InputIssue(field: "area", value: nil, reason: .missingField)])
        }
        // The area is stored in RD New as WKB; the buurt reader takes it as a one-feature layer.
        let geometry = try GEOSContext().geometry(wkb: [UInt8](wkb))
        let feature = Feature(
            geometry: geometry, properties: ["buurtcode": .string(code), "buurtnaam": .string(schouw.areaName ?? code)])
        return try BuurtSet.make(
            from: VectorLayer(crs: .rdNew, features: [feature], fileName: "schouw"), gemeente: gemeente, includeWater: includeWater)
    }
}
