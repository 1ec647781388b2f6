import Foundation
import PostgresNIO
import SchouwCore
import SchouwFormats
import SchouwGeometry

/// One schouw in a PostgreSQL + PostGIS database (``PostgresServer``): the server implementation of
/// ``ObservationStore``.
///
/// Every write runs in one transaction that first locks the schouw's row (`SELECT … FOR UPDATE`), so
/// writers of one schouw take turns as SQLite's do: the validation, the duplicate check and the short-id
/// counter see every committed finding, and nothing is lost. Writers of different schouwen do not wait
/// for each other. Photos are stored in the database (see ``PostgresServer``).
public struct PostgresStore: ObservationStore {
    public let server: PostgresServer
    public let schouwID: Int64
    public let name: String
    /// PBKDF2 iterations for codes issued here (lower only in tests).
    public var accessCodeIterations = AccessCodeHash.iterations

    init(server: PostgresServer, schouwID: Int64, name: String) {
        self.server = server
        self.schouwID = schouwID
        self.name = name
    }

    public var storeDescription: String { "\(server.url) --schouw \(name)" }

    public func close() async { await server.close() }

    static var logger: Logger { PostgresServer.logger }

    // MARK: The schouw

    public func schouw() async throws -> SchouwRecord {
        try await server.reading { try await Self.schouw(schouwID, $0, lock: false) }
    }

    static func schouw(_ id: Int64, _ connection: PostgresConnection, lock: Bool) async throws -> SchouwRecord {
        let sql = "SELECT name, date, area_code, area_name, area_wkb_rd, taxonomy_json, created_at, level_scale FROM schouw WHERE id = $1"
            + (lock ? " FOR UPDATE" : "")
        var binds = PostgresBindings()
        binds.append(id)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await (name, date, code, areaName, wkb, taxonomy, created, scale) in rows.decode(
            (String, String, String?, String?, ByteBuffer?, String, String, String?).self)
        {
            return SchouwRecord(
                name: name, date: date, areaCode: code, areaName: areaName, areaWKB: wkb.map { Data($0.readableBytesView) },
                taxonomyJSON: taxonomy, createdAt: created, levelScale: scale)
        }
        throw StoreError.noSchouw(store: "PostgreSQL", name: nil, available: [])
    }

    public func taxonomy() async throws -> Taxonomy {
        try SchouwDatabase.taxonomy(of: try await schouw())
    }

    // MARK: The plan

    public func savePlan(_ groups: [PlanGroup], streets: [PlanStreet]) async throws {
        let allPoints = groups.flatMap { $0.checkpoints.map(\.coordinate) }
        let rd = try SchouwDatabase.wrapping { try CoordinateTransforms.transform(allPoints, from: .wgs84, to: .rdNew) }
        let id = schouwID
        try await server.transaction { connection in
            _ = try await Self.schouw(id, connection, lock: true)
            try await connection.query("DELETE FROM checkpoint WHERE schouw_id = \(id)", logger: Self.logger)
            try await connection.query("DELETE FROM route WHERE schouw_id = \(id)", logger: Self.logger)
            try await connection.query("DELETE FROM groups WHERE schouw_id = \(id)", logger: Self.logger)
            try await connection.query("DELETE FROM street WHERE schouw_id = \(id)", logger: Self.logger)
            for street in streets {
                let line = SchouwDatabase.lineStringGeoJSON(street.line)
                try await connection.query(
                    "INSERT INTO street (schouw_id, name, highway, line_geojson, length_m) VALUES (\(id), \(street.name), \(street.highway), \(line), \(street.lengthMeters))",
                    logger: Self.logger)
            }
            var index = 0
            for (position, group) in groups.enumerated() {
                let line = SchouwDatabase.lineStringGeoJSON(group.line)
                try await connection.query(
                    "INSERT INTO groups (schouw_id, name, position) VALUES (\(id), \(group.name), \(position))", logger: Self.logger)
                try await connection.query(
                    "INSERT INTO route (schouw_id, group_name, line_geojson, length_m, minutes) VALUES (\(id), \(group.name), \(line), \(group.lengthMeters), \(group.minutes))",
                    logger: Self.logger)
                for checkpoint in group.checkpoints {
                    let point = rd[index]
                    index += 1
                    try await connection.query(
                        """
                        INSERT INTO checkpoint (schouw_id, group_name, number, street, lon, lat, rd_x, rd_y)
                        VALUES (\(id), \(group.name), \(checkpoint.number), \(checkpoint.street), \(checkpoint.coordinate.longitude),
                            \(checkpoint.coordinate.latitude), \(point.x), \(point.y))
                        """, logger: Self.logger)
                }
            }
        }
    }

