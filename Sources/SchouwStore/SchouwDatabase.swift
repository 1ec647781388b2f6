import Foundation
import GRDB
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// The schouw database: one SQLite file (WAL) holding the schouw, its groups and plan, the taxonomy
/// and every observation with photos and status history.
///
/// A `Sendable` value: share it between tasks; several processes may write the same file at once
/// (each write waits up to ``busyTimeoutSeconds`` for the others).
public struct SchouwDatabase: Sendable {
    /// The connection (a `DatabasePool` for files, a `DatabaseQueue` in memory).
    public let writer: any DatabaseWriter
    /// PBKDF2 iterations for access codes issued or re-hashed through this value; a code stored with
    /// fewer is stored again at its next login. Lower it only in tests (fewer is weaker).
    public var accessCodeIterations = AccessCodeHash.iterations
    /// The folder that holds the database file and its `photos/` folder; nil in memory.
    public let folder: URL?
    /// The database file's path; nil in memory.
    public var path: String? { folder == nil ? nil : writer.path }

    public static let busyTimeoutSeconds: TimeInterval = 10

    /// Opens an existing schouw database file, migrating it to the current schema.
    /// - Throws: ``StoreError/noDatabase(_:)`` when there is no file or it is not a schouw database,
    ///   ``StoreError/cannotOpen(_:reason:)`` when SQLite cannot open it (not SQLite, no permission).
    public static func open(at url: URL) throws -> SchouwDatabase {
        // A server URL given where only a file is taken yet (serve, purge, the Signalen export, …) reaches here as a
        // file path: say so instead of "no schouw database".
        if let start = url.path.range(of: "postgres://") ?? url.path.range(of: "postgresql://") {
            throw StoreError.fileOnly(String(url.path[start.lowerBound...]))
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw StoreError.noDatabase(url.path)
        }
        let db = try connect(url)
        guard try db.writer.read({ try $0.tableExists(SchouwRecord.databaseTableName) && SchouwRecord.fetchCount($0) == 1 }) else {
            throw StoreError.noDatabase(url.path)
        }
        return db
    }

    /// Creates a new database file holding `schouw`.
    /// - Throws: ``StoreError/databaseExists(_:)`` when the file exists.
    public static func create(at url: URL, schouw: SchouwDefinition) throws -> SchouwDatabase {
        guard !FileManager.default.fileExists(atPath: url.path) else { throw StoreError.databaseExists(url.path) }
        let db = try connect(url)
        try db.createSchouw(schouw)
        return db
    }

    /// An in-memory database for tests, optionally already holding a schouw.
    public static func inMemory(schouw: SchouwDefinition? = nil) throws -> SchouwDatabase {
        let queue = try wrapping { try DatabaseQueue(configuration: configuration) }
        let db = SchouwDatabase(writer: queue, folder: nil)
        try db.migrate()
        if let schouw { try db.createSchouw(schouw) }
        return db
    }

