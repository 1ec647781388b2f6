import Foundation
import GRDB
import GRDBSQLite
import SchouwCore

// A GeoPackage is an SQLite database, and a database can do more than hold data: a layer can be a view
// that never ends (a recursive CTE), a value can be a gigabyte, the file can be damaged. Files come from
// anyone, so the reader opens them read-only, bounds the time of every query and the size of every
// value, and turns each of SQLite's complaints into a message about the file.

/// Interrupts SQLite when a query runs past a deadline.
///
/// Installed as the connection's progress handler, which SQLite calls every 1,000 virtual-machine
/// instructions while a statement runs; returning non-zero makes the statement fail with
/// `SQLITE_INTERRUPT`. The deadline is restarted before each query (and before each row of a layer, so a
/// large table is not cut short while the reader works between rows).
final class QueryDeadline {
    /// How long one query (or one row) may take.
    let seconds: Int
    private let connection: OpaquePointer
    private var deadline: UInt64 = .max

    /// Installs the deadline on `db`'s connection until this object is released.
    init(_ db: Database, seconds: Int) {
        self.seconds = seconds
        // GRDB keeps the connection open while `db` is in use; it is nil only after closing.
        connection = db.sqliteConnection!
        // The context is this object, unretained: `deinit` removes the handler before it goes away.
        sqlite3_progress_handler(
            connection, 1000,
            { context in
                guard let context else { return 0 }
                let owner = Unmanaged<QueryDeadline>.fromOpaque(context).takeUnretainedValue()
                return DispatchTime.now().uptimeNanoseconds > owner.deadline ? 1 : 0
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        sqlite3_progress_handler(connection, 0, nil, nil)
    }

    /// Gives the next query (or row) the full time again.
    func restart() {
        deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds) * 1_000_000_000
    }
}

extension GeoPackage {
    /// How long one query on a file being read may take, in seconds.
    static let queryTimeLimitSeconds = 5
    /// The largest value (a geometry blob, a text) read from a file: far above any real buurt polygon,
    /// far below what would exhaust memory when a view makes one per row.
    static let valueSizeLimitBytes: Int32 = 256 << 20

    /// Opens `url` read-only and runs `body` in one read transaction with the deadline and value limit in
    /// place, turning every failure into a ``FormatError`` that names the file.
    ///
    /// The file is opened with `SQLITE_OPEN_READONLY`, not as `immutable`: a GeoPackage open in QGIS keeps
    /// its latest edits in a `-wal` file beside it, which an immutable open would not see.
    static func reading<R>(_ url: URL, _ body: (Database, QueryDeadline) throws -> R) throws -> R {
        let file = url.lastPathComponent
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        } catch {
            throw FormatError.unreadable(file: url.path, reason: Phrase("bestand bestaat niet", "no such file"))
        }
        guard attributes[.type] as? FileAttributeType != .typeDirectory else {
            throw FormatError.unreadable(file: url.path, reason: Phrase("is een map, geen bestand", "is a folder, not a file"))
        }
        guard (attributes[.size] as? NSNumber)?.intValue != 0 else {
            throw FormatError.notGeoPackage(file: file, reason: Phrase("het bestand is leeg", "the file is empty"))
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.prepareDatabase { db in
                sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, valueSizeLimitBytes)
                // Views and triggers of the file may only call functions without side effects.
                try db.execute(sql: "PRAGMA trusted_schema = OFF")
            }
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let deadline = QueryDeadline(db, seconds: queryTimeLimitSeconds)
                return try withExtendedLifetime(deadline) { try body(db, deadline) }
            }
        } catch let error as DatabaseError {
            throw readFailure(error, url)
        }
    }

    /// The value of `column` in a row of the file's table `table`, as `T`. GRDB's own subscripts stop the
    /// program on a value of the wrong kind; a file's table can hold anything, so that is bad input here.
    ///
    /// - Throws: ``FormatError/unreadableGeoPackage(file:reason:)`` naming the table, column and value.
    static func field<T: DatabaseValueConvertible>(_ row: Row, _ column: String, of table: String, file: String) throws -> T {
        let value: DatabaseValue = row[column]
        guard let decoded = T.fromDatabaseValue(value) else {
            let shown = String(value.description.prefix(40))
            throw FormatError.unreadableGeoPackage(
                file: file,
                reason: Phrase(
                    "\(table).\(column) is \(value.kindPhrase.nl) (\(shown)), dat past daar niet",
                    "\(table).\(column) is \(value.kindPhrase.en) (\(shown)), which does not fit there"))
        }
        return decoded
    }

    /// SQLite's error while reading a file, as the formats module's. The file is the only thing that
    /// varies, so nearly everything is bad input; only failures of the machine (I/O, memory) are internal.
    static func readFailure(_ error: DatabaseError, _ url: URL, layer: String? = nil) -> FormatError {
        let file = url.lastPathComponent
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_NOTADB:
            return .notGeoPackage(file: file, reason: Phrase("het is geen SQLite-database", "it is not an SQLite database"))
        case .SQLITE_CORRUPT:
            return .unreadableGeoPackage(
                file: file,
                reason: Phrase(
                    "het bestand is beschadigd of afgekapt (SQLite: \(detail))", "the file is damaged or truncated (SQLite: \(detail))"))
        case .SQLITE_TOOBIG:
            let megabytes = valueSizeLimitBytes >> 20
            return .unreadableGeoPackage(
                file: file,
                reason: Phrase(
                    "een waarde is groter dan \(megabytes) MB (SQLite: \(detail))", "a value is larger than \(megabytes) MB (SQLite: \(detail))"))
        case .SQLITE_INTERRUPT:
            return .geoPackageTimeout(file: file, layer: layer, seconds: queryTimeLimitSeconds)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_READONLY, .SQLITE_BUSY, .SQLITE_LOCKED:
            return .unreadable(file: url.path, reason: Phrase(verbatim: detail))
        case .SQLITE_NOMEM, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_INTERNAL, .SQLITE_MISUSE:
            return .sqlite(file: url.path, reason: detail)
        default:
            return .unreadableGeoPackage(file: file, reason: Phrase(verbatim: "SQLite: \(detail)"))
        }
    }
}

extension DatabaseValue {
    /// What kind of value this is, in words, for messages.
    var kindPhrase: Phrase {
        switch storage {
        case .null: Phrase(verbatim: "NULL")
        case .int64: Phrase("een geheel getal", "an integer")
        case .double: Phrase("een getal", "a number")
        case .string: Phrase("een tekst", "a text")
        case .blob: Phrase("een blob", "a blob")
        }
    }
}
