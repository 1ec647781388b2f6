import Foundation
import PostgresNIO
import SchouwCore
import SchouwFormats
import SchouwGeometry
import Synchronization

/// A PostgreSQL URL as libpq and `psql` take it:
/// `postgresql://USER[:PASSWORD]@[HOST][:PORT]/DATABASE[?host=/run/postgresql]`.
///
/// `?host=` with a folder (or an empty host) connects through the Unix socket `FOLDER/.s.PGSQL.PORT`;
/// a host name connects over TCP (without TLS: use a socket or a trusted network). The password may also
/// come from `PGPASSWORD`.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    /// The TCP host, or nil for a Unix socket.
    public var host: String?
    public var port: Int
    /// The folder of the Unix socket, when connecting through one.
    public var socketFolder: String?
    public var database: String

    /// Whether `text` is meant as a PostgreSQL URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// - Throws: ``StoreError/badStoreURL(_:reason:)``.
    public init(_ text: String) throws {
        func bad(_ nl: String, _ en: String) -> StoreError { .badStoreURL(text, reason: en) }
        guard let schemeEnd = text.range(of: "://"), Self.isURL(text) else {
            throw bad("", "it does not start with postgresql://")
        }
        var rest = String(text[schemeEnd.upperBound...])
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = String(rest[..<q])
        }
        guard let slash = rest.firstIndex(of: "/") else { throw bad("", "no database name after the host (…/DATABASE)") }
        let authority = String(rest[..<slash])
        let database = String(rest[rest.index(after: slash)...]).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else { throw bad("", "no database name after the host (…/DATABASE)") }
        self.database = database
        var hostPort = authority
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            let info = String(authority[..<at])
            hostPort = String(authority[authority.index(after: at)...])
            if let colon = info.firstIndex(of: ":") {
                user = String(info[..<colon]).removingPercentEncoding
                password = String(info[info.index(after: colon)...]).removingPercentEncoding
            } else {
                user = info.removingPercentEncoding
            }
        }
        var port = 5432
        var host: String? = hostPort.removingPercentEncoding
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasPrefix("[") || hostPort[..<colon].hasSuffix("]") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw bad("", "the port is not a number from 1 to 65535")
            }
            port = number
            host = String(hostPort[..<colon]).removingPercentEncoding
        }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "host": host = parts[1]
            case "port":
                guard let number = Int(parts[1]), (1...65535).contains(number) else { throw bad("", "the port is not a number from 1 to 65535") }
                port = number
            case "user": user = parts[1]
            case "password": password = parts[1]
            case "dbname": self.database = parts[1]
            default: break
            }
        }
        self.port = port
        if let h = host, !h.isEmpty, !h.hasPrefix("/") {
            self.host = h
            socketFolder = nil
        } else {
            self.host = nil
            socketFolder = (host?.isEmpty ?? true) ? "/run/postgresql" : host
        }
        if password == nil { password = ProcessInfo.processInfo.environment["PGPASSWORD"] }
        let environment = ProcessInfo.processInfo.environment
        guard let name = user.flatMap({ $0.isEmpty ? nil : $0 }) ?? environment["PGUSER"] ?? environment["USER"] else {
            throw bad("", "no user name (postgresql://USER@…)")
        }
        self.user = name
    }

    /// The URL without the password.
    public var description: String {
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        if let host { return "postgresql://\(encodedUser)@\(host)\(port == 5432 ? "" : ":\(port)")/\(database)" }
        return "postgresql://\(encodedUser)@/\(database)?host=\(socketFolder ?? "")\(port == 5432 ? "" : "&port=\(port)")"
    }

    /// `schouw PID`: how the store's connections show in `pg_stat_activity.application_name`.
    public static var applicationName: String { "schouw \(ProcessInfo.processInfo.processIdentifier)" }

    var configuration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let host {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        } else {
            configuration = .init(
                unixSocketPath: "\(socketFolder ?? "/run/postgresql")/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        }
        configuration.options.connectTimeout = .seconds(10)
        // A command needs a few connections at most; 8 processes and the web app share the server.
        configuration.options.maximumConnections = 4
        configuration.options.minimumConnections = 0
        // In pg_stat_activity a DBA sees which process holds a connection (and tests find theirs).
        configuration.options.additionalStartupParameters = [("application_name", Self.applicationName)]
        return configuration
    }
}

