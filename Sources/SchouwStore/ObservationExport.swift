import Foundation
import GRDB
import OrderedCollections
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// The formats `schouw export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    case geojson, gpkg, csv
}

/// One flat value of an exported field.
enum ExportValue {
    case text(String?)
    case integer(Int?)
    case real(Double?)
}

extension SchouwDatabase {
    /// The exported fields, in order. Names are stable: GIS staff build on them.
    static let exportFields: [(name: String, type: GeoPackageColumnType)] = [
        ("id", .text), ("short_id", .text), ("schouw", .text), ("group", .text), ("walker", .text), ("observed_at", .dateTime), ("entered_at", .dateTime),
        ("category", .text), ("subcategory", .text), ("level", .text), ("text", .text), ("street", .text),
        ("checkpoint", .integer), ("buurt_code", .text), ("status", .text), ("owner", .text), ("location_source", .text),
        ("lon", .real), ("lat", .real), ("rd_x", .real), ("rd_y", .real), ("photos", .text),
    ]

    /// Writes the observations (not removed ones) as GeoJSON, GeoPackage or CSV to a file.
    ///
    /// - Parameters:
    ///   - format: the file format.
    ///   - crs: WGS84 (default) or RD New; GeoJSON in RD New carries the legacy `crs` member.
    ///   - excel: for CSV, semicolons, decimal commas, a UTF-8 BOM and times in Dutch local time
    ///     (`2025-09-20 19:30:00`, Europe/Amsterdam), as Dutch Excel expects.
    ///   - filter: which observations.
    /// - Returns: the number of observations written.
    @discardableResult
    public func export(
        format: ExportFormat, to url: URL, crs: CRS = .wgs84, excel: Bool = false, filter: ObservationFilter = ObservationFilter()
    ) throws -> Int {
        try export(format: format, file: url, crs: crs, excel: excel, filter: filter).count
    }

    /// The bytes of the export that ``export(format:to:crs:excel:filter:)`` writes to a file, made in
    /// memory without any file.
    /// - Returns: the number of observations and the bytes.
    public func exportData(
        format: ExportFormat, crs: CRS = .wgs84, excel: Bool = false, filter: ObservationFilter = ObservationFilter()
    ) throws -> (count: Int, data: Data) {
        try export(format: format, file: nil, crs: crs, excel: excel, filter: filter)
    }

    /// The one export writer: to `file`, or into memory when `file` is nil (the returned data is then the
    /// export; for a file it is empty).
    private func export(
        format: ExportFormat, file url: URL?, crs: CRS, excel: Bool, filter: ObservationFilter
    ) throws -> (count: Int, data: Data) {
        guard crs == .wgs84 || crs == .rdNew else {
            throw StoreError.invalidInput([InputIssue(field: "crs", value: crs.description, reason: .coordinateOutOfRange(expected: "EPSG:4326, EPSG:28992"))])
        }
        let observations = try observations(filter)
        let schouw = try schouw()
        let photos = try Self.wrapping { try writer.read { try photoNames($0) } }
        return try Self.writeExport(
            observations: observations, schouw: schouw, photos: photos, format: format, file: url, crs: crs, excel: excel)
    }

    /// Writes `observations` of `schouw` with their photo names: the one export writer of every store.
    static func writeExport(
        observations: [Observation], schouw: SchouwRecord, photos: [String: [String]], format: ExportFormat, file url: URL?,
        crs: CRS, excel: Bool
    ) throws -> (count: Int, data: Data) {
        guard crs == .wgs84 || crs == .rdNew else {
            throw StoreError.invalidInput([InputIssue(field: "crs", value: crs.description, reason: .coordinateOutOfRange(expected: "EPSG:4326, EPSG:28992"))])
        }
        func row(_ o: Observation) -> [ExportValue] {
            [
                .text(o.id), .text(o.shortID), .text(schouw.name), .text(o.groupName), .text(o.walker), .text(o.observedAt), .text(o.enteredAt),
                .text(o.category), .text(o.subcategory), .text(o.level), .text(o.text), .text(o.street), .integer(o.checkpoint),
                .text(o.buurtCode), .text(o.status), .text(o.owner), .text(o.locationSource.rawValue),
                .real(o.lon), .real(o.lat), .real(o.rdX), .real(o.rdY), .text(photos[o.id]?.joined(separator: "|")),
            ]
        }
        func point(_ o: Observation) -> Coordinate {
            crs == .rdNew ? Coordinate(x: o.rdX, y: o.rdY) : Coordinate(longitude: o.lon, latitude: o.lat)
        }
        // Rows are made as they are written, one observation at a time.
        let rows = observations.lazy.map(row)
        let data: Data
        // File system, GeoPackage and PROJ errors name the file and know their exit class themselves.
        switch format {
        case .csv:
            let sink = try url.map(ByteSink.file) ?? .memory()
            try CSV.write(
                header: Self.exportFields.map(\.name),
                rows: rows.map { zip(Self.exportFields, $0).map { Self.csvText($1, excel: excel, dateTime: $0.type == .dateTime) } },
                dialect: excel ? .excel : .standard, to: sink)
            data = try sink.finish()
        case .geojson:
            let features = observations.lazy.map { o in
                var properties = JSONObject()
                for (field, value) in zip(Self.exportFields, row(o)) {
                    properties[field.name] =
                        switch value {
                        case .text(let s): s.map(JSONValue.string) ?? .null
                        case .integer(let i): i.map { .number(Double($0)) } ?? .null
                        case .real(let d): d.map(JSONValue.number) ?? .null
                        }
                }
                return Feature(id: properties["id"], geometry: .point(point(o)), properties: properties)
            }
            let sink = try url.map(ByteSink.file) ?? .memory()
            try GeoJSONWriter().write(features: features, crs: crs, to: sink)
            data = try sink.finish()
        case .gpkg:
            let features = observations.lazy.map { o in
                var properties = OrderedDictionary<String, GeoPackageValue>()
                for (field, value) in zip(Self.exportFields, row(o)) {
                    properties[field.name] =
                        switch value {
                        case .text(let s): s.map(GeoPackageValue.text) ?? .null
                        case .integer(let i): i.map { .integer(Int64($0)) } ?? .null
                        case .real(let d): d.map(GeoPackageValue.real) ?? .null
                        }
                }
                return GeoPackageFeature(geometry: .point(point(o)), properties: properties)
            }
            let columns = Self.exportFields.map { GeoPackageColumn($0.name, $0.type) }
            let description = "\(schouw.name), \(schouw.date)"
            if let url {
                try GeoPackage.write(
                    to: url, tableName: "observations", geometryTypeName: "POINT", crs: crs, columns: columns,
                    features: features, description: description)
                data = Data()
            } else {
                data = try GeoPackage.data(
                    tableName: "observations", geometryTypeName: "POINT", crs: crs, columns: columns, features: features,
                    description: description)
            }
        }
        return (observations.count, data)
    }

    private static func csvText(_ value: ExportValue, excel: Bool, dateTime: Bool) -> String {
        switch value {
        case .text(let s):
            guard let s else { return "" }
            return excel && dateTime ? Timestamps.amsterdamLocal(s) ?? s : s
        case .integer(let i): return i.map(String.init) ?? ""
        case .real(let d):
            guard let d else { return "" }
            let text = Decimal7.format(d)
            return excel ? text.replacingOccurrences(of: ".", with: ",") : text
        }
    }
}
