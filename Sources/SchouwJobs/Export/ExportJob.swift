import Foundation
import SchouwFormats
import SchouwGeometry
import SchouwStore

/// `schouw export` and the organizer's downloads: the observations as GeoJSON, GeoPackage or CSV.
public struct ExportRequest: Sendable {
    /// The store: the SQLite file or a schouw in PostgreSQL.
    public var database: any ObservationStore
    public var format: ExportFormat
    /// WGS84 (RFC 7946) or RD New (GeoJSON with the legacy `crs` member).
    public var crs: CRS
    /// For CSV: semicolons, decimal commas and a UTF-8 BOM, as Dutch Excel expects.
    public var excel: Bool
    public var filter: ObservationFilter
    /// The file to write, or memory.
    public var destination: JobDestination

    public init(
        database: any ObservationStore, format: ExportFormat, crs: CRS = .wgs84, excel: Bool = false,
        filter: ObservationFilter = ObservationFilter(), destination: JobDestination
    ) {
        self.database = database
        self.format = format
        self.crs = crs
        self.excel = excel
        self.filter = filter
        self.destination = destination
    }
}

public struct ExportResult: Sendable {
    /// The number of observations exported.
    public var count: Int
    /// The file written, or its bytes.
    public var file: JobFile
}

public enum ExportJob {
    /// Exports the observations the request's filter selects (removed ones only when it says so).
    /// - Throws: ``StoreError`` (bad CRS, database, file system and library failures).
    public static func run(_ request: ExportRequest) async throws -> ExportResult {
        let type = JobFile.mediaType(ofExtension: request.format.rawValue)
        switch request.destination {
        case .disk(let url):
            let count = try await request.database.exportObservations(
                format: request.format, to: url, crs: request.crs, excel: request.excel, filter: request.filter).count
            return ExportResult(count: count, file: JobFile(name: url.lastPathComponent, mediaType: type, url: url))
        case .memory:
            let (count, data) = try await request.database.exportObservations(
                format: request.format, to: nil, crs: request.crs, excel: request.excel, filter: request.filter)
            return ExportResult(count: count, file: JobFile(name: memoryName(request), mediaType: type, data: data))
        }
    }

    static func memoryName(_ request: ExportRequest) -> String {
        "observations" + (request.excel ? "-excel" : "") + ".\(request.format.rawValue)"
    }

    /// The synchronous form for the embedded SQLite store (the web app's request handlers and tests).
    /// - Throws: ``StoreError/badStoreURL(_:reason:)`` for a server store, which needs the `async` form.
    public static func run(_ request: ExportRequest) throws -> ExportResult {
        guard let database = request.database as? SchouwDatabase else {
            throw StoreError.badStoreURL(request.database.storeDescription, reason: "a server store is used through the async ExportJob.run")
        }
        let type = JobFile.mediaType(ofExtension: request.format.rawValue)
        switch request.destination {
        case .disk(let url):
            let count = try database.export(
                format: request.format, to: url, crs: request.crs, excel: request.excel, filter: request.filter)
            return ExportResult(count: count, file: JobFile(name: url.lastPathComponent, mediaType: type, url: url))
        case .memory:
            let (count, data) = try database.exportData(
                format: request.format, crs: request.crs, excel: request.excel, filter: request.filter)
            let name = "observations" + (request.excel ? "-excel" : "") + ".\(request.format.rawValue)"
            return ExportResult(count: count, file: JobFile(name: name, mediaType: type, data: data))
        }
    }
}