    private static func connect(_ url: URL) throws -> SchouwDatabase {
        do {
            let pool = try DatabasePool(path: url.path, configuration: configuration)
            let db = SchouwDatabase(writer: pool, folder: url.deletingLastPathComponent())
            try Self.migrator.migrate(pool)
            return db
        } catch let error as DatabaseError {
            // The file given is not one SQLite can use: the user's input, not SQLite's failure.
            switch error.resultCode.primaryResultCode {
            case .SQLITE_NOTADB, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
                throw StoreError.cannotOpen(url.path, reason: error.message ?? "\(error.resultCode)")
            default:
                throw wrapped(error)
            }
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        configuration.foreignKeysEnabled = true
        return configuration
    }

    /// Runs a GRDB call, turning SQLite failures into ``StoreError/library(_:)``.
    static func wrapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw wrapped(error)
        }
    }

    static func wrapped(_ error: DatabaseError) -> StoreError {
        .library("SQLite: \(error.message ?? error.description) (code \(error.resultCode.rawValue))")
    }

    // MARK: Schema

    /// Named migrations; a released migration is never edited, later changes get a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: schouw, groups, plan, observations, photos, status history") { db in
            try db.create(table: "schouw") { t in
                t.column("id", .integer).primaryKey().check { $0 == 1 }
                t.column("name", .text).notNull()
                t.column("date", .text).notNull()
                t.column("area_code", .text)
                t.column("area_name", .text)
                t.column("area_wkb_rd", .blob)
                t.column("taxonomy_json", .text).notNull()
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "groups") { t in
                t.column("name", .text).primaryKey()
                t.column("position", .integer).notNull()
            }
            try db.create(table: "route") { t in
                t.column("group_name", .text).primaryKey().references("groups", onDelete: .cascade)
                t.column("line_geojson", .text).notNull()
                t.column("length_m", .double).notNull()
                t.column("minutes", .double).notNull()
            }
            try db.create(table: "checkpoint") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("group_name", .text).notNull().references("groups", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("street", .text)
                t.column("lon", .double).notNull()
                t.column("lat", .double).notNull()
                t.column("rd_x", .double).notNull()
                t.column("rd_y", .double).notNull()
                t.uniqueKey(["group_name", "number"])
            }
            try db.create(table: "observation") { t in
                t.column("id", .text).primaryKey()
                t.column("group_name", .text)
                t.column("walker", .text)
                t.column("observed_at", .text)
                t.column("entered_at", .text).notNull()
                t.column("category", .text).notNull()
                t.column("subcategory", .text)
                t.column("level", .text)
                t.column("text", .text).notNull()
                t.column("lon", .double).notNull()
                t.column("lat", .double).notNull()
                t.column("rd_x", .double).notNull()
                t.column("rd_y", .double).notNull()
                t.column("location_source", .text).notNull()
                t.column("street", .text)
                t.column("checkpoint", .integer)
                t.column("buurt_code", .text)
                t.column("status", .text).notNull()
                t.column("owner", .text)
                t.column("deleted_at", .text)
                t.column("source_file", .text)
                t.column("source_line", .integer)
            }
            try db.create(index: "observation_category", on: "observation", columns: ["category"])
            try db.create(index: "observation_status", on: "observation", columns: ["status"])
            try db.create(index: "observation_group", on: "observation", columns: ["group_name"])
            try db.create(table: "observation_photo") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("observation_id", .text).notNull().indexed().references("observation", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("sha256", .text).notNull()
                t.column("file_name", .text).notNull()
                t.column("original_name", .text).notNull()
                t.column("taken_at", .text)
                t.column("lon", .double)
                t.column("lat", .double)
            }
            try db.create(table: "status_history") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("observation_id", .text).notNull().indexed().references("observation", onDelete: .cascade)
                t.column("from_status", .text)
                t.column("to_status", .text).notNull()
                t.column("owner", .text)
                t.column("note", .text)
                t.column("changed_at", .text).notNull()
            }
        }
        migrator.registerMigration("v2: street segments of the plan, access codes") { db in
            try db.create(table: "street") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text)
                t.column("highway", .text)
                t.column("line_geojson", .text).notNull()
                t.column("length_m", .double).notNull()
            }
            try db.create(table: "access_code") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("group_name", .text).unique()
                t.column("salt", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("created_at", .text).notNull()
            }
        }
        migrator.registerMigration("v3: short ids (A-12) of observations") { db in
            try db.alter(table: "observation") { t in t.add(column: "short_id", .text) }
            // Earlier findings get their numbers in the order they were entered.
            var counter = try ShortIDCounter(db)
            let rows = try Row.fetchAll(db, sql: "SELECT id, group_name FROM observation ORDER BY entered_at, rowid")
            for row in rows {
                let group: String? = row[1]
                try db.execute(sql: "UPDATE observation SET short_id = ? WHERE id = ?", arguments: [counter.next(group: group), row[0] as String])
            }
            try db.create(index: "observation_short_id", on: "observation", columns: ["short_id"], unique: true)
        }
        migrator.registerMigration("v4: the schouw's quality scale") { db in
            try db.alter(table: "schouw") { t in t.add(column: "level_scale", .text) }
            // The scale the stored findings use: CROW unless they use the simple scale's codes, none
            // when they mix both (such a schouw keeps accepting both).
            try db.execute(
                sql: """
                    UPDATE schouw SET level_scale = CASE
                        WHEN NOT EXISTS (SELECT 1 FROM observation WHERE level IN ('goed', 'slecht')) THEN 'crow'
                        WHEN NOT EXISTS (SELECT 1 FROM observation WHERE level IS NOT NULL AND level NOT IN ('goed', 'slecht', 'plus')) THEN 'simple'
                        END
                    """)
        }
        migrator.registerMigration("v5: access codes in one self-describing hash column (PBKDF2 from the next login on)") { db in
            // Old rows keep their salted SHA-256 as `salted-sha256$SALT$HASH`; the first login with such a
            // code stores it again as PBKDF2 (SchouwDatabase.role(forAccessCode:)).
            try db.execute(sql: """
                CREATE TABLE access_code_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, group_name TEXT UNIQUE, hash TEXT NOT NULL, created_at TEXT NOT NULL);
                INSERT INTO access_code_new (id, group_name, hash, created_at)
                    SELECT id, group_name, 'salted-sha256$' || salt || '$' || sha256, created_at FROM access_code;
                DROP TABLE access_code;
                ALTER TABLE access_code_new RENAME TO access_code;
                """)
        }
        migrator.registerMigration("v6: web sessions in the database") { db in
            // `schouw serve`'s sessions, so a restart keeps walkers logged in. The cookie's id is never
            // stored, only its SHA-256; times are Unix seconds (SchouwDatabase+WebSessions.swift).
            try db.execute(sql: """
                CREATE TABLE web_session (
                    id_sha256 TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('organizer', 'group')),
                    group_name TEXT CHECK ((role = 'group') = (group_name IS NOT NULL)),
                    csrf_token TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    expires_at REAL NOT NULL);
                CREATE INDEX web_session_expires ON web_session (expires_at);
                CREATE INDEX web_session_last_seen ON web_session (last_seen);
                """)
        }
        migrator.registerMigration("v7: actions with partners") { db in
            try db.create(table: "action") { t in
                t.column("id", .text).primaryKey()
                t.column("number", .integer).notNull().unique()
                t.column("what", .text).notNull()
                t.column("partner_kind", .text).notNull()
                t.column("partner_name", .text)
                t.column("department", .text)
                t.column("due_date", .text)
                t.column("status", .text).notNull()
                t.column("status_date", .text).notNull()
                t.column("note", .text)
                t.column("created_at", .text).notNull()
                t.column("after_photo", .text)
            }
            try db.create(table: "action_history") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("action_id", .text).notNull().indexed().references("action", onDelete: .cascade)
                t.column("from_status", .text)
                t.column("to_status", .text).notNull()
                t.column("status_date", .text).notNull()
                t.column("note", .text)
                t.column("changed_at", .text).notNull()
            }
            // Several findings may share one action (three reports of one broken lamp), and a finding may
            // lead to several actions.
            try db.create(table: "action_finding") { t in
                t.column("action_id", .text).notNull().references("action", onDelete: .cascade)
                t.column("observation_id", .text).notNull().indexed().references("observation", onDelete: .cascade)
                t.primaryKey(["action_id", "observation_id"])
            }
        }
        return migrator
    }

    func migrate() throws {
        try Self.wrapping { try Self.migrator.migrate(writer) }
    }

    // MARK: The schouw

    private func createSchouw(_ definition: SchouwDefinition) throws {
        guard definition.taxonomy.levels[definition.scale] != nil else {
            throw StoreError.invalidInput([
                InputIssue(
                    field: "--scale", value: definition.scale,
                    reason: .unknownScale(scales: definition.taxonomy.levels.keys.sorted()))
            ])
        }
        let taxonomyData = definition.taxonomy.json.jsonData
        let areaWKB: Data? = try definition.area.map { area in
            let context = try GEOSContext()
            return Data(try context.wkb(area.polygonRD))
        }
        var record = SchouwRecord(
            name: definition.name, date: definition.date, areaCode: definition.area?.code, areaName: definition.area?.name,
            areaWKB: areaWKB, taxonomyJSON: String(decoding: taxonomyData, as: UTF8.self), createdAt: Timestamps.now(),
            levelScale: definition.scale)
        try Self.wrapping { try writer.write { try record.insert($0) } }
    }

    /// The schouw's record.
    public func schouw() throws -> SchouwRecord {
        try Self.wrapping {
            try writer.read { db in
                guard let record = try SchouwRecord.fetchOne(db) else { throw StoreError.noDatabase("database") }
                return record
            }
        }
    }

    /// The schouw's taxonomy.
    public func taxonomy() throws -> Taxonomy {
        try Self.taxonomy(of: schouw())
    }

    static func taxonomy(of record: SchouwRecord) throws -> Taxonomy {
        do {
            return try Taxonomy(json: JSONValue.read(Data(record.taxonomyJSON.utf8)))
        } catch {
            throw StoreError.library("the stored taxonomy does not decode: \(error)")
        }
    }

    // MARK: The plan

    /// Stores the walking plan, replacing any earlier plan: groups, their routes and checkpoints, and
    /// the street segments the route map draws.
    ///
    /// Observations keep their group names and checkpoint numbers when a plan is replaced.
    /// - Throws: ``StoreError/library(_:)`` when PROJ or SQLite fails.
    public func savePlan(_ groups: [PlanGroup], streets: [PlanStreet] = []) throws {
        let allPoints = groups.flatMap { $0.checkpoints.map(\.coordinate) }
        let rd = try Self.wrapping { try CoordinateTransforms.transform(allPoints, from: .wgs84, to: .rdNew) }
        try Self.wrapping {
            try writer.write { db in
                try CheckpointRecord.deleteAll(db)
                try RouteRecord.deleteAll(db)
                try GroupRecord.deleteAll(db)
                try db.execute(sql: "DELETE FROM street")
                for street in streets {
                    try db.execute(
                        sql: "INSERT INTO street (name, highway, line_geojson, length_m) VALUES (?, ?, ?, ?)",
                        arguments: [street.name, street.highway, Self.lineStringGeoJSON(street.line), street.lengthMeters])
                }
                var index = 0
                for (position, group) in groups.enumerated() {
                    var groupRecord = GroupRecord(name: group.name, position: position)
                    try groupRecord.insert(db)
                    var route = RouteRecord(
                        groupName: group.name, lineGeoJSON: Self.lineStringGeoJSON(group.line),
                        lengthMeters: group.lengthMeters, minutes: group.minutes)
                    try route.insert(db)
                    for checkpoint in group.checkpoints {
                        var record = CheckpointRecord(
                            groupName: group.name, number: checkpoint.number, street: checkpoint.street,
                            lon: checkpoint.coordinate.longitude, lat: checkpoint.coordinate.latitude,
                            rdX: rd[index].x, rdY: rd[index].y)
                        index += 1
                        try record.insert(db)
                    }
                }
            }
        }
    }

    /// The stored plan, group by group.
    public func plan() throws -> [PlanGroup] {
        try Self.wrapping {
            try writer.read { db in
                let routes = Dictionary(uniqueKeysWithValues: try RouteRecord.fetchAll(db).map { ($0.groupName, $0) })
                let checkpoints = Dictionary(grouping: try CheckpointRecord.order(CheckpointRecord.Columns.number).fetchAll(db), by: \.groupName)
                return try GroupRecord.order(GroupRecord.Columns.position).fetchAll(db).map { group in
                    let route = routes[group.name]
                    return PlanGroup(
                        name: group.name,
                        line: try route.map { try Self.lineStringCoordinates($0.lineGeoJSON, owner: "the route of \(group.name)") } ?? [],
                        lengthMeters: route?.lengthMeters ?? 0, minutes: route?.minutes ?? 0,
                        checkpoints: (checkpoints[group.name] ?? []).map {
                            PlanCheckpoint(number: $0.number, street: $0.street, coordinate: Coordinate(longitude: $0.lon, latitude: $0.lat))
                        })
                }
            }
        }
    }

    /// The street segments stored with the plan, in the order saved.
    public func streets() throws -> [PlanStreet] {
        try Self.wrapping {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, highway, line_geojson, length_m FROM street ORDER BY id").map { row in
                    let id: Int64 = row[0]
                    return PlanStreet(
                        name: row[1], highway: row[2], line: try Self.lineStringCoordinates(row[3], owner: "street \(id)"),
                        lengthMeters: row[4])
                }
            }
        }
    }

    /// `{"type":"LineString","coordinates":[[lon,lat],…]}` with 7 decimals (about 1 cm), written by the
    /// GeoJSON writer that writes every other GeoJSON.
    static func lineStringGeoJSON(_ coordinates: [Coordinate]) -> String {
        String(GeoJSONWriter().string(.geometry(.lineString(LineString(coordinates)))).dropLast())
    }

    /// The coordinates of a stored LineString, read by the GeoJSON reader.
    /// - Parameter owner: what the line belongs to, for the message (e.g. "street 12").
    /// - Throws: ``StoreError/library(_:)`` when the stored value is not a GeoJSON LineString: a
    ///   damaged database is an error, never an empty line.
    static func lineStringCoordinates(_ geoJSON: String, owner: String) throws -> [Coordinate] {
        let document: GeoJSONDocument
        do {
            document = try GeoJSON.read(data: Data(geoJSON.utf8), fileName: owner)
        } catch {
            throw StoreError.library("the stored line of \(owner) cannot be read: \(error)")
        }
        guard case .geometry(.lineString(let line), _) = document else {
            throw StoreError.library("the stored line of \(owner) is not a GeoJSON LineString")
        }
        return line.coordinates
    }
}