/// One schouw as `schouw list URL` shows it.
public struct SchouwListing: Sendable, Hashable {
    public var name: String
    public var date: String
    /// Findings not removed.
    public var findings: Int
    public var removed: Int
    public var groups: Int
}

/// A PostgreSQL + PostGIS database holding many schouwen: the connection pool, the migrations and the
/// schouwen it holds. ``open(schouw:)`` gives the store of one schouw.
///
/// Photos are stored in the database (`photo_blob.data`, bytea, one row per distinct SHA-256), not in a
/// `--photos-dir`: the organizers' laptops, the web server and the GIS department then need nothing but the
/// database, `pg_dump` backs photos up with the findings, and a transaction covers a finding and its photos
/// together. A schouw's photos are a few hundred megabytes at most, which PostgreSQL stores fine (TOAST).
public final class PostgresServer: Sendable {
    public let url: PostgresURL
    let client: PostgresClient
    private let runner: Task<Void, Never>

    static let logger: Logger = {
        var logger = Logger(label: "schouw.postgres")
        logger.logLevel = .critical
        return logger
    }()

    private init(url: PostgresURL) {
        self.url = url
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: Self.logger)
        self.client = client
        runner = Task { await client.run() }
    }

    /// Connects (the pool connects on first use) and brings the schema up to date.
    /// - Throws: ``StoreError/serverUnavailable(store:reason:)`` when the server cannot be reached.
    public static func connect(_ url: PostgresURL) async throws -> PostgresServer {
        try await probe(url)
        let server = PostgresServer(url: url)
        do {
            try await server.migrate()
        } catch {
            await server.close()
            throw error
        }
        return server
    }

    /// Connects once outside the pool, so that a server that is down, a wrong socket folder or a refused
    /// login is told at once (the pool would keep retrying for a minute before giving up).
    static func probe(_ url: PostgresURL) async throws {
        let configuration: PostgresConnection.Configuration
        if let host = url.host {
            configuration = .init(host: host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        } else {
            configuration = .init(
                unixSocketPath: "\(url.socketFolder ?? "/run/postgresql")/.s.PGSQL.\(url.port)", username: url.user,
                password: url.password, database: url.database)
        }
        do {
            let connection = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.any(), configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError {
            if let info = error.serverInfo {
                // The server answered: a refused login or an unknown database is the user's to fix.
                throw StoreError.serverUnavailable(
                    store: url.description, reason: "\(info[.message] ?? "") (SQLSTATE \(info[.sqlState] ?? ""))")
            }
            var reason = error.code.description
            if let underlying = error.underlying { reason += ": \(underlying)" }
            throw StoreError.serverUnavailable(store: url.description, reason: reason)
        } catch {
            throw StoreError.serverUnavailable(store: url.description, reason: String(describing: error))
        }
    }

    /// Ends the pool's connections. Does not wait for the pool to wind down: a connection the server
    /// already dropped could keep it waiting, and nothing of the caller's is left to finish (every
    /// transaction has been committed or rolled back by then).
    public func close() async {
        runner.cancel()
    }

    /// Runs `body`, turning PostgreSQL's failures into ``StoreError``: a lost or refused connection into
    /// ``StoreError/serverUnavailable(store:reason:)``, an error the server reports into ``StoreError/library(_:)``.
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as PSQLError {
            throw mapped(error)
        } catch let error as CancellationError {
            throw error
        } catch {
            var reason = String(describing: error)
            if reason.contains("CircuitBreaker") || reason.contains("connectionCreation") {
                reason = "no connection could be made"
            }
            throw StoreError.serverUnavailable(store: url.description, reason: reason)
        }
    }

    func mapped(_ error: PSQLError) -> StoreError {
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? ""
            // Class 08 (connection exception) and 57P (operator intervention: shutdown, crash) mean the
            // server went away; anything else is a failure of the statement.
            if state.hasPrefix("08") || state.hasPrefix("57P") {
                return .serverUnavailable(store: url.description, reason: "\(message) (SQLSTATE \(state))")
            }
            return .library("PostgreSQL: \(message) (SQLSTATE \(state))")
        }
        var reason = error.code.description
        if let underlying = error.underlying { reason += ": \(underlying)" }
        return .serverUnavailable(store: url.description, reason: reason)
    }

    /// How long to wait before running a transaction again after its connection was lost before the
    /// commit: three tries after the first, about 3.5 s in all, enough for a restarted server or a
    /// failover to answer again, short enough that a walker does not give up on the page.
    static let retryDelays: [Duration] = [.milliseconds(250), .seconds(1), .seconds(2)]

    /// Told of each retry after a lost connection (the CLI writes it to standard error in the user's
    /// language); nothing by default.
    public static let retryNotice = Mutex<(@Sendable (StoreError, _ attempt: Int, _ of: Int) -> Void)?>(nil)

    /// Runs `body` in one transaction on one pooled connection: committed when it returns, rolled back
    /// when it throws (or the connection is lost, or the process dies).
    ///
    /// When the connection is lost before COMMIT was sent, the server has rolled the transaction back,
    /// so running `body` again on a new connection is safe: it is, after ``retryDelays``, and the caller
    /// sees only the result (`body` reads everything it needs inside the transaction, so a second run
    /// decides afresh). When the connection is lost after COMMIT was sent, the server may or may not
    /// have committed: that throws ``StoreError/commitUnknown(store:reason:)`` and is not retried here
    /// (``PostgresStore/ingest(_:options:)`` finds out by the ids it gave the new findings).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            let committing = CommitFlag()
            do {
                return try await run {
                    try await client.withConnection { connection in
                        try await Self.untilClosed(connection) { connection in
                            try await connection.query("BEGIN", logger: Self.logger)
                            let result: T
                            do {
                                result = try await body(connection)
                            } catch {
                                if !connection.isClosed { _ = try? await connection.query("ROLLBACK", logger: Self.logger) }
                                throw error
                            }
                            guard !connection.isClosed else { throw ConnectionClosed() }
                            committing.started.store(true, ordering: .sequentiallyConsistent)
                            try await connection.query("COMMIT", logger: Self.logger)
                            if TestHooks.loseCommitReply() { throw ConnectionClosed() }
                            return result
                        }
                    }
                }
            } catch StoreError.serverUnavailable(let store, let reason) {
                if committing.started.load(ordering: .sequentiallyConsistent) {
                    throw StoreError.commitUnknown(store: store, reason: reason)
                }
                guard attempt < Self.retryDelays.count else { throw StoreError.serverUnavailable(store: store, reason: reason) }
                let notice = Self.retryNotice.withLock { $0 }
                notice?(.serverUnavailable(store: store, reason: reason), attempt + 1, Self.retryDelays.count)
                try await Task.sleep(for: Self.retryDelays[attempt])
                attempt += 1
            }
        }
    }

    /// Whether a transaction had sent its COMMIT when it failed.
    private final class CommitFlag: Sendable {
        let started = Atomic(false)
    }

    /// Runs `body` on one pooled connection, without a transaction of its own.
    func reading<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await run { try await client.withConnection { try await Self.untilClosed($0, body) } }
    }

    /// Runs `operation` on `connection`, ending with ``ConnectionClosed`` as soon as the connection closes.
    ///
    /// postgres-nio 1.x writes a statement to the channel without a promise, so a statement sent on a
    /// connection the server has just closed (`pg_terminate_backend`, a restart, a dropped network while
    /// the connection sat idle) never returns ("leaked its continuation"). The work therefore runs in a
    /// task of its own, raced against the connection's close; on a close the stuck task is left behind
    /// (it holds only the dead connection) and the caller gets the error at once.
    static func untilClosed<T: Sendable>(
        _ connection: PostgresConnection, _ operation: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        guard !connection.isClosed else { throw ConnectionClosed() }
        let work = Task { try await operation(connection) }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let pending = Mutex<CheckedContinuation<T, any Error>?>(continuation)
                @Sendable func finish(_ result: Result<T, any Error>) {
                    pending.withLock { waiting in
                        waiting?.resume(with: result)
                        waiting = nil
                    }
                }
                Task { finish(await work.result) }
                connection.closeFuture.whenComplete { _ in finish(.failure(ConnectionClosed())) }
            }
        } onCancel: {
            work.cancel()
        }
    }

    /// The connection closed under a running statement (see ``untilClosed(_:_:)``): a lost connection.
    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "the connection was closed" }
    }

    // MARK: Schema

    /// Versioned migrations: each runs once, in order, in one transaction with its row in
    /// `schouw_migrations`; a released migration is never edited, later changes get a new version.
    /// The same logical tables as the SQLite file, plus `schouw_id` (many schouwen), PostGIS geometry
    /// and the photos' bytes.
    static let migrations: [(version: Int, name: String, sql: String)] = [
        (
            1, "v1: schouwen, plan, observations with PostGIS points, photos (bytea), status history, access codes",
            """
            CREATE EXTENSION IF NOT EXISTS postgis;
            CREATE TABLE schouw (
                id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, date text NOT NULL, area_code text, area_name text,
                area_wkb_rd bytea, taxonomy_json text NOT NULL, created_at text NOT NULL, level_scale text);
            CREATE TABLE groups (
                schouw_id bigint NOT NULL REFERENCES schouw ON DELETE CASCADE, name text NOT NULL, position bigint NOT NULL,
                PRIMARY KEY (schouw_id, name));
            CREATE TABLE route (
                schouw_id bigint NOT NULL, group_name text NOT NULL, line_geojson text NOT NULL, length_m float8 NOT NULL,
                minutes float8 NOT NULL, PRIMARY KEY (schouw_id, group_name),
                FOREIGN KEY (schouw_id, group_name) REFERENCES groups ON DELETE CASCADE);
            CREATE TABLE checkpoint (
                id bigserial PRIMARY KEY, schouw_id bigint NOT NULL, group_name text NOT NULL, number bigint NOT NULL,
                street text, lon float8 NOT NULL, lat float8 NOT NULL, rd_x float8 NOT NULL, rd_y float8 NOT NULL,
                UNIQUE (schouw_id, group_name, number), FOREIGN KEY (schouw_id, group_name) REFERENCES groups ON DELETE CASCADE);
            CREATE TABLE street (
                id bigserial PRIMARY KEY, schouw_id bigint NOT NULL REFERENCES schouw ON DELETE CASCADE, name text,
                highway text, line_geojson text NOT NULL, length_m float8 NOT NULL);
            CREATE TABLE observation (
                id text PRIMARY KEY, schouw_id bigint NOT NULL REFERENCES schouw ON DELETE CASCADE,
                group_name text, walker text, observed_at text, entered_at text NOT NULL, category text NOT NULL,
                subcategory text, level text, text text NOT NULL, lon float8 NOT NULL, lat float8 NOT NULL,
                rd_x float8 NOT NULL, rd_y float8 NOT NULL, location_source text NOT NULL, street text, checkpoint bigint,
                buurt_code text, status text NOT NULL, owner text, deleted_at text, source_file text, source_line bigint,
                short_id text,
                geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
                UNIQUE (schouw_id, short_id));
            CREATE INDEX observation_geom ON observation USING gist (geom);
            CREATE INDEX observation_schouw_category ON observation (schouw_id, category);
            CREATE INDEX observation_schouw_status ON observation (schouw_id, status);
            CREATE INDEX observation_schouw_group ON observation (schouw_id, group_name);
            CREATE TABLE photo_blob (sha256 text PRIMARY KEY, data bytea NOT NULL);
            CREATE TABLE observation_photo (
                id bigserial PRIMARY KEY, observation_id text NOT NULL REFERENCES observation ON DELETE CASCADE,
                position bigint NOT NULL, sha256 text NOT NULL REFERENCES photo_blob, file_name text NOT NULL,
                original_name text NOT NULL, taken_at text, lon float8, lat float8);
            CREATE INDEX observation_photo_observation ON observation_photo (observation_id);
            CREATE TABLE status_history (
                id bigserial PRIMARY KEY, observation_id text NOT NULL REFERENCES observation ON DELETE CASCADE,
                from_status text, to_status text NOT NULL, owner text, note text, changed_at text NOT NULL);
            CREATE INDEX status_history_observation ON status_history (observation_id);
            CREATE TABLE access_code (
                id bigserial PRIMARY KEY, schouw_id bigint NOT NULL REFERENCES schouw ON DELETE CASCADE, group_name text,
                hash text NOT NULL, created_at text NOT NULL, UNIQUE NULLS NOT DISTINCT (schouw_id, group_name));
            """
        ),
        (
            2, "v2: CBS buurten (WGS84 and RD New) for grouping in the database",
            """
            CREATE TABLE buurten (
                code text PRIMARY KEY, name text NOT NULL, gemeente text, water boolean NOT NULL DEFAULT false,
                geom geometry(MultiPolygon, 4326) NOT NULL, geom_rd geometry(MultiPolygon, 28992) NOT NULL);
            CREATE INDEX buurten_geom ON buurten USING gist (geom);
            CREATE INDEX buurten_geom_rd ON buurten USING gist (geom_rd);
            CREATE INDEX observation_point_rd ON observation USING gist ((ST_SetSRID(ST_MakePoint(rd_x, rd_y), 28992)));
            """
        ),
        (
            3, "v3: actions with partners",
            """
            CREATE TABLE action (
                id text PRIMARY KEY, schouw_id bigint NOT NULL REFERENCES schouw ON DELETE CASCADE, number bigint NOT NULL,
                what text NOT NULL, partner_kind text NOT NULL, partner_name text, department text, due_date text,
                status text NOT NULL, status_date text NOT NULL, note text, created_at text NOT NULL,
                after_photo text, after_photo_sha256 text REFERENCES photo_blob,
                UNIQUE (schouw_id, number));
            CREATE TABLE action_history (
                id bigserial PRIMARY KEY, action_id text NOT NULL REFERENCES action ON DELETE CASCADE,
                from_status text, to_status text NOT NULL, status_date text NOT NULL, note text, changed_at text NOT NULL);
            CREATE INDEX action_history_action ON action_history (action_id);
            CREATE TABLE action_finding (
                action_id text NOT NULL REFERENCES action ON DELETE CASCADE,
                observation_id text NOT NULL REFERENCES observation ON DELETE CASCADE,
                PRIMARY KEY (action_id, observation_id));
            CREATE INDEX action_finding_observation ON action_finding (observation_id);
            """
        ),
        webSessionMigration,
    ]

    /// Applies the migrations this database lacks. Processes starting at once wait for each other
    /// (an advisory lock), so each migration runs once.
    func migrate() async throws {
        // The usual case, every migration applied, needs no lock: a command's start does not wait for
        // another process's transaction that holds the migrations' lock.
        let known = Set(Self.migrations.map(\.version))
        if let applied = try? await reading({ connection in
            Set(try await connection.query("SELECT version FROM schouw_migrations", logger: Self.logger).collect(Int.self))
        }), known.isSubset(of: applied) {
            return
        }
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7413002)", logger: Self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schouw_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: Self.logger)
            var applied = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM schouw_migrations", logger: Self.logger).decode(Int.self) {
                applied.insert(version)
            }
            for migration in Self.migrations where !applied.contains(migration.version) {
                // One statement per query (the extended protocol takes no more).
                for statement in migration.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
                }
                try await connection.query(
                    "INSERT INTO schouw_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: Self.logger)
            }
        }
    }

    /// The migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await reading { connection in
            try await connection.query("SELECT name FROM schouw_migrations ORDER BY version", logger: Self.logger).collect(String.self)
        }
    }

    // MARK: Buurten

    /// Replaces the `buurten` table with `set` (all of them, water buurten flagged), in one transaction.
    /// The RD New polygons are the ones the Swift grouping uses, so grouping in the database counts alike.
    /// - Returns: the number of buurten stored.
    public func loadBuurten(_ set: BuurtSet) async throws -> Int {
        let context = try SchouwDatabase.wrapping { try GEOSContext() }
        let rows = try set.buurten.map { buurt in
            (buurt, ByteBuffer(bytes: try context.wkb(buurt.geometryRD)), ByteBuffer(bytes: try context.wkb(buurt.geometryWGS84)))
        }
        let count = try await transaction { connection in
            try await connection.query("DELETE FROM buurten", logger: Self.logger)
            for (buurt, rd, wgs) in rows {
                try await connection.query(
                    """
                    INSERT INTO buurten (code, name, gemeente, water, geom, geom_rd)
                    VALUES (\(buurt.code), \(buurt.name), \(buurt.gemeente), \(buurt.isWater),
                        ST_Multi(ST_GeomFromWKB(\(wgs), 4326)), ST_Multi(ST_GeomFromWKB(\(rd), 28992)))
                    """, logger: Self.logger)
            }
            return rows.count
        }
        // Statistics for the planner (see PostgresStore.analyzeAfterRows); best effort.
        _ = try? await reading { connection in try await connection.query("ANALYZE buurten", logger: Self.logger).collect(Int.self) }
        return count
    }

    // MARK: Schouwen

    /// The schouwen the database holds, by date and name, with their counts.
    public func schouwen() async throws -> [SchouwListing] {
        try await reading { connection in
            var result: [SchouwListing] = []
            let rows = try await connection.query(
                """
                SELECT s.name, s.date,
                    (SELECT count(*) FROM observation o WHERE o.schouw_id = s.id AND o.deleted_at IS NULL),
                    (SELECT count(*) FROM observation o WHERE o.schouw_id = s.id AND o.deleted_at IS NOT NULL),
                    (SELECT count(*) FROM groups g WHERE g.schouw_id = s.id)
                FROM schouw s ORDER BY s.date, s.name
                """, logger: Self.logger)
            for try await (name, date, findings, removed, groups) in rows.decode((String, String, Int, Int, Int).self) {
                result.append(SchouwListing(name: name, date: date, findings: findings, removed: removed, groups: groups))
            }
            return result
        }
    }

    /// The store of the schouw named `name`, or of the only one when nil.
    /// - Throws: ``StoreError/noSchouw(store:name:available:)``, ``StoreError/schouwNeeded(store:available:)``.
    public func open(schouw name: String?) async throws -> PostgresStore {
        let rows: [(Int64, String)] = try await reading { connection in
            var rows: [(Int64, String)] = []
            for try await row in try await connection.query("SELECT id, name FROM schouw ORDER BY name", logger: Self.logger)
                .decode((Int64, String).self)
            { rows.append(row) }
            return rows
        }
        let names = rows.map(\.1)
        if let name {
            guard let match = rows.first(where: { $0.1 == name }) ?? rows.first(where: { $0.1.lowercased() == name.lowercased() }) else {
                throw StoreError.noSchouw(store: url.description, name: name, available: names)
            }
            return PostgresStore(server: self, schouwID: match.0, name: match.1)
        }
        guard rows.count == 1, let only = rows.first else {
            if rows.isEmpty { throw StoreError.noSchouw(store: url.description, name: nil, available: []) }
            throw StoreError.schouwNeeded(store: url.description, available: names)
        }
        return PostgresStore(server: self, schouwID: only.0, name: only.1)
    }

    /// Deletes a schouw with everything it holds (its rows cascade). Photo bytes (`photo_blob`) stay:
    /// they are shared by SHA-256 between schouwen, and the unreferenced-photo clean-up removes them.
    func dropSchouw(id: Int64) async throws {
        try await transaction { connection in
            _ = try await connection.query("DELETE FROM schouw WHERE id = \(id)", logger: Self.logger)
        }
    }

    /// Creates a schouw in this database.
    /// - Throws: ``StoreError/schouwExists(store:name:)`` when one has that name.
    public func create(_ definition: SchouwDefinition) async throws -> PostgresStore {
        guard definition.taxonomy.levels[definition.scale] != nil else {
            throw StoreError.invalidInput([
                InputIssue(field: "--scale", value: definition.scale, reason: .unknownScale(scales: definition.taxonomy.levels.keys.sorted()))
            ])
        }
        let taxonomy = String(decoding: definition.taxonomy.json.jsonData, as: UTF8.self)
        let areaWKB: ByteBuffer? = try definition.area.map { area in
            ByteBuffer(bytes: try GEOSContext().wkb(area.polygonRD))
        }
        let url = self.url
        let id: Int64 = try await transaction { connection in
            try await connection.query("LOCK TABLE schouw IN SHARE ROW EXCLUSIVE MODE", logger: Self.logger)
            let exists = try await connection.query(
                "SELECT 1 FROM schouw WHERE lower(name) = lower(\(definition.name))", logger: Self.logger
            ).collect(Int.self)
            if !exists.isEmpty { throw StoreError.schouwExists(store: url.description, name: definition.name) }
            let ids = try await connection.query(
                """
                INSERT INTO schouw (name, date, area_code, area_name, area_wkb_rd, taxonomy_json, created_at, level_scale)
                VALUES (\(definition.name), \(definition.date), \(definition.area?.code), \(definition.area?.name), \(areaWKB),
                    \(taxonomy), \(Timestamps.now()), \(definition.scale))
                RETURNING id
                """, logger: Self.logger
            ).collect(Int64.self)
            return ids[0]
        }
        return PostgresStore(server: self, schouwID: id, name: definition.name)
    }
}

extension PostgresRowSequence {
    /// The first column of every row.
    func collect<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> [T] {
        var result: [T] = []
        for try await value in decode(T.self) { result.append(value) }
        return result
    }
}