    public func plan() async throws -> [PlanGroup] {
        let id = schouwID
        let (groups, routes, checkpoints) = try await server.reading { connection in
            var groups: [String] = []
            for try await name in try await connection.query(
                "SELECT name FROM groups WHERE schouw_id = \(id) ORDER BY position", logger: Self.logger
            ).decode(String.self) { groups.append(name) }
            var routes: [String: (String, Double, Double)] = [:]
            for try await (group, line, length, minutes) in try await connection.query(
                "SELECT group_name, line_geojson, length_m, minutes FROM route WHERE schouw_id = \(id)", logger: Self.logger
            ).decode((String, String, Double, Double).self) { routes[group] = (line, length, minutes) }
            let checkpoints = try await Self.checkpoints(id, connection)
            return (groups, routes, checkpoints)
        }
        let byGroup = Dictionary(grouping: checkpoints.sorted { $0.number < $1.number }, by: \.groupName)
        return try groups.map { group in
            let route = routes[group]
            return PlanGroup(
                name: group,
                line: try route.map { try SchouwDatabase.lineStringCoordinates($0.0, owner: "the route of \(group)") } ?? [],
                lengthMeters: route?.1 ?? 0, minutes: route?.2 ?? 0,
                checkpoints: (byGroup[group] ?? []).map {
                    PlanCheckpoint(number: $0.number, street: $0.street, coordinate: Coordinate(longitude: $0.lon, latitude: $0.lat))
                })
        }
    }

    static func checkpoints(_ id: Int64, _ connection: PostgresConnection) async throws -> [CheckpointRecord] {
        var result: [CheckpointRecord] = []
        for try await (rowID, group, number, street, lon, lat, x, y) in try await connection.query(
            "SELECT id, group_name, number, street, lon, lat, rd_x, rd_y FROM checkpoint WHERE schouw_id = \(id) ORDER BY id",
            logger: logger
        ).decode((Int64, String, Int, String?, Double, Double, Double, Double).self) {
            result.append(CheckpointRecord(id: rowID, groupName: group, number: number, street: street, lon: lon, lat: lat, rdX: x, rdY: y))
        }
        return result
    }

    public func streets() async throws -> [PlanStreet] {
        let id = schouwID
        let rows = try await server.reading { connection in
            var rows: [(Int64, String?, String?, String, Double)] = []
            for try await row in try await connection.query(
                "SELECT id, name, highway, line_geojson, length_m FROM street WHERE schouw_id = \(id) ORDER BY id", logger: Self.logger
            ).decode((Int64, String?, String?, String, Double).self) { rows.append(row) }
            return rows
        }
        return try rows.map { row in
            PlanStreet(name: row.1, highway: row.2, line: try SchouwDatabase.lineStringCoordinates(row.3, owner: "street \(row.0)"), lengthMeters: row.4)
        }
    }

    // MARK: Observations

    static let observationColumns =
        "id, group_name, walker, observed_at, entered_at, category, subcategory, level, text, lon, lat, rd_x, rd_y, location_source, street, checkpoint, buurt_code, status, owner, deleted_at, source_file, source_line, short_id"

    static func observations(_ rows: PostgresRowSequence) async throws -> [Observation] {
        var result: [Observation] = []
        for try await row in rows {
            let (id, group, walker, observedAt, enteredAt, category, subcategory, level, text, lon, lat, x, y) = try row.decode(
                (String, String?, String?, String?, String, String, String?, String?, String, Double, Double, Double, Double).self,
                context: .default)
            let cells = row.makeRandomAccess()
            let source = try cells[13].decode(String.self, context: .default)
            result.append(
                Observation(
                    id: id, groupName: group, walker: walker, observedAt: observedAt, enteredAt: enteredAt, category: category,
                    subcategory: subcategory, level: level, text: text, lon: lon, lat: lat, rdX: x, rdY: y,
                    locationSource: LocationSource(rawValue: source) ?? .coordinates,
                    street: try cells[14].decode(String?.self, context: .default),
                    checkpoint: try cells[15].decode(Int?.self, context: .default),
                    buurtCode: try cells[16].decode(String?.self, context: .default),
                    status: try cells[17].decode(String.self, context: .default),
                    owner: try cells[18].decode(String?.self, context: .default),
                    deletedAt: try cells[19].decode(String?.self, context: .default),
                    sourceFile: try cells[20].decode(String?.self, context: .default),
                    sourceLine: try cells[21].decode(Int?.self, context: .default),
                    shortID: try cells[22].decode(String?.self, context: .default)))
        }
        return result
    }

    public func observations(_ filter: ObservationFilter) async throws -> [Observation] {
        var conditions = ["schouw_id = $1"]
        var binds = PostgresBindings()
        binds.append(schouwID)
        func add(_ condition: String, _ value: String) {
            binds.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(binds.count)"))
        }
        if !filter.includeRemoved { conditions.append("deleted_at IS NULL") }
        if let group = filter.group { add("lower(group_name) = lower(?)", group) }
        let stored = try filter.storedValues(taxonomy: filter.category == nil ? nil : try await taxonomy())
        if let category = stored.category { add("category = ?", category) }
        if let status = stored.status { add("status = ?", status) }
        if let buurt = filter.buurtCode { add("lower(buurt_code) = lower(?)", buurt) }
        // SQLite's order: NULL first, text by bytes.
        let sql = "SELECT \(Self.observationColumns) FROM observation WHERE \(conditions.joined(separator: " AND ")) "
            + "ORDER BY observed_at COLLATE \"C\" NULLS FIRST, entered_at COLLATE \"C\", id COLLATE \"C\""
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await server.reading { try await Self.observations(try await $0.query(query, logger: Self.logger)) }
    }