/// What `schouw init` needs to create a database.
public struct SchouwDefinition: Sendable {
    public var name: String
    /// `yyyy-MM-dd`.
    public var date: String
    public var area: SchouwArea?
    public var taxonomy: Taxonomy
    /// The quality scale of the taxonomy that findings are stored on.
    public var scale: String

    /// - Parameter scale: a scale of `taxonomy`; by default `crow` when it has one, else its first by name.
    public init(name: String, date: String, area: SchouwArea? = nil, taxonomy: Taxonomy = .standard, scale: String? = nil) {
        self.name = name
        self.date = date
        self.area = area
        self.taxonomy = taxonomy
        self.scale = scale ?? (taxonomy.levels["crow"] != nil ? "crow" : taxonomy.levels.keys.sorted().first ?? "crow")
    }
}

/// The buurt a schouw covers.
public struct SchouwArea: Sendable, Hashable {
    public var code: String
    public var name: String?
    /// The area in RD New (EPSG:28992).
    public var polygonRD: Geometry

    public init(code: String, name: String?, polygonRD: Geometry) {
        self.code = code
        self.name = name
        self.polygonRD = polygonRD
    }
}

/// One group of the plan, as the route planner hands it over.
public struct PlanGroup: Sendable, Hashable {
    public var name: String
    /// The walk in WGS84, in walking order.
    public var line: [Coordinate]
    public var lengthMeters: Double
    public var minutes: Double
    public var checkpoints: [PlanCheckpoint]

