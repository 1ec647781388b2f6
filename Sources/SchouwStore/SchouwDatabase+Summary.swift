import Foundation
import GRDB

/// What a schouw database holds, for `schouw info`: read without changing the file.
public struct SchouwSummary: Sendable {
    public var name: String
    /// The day of the walk as stored, e.g. `2025-09-20`.
    public var date: String
    /// The buurt the schouw is for, e.g. `BU03039901`, and its name.
    public var areaCode: String?
    public var areaName: String?
    /// The groups in their planned order with their findings (removed ones not counted).
    public var groups: [(name: String, findings: Int)]
    /// Findings not removed.
    public var findings: Int
    /// Findings removed (they can be restored).
    public var removed: Int
    /// Findings per status, e.g. `open` → 12, sorted by status.
    public var byStatus: [(status: String, count: Int)]
    /// The latest of the creation, entry, removal and status change times (ISO 8601 UTC).
    public var lastChange: String?
    /// ``lastChange`` in Dutch local time (Europe/Amsterdam), `2025-09-20 21:30:00`.
    public var lastChangeLocal: String? { lastChange.flatMap(Timestamps.amsterdamLocal) }
    /// The migrations applied, in order; a file made by a newer Schouw lists ones this one does not know.
    public var migrations: [String]
}

extension SchouwDatabase {
    /// Whether the file starts with SQLite's header ("SQLite format 3" and a NUL).
    public static func isSQLiteFile(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\u{0}".utf8)
    }

    /// A read-only connection that leaves no trace: without a write-ahead log beside the file (no process
    /// is writing), SQLite is told the file is immutable, so it makes no `-wal` or `-shm` file either;
    /// with one, an ordinary read-only connection sees what the writer committed.
    private static func readOnlyQueue(_ url: URL, _ configuration: Configuration) throws -> DatabaseQueue {
        guard !FileManager.default.fileExists(atPath: url.path + "-wal") else {
            return try DatabaseQueue(path: url.path, configuration: configuration)
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let path = url.standardizedFileURL.path.addingPercentEncoding(withAllowedCharacters: allowed) ?? url.path
        return try DatabaseQueue(path: "file:\(path)?immutable=1", configuration: configuration)
    }

    /// Reads what a schouw database holds without changing it: the file is opened read-only, no
    /// migration is run, and only the tables of the first schema are asked (a newer file reads too).
    ///
    /// - Throws: ``StoreError/noDatabase(_:)`` when the file is missing or holds no schouw,
    ///   ``StoreError/cannotOpen(_:reason:)`` when SQLite cannot open it (not SQLite, no permission).
    /// - Complexity: O(n) in the number of findings and status changes.
    public static func summary(at url: URL) throws -> SchouwSummary {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw StoreError.noDatabase(url.path)
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        do {
            let queue = try readOnlyQueue(url, configuration)
            defer { try? queue.close() }
            return try queue.read { db in try summary(db, path: url.path) }
        } catch let error as DatabaseError {
            switch error.resultCode.primaryResultCode {
            case .SQLITE_NOTADB, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH, .SQLITE_CORRUPT:
                throw StoreError.cannotOpen(url.path, reason: error.message ?? "\(error.resultCode)")
            default:
                throw wrapped(error)
            }
        }
    }

    /// The summary of this open database.
    public func summary() throws -> SchouwSummary {
        try Self.wrapping { try writer.read { db in try Self.summary(db, path: writer.path) } }
    }

    /// What the database on `db` holds; `path` names it in errors.
    static func summary(_ db: Database, path: String) throws -> SchouwSummary {
                let url = URL(fileURLWithPath: path)
                guard try db.tableExists("schouw"), let schouw = try Row.fetchOne(db, sql: "SELECT name, date, area_code, area_name, created_at FROM schouw")
                else { throw StoreError.noDatabase(url.path) }
                let counts = try Row.fetchAll(
                    db, sql: "SELECT group_name, count(*) AS n FROM observation WHERE deleted_at IS NULL GROUP BY group_name")
                var perGroup: [String: Int] = [:]
                for row in counts { perGroup[row["group_name"] ?? ""] = row["n"] }
                let planned: [String] = try String.fetchAll(db, sql: "SELECT name FROM groups ORDER BY position, name")
                // Groups found only on findings (entered without a plan) follow the planned ones.
                let unplanned = perGroup.keys.filter { !$0.isEmpty && !planned.contains($0) }.sorted()
                let groups = (planned + unplanned).map { (name: $0, findings: perGroup[$0] ?? 0) }
                let statuses = try Row.fetchAll(
                    db, sql: "SELECT status, count(*) AS n FROM observation WHERE deleted_at IS NULL GROUP BY status ORDER BY status")
                let lastChange = try String.fetchOne(
                    db,
                    sql: """
                        SELECT max(t) FROM (
                          SELECT created_at AS t FROM schouw
                          UNION ALL SELECT max(entered_at) FROM observation
                          UNION ALL SELECT max(deleted_at) FROM observation
                          UNION ALL SELECT max(changed_at) FROM status_history)
                        """)
                let migrations = try db.tableExists("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") : []
                return SchouwSummary(
                    name: schouw["name"], date: schouw["date"], areaCode: schouw["area_code"], areaName: schouw["area_name"],
                    groups: groups,
                    findings: try Int.fetchOne(db, sql: "SELECT count(*) FROM observation WHERE deleted_at IS NULL") ?? 0,
                    removed: try Int.fetchOne(db, sql: "SELECT count(*) FROM observation WHERE deleted_at IS NOT NULL") ?? 0,
                    byStatus: statuses.map { (status: $0["status"], count: $0["n"]) }, lastChange: lastChange,
                    migrations: migrations)
    }
}