    /// The observation a typed id names: a short id first, else a UUID or a unique prefix of one.
    static func find(_ id: String, schouw: Int64, _ connection: PostgresConnection) async throws -> Observation {
        if let shortID = ShortID.normalized(id) {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT \(observationColumns) FROM observation WHERE schouw_id = $1 AND short_id = $2", binds: binds(schouw, shortID)),
                logger: logger)
            if let match = try await observations(rows).first { return match }
        }
        let key = id.lowercased().trimmingCharacters(in: .whitespaces)
        guard key.count >= 4 else { throw StoreError.notFound(id: id) }
        let pattern = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT \(observationColumns) FROM observation WHERE schouw_id = $1 AND id LIKE $2 ESCAPE '\\' ORDER BY id LIMIT 2",
                binds: binds(schouw, pattern)),
            logger: logger)
        let matches = try await observations(rows)
        if let exact = matches.first(where: { $0.id == key }) { return exact }
        guard matches.count == 1, let only = matches.first else {
            if matches.isEmpty { throw StoreError.notFound(id: id) }
            let count = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM observation WHERE schouw_id = $1 AND id LIKE $2 ESCAPE '\\'", binds: binds(schouw, pattern)),
                logger: logger
            ).collect(Int.self).first ?? 2
            throw StoreError.ambiguousID(id, matches: count)
        }
        return only
    }

    static func binds(_ schouw: Int64, _ text: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(schouw)
        binds.append(text)
        return binds
    }

    public func allDetails() async throws -> [ObservationDetails] {
        let schouw = schouwID
        let observations = try await observations(ObservationFilter(includeRemoved: true))
        let (photos, history) = try await server.reading { connection in
            var photos: [String: [ObservationPhoto]] = [:]
            for try await (rowID, observationID, position, sha, file, original, taken, lon, lat) in try await connection.query(
                """
                SELECT p.id, p.observation_id, p.position, p.sha256, p.file_name, p.original_name, p.taken_at, p.lon, p.lat
                FROM observation_photo p JOIN observation o ON o.id = p.observation_id WHERE o.schouw_id = \(schouw)
                ORDER BY p.observation_id, p.position
                """, logger: Self.logger
            ).decode((Int64, String, Int, String, String, String, String?, Double?, Double?).self) {
                photos[observationID, default: []].append(
                    ObservationPhoto(
                        id: rowID, observationID: observationID, position: position, sha256: sha, fileName: file, originalName: original,
                        takenAt: taken, lon: lon, lat: lat))
            }
            var history: [String: [StatusChange]] = [:]
            for try await (rowID, observationID, from, to, owner, note, changed) in try await connection.query(
                """
                SELECT h.id, h.observation_id, h.from_status, h.to_status, h.owner, h.note, h.changed_at
                FROM status_history h JOIN observation o ON o.id = h.observation_id WHERE o.schouw_id = \(schouw) ORDER BY h.id
                """, logger: Self.logger
            ).decode((Int64, String, String?, String, String?, String?, String).self) {
                history[observationID, default: []].append(
                    StatusChange(id: rowID, observationID: observationID, fromStatus: from, toStatus: to, owner: owner, note: note, changedAt: changed))
            }
            return (photos, history)
        }
        return observations.map { ObservationDetails(observation: $0, photos: photos[$0.id] ?? [], history: history[$0.id] ?? []) }
    }

    public func details(id: String) async throws -> ObservationDetails {
        let schouw = schouwID
        return try await server.reading { connection in
            let observation = try await Self.find(id, schouw: schouw, connection)
            var photos: [ObservationPhoto] = []
            for try await (rowID, position, sha, file, original, taken, lon, lat) in try await connection.query(
                "SELECT id, position, sha256, file_name, original_name, taken_at, lon, lat FROM observation_photo WHERE observation_id = \(observation.id) ORDER BY position",
                logger: Self.logger
            ).decode((Int64, Int, String, String, String, String?, Double?, Double?).self) {
                photos.append(
                    ObservationPhoto(
                        id: rowID, observationID: observation.id, position: position, sha256: sha, fileName: file, originalName: original,
                        takenAt: taken, lon: lon, lat: lat))
            }
            var history: [StatusChange] = []
            for try await (rowID, from, to, owner, note, changed) in try await connection.query(
                "SELECT id, from_status, to_status, owner, note, changed_at FROM status_history WHERE observation_id = \(observation.id) ORDER BY id",
                logger: Self.logger
            ).decode((Int64, String?, String, String?, String?, String).self) {
                history.append(
                    StatusChange(id: rowID, observationID: observation.id, fromStatus: from, toStatus: to, owner: owner, note: note, changedAt: changed))
            }
            return ObservationDetails(observation: observation, photos: photos, history: history)
        }
    }

    // MARK: Writing

    /// What a write transaction reads first, under the schouw's row lock.
    private struct WriteContext {
        var schouw: SchouwRecord
        var checkpoints: [CheckpointRecord]
        var groups: [(name: String, position: Int)]
    }

    private static func context(_ id: Int64, _ connection: PostgresConnection) async throws -> WriteContext {
        let schouw = try await schouw(id, connection, lock: true)
        var groups: [(name: String, position: Int)] = []
        for try await (name, position) in try await connection.query(
            "SELECT name, position FROM groups WHERE schouw_id = \(id)", logger: logger
        ).decode((String, Int).self) { groups.append((name, position)) }
        return WriteContext(schouw: schouw, checkpoints: try await checkpoints(id, connection), groups: groups)
    }

    /// Validates and stores `drafts` in one transaction (see ``ObservationStore/ingest(_:options:)``).
    ///
    /// A connection lost before the commit is retried by ``PostgresServer/transaction(_:)``. For a
    /// connection lost during the commit, each new finding gets its id here, before the transaction (an
    /// idempotency key, as the web app's form key is): afterwards those ids tell whether the commit
    /// happened (one transaction: all of them or none). If none is stored the ingest runs again; if
    /// they are, it is reported as stored, with the ids found (its duplicate and rejected lists are then
    /// not known). Only when every draft came with its own id can this not be told, and
    /// ``StoreError/commitUnknown(store:reason:)`` says so.
    public func ingest(_ drafts: [ObservationDraft], options: IngestOptions) async throws -> IngestReport {
        var keyed = drafts
        var made: [String] = []
        var uuids = SequentialUUIDs()
        for index in keyed.indices where keyed[index].id.nonBlank == nil {
            let id = uuids.uuidString()
            keyed[index].id = id
            made.append(id)
        }
        let (drafts, generated, fresh) = (keyed, made, Set(made))
        do {
            let report = try await ingestOnce(drafts, options: options, fresh: fresh)
            if report.insertedIDs.count >= Self.analyzeAfterRows {
                // Fresh statistics after a large import, so the planner walks the buurten and looks their
                // points up in the index (group --in-database: 0.94 s → 0.32 s for 100,000 rows) instead of
                // trusting the empty table's. Autovacuum would do it too, a minute later. Best effort: it
                // needs the table's owner.
                _ = try? await server.reading { connection in
                    try await connection.query("ANALYZE observation", logger: Self.logger).collect(Int.self)
                }
            }
            return report
        } catch StoreError.commitUnknown(let store, let reason) where !generated.isEmpty {
            let stored = try await server.reading { connection in
                try await connection.query("SELECT id FROM observation WHERE id = ANY(\(generated))", logger: Self.logger).collect(String.self)
            }
            let notice = PostgresServer.retryNotice.withLock { $0 }
            notice?(.commitUnknown(store: store, reason: reason), 1, 1)
            guard !stored.isEmpty else { return try await ingestOnce(drafts, options: options, fresh: fresh) }
            let given = drafts.compactMap { $0.id.nonBlank.flatMap(UUID.init(uuidString:))?.uuidString.lowercased() }
            let present = try await server.reading { connection in
                Set(try await connection.query("SELECT id FROM observation WHERE id = ANY(\(given))", logger: Self.logger).collect(String.self))
            }
            return IngestReport(insertedIDs: given.filter(present.contains))
        }
    }

    /// Imports of at least this many rows refresh the planner's statistics of `observation`.
    static let analyzeAfterRows = 5_000

    /// One try of ``ingest(_:options:)``; `fresh` are the ids it made itself (new random ones, not looked up).
    private func ingestOnce(_ drafts: [ObservationDraft], options: IngestOptions, fresh: Set<String>) async throws -> IngestReport {
        let id = schouwID
        // Given ids are checked against every schouw of the database (the primary key is global).
        let givenIDs = drafts.compactMap { $0.id.nonBlank.flatMap(UUID.init(uuidString:))?.uuidString.lowercased() }.filter { !fresh.contains($0) }
        return try await server.transaction { connection in
            let context = try await Self.context(id, connection)
            try await Self.checkPhotoQuota(options.photoQuota, drafts: drafts, schouw: id, connection)
            var storedIDs = Set<String>()
            if !givenIDs.isEmpty {
                for try await existing in try await connection.query(
                    "SELECT id FROM observation WHERE id = ANY(\(givenIDs))", logger: Self.logger
                ).decode(String.self) { storedIDs.insert(existing) }
            }
            // Short ids: the highest number per prefix (one row per prefix), and the given ones checked.
            var shortIDs = ShortIDCounter(groups: context.groups)
            for try await (prefix, highest) in try await connection.query(
                """
                SELECT split_part(short_id, '-', 1), max(split_part(short_id, '-', 2)::bigint) FROM observation
                WHERE schouw_id = \(id) AND short_id ~ '^[A-Z0-9]+-[0-9]+$' GROUP BY 1
                """, logger: Self.logger
            ).decode((String, Int).self) { shortIDs.reserve("\(prefix)-\(highest)") }
            let givenShortIDs = drafts.compactMap { $0.shortID.nonBlank.flatMap(ShortID.normalized) }
            var storedShortIDs = Set<String>()
            if !givenShortIDs.isEmpty {
                for try await existing in try await connection.query(
                    "SELECT short_id FROM observation WHERE schouw_id = \(id) AND short_id = ANY(\(givenShortIDs))", logger: Self.logger
                ).decode(String.self) { storedShortIDs.insert(existing) }
            }
            let storedShortIDSet = storedShortIDs
            let storedIDSet = storedIDs
            var validator = try ObservationValidator(
                schouw: context.schouw, checkpoints: context.checkpoints, folder: nil, acceptsPhotos: true, options: options,
                idExists: { storedIDSet.contains($0) }, shortIDExists: { storedShortIDSet.contains($0) })
            let enteredAt = Timestamps.now()
            var (results, report) = try validator.validateBatch(drafts, enteredAt: enteredAt, skipInvalid: options.skipInvalid)
            for given in validator.givenShortIDs { shortIDs.reserve(given) }
            // Likely duplicates: only stored findings of the same categories within the radius of the new
            // ones' bounding box are read (a single add reads a handful, not the whole schouw).
            var duplicates = DuplicateIndex(radiusMeters: options.duplicateRadiusMeters, expected: drafts.count)
            var categories = Set<String>()
            var box: (minX: Double, minY: Double, maxX: Double, maxY: Double)?
            for case .success(let valid) in results {
                let o = valid.observation
                categories.insert(o.category)
                box = (min(box?.minX ?? o.rdX, o.rdX), min(box?.minY ?? o.rdY, o.rdY), max(box?.maxX ?? o.rdX, o.rdX), max(box?.maxY ?? o.rdY, o.rdY))
            }
            if let box {
                let r = options.duplicateRadiusMeters
                let (minX, minY, maxX, maxY) = (box.minX - r, box.minY - r, box.maxX + r, box.maxY + r)
                for try await (rowID, category, text, x, y) in try await connection.query(
                    """
                    SELECT id, category, text, rd_x, rd_y FROM observation
                    WHERE schouw_id = \(id) AND deleted_at IS NULL AND category = ANY(\(Array(categories)))
                        AND rd_x BETWEEN \(minX) AND \(maxX) AND rd_y BETWEEN \(minY) AND \(maxY)
                    """, logger: Self.logger
                ).decode((String, String, String, Double, Double).self) {
                    duplicates.add(id: rowID, category: category, text: text, x: x, y: y)
                }
            }
            var pending: [Observation] = []
            var photos: [(String, [ObservationValidator.PhotoInput])] = []
            for result in results {
                guard case .success(let valid) = result else { continue }
                guard let observation = duplicates.admit(valid, options: options, shortIDs: &shortIDs, report: &report) else { continue }
                pending.append(observation)
                if !valid.photos.isEmpty { photos.append((observation.id, valid.photos)) }
            }
            TestHooks.holdBeforeWrite()
            try await Self.insert(pending, schouw: id, enteredAt: enteredAt, connection)
            for (observationID, inputs) in photos {
                try await Self.storePhotos(inputs, for: observationID, startPosition: 0, connection)
            }
            TestHooks.holdBeforeCommit()
            TestHooks.armCommitReplyLoss()
            return report
        }
    }

    /// Inserts observations with their first status row through `COPY … FROM STDIN` (text format): one
    /// stream per table instead of a statement per thousand rows (scripts/bench_store.sh: about 20,000
    /// rows/s in a release build); `geom` is generated by the server from lon/lat.
    static func insert(_ observations: [Observation], schouw: Int64, enteredAt: String?, _ connection: PostgresConnection) async throws {
        guard !observations.isEmpty else { return }
        let columns = ["schouw_id"] + observationColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        try await copy(into: "observation", columns: columns, observations.count, connection) { index, row in
            let o = observations[index]
            row.field(String(schouw)); row.field(o.id); row.field(o.groupName); row.field(o.walker); row.field(o.observedAt)
            row.field(o.enteredAt); row.field(o.category); row.field(o.subcategory); row.field(o.level); row.field(o.text)
            row.field(o.lon.description); row.field(o.lat.description); row.field(o.rdX.description); row.field(o.rdY.description)
            row.field(o.locationSource.rawValue); row.field(o.street); row.field(o.checkpoint.map(String.init)); row.field(o.buurtCode)
            row.field(o.status); row.field(o.owner); row.field(o.deletedAt); row.field(o.sourceFile)
            row.field(o.sourceLine.map(String.init)); row.field(o.shortID)
        }
        guard let enteredAt else { return }
        try await copy(into: "status_history", columns: ["observation_id", "to_status", "owner", "changed_at"], observations.count, connection) {
            index, row in
            let o = observations[index]
            row.field(o.id); row.field(o.status); row.field(o.owner); row.field(enteredAt)
        }
    }

    /// One row of `COPY … FROM STDIN` in PostgreSQL's text format: fields separated by tabs, `\N` for
    /// NULL, backslash, tab, newline and carriage return escaped.
    struct CopyRow {
        var text = ""
        private var first = true

        mutating func field(_ value: String?) {
            if !first { text.append("\t") }
            first = false
            guard let value else {
                text.append("\\N")
                return
            }
            if !value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                text.append(value)
                return
            }
            for character in value.unicodeScalars {
                switch character {
                case "\\": text.append("\\\\")
                case "\t": text.append("\\t")
                case "\n": text.append("\\n")
                case "\r": text.append("\\r")
                default: text.unicodeScalars.append(character)
                }
            }
        }

        mutating func end() {
            text.append("\n")
            first = true
        }
    }

    /// Streams `count` rows made by `row` into `table` with `COPY … FROM STDIN`, in pieces of about 256 KB.
    static func copy(
        into table: String, columns: [String], _ count: Int, _ connection: PostgresConnection, row make: (Int, inout CopyRow) -> Void
    ) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var row = CopyRow()
            row.text.reserveCapacity(300_000)
            for index in 0..<count {
                make(index, &row)
                row.end()
                if row.text.utf8.count >= 256 * 1024 {
                    try await writer.write(ByteBuffer(string: row.text))
                    row.text.removeAll(keepingCapacity: true)
                }
            }
            if !row.text.isEmpty { try await writer.write(ByteBuffer(string: row.text)) }
        }
    }

    /// Stores photos' bytes once per content (`photo_blob`) and their rows, named as the SQLite store names its files.
    static func storePhotos(
        _ photos: [ObservationValidator.PhotoInput], for observationID: String, startPosition: Int, _ connection: PostgresConnection
    ) async throws {
        for (position, photo) in photos.enumerated() {
            let data: Data
            do {
                data = try Data(contentsOf: photo.source)
            } catch {
                throw StoreError.unreadableFile(photo.source.path, Phrase(verbatim: "\(error.localizedDescription)"))
            }
            let name = ObservationValidator.storedPhotoName(sha256: photo.sha256, source: photo.source)
            try await storePhoto(
                ObservationPhoto(
                    observationID: observationID, position: startPosition + position, sha256: photo.sha256, fileName: name,
                    originalName: photo.source.lastPathComponent, takenAt: photo.metadata.takenAt.flatMap(Timestamps.normalize),
                    lon: photo.metadata.coordinate?.longitude, lat: photo.metadata.coordinate?.latitude),
                data: data, connection)
        }
    }

    static func storePhoto(_ photo: ObservationPhoto, data: Data, _ connection: PostgresConnection) async throws {
        let bytes = ByteBuffer(bytes: data)
        // Shared: a purge deleting unused bytes (exclusive) waits until this transaction ends.
        try await connection.query("SELECT pg_advisory_xact_lock_shared(\(photoBlobLock))", logger: logger)
        try await connection.query(
            "INSERT INTO photo_blob (sha256, data) VALUES (\(photo.sha256), \(bytes)) ON CONFLICT (sha256) DO NOTHING", logger: logger)
        try await connection.query(
            """
            INSERT INTO observation_photo (observation_id, position, sha256, file_name, original_name, taken_at, lon, lat)
            VALUES (\(photo.observationID), \(photo.position), \(photo.sha256), \(photo.fileName), \(photo.originalName), \(photo.takenAt),
                \(photo.lon), \(photo.lat))
            """, logger: logger)
    }

    public func edit(id: String, changes: ObservationDraft) async throws -> Observation {
        try await edit(id: id, changes: changes, photoQuota: nil)
    }

    public func edit(id: String, changes: ObservationDraft, photoQuota: PhotoQuota?) async throws -> Observation {
        let schouw = schouwID
        return try await server.transaction { connection in
            let context = try await Self.context(schouw, connection)
            let old = try await Self.find(id, schouw: schouw, connection)
            let draft = ObservationEdit.draft(applying: changes, to: old)
            try await Self.checkPhotoQuota(photoQuota, drafts: [draft], schouw: schouw, connection)
            var validator = try ObservationValidator(
                schouw: context.schouw, checkpoints: context.checkpoints, folder: nil, acceptsPhotos: true, options: IngestOptions(),
                idExists: { _ in false }, shortIDExists: { _ in false })
            switch try validator.validate([draft], enteredAt: old.enteredAt)[0] {
            case .failure(let failure): throw StoreError.invalidInput(failure.issues)
            case .success(let valid):
                let updated = ObservationEdit.updated(valid.observation, old: old, changes: changes)
                try await connection.query(
                    """
                    UPDATE observation SET group_name = \(updated.groupName), walker = \(updated.walker), observed_at = \(updated.observedAt),
                        category = \(updated.category), subcategory = \(updated.subcategory), level = \(updated.level), text = \(updated.text),
                        lon = \(updated.lon), lat = \(updated.lat), rd_x = \(updated.rdX), rd_y = \(updated.rdY),
                        location_source = \(updated.locationSource.rawValue), street = \(updated.street), checkpoint = \(updated.checkpoint),
                        buurt_code = \(updated.buurtCode), owner = \(updated.owner)
                    WHERE id = \(old.id)
                    """, logger: Self.logger)
                let start = try await connection.query(
                    "SELECT count(*) FROM observation_photo WHERE observation_id = \(old.id)", logger: Self.logger
                ).collect(Int.self).first ?? 0
                try await Self.storePhotos(valid.photos, for: old.id, startPosition: start, connection)
                return updated
            }
        }
    }

    public func remove(id: String) async throws { try await setDeleted(id, Timestamps.now()) }

    public func restore(id: String) async throws { try await setDeleted(id, nil) }

    private func setDeleted(_ id: String, _ value: String?) async throws {
        let schouw = schouwID
        try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let observation = try await Self.find(id, schouw: schouw, connection)
            try await connection.query("UPDATE observation SET deleted_at = \(value) WHERE id = \(observation.id)", logger: Self.logger)
        }
    }

    public func setStatus(id: String, to status: String, owner: String?, note: String?) async throws -> StatusChange {
        var issues: [InputIssue] = []
        let parsedStatus = ObservationStatus(input: status)
        if parsedStatus == nil { issues.append(InputIssue(field: "status", value: status, reason: .unknownStatus)) }
        let parsedOwner = owner.map(FollowUpOwner.init(input:))
        if let parsedOwner, parsedOwner == nil { issues.append(InputIssue(field: "owner", value: owner, reason: .unknownOwner)) }
        guard issues.isEmpty, let parsedStatus else { throw StoreError.invalidInput(issues) }
        let schouw = schouwID
        return try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let observation = try await Self.find(id, schouw: schouw, connection)
            var change = StatusChange(
                observationID: observation.id, fromStatus: observation.status, toStatus: parsedStatus.rawValue,
                owner: parsedOwner??.rawValue ?? observation.owner, note: note.nonBlank, changedAt: Timestamps.now())
            try await connection.query(
                "UPDATE observation SET status = \(change.toStatus), owner = \(change.owner) WHERE id = \(observation.id)", logger: Self.logger)
            change.id = try await connection.query(
                """
                INSERT INTO status_history (observation_id, from_status, to_status, owner, note, changed_at)
                VALUES (\(change.observationID), \(change.fromStatus), \(change.toStatus), \(change.owner), \(change.note), \(change.changedAt))
                RETURNING id
                """, logger: Self.logger
            ).collect(Int64.self).first
            return change
        }
    }

    public func photoNames() async throws -> [String: [String]] {
        let schouw = schouwID
        return try await server.reading { connection in
            var result: [String: [String]] = [:]
            for try await (observation, file) in try await connection.query(
                """
                SELECT p.observation_id, p.file_name FROM observation_photo p JOIN observation o ON o.id = p.observation_id
                WHERE o.schouw_id = \(schouw) ORDER BY p.observation_id, p.position
                """, logger: Self.logger
            ).decode((String, String).self) { result[observation, default: []].append(file) }
            return result
        }
    }

    public func photoData(named name: String) async throws -> Data {
        let schouw = schouwID
        let data: Data? = try await server.reading { connection in
            // A finding's photo, or an action's "after" photo (PostgresStore+Actions).
            for try await bytes in try await connection.query(
                """
                SELECT b.data FROM photo_blob b WHERE b.sha256 IN (
                    SELECT p.sha256 FROM observation_photo p JOIN observation o ON o.id = p.observation_id
                    WHERE o.schouw_id = \(schouw) AND p.file_name = \(name)
                    UNION ALL SELECT a.after_photo_sha256 FROM action a WHERE a.schouw_id = \(schouw) AND a.after_photo = \(name))
                LIMIT 1
                """, logger: Self.logger
            ).decode(ByteBuffer.self) { return Data(bytes.readableBytesView) }
            return nil
        }
        guard let data else { throw StoreError.notFound(id: name) }
        return data
    }

    public func insertCopies(_ copies: [ObservationCopy]) async throws {
        let schouw = schouwID
        try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let ids = copies.map(\.observation.id)
            var issues: [InputIssue] = []
            for try await existing in try await connection.query("SELECT id FROM observation WHERE id = ANY(\(ids))", logger: Self.logger)
                .decode(String.self)
            { issues.append(InputIssue(field: "id", value: existing, reason: .idExists)) }
            if !issues.isEmpty { throw StoreError.invalidInput(issues) }
            try await Self.insert(copies.map(\.observation), schouw: schouw, enteredAt: nil, connection)
            for copy in copies {
                for (photo, data) in copy.photos {
                    var record = photo
                    record.observationID = copy.observation.id
                    try await Self.storePhoto(record, data: data, connection)
                }
                for change in copy.history {
                    try await connection.query(
                        """
                        INSERT INTO status_history (observation_id, from_status, to_status, owner, note, changed_at)
                        VALUES (\(copy.observation.id), \(change.fromStatus), \(change.toStatus), \(change.owner), \(change.note), \(change.changedAt))
                        """, logger: Self.logger)
                }
            }
        }
    }

    // MARK: Access codes

    public func issueAccessCodes(reset: Bool) async throws -> [IssuedAccessCode] {
        let schouw = schouwID
        let iterations = accessCodeIterations
        return try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            if reset {
                // New codes end every session the old ones opened.
                try await connection.query("DELETE FROM access_code WHERE schouw_id = \(schouw)", logger: Self.logger)
                try await connection.query("DELETE FROM web_session WHERE schouw_id = \(schouw)", logger: Self.logger)
            }
            let groups = try await connection.query(
                "SELECT name FROM groups WHERE schouw_id = \(schouw) ORDER BY position", logger: Self.logger
            ).collect(String.self)
            var existing = Set<String?>()
            var hashes: [String] = []
            for try await (group, hash) in try await connection.query(
                "SELECT group_name, hash FROM access_code WHERE schouw_id = \(schouw)", logger: Self.logger
            ).decode((String?, String).self) {
                existing.insert(group)
                hashes.append(hash)
            }
            let salt = Self.codeSalt(hashes, iterations: iterations)
            var issued: [IssuedAccessCode] = []
            for name in [nil] + groups.map(Optional.some) where !existing.contains(name) {
                let code = AccessCodes.generate()
                let hash = AccessCodeHash.encode(AccessCodes.normalize(code)!, salt: salt, iterations: iterations)
                try await connection.query(
                    "INSERT INTO access_code (schouw_id, group_name, hash, created_at) VALUES (\(schouw), \(name), \(hash), \(Timestamps.now()))",
                    logger: Self.logger)
                issued.append(IssuedAccessCode(role: name.map(AccessRole.group) ?? .organizer, code: code))
            }
            return issued
        }
    }

    static func codeSalt(_ hashes: [String], iterations: Int) -> String {
        for text in hashes {
            if case .pbkdf2(iterations, let salt, _) = AccessCodeHash.parse(text) { return salt }
        }
        return RandomToken.make(bytes: 16)
    }

    public func accessCodeRoles() async throws -> [(role: AccessRole, issuedAt: String)] {
        let schouw = schouwID
        let rows = try await server.reading { connection in
            var rows: [(String?, String)] = []
            for try await row in try await connection.query(
                "SELECT group_name, created_at FROM access_code WHERE schouw_id = \(schouw) ORDER BY group_name IS NOT NULL, group_name COLLATE \"C\"",
                logger: Self.logger
            ).decode((String?, String).self) { rows.append(row) }
            return rows
        }
        return rows.map { ($0.0.map(AccessRole.group) ?? .organizer, $0.1) }
    }

    public func role(forAccessCode text: String) async throws -> AccessRole? {
        try await accessCodeMatch(text)?.role
    }

    // MARK: Grouping in the database

    /// The findings (not removed) per buurt of the `buurten` table, counted by PostGIS: a finding goes to the
    /// buurt whose RD New polygon covers it (`ST_Covers`, which is `ST_Contains` with the boundary included),
    /// on a boundary of several to the lowest code, as the Swift grouping (``Grouping``) does.
    /// - Parameters:
    ///   - includeWater: keep water buurten (left out by default, like `schouw group`).
    ///   - gemeente: only the buurten of this municipality code.
    /// - Returns: every buurt kept (also those with no finding) with its count, by code, and the findings outside them.
    public func groupInDatabase(includeWater: Bool = false, gemeente: String? = nil) async throws -> (areas: [(code: String, name: String, count: Int)], outside: Int) {
        let id = schouwID
        return try await server.reading { connection in
            let keep = "(\(includeWater ? "true" : "NOT b.water")) AND ($2::text IS NULL OR upper(b.gemeente) = upper($2::text))"
            var binds = PostgresBindings()
            binds.append(id)
            binds.append(gemeente)
            let sql = """
                WITH assigned AS (
                    SELECT DISTINCT ON (o.id) o.id, b.code
                    FROM observation o JOIN buurten b
                        ON ST_Covers(b.geom_rd, ST_SetSRID(ST_MakePoint(o.rd_x, o.rd_y), 28992)) AND \(keep)
                    WHERE o.schouw_id = $1 AND o.deleted_at IS NULL
                    ORDER BY o.id, b.code COLLATE "C")
                SELECT b.code, b.name, count(a.id)::bigint FROM buurten b LEFT JOIN assigned a ON a.code = b.code
                WHERE \(keep) GROUP BY b.code, b.name ORDER BY b.code COLLATE "C"
                """
            var areas: [(code: String, name: String, count: Int)] = []
            for try await (code, name, count) in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: Self.logger)
                .decode((String, String, Int).self) { areas.append((code, name, count)) }
            let total = try await connection.query(
                "SELECT count(*) FROM observation WHERE schouw_id = \(id) AND deleted_at IS NULL", logger: Self.logger
            ).collect(Int.self).first ?? 0
            return (areas, total - areas.reduce(0) { $0 + $1.count })
        }
    }

    // MARK: Summary

    public func summary() async throws -> SchouwSummary {
        let schouw = try await schouw()
        let id = schouwID
        let migrations = try await server.appliedMigrations()
        return try await server.reading { connection in
            var perGroup: [String: Int] = [:]
            for try await (group, count) in try await connection.query(
                "SELECT group_name, count(*) FROM observation WHERE schouw_id = \(id) AND deleted_at IS NULL GROUP BY group_name",
                logger: Self.logger
            ).decode((String?, Int).self) { perGroup[group ?? ""] = count }
            let planned = try await connection.query(
                "SELECT name FROM groups WHERE schouw_id = \(id) ORDER BY position, name COLLATE \"C\"", logger: Self.logger
            ).collect(String.self)
            let unplanned = perGroup.keys.filter { !$0.isEmpty && !planned.contains($0) }.sorted()
            var statuses: [(status: String, count: Int)] = []
            for try await (status, count) in try await connection.query(
                "SELECT status, count(*) FROM observation WHERE schouw_id = \(id) AND deleted_at IS NULL GROUP BY status ORDER BY status COLLATE \"C\"",
                logger: Self.logger
            ).decode((String, Int).self) { statuses.append((status, count)) }
            var counts = (0, 0)
            for try await (findings, removed) in try await connection.query(
                "SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM observation WHERE schouw_id = \(id)",
                logger: Self.logger
            ).decode((Int, Int).self) { counts = (findings, removed) }
            var lastChange: String?
            for try await value in try await connection.query(
                """
                SELECT max(t) FROM (
                  SELECT created_at AS t FROM schouw WHERE id = \(id)
                  UNION ALL SELECT max(entered_at) FROM observation WHERE schouw_id = \(id)
                  UNION ALL SELECT max(deleted_at) FROM observation WHERE schouw_id = \(id)
                  UNION ALL SELECT max(h.changed_at) FROM status_history h JOIN observation o ON o.id = h.observation_id WHERE o.schouw_id = \(id)) AS times
                """, logger: Self.logger
            ).decode(String?.self) { lastChange = value }
            return SchouwSummary(
                name: schouw.name, date: schouw.date, areaCode: schouw.areaCode, areaName: schouw.areaName,
                groups: (planned + unplanned).map { (name: $0, findings: perGroup[$0] ?? 0) }, findings: counts.0, removed: counts.1,
                byStatus: statuses, lastChange: lastChange, migrations: migrations)
        }
    }
}

