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
    /// ISO 8601 text in UTC, `YYYY-MM-DDTHH:MM:SS.SSSZ` (OGC 12-128 table 1); GDAL and QGIS read it as
    /// a date-time. Values are given as ``GeoPackageValue/text(_:)``.
    case dateTime = "DATETIME"
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

/// One feature table to write: its name, geometry type, columns and features.
public struct GeoPackageTable {
    /// The table (and layer) name.
    public var name: String
    /// The OGC type of every geometry, e.g. `POINT`.
    public var geometryTypeName: String
    /// The attribute columns, in order; feature properties missing a column are NULL.
    public var columns: [GeoPackageColumn]
    /// Read once, in order: a collection that makes its features as they are read (a heatmap grid's cells)
    /// is never held whole.
    public var features: any Collection<GeoPackageFeature>
    /// `gpkg_contents.description`.
    public var description: String

    public init(
        name: String, geometryTypeName: String, columns: [GeoPackageColumn],
        features: some Collection<GeoPackageFeature>, description: String = ""
    ) {
        self.name = name
        self.geometryTypeName = geometryTypeName
        self.columns = columns
        self.features = features
        self.description = description
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

    /// Writes one feature layer to a new GeoPackage, replacing any file at `url`; see
    /// ``write(to:crs:tables:)``.
    public static func write(
        to url: URL, tableName: String, geometryTypeName: String, crs: CRS,
        columns: [GeoPackageColumn], features: some Collection<GeoPackageFeature>, description: String = ""
    ) throws {
        try write(
            to: url, crs: crs,
            tables: [
                GeoPackageTable(
                    name: tableName, geometryTypeName: geometryTypeName, columns: columns, features: features,
                    description: description)
            ])
    }

    /// Writes feature layers in one CRS to a new GeoPackage, replacing any file at `url`. Every layer gets
    /// an R-tree spatial index (the `gpkg_rtree_index` extension, registered in `gpkg_extensions`, with
    /// the triggers that keep it current when QGIS edits the layer). The file appears whole or not at all:
    /// SQLite writes a hidden file beside it (``ByteSink/partialURL(for:)``), which is renamed to `url`
    /// once closed and removed when anything fails.
    ///
    /// - Parameters:
    ///   - url: the `.gpkg` file to create.
    ///   - crs: the CRS of the geometries (e.g. ``CRS/wgs84`` or ``CRS/rdNew``).
    ///   - tables: the layers, in order; names must differ.
    /// - Throws: ``GeometryError/unknownCRS(_:)`` when PROJ has no definition for `crs`,
    ///   ``FormatError/unwritable(file:reason:)`` when the file cannot be created, ``FormatError/sqlite(file:reason:)``
    ///   when SQLite fails while writing.
    /// - Complexity: O(n log n), where n is the total size of the features (the R-tree inserts).
    public static func write(to url: URL, crs: CRS, tables: [GeoPackageTable]) throws {
        do {
            try writeLayers(to: url, crs: crs, tables: tables)
        } catch let error as DatabaseError {
            throw writeFailure(error, url)
        }
    }

    private static func writeLayers(to url: URL, crs: CRS, tables: [GeoPackageTable]) throws {
        let fm = FileManager.default
        let partial = ByteSink.partialURL(for: url)
        do {
            let queue = try DatabaseQueue(path: partial.path)
            try fill(queue, crs: crs, tables: tables)
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

    /// The bytes of a new GeoPackage holding one feature layer; see ``data(crs:tables:)``.
    public static func data(
        tableName: String, geometryTypeName: String, crs: CRS, columns: [GeoPackageColumn],
        features: some Collection<GeoPackageFeature>, description: String = ""
    ) throws -> Data {
        try data(
            crs: crs,
            tables: [
                GeoPackageTable(
                    name: tableName, geometryTypeName: geometryTypeName, columns: columns, features: features,
                    description: description)
            ])
    }

    /// The bytes of a new GeoPackage, made in memory without any file (the same tables as
    /// ``write(to:crs:tables:)`` writes).
    ///
    /// - Throws: ``GeometryError/unknownCRS(_:)`` when PROJ has no definition for `crs`, GRDB's errors, and
    ///   ``FormatError/sqlite(file:reason:)`` (internal) when SQLite cannot serialize the database.
    /// - Complexity: O(n log n), where n is the total size of the features.
    public static func data(crs: CRS, tables: [GeoPackageTable]) throws -> Data {
        let queue = try DatabaseQueue()
        try fill(queue, crs: crs, tables: tables)
        return try queue.inDatabase { db in
            var size: sqlite3_int64 = 0
            // sqlite3_serialize copies the main database into memory obtained from sqlite3_malloc64, which the
            // caller frees with sqlite3_free; it returns NULL when out of memory.
            guard let bytes = sqlite3_serialize(db.sqliteConnection, "main", &size, 0) else {
                throw FormatError.sqlite(file: tables.first?.name ?? "gpkg", reason: "sqlite3_serialize failed (out of memory)")
            }
            defer { sqlite3_free(bytes) }
            return Data(bytes: bytes, count: Int(size))
        }
    }

    /// Creates the GeoPackage tables and the feature tables in an empty database and fills them: the one
    /// writer behind the file and the in-memory GeoPackage.
    private static func fill(_ queue: DatabaseQueue, crs: CRS, tables: [GeoPackageTable]) throws {
        let definition = try crs.wktDefinition()
        let context = try GEOSContext()
        let srsID = Int32(crs.epsg)
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = \(userVersion)")
            try createCoreTables(db)
            try insertSpatialReferenceSystems(db, crs: crs, name: crs.projName(), definition: definition)
            for table in tables {
                try fillTable(db, table, srsID: srsID, context: context)
            }
        }
    }

    private static func fillTable(_ db: Database, _ table: GeoPackageTable, srsID: Int32, context: GEOSContext) throws {
        let tableName = table.name
        let geometryTypeName = table.geometryTypeName.uppercased()
        try db.execute(
            sql: """
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
                VALUES (?, 'features', ?, ?, ?)
                """,
            arguments: [tableName, tableName, table.description, srsID])
        try db.execute(
            sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
            arguments: [tableName, geometryTypeName, srsID])
        let columnSQL = table.columns.map { ", \(quoted($0.name)) \($0.type.rawValue)" }.joined()
        try db.execute(
            sql: """
                CREATE TABLE \(quoted(tableName)) (
                  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                  geom \(geometryTypeName)\(columnSQL))
                """)
        let index = quoted("rtree_\(tableName)_geom")
        try db.execute(sql: "CREATE VIRTUAL TABLE \(index) USING rtree(id, minx, maxx, miny, maxy)")
        let names = ["fid", "geom"] + table.columns.map(\.name)
        let insert = try db.makeStatement(
            sql: "INSERT INTO \(quoted(tableName)) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))")
        let insertIndex = try db.makeStatement(sql: "INSERT INTO \(index) VALUES (?, ?, ?, ?, ?)")
        // The features are read once (they may be made as they are read); the extent follows them.
        var box: BoundingBox?
        for feature in table.features {
            var values: [(any DatabaseValueConvertible)?] = [feature.id]
            values.append(try feature.geometry.map { Data(try GeoPackageBinary.encode($0, srsID: srsID, context: context)) })
            for column in table.columns {
                values.append(feature.properties[column.name].flatMap { databaseValue($0, column.type) })
            }
            try insert.execute(arguments: StatementArguments(values))
            // The index holds the envelope of every non-empty geometry under its feature id (F.3).
            if let envelope = feature.geometry?.boundingBox {
                try insertIndex.execute(
                    arguments: [db.lastInsertedRowID, envelope.minX, envelope.maxX, envelope.minY, envelope.maxY])
                box = box?.union(envelope) ?? envelope
            }
        }
        try db.execute(
            sql: "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
            arguments: [box?.minX, box?.minY, box?.maxX, box?.maxY, tableName])
        try registerSpatialIndex(db, tableName: tableName)
    }

    /// Registers the R-tree of `tableName`'s `geom` column in `gpkg_extensions` and adds the triggers of
    /// OGC 12-128 annex F.3 that keep it current on later edits (they call the `ST_` functions that
    /// GeoPackage readers such as GDAL provide; this writer fills the index itself).
    private static func registerSpatialIndex(_ db: Database, tableName: String) throws {
        try db.execute(
            sql: """
                INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)
                VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')
                """,
            arguments: [tableName])
        let t = quoted(tableName)
        let r = quoted("rtree_\(tableName)_geom")
        let name = { (suffix: String) in quoted("rtree_\(tableName)_geom_\(suffix)") }
        let values = "VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom))"
        try db.execute(
            sql: """
                CREATE TRIGGER \(name("insert")) AFTER INSERT ON \(t)
                  WHEN (NEW.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
                BEGIN INSERT OR REPLACE INTO \(r) \(values); END;
                CREATE TRIGGER \(name("update1")) AFTER UPDATE OF geom ON \(t)
                  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
                BEGIN INSERT OR REPLACE INTO \(r) \(values); END;
                CREATE TRIGGER \(name("update2")) AFTER UPDATE OF geom ON \(t)
                  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
                BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
                CREATE TRIGGER \(name("update3")) AFTER UPDATE ON \(t)
                  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
                BEGIN DELETE FROM \(r) WHERE id = OLD.fid; INSERT OR REPLACE INTO \(r) \(values); END;
                CREATE TRIGGER \(name("update4")) AFTER UPDATE ON \(t)
                  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
                BEGIN DELETE FROM \(r) WHERE id IN (OLD.fid, NEW.fid); END;
                CREATE TRIGGER \(name("delete")) AFTER DELETE ON \(t)
                  WHEN OLD.geom NOT NULL
                BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
                """)
    }

    private static func databaseValue(_ value: GeoPackageValue, _ type: GeoPackageColumnType) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: nil
        case .integer(let i): i
        case .real(let d): d
        case .text(let s): type == .dateTime ? geoPackageDateTime(s) : s
        }
    }