    public init(name: String, line: [Coordinate], lengthMeters: Double, minutes: Double, checkpoints: [PlanCheckpoint]) {
        self.name = name
        self.line = line
        self.lengthMeters = lengthMeters
        self.minutes = minutes
        self.checkpoints = checkpoints
    }
}

/// A street segment (junction to junction) near the planned walks, kept so the route map can be drawn
/// from the database alone.
public struct PlanStreet: Sendable, Hashable {
    public var name: String?
    /// The OSM highway type, e.g. `residential`.
    public var highway: String?
    /// WGS84.
    public var line: [Coordinate]
    public var lengthMeters: Double

    public init(name: String?, highway: String?, line: [Coordinate], lengthMeters: Double) {
        self.name = name
        self.highway = highway
        self.line = line
        self.lengthMeters = lengthMeters
    }
}

/// A numbered checkpoint on a route sheet.
public struct PlanCheckpoint: Sendable, Hashable {
    public var number: Int
    public var street: String?
    /// WGS84.
    public var coordinate: Coordinate

    public init(number: Int, street: String?, coordinate: Coordinate) {
        self.number = number
        self.street = street
        self.coordinate = coordinate
    }
}

/// Fixed 7-decimal formatting with trailing zeros trimmed, fast enough for bulk export.
enum Decimal7 {
    static func format(_ value: Double) -> String {
        var text = String(format: "%.7f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

extension SchouwDatabase {
    /// SQLite's `PRAGMA integrity_check`: "ok" for a sound file, else the problems found.
    public func integrityCheck() throws -> String {
        try Self.wrapping {
            try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
        }
    }
}
