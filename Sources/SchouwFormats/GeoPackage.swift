import Collections
import OrderedCollections
import Foundation
import SchouwCore
import GRDB
import GRDBSQLite
import SchouwGeometry

/// A column type of a GeoPackage feature table.
public enum GeoPackageColumnType: String, Hashable, Sendable {
    case integer = "INTEGER"
    case real = "REAL"
    case text = "TEXT"
}

/// A typed attribute column of a feature table.
public struct GeoPackageColumn: Hashable, Sendable {
    public var name: String
    public var type: GeoPackageColumnType
    public init(_ name: String, _ type: GeoPackageColumnType) {
        self.name = name
        self.type = type
    }
}

/// One attribute value.
public enum GeoPackageValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public var stringValue: String? {
        switch self {
        case .null: nil
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .text(let s): s
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .real(let d): d
        case .text(let s): Double(s)
        case .null: nil
        }
    }
}

/// A feature: a geometry (in the layer's CRS) and its attributes in column order.
public struct GeoPackageFeature: Hashable, Sendable {
    /// The feature id (`fid`); nil when writing lets SQLite number the rows.
    public var id: Int64?
    public var geometry: Geometry?
    public var properties: OrderedDictionary<String, GeoPackageValue>

    public init(id: Int64? = nil, geometry: Geometry?, properties: OrderedDictionary<String, GeoPackageValue> = [:]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// What `gpkg_contents` and `gpkg_geometry_columns` say about one feature table.
public struct GeoPackageLayerInfo: Hashable, Sendable {
    public var tableName: String
    public var identifier: String?
    public var geometryColumn: String
    /// The OGC geometry type name, e.g. `POINT` or `MULTIPOLYGON`.
    public var geometryTypeName: String
    public var srsID: Int
    /// The CRS when the SRS row names an EPSG code; nil for the undefined systems -1 and 0.
    public var crs: CRS?
    public var boundingBox: BoundingBox?
}

/// A feature table read from a GeoPackage.
public struct GeoPackageLayer: Hashable, Sendable {
    public var info: GeoPackageLayerInfo
    public var columns: [GeoPackageColumn]
    public var features: [GeoPackageFeature]
}

/// Reads and writes GeoPackage (OGC 12-128, version 1.3) feature layers.
public enum GeoPackage {
    /// The `application_id` of a GeoPackage: the ASCII bytes "GPKG".
    public static let applicationID: Int32 = 0x4750_4B47
    /// `user_version` 10300 declares GeoPackage 1.3.
    public static let userVersion = 10300

    // MARK: Writing

    /// Writes one feature layer to a new GeoPackage, replacing any file at `url`. The file appears whole or
    /// not at all: SQLite writes a hidden file beside it (``ByteSink/partialURL(for:)``), which is renamed
    /// to `url` once closed and removed when anything fails.
    ///
    /// - Parameters:
    ///   - url: the `.gpkg` file to create.
    ///   - tableName: the feature table (and layer) name.
    ///   - geometryTypeName: the OGC type of every geometry, e.g. `POINT`.
    ///   - crs: the CRS of the geometries (e.g. ``CRS/wgs84`` or ``CRS/rdNew``).
    ///   - columns: the attribute columns, in order; feature properties missing a column are NULL.
    ///   - features: the features.
    /// - Throws: ``GeometryError/unknownCRS(_:)`` when PROJ has no definition for `crs`,
    ///   ``FormatError/unwritable(file:reason:)`` when the file cannot be created, ``FormatError/sqlite(file:reason:)``
    ///   when SQLite fails while writing.
    /// - Complexity: O(n), where n is the total size of the features.
    public static func write(
        to url: URL, tableName: String, geometryTypeName: String, crs: CRS,
        columns: [GeoPackageColumn], features: some Collection<GeoPackageFeature>, description: String = ""
    ) throws {
        do {
            try writeLayer(
                to: url, tableName: tableName, geometryTypeName: geometryTypeName, crs: crs, columns: columns,
                features: features, description: description)
        } catch let error as DatabaseError {
            throw writeFailure(error, url)
        }
    }

    private static func writeLayer(
        to url: URL, tableName: String, geometryTypeName: String, crs: CRS,
        columns: [GeoPackageColumn], features: some Collection<GeoPackageFeature>, description: String
    ) throws {
        let fm = FileManager.default
        let partial = ByteSink.partialURL(for: url)
        do {
            let queue = try DatabaseQueue(path: partial.path)
            try fill(
                queue, tableName: tableName, geometryTypeName: geometryTypeName, crs: crs, columns: columns, features: features,
                description: description)
            try queue.close()
            // The journals of the file being replaced belong to it alone; SQLite must not apply them to the new one.
            for suffix in ["-journal", "-wal", "-shm"] where fm.fileExists(atPath: url.path + suffix) {
                try fm.removeItem(atPath: url.path + suffix)
            }
            try ByteSink.moveIntoPlace(partial, url)
        } catch {
            for suffix in ["", "-journal"] { try? fm.removeItem(atPath: partial.path + suffix) }
            throw error
        }
    }

    /// The bytes of a new GeoPackage holding one feature layer, made in memory without any file (the
    /// same tables as ``write(to:tableName:geometryTypeName:crs:columns:features:description:)`` writes).
    ///
    /// - Throws: ``GeometryError/unknownCRS(_:)`` when PROJ has no definition for `crs`, GRDB's errors, and
    ///   ``FormatError/sqlite(file:reason:)`` (internal) when SQLite cannot serialize the database.
    /// - Complexity: O(n), where n is the total size of the features.
    public static func data(
        tableName: String, geometryTypeName: String, crs: CRS, columns: [GeoPackageColumn],
        features: some Collection<GeoPackageFeature>, description: String = ""
    ) throws -> Data {
        let queue = try DatabaseQueue()
        try fill(
            queue, tableName: tableName, geometryTypeName: geometryTypeName, crs: crs, columns: columns, features: features,
            description: description)
        return try queue.inDatabase { db in
            var size: sqlite3_int64 = 0
            // sqlite3_serialize copies the main database into memory obtained from sqlite3_malloc64, which the
            // caller frees with sqlite3_free; it returns NULL when out of memory.
            guard let bytes = sqlite3_serialize(db.sqliteConnection, "main", &size, 0) else {
                throw FormatError.sqlite(file: tableName, reason: "sqlite3_serialize failed (out of memory)")
            }
            defer { sqlite3_free(bytes) }
            return Data(bytes: bytes, count: Int(size))
        }
    }

    /// Creates the GeoPackage tables and the feature table in an empty database and fills it: the one
    /// writer behind the file and the in-memory GeoPackage.
    private static func fill(
        _ queue: DatabaseQueue, tableName: String, geometryTypeName: String, crs: CRS,
        columns: [GeoPackageColumn], features: some Collection<GeoPackageFeature>, description: String
    ) throws {
        let definition = try crs.wktDefinition()
        let context = try GEOSContext()
        let srsID = Int32(crs.epsg)
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = \(userVersion)")
            try createCoreTables(db)
            try insertSpatialReferenceSystems(db, crs: crs, name: crs.projName(), definition: definition)
            try db.execute(
                sql: """
                    INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
                    VALUES (?, 'features', ?, ?, ?)
                    """,
                arguments: [tableName, tableName, description, srsID])
            try db.execute(
                sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
                arguments: [tableName, geometryTypeName.uppercased(), srsID])
            let columnSQL = columns.map { ", \(quoted($0.name)) \($0.type.rawValue)" }.joined()
            try db.execute(
                sql: """
                    CREATE TABLE \(quoted(tableName)) (
                      fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                      geom \(geometryTypeName.uppercased())\(columnSQL))
                    """)
            let names = ["fid", "geom"] + columns.map(\.name)
            let insert = try db.makeStatement(
                sql: "INSERT INTO \(quoted(tableName)) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))")
            // The features are read once (they may be made as they are read); the extent follows them.
            var box: BoundingBox?
            for feature in features {
                var values: [(any DatabaseValueConvertible)?] = [feature.id]
                values.append(try feature.geometry.map { Data(try GeoPackageBinary.encode($0, srsID: srsID, context: context)) })
                for column in columns { values.append(feature.properties[column.name].flatMap(databaseValue)) }
                try insert.execute(arguments: StatementArguments(values))
                if let extent = feature.geometry?.boundingBox { box = box?.union(extent) ?? extent }
            }
            try db.execute(
                sql: "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
                arguments: [box?.minX, box?.minY, box?.maxX, box?.maxY, tableName])
        }
    }

    private static func databaseValue(_ value: GeoPackageValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: nil
        case .integer(let i): i
        case .real(let d): d
        case .text(let s): s
        }
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func createCoreTables(_ db: Database) throws {
        // Table definitions as in OGC 12-128 annex C (tables 18, 20, 22).
        try db.execute(
            sql: """
                CREATE TABLE gpkg_spatial_ref_sys (
                  srs_name TEXT NOT NULL,
                  srs_id INTEGER NOT NULL PRIMARY KEY,
                  organization TEXT NOT NULL,
                  organization_coordsys_id INTEGER NOT NULL,
                  definition TEXT NOT NULL,
                  description TEXT);
                CREATE TABLE gpkg_contents (
                  table_name TEXT NOT NULL PRIMARY KEY,
                  data_type TEXT NOT NULL,
                  identifier TEXT UNIQUE,
                  description TEXT DEFAULT '',
                  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
                  srs_id INTEGER,
                  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
                CREATE TABLE gpkg_geometry_columns (
                  table_name TEXT NOT NULL,
                  column_name TEXT NOT NULL,
                  geometry_type_name TEXT NOT NULL,
                  srs_id INTEGER NOT NULL,
                  z TINYINT NOT NULL,
                  m TINYINT NOT NULL,
                  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
                """)
    }

    private static func insertSpatialReferenceSystems(_ db: Database, crs: CRS, name: String, definition: String) throws {
        // The three rows every GeoPackage must hold (requirement 11), then the layer's own CRS.
        let sql = "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)"
        try db.execute(
            sql: sql,
            arguments: ["Undefined Cartesian SRS", -1, "NONE", -1, "undefined", "undefined Cartesian coordinate reference system"])
        try db.execute(
            sql: sql,
            arguments: ["Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"])
        let wgs84 = crs == .wgs84 ? definition : try CRS.wgs84.wktDefinition()
        try db.execute(
            sql: sql,
            arguments: ["WGS 84 geodetic", 4326, "EPSG", 4326, wgs84, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"])
        try db.execute(sql: sql, arguments: [name, crs.epsg, "EPSG", crs.epsg, definition, nil])
    }

    /// SQLite's error while writing, as the formats module's: a file that cannot be created is the
    /// user's to fix, anything else (I/O, memory) SQLite's failure.
    private static func writeFailure(_ error: DatabaseError, _ url: URL) -> FormatError {
        let reason = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: return .unwritable(file: url.path, reason: reason)
        default: return .sqlite(file: url.path, reason: reason)
        }
    }

    // MARK: Reading

    /// The feature layers of a GeoPackage.
    /// - Throws: ``FormatError`` naming the file when it is not a GeoPackage or cannot be read.
    public static func layers(at url: URL) throws -> [GeoPackageLayerInfo] {
        try reading(url) { db, deadline in try layerInfos(db, url, deadline) }
    }

    /// Reads every feature of a layer (the only one when `tableName` is nil).
    ///
    /// A layer that is not an ordinary table (a view, a virtual table) is first counted, and refused when
    /// the count takes longer than ``queryTimeLimitSeconds``: a view without end cannot hang the reader.
    ///
    /// - Throws: ``FormatError`` naming the file when it is not a GeoPackage, is damaged, the layer is
    ///   missing or does not answer in time, or a geometry is malformed.
    /// - Complexity: O(n), where n is the size of the table.
    public static func readLayer(at url: URL, tableName: String? = nil) throws -> GeoPackageLayer {
        let context = try GEOSContext()
        let file = url.lastPathComponent
        return try reading(url) { db, deadline in
            let infos = try layerInfos(db, url, deadline)
            let info: GeoPackageLayerInfo
            if let tableName {
                guard let match = infos.first(where: { $0.tableName.lowercased() == tableName.lowercased() }) else {
                    throw FormatError.noSuchLayer(file: file, layer: tableName, layers: infos.map(\.tableName))
                }
                info = match
            } else {
                guard infos.count == 1, let only = infos.first else {
                    throw FormatError.ambiguousLayer(file: file, layers: infos.map(\.tableName))
                }
                info = only
            }
            do {
                return try readFeatures(of: info, db, deadline, url: url, context: context)
            } catch let error as DatabaseError {
                throw readFailure(error, url, layer: info.tableName)
            }
        }
    }

    private static func readFeatures(
        of info: GeoPackageLayerInfo, _ db: Database, _ deadline: QueryDeadline, url: URL, context: GEOSContext
    ) throws -> GeoPackageLayer {
        let file = url.lastPathComponent
        let table = quoted(info.tableName)
        deadline.restart()
        let schema = try Row.fetchOne(
            db, sql: "SELECT type, sql FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE",
            arguments: [info.tableName])
        guard let schema else {
            throw FormatError.unreadableGeoPackage(
                file: file,
                reason: Phrase(
                    "gpkg_contents noemt laag '\(info.tableName)', maar die tabel ontbreekt",
                    "gpkg_contents lists layer '\(info.tableName)', but that table is missing"))
        }
        let type: String = try field(schema, "type", of: "sqlite_master", file: file)
        let sql: String? = try field(schema, "sql", of: "sqlite_master", file: file)
        if type != "table" || (sql ?? "").uppercased().hasPrefix("CREATE VIRTUAL") {
            // Its rows are computed: only a layer whose rows can all be counted in time is read.
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
        }
        var columns: [GeoPackageColumn] = []
        var primaryKey = "fid"
        deadline.restart()
        for row in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))") {
            let name: String = try field(row, "name", of: "table_info", file: file)
            let type = (try field(row, "type", of: "table_info", file: file) as String? ?? "").uppercased()
            if try field(row, "pk", of: "table_info", file: file) as Int > 0 {
                primaryKey = name
                continue
            }
            if name.lowercased() == info.geometryColumn.lowercased() { continue }
            let columnType: GeoPackageColumnType =
                type.contains("INT") || type == "BOOLEAN" ? .integer
                : ["REAL", "DOUBLE", "FLOAT"].contains(where: type.contains) ? .real : .text
            columns.append(GeoPackageColumn(name, columnType))
        }
        var features: [GeoPackageFeature] = []
        deadline.restart()
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(table)")
        while let row = try cursor.next() {
            let id: DatabaseValue = row[primaryKey]
            var feature = GeoPackageFeature(id: Int64.fromDatabaseValue(id), geometry: nil)
            let geometry: DatabaseValue = row[info.geometryColumn]
            switch geometry.storage {
            case .null:
                break
            case .blob(let blob):
                do {
                    feature.geometry = try GeoPackageBinary.decode([UInt8](blob), context: context)
                } catch {
                    let reason =
                        switch error {
                        case FormatError.invalidGeometryBlob(let reason): reason
                        case GeometryError.geos(let detail): Phrase("ongeldige WKB (GEOS: \(detail))", "invalid WKB (GEOS: \(detail))")
                        default: Phrase("ongeldige WKB: " + Phrase(error).nl, "invalid WKB: " + Phrase(error).en)
                        }
                    throw FormatError.invalidGeometry(file: file, layer: info.tableName, feature: feature.id ?? 0, reason: reason)
                }
                if let bad = feature.geometry?.allCoordinates.first(where: { !$0.x.isFinite || !$0.y.isFinite }) {
                    throw FormatError.invalidGeometry(
                        file: file, layer: info.tableName, feature: feature.id ?? 0,
                        reason: Phrase(
                            "coördinaat (\(bad.x), \(bad.y)) is geen eindig getal", "coordinate (\(bad.x), \(bad.y)) is not a finite number"))
                }
            case .int64, .double, .string:
                throw FormatError.invalidGeometry(
                    file: file, layer: info.tableName, feature: feature.id ?? 0,
                    reason: Phrase(
                        "de geometrie is \(geometry.kindPhrase.nl), geen GeoPackage-blob",
                        "the geometry is \(geometry.kindPhrase.en), not a GeoPackage blob"))
            }
            for column in columns {
                let value: DatabaseValue = row[column.name]
                feature.properties[column.name] =
                    switch value.storage {
                    case .null: .null
                    case .int64(let i): .integer(i)
                    case .double(let d): .real(d)
                    case .string(let s): .text(s)
                    case .blob(let data): .text(data.base64EncodedString())
                    }
            }
            features.append(feature)
            deadline.restart()
        }
        return GeoPackageLayer(info: info, columns: columns, features: features)
    }

    private static func layerInfos(_ db: Database, _ url: URL, _ deadline: QueryDeadline) throws -> [GeoPackageLayerInfo] {
        deadline.restart()
        for table in ["gpkg_contents", "gpkg_geometry_columns"] where try !db.tableExists(table) {
            throw FormatError.notGeoPackage(
                file: url.lastPathComponent, reason: Phrase("tabel \(table) ontbreekt", "table \(table) is missing"))
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.table_name, c.identifier, c.min_x, c.min_y, c.max_x, c.max_y,
                       g.column_name, g.geometry_type_name, g.srs_id, s.organization, s.organization_coordsys_id
                FROM gpkg_contents c
                JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
                WHERE c.data_type = 'features'
                ORDER BY c.table_name
                """)
        let file = url.lastPathComponent
        guard !rows.isEmpty else { throw FormatError.noFeatureLayer(file: file) }
        return try rows.map { row in
            func contents<T: DatabaseValueConvertible>(_ column: String) throws -> T {
                try field(row, column, of: "gpkg_contents", file: file)
            }
            func geometryColumns<T: DatabaseValueConvertible>(_ column: String) throws -> T {
                try field(row, column, of: "gpkg_geometry_columns", file: file)
            }
            func spatialRefSys<T: DatabaseValueConvertible>(_ column: String) throws -> T {
                try field(row, column, of: "gpkg_spatial_ref_sys", file: file)
            }
            let organization = (try spatialRefSys("organization") as String?)?.uppercased()
            let code: Int? = try spatialRefSys("organization_coordsys_id")
            let corners: [Double?] = try ["min_x", "min_y", "max_x", "max_y"].map { try contents($0) }
            let box: BoundingBox? =
                if let minX = corners[0], let minY = corners[1], let maxX = corners[2], let maxY = corners[3] {
                    BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
                } else { nil }
            return GeoPackageLayerInfo(
                tableName: try contents("table_name"), identifier: try contents("identifier"),
                geometryColumn: try geometryColumns("column_name"), geometryTypeName: try geometryColumns("geometry_type_name"),
                srsID: try geometryColumns("srs_id"),
                crs: organization == "EPSG" && (code ?? 0) > 0 ? code.map { CRS(epsg: $0) } : nil,
                boundingBox: box)
        }
    }
}
