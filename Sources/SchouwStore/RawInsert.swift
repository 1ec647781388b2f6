import GRDB
import GRDBSQLite

/// A prepared INSERT bound straight through the SQLite C API, for bulk imports.
///
/// Building GRDB `StatementArguments` boxes every value; at 100,000 rows of 22 columns that cost more
/// than SQLite's own work. The statement comes from GRDB (`cachedStatement`), so GRDB still owns and
/// finalizes it; this only binds, steps and resets it, inside a GRDB transaction.
struct RawInsert {
    private let statement: Statement
    private let handle: OpaquePointer
    private var index: Int32 = 0

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    mutating func bind(_ value: String?) {
        index += 1
        guard var text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), Self.transient)
            }
        }
    }

    mutating func bind(_ value: Double) {
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    mutating func bind(_ value: Int?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    /// Runs the statement with the values bound since the last run.
    /// - Throws: GRDB's `DatabaseError` with SQLite's code and message.
    mutating func execute() throws {
        defer {
            sqlite3_reset(handle)
            index = 0
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
