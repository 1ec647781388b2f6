import Foundation
import SchouwCore
import SchouwStore

/// `schouw observe import`: observations from a CSV, GPX or GeoJSON file into the schouw database.
public struct ImportRequest: Sendable {
    public var database: SchouwDatabase
    /// A `.csv`, `.gpx`, `.geojson` or `.json` file.
    public var file: URL
    /// All or nothing (the default), or the good rows with the rejected ones in `FILE.rejected.csv`;
    /// whether likely duplicates are kept.
    public var options: IngestOptions
    /// The language of the reasons in the rejected-rows file.
    public var language: Language

    public init(database: SchouwDatabase, file: URL, options: IngestOptions = IngestOptions(), language: Language = .nl) {
        self.database = database
        self.file = file
        self.options = options
        self.language = language
    }
}

public enum ImportJob {
    /// Imports the file in one transaction: with any bad row nothing changes (a ``StoreError/invalidInput(_:)``
    /// listing every bad row) unless the options skip invalid rows.
    /// - Returns: what was stored, the duplicates skipped and the rejected-rows file when one was written.
    public static func run(_ request: ImportRequest) throws -> FileImportReport {
        try request.database.importFile(request.file, options: request.options, language: request.language)
    }
}
