import Foundation
import SchouwCore
import SchouwStore

/// `schouw observe import`: observations from a CSV, GPX or GeoJSON file into the schouw database.
public struct ImportRequest: Sendable {
    /// The store: the SQLite file or a schouw in PostgreSQL.
    public var database: any ObservationStore
    /// A `.csv`, `.gpx`, `.geojson` or `.json` file.
    public var file: URL
    /// All or nothing (the default), or the good rows with the rejected ones in `FILE.rejected.csv`;
    /// whether likely duplicates are kept.
    public var options: IngestOptions
    /// The language of the reasons in the rejected-rows file.
    public var language: Language

    public init(database: any ObservationStore, file: URL, options: IngestOptions = IngestOptions(), language: Language = .nl) {
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
    public static func run(_ request: ImportRequest) async throws -> FileImportReport {
        try await request.database.importObservations(from: request.file, options: request.options, language: request.language)
    }

    /// The synchronous form for the embedded SQLite store (the web app's request handlers and tests).
    /// - Throws: ``StoreError/badStoreURL(_:reason:)`` for a server store, which needs the `async` form.
    public static func run(_ request: ImportRequest) throws -> FileImportReport {
        guard let database = request.database as? SchouwDatabase else {
            throw StoreError.badStoreURL(request.database.storeDescription, reason: "a server store is used through the async ImportJob.run")
        }
        return try database.importFile(request.file, options: request.options, language: request.language)
    }
}