    /// `2025-09-20T17:30:00Z` → `2025-09-20T17:30:00.000Z`, the form OGC 12-128 gives for DATETIME;
    /// other text is kept as it is.
    static func geoPackageDateTime(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "Z") else { return text }
        return String(text.dropLast()) + ".000Z"
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func createCoreTables(_ db: Database) throws {
        // Table definitions as in OGC 12-128 annex C (tables 18, 20, 22, and 24 for the extensions).
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
                CREATE TABLE gpkg_extensions (
                  table_name TEXT,
                  column_name TEXT,
                  extension_name TEXT NOT NULL,
                  definition TEXT NOT NULL,
                  scope TEXT NOT NULL,
                  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
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

    /// The tables whose geometry column has an R-tree spatial index registered in `gpkg_extensions`
    /// (`gpkg_rtree_index`) and present as a table; empty when the file has no extensions table.
    /// - Throws: ``FormatError`` naming the file when it is not a GeoPackage or cannot be read.
    public static func spatiallyIndexedTables(at url: URL) throws -> Set<String> {
        try reading(url) { db, _ in
            guard try db.tableExists("gpkg_extensions") else { return [] }
            let rows = try Row.fetchAll(
                db, sql: "SELECT table_name, column_name FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'")
            return Set(try rows.compactMap { row -> String? in
                guard let table: String = row["table_name"], let column: String = row["column_name"] else { return nil }
                return try db.tableExists("rtree_\(table)_\(column)") ? table : nil
            })
        }
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
                : ["REAL", "DOUBLE", "FLOAT"].contains(where: type.contains) ? .real
                : type == "DATETIME" ? .dateTime : .text
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
