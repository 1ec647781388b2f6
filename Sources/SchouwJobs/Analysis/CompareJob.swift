import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwStore

/// `schouw compare`: the findings of a previous schouw matched with those of the new one.
public struct CompareRequest: Sendable {
    /// The previous schouw: a file, or a PostgreSQL URL with the schouw's name.
    public var old: StoreAddress
    /// The new schouw: a file, or a PostgreSQL URL with the schouw's name.
    public var new: StoreAddress
    /// The buurten to count per buurt: a CBS file, or nil for the buurt stored in the new database (none
    /// when it has no buurt: then only the counts per category).
    public var areas: URL?
    /// The CRS of `vergelijking.geojson`: WGS84 or RD New.
    public var crs: CRS
    /// The CSV files for Dutch Excel: semicolons, a UTF-8 byte order mark, CRLF.
    public var excel: Bool
    public var language: Language
    /// The folder for the files, or memory; nil makes no files (the counts are in the result).
    public var destination: JobDestination?

    /// Two schouw files.
    public init(
        old: URL, new: URL, areas: URL? = nil, crs: CRS = .wgs84, excel: Bool = false, language: Language = .nl,
        destination: JobDestination?
    ) {
        self.init(
            old: StoreAddress(file: old), new: StoreAddress(file: new), areas: areas, crs: crs, excel: excel, language: language,
            destination: destination)
    }

    public init(
        old: StoreAddress, new: StoreAddress, areas: URL? = nil, crs: CRS = .wgs84, excel: Bool = false, language: Language = .nl,
        destination: JobDestination?
    ) {
        self.old = old
        self.new = new
        self.areas = areas
        self.crs = crs
        self.excel = excel
        self.language = language
        self.destination = destination
    }
}

public struct CompareResult: Sendable {
    /// Which findings matched, as indices into the old and new findings.
    public var matches: FindingMatches
    /// The counts overall, per category and per buurt.
    public var summary: ComparisonSummary
    /// `vergelijking.geojson`, `vergelijking_categorieen.csv`, `vergelijking_buurten.csv` (only with buurten)
    /// and `summary.md`; none without a destination.
    public var files: [JobFile]
    /// Things the user should know, e.g. a repaired buurt polygon.
    public var warnings: [String]

    /// The file with this name, e.g. `summary.md`.
    public func file(named name: String) -> JobFile? { files.first { $0.name == name } }
}

public enum CompareJob {
    /// Loads both databases' findings (removed ones left out), matches them by the rule of ``Comparison``,
    /// counts and writes the files.
    /// - Throws: ``StoreError`` for the databases, ``JobError/noBuurten(file:gemeente:waterSkipped:)`` for a
    ///   buurten file without buurten; reader, GEOS and PROJ errors naming the file.
    public static func run(_ request: CompareRequest) async throws -> CompareResult {
        let (oldObservations, oldSchouw) = try await request.old.with { (try await $0.observations(ObservationFilter()), try await $0.schouw()) }
        let (newObservations, newSchouw) = try await request.new.with { (try await $0.observations(ObservationFilter()), try await $0.schouw()) }
        let old = try Finding.load(.observations(oldObservations, name: "database"))
        let new = try Finding.load(.observations(newObservations, name: "database"))
        let matches = Comparison.match(old: old, new: new)
        let buurten = try buurtSet(areas: request.areas, schouw: newSchouw)
        let summary: ComparisonSummary
        if let buurten {
            let oldGrouping = try Grouping.group(old, into: buurten)
            let newGrouping = try Grouping.group(new, into: buurten)
            summary = ComparisonSummary(
                old: old, new: new, matches: matches, buurten: buurten.buurten, oldAreas: oldGrouping.assignment,
                newAreas: newGrouping.assignment)
        } else {
            summary = ComparisonSummary(old: old, new: new, matches: matches)
        }
        let warnings = buurten?.warnings ?? []
        guard let destination = request.destination else {
            return CompareResult(matches: matches, summary: summary, files: [], warnings: warnings)
        }
        let folder = try destination.folder()
        let features = try CoordinateTransforms.transform(
            matches.features(old: old, new: new), from: .rdNew, to: request.crs)
        let layer = try OutputLayer.data(
            features, fields: FindingMatches.fields, crs: request.crs, format: .geojson, layerName: "vergelijking",
            geometryType: "POINT")
        var files = [
            try JobFile.store(layer, name: "vergelijking.geojson", in: folder),
            try JobFile.store(summary.categoriesCSV(excel: request.excel), name: "vergelijking_categorieen.csv", in: folder),
        ]
        if buurten != nil {
            files.append(try JobFile.store(summary.buurtenCSV(excel: request.excel), name: "vergelijking_buurten.csv", in: folder))
        }
        let markdown = summary.markdown(
            oldTitle: title(oldSchouw, at: request.old), newTitle: title(newSchouw, at: request.new),
            language: request.language)
        files.append(try JobFile.store(Data(markdown.utf8), name: "summary.md", in: folder))
        return CompareResult(matches: matches, summary: summary, files: files, warnings: warnings)
    }

    /// "Name, date (file)" of a schouw; for a server "Name, date (PostgreSQL)".
    static func title(_ schouw: SchouwRecord, at address: StoreAddress) -> String {
        let place = Stores.isServerURL(address.location) ? "PostgreSQL" : URL(fileURLWithPath: address.location).lastPathComponent
        return "\(schouw.name), \(schouw.date) (\(place))"
    }

    /// The buurten of `areas`, else the schouw's own buurt, else none.
    static func buurtSet(areas: URL?, schouw: SchouwRecord) throws -> BuurtSet? {
        if let areas {
            let set = try BuurtSet.load(url: areas, gemeente: nil, includeWater: false)
            guard !set.buurten.isEmpty else {
                throw JobError.noBuurten(file: areas.lastPathComponent, gemeente: nil, waterSkipped: true)
            }
            return set
        }
        guard schouw.areaWKB != nil else { return nil }
        return try GroupJob.buurtSet(schouw: schouw, gemeente: nil, includeWater: false)
    }
}
