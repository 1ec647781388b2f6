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
enum ExportValue: Sendable {
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
        ("actions", .text), ("action_status", .text), ("action_partner", .text), ("action_due", .text),
    ]

    /// The fields of the actions table (the `acties` layer of a GeoPackage, `NAME.acties.csv` beside a CSV
    /// or GeoJSON export), in order. `findings` joins the linked findings' UUIDs with `|`, `finding_short_ids`
    /// their short ids; an import reads `findings`.
    public static let actionFields: [(name: String, type: GeoPackageColumnType)] = [
        ("number", .integer), ("id", .text), ("what", .text), ("partner", .text), ("partner_kind", .text), ("partner_name", .text),
        ("department", .text), ("due_date", .text), ("status", .text), ("status_date", .text), ("note", .text),
        ("created_at", .dateTime), ("after_photo", .text), ("findings", .text), ("finding_short_ids", .text),
    ]

    /// The file of the actions table beside an export at `url`: `bevindingen.csv` → `bevindingen.acties.csv`.
    public static func actionsFile(beside url: URL) -> URL {
        url.deletingPathExtension().appendingPathExtension("acties.csv")
    }

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
            observations: observations, schouw: schouw, photos: photos, actions: ExportActions(try actions(), exported: observations),
            format: format, file: url, crs: crs, excel: excel)
    }

    /// Writes `observations` of `schouw` with their photo names and actions: the one export writer of
    /// every store.
    static func writeExport(
        observations: [Observation], schouw: SchouwRecord, photos: [String: [String]], actions: ExportActions,
        format: ExportFormat, file url: URL?, crs: CRS, excel: Bool
    ) throws -> (count: Int, data: Data) {
        guard crs == .wgs84 || crs == .rdNew else {
            throw StoreError.invalidInput([InputIssue(field: "crs", value: crs.description, reason: .coordinateOutOfRange(expected: "EPSG:4326, EPSG:28992"))])
        }
        func joined(_ o: Observation, _ value: (ActionRecord) -> String) -> ExportValue {
            guard let list = actions.byFinding[o.id], !list.isEmpty else { return .text(nil) }
            return .text(list.map(value).joined(separator: "|"))
        }
        func row(_ o: Observation) -> [ExportValue] {
            [
                .text(o.id), .text(o.shortID), .text(schouw.name), .text(o.groupName), .text(o.walker), .text(o.observedAt), .text(o.enteredAt),
                .text(o.category), .text(o.subcategory), .text(o.level), .text(o.text), .text(o.street), .integer(o.checkpoint),
                .text(o.buurtCode), .text(o.status), .text(o.owner), .text(o.locationSource.rawValue),
                .real(o.lon), .real(o.lat), .real(o.rdX), .real(o.rdY), .text(photos[o.id]?.joined(separator: "|")),
                joined(o) { String($0.number) }, joined(o, \.status), joined(o) { $0.partner.label(.nl) }, joined(o) { $0.dueDate ?? "" },
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
            if let url { try writeActionsCSV(beside: url, excel: excel, rows: actions.rows) }
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
            if let url { try writeActionsCSV(beside: url, excel: false, rows: actions.rows) }
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
            var tables = [
                GeoPackageTable(name: "observations", geometryTypeName: "POINT", columns: columns, features: features, description: description)
            ]
            let actionRows = actions.rows
            if !actionRows.isEmpty {
                // Each action as the points of its exported findings, so GIS shows where it applies.
                let positions = Dictionary(uniqueKeysWithValues: observations.map { ($0.id, point($0)) })
                let actionFeatures = actionRows.map { entry in
                    var properties = OrderedDictionary<String, GeoPackageValue>()
                    for (field, value) in zip(Self.actionFields, entry.values) {
                        properties[field.name] =
                            switch value {
                            case .text(let s): s.map(GeoPackageValue.text) ?? .null
                            case .integer(let i): i.map { .integer(Int64($0)) } ?? .null
                            case .real(let d): d.map(GeoPackageValue.real) ?? .null
                            }
                    }
                    let points = entry.findings.compactMap { positions[$0] }
                    return GeoPackageFeature(geometry: points.isEmpty ? nil : .multiPoint(points), properties: properties)
                }
                tables.append(GeoPackageTable(
                    name: "acties", geometryTypeName: "MULTIPOINT", columns: Self.actionFields.map { GeoPackageColumn($0.name, $0.type) },
                    features: actionFeatures, description: "\(schouw.name), \(schouw.date): acties"))
            }
            if let url {
                try GeoPackage.write(to: url, crs: crs, tables: tables)
                data = Data()
            } else {
                data = try GeoPackage.data(crs: crs, tables: tables)
            }
        }
        return (observations.count, data)
    }

    /// Writes `NAME.acties.csv` beside a CSV or GeoJSON export when the schouw has actions; removes a
    /// stale one left by an earlier export when it has none.
    private static func writeActionsCSV(beside url: URL, excel: Bool, rows: [(values: [ExportValue], findings: [String])]) throws {
        let file = Self.actionsFile(beside: url)
        guard !rows.isEmpty else {
            try? FileManager.default.removeItem(at: file)
            return
        }
        _ = try writeActionsCSV(rows, excel: excel, to: ByteSink.file(file))
    }

    /// The actions table of an export of every finding, as CSV bytes (the web app's download).
    public func actionsCSVData(excel: Bool = false) throws -> Data {
        try Self.actionsCSVData(try actions(), observations: try observations(), excel: excel)
    }

    /// The actions table of an export of `observations`, as CSV bytes: the one writer of every store.
    static func actionsCSVData(_ actions: [ActionDetails], observations: [Observation], excel: Bool) throws -> Data {
        try writeActionsCSV(ActionRules.exportRows(actions, exported: observations), excel: excel, to: .memory())
    }

    private static func writeActionsCSV(_ rows: [(values: [ExportValue], findings: [String])], excel: Bool, to sink: ByteSink) throws -> Data {
        try CSV.write(
            header: Self.actionFields.map(\.name),
            rows: rows.map { zip(Self.actionFields, $0.values).map { Self.csvText($1, excel: excel, dateTime: $0.type == .dateTime) } },
            dialect: excel ? .excel : .standard, to: sink)
        return try sink.finish()
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

/// The actions an export carries (``ActionStore/exportActions(for:)``): per finding, for the fields
/// `actions`, `action_status`, `action_partner`, `action_due`, and as rows of the `acties` table.
public struct ExportActions: Sendable {
    var byFinding: [String: [ActionRecord]]
    var rows: [(values: [ExportValue], findings: [String])]

    /// The actions (every one of the schouw) an export of `exported` carries.
    init(_ actions: [ActionDetails], exported: [Observation]) {
        byFinding = ActionRules.byFinding(actions)
        rows = ActionRules.exportRows(actions, exported: exported)
    }
}
