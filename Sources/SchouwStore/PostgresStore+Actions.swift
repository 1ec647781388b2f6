import Foundation
import PostgresNIO
import SchouwCore

/// ``ActionStore`` (through ``ObservationStore``): the actions of a schouw in PostgreSQL (migration 3): the same rules as the SQLite store
/// (``ActionRules``), numbers counted per schouw (`UNIQUE (schouw_id, number)`), "after" photos in
/// `photo_blob` beside the findings' photos and read through ``photoData(named:)``.
///
/// Every write locks the schouw's row first (`SELECT … FOR UPDATE`), as ingests do: two processes
/// adding actions to one schouw take turns, so the next number is read after the other's commit and no
/// number is given twice.
extension PostgresStore {
    static let actionColumns =
        "id, number, what, partner_kind, partner_name, department, due_date, status, status_date, note, created_at, after_photo"

    public func addAction(_ draft: ActionDraft, names: ActionFieldNames) async throws -> ActionDetails {
        let schouw = schouwID
        return try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let highest = try await connection.query(
                "SELECT COALESCE(max(number), 0) FROM action WHERE schouw_id = \(schouw)", logger: Self.logger
            ).collect(Int.self).first ?? 0
            let (record, newIssues) = ActionRules.newAction(draft, number: highest + 1, names: names)
            var issues = newIssues
            let linked = try await Self.resolveFindings(draft.findings, field: names.findings, schouw: schouw, connection, issues: &issues)
            guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
            try await Self.insertAction(
                record, afterPhotoSHA256: nil, schouw: schouw, history: [ActionRules.creation(of: record, changedAt: record.createdAt)],
                findings: linked, connection)
            return try await Self.actionDetails([record], schouw: schouw, connection)[0]
        }
    }

    public func editAction(
        _ reference: String, changes: ActionDraft, status: ActionStatusUpdate?, names: ActionFieldNames
    ) async throws -> ActionDetails {
        let prepared = status.map { ActionRules.prepare($0, names: names, acceptsPhotos: true) }
        let schouw = schouwID
        return try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            var record = try await Self.findAction(reference, schouw: schouw, connection)
            var issues = ActionRules.editIssues(changes, names: names)
            ActionRules.apply(changes, to: &record, names: names, issues: &issues)
            let linked = try await Self.resolveFindings(changes.findings, field: names.findings, schouw: schouw, connection, issues: &issues)
            let unlinked = try await Self.resolveFindings(
                changes.unlinkFindings, field: names.unlinkFindings, schouw: schouw, connection, issues: &issues)
            let change = prepared.flatMap { ActionRules.move(&record, $0, names: names, issues: &issues) }
            guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
            if let change { try await Self.insertHistory([change], actionID: record.id, connection) }
            var photoSHA256: String?
            if let photo = prepared?.photo {
                try await Self.storeBlob(photo.data, sha256: photo.sha256, connection)
                record.afterPhoto = photo.storedName
                photoSHA256 = photo.sha256
            }
            if prepared == nil, let note = changes.note.nonBlank { record.note = note }
            let r = record
            // The photo's hash goes with its name: cleared with it, replaced with a new photo, else kept.
            try await connection.query(
                """
                UPDATE action SET what = \(r.what), partner_kind = \(r.partnerKind), partner_name = \(r.partnerName),
                    department = \(r.department), due_date = \(r.dueDate), status = \(r.status), status_date = \(r.statusDate),
                    note = \(r.note), after_photo = \(r.afterPhoto),
                    after_photo_sha256 = CASE WHEN \(r.afterPhoto)::text IS NULL THEN NULL ELSE COALESCE(\(photoSHA256)::text, after_photo_sha256) END
                WHERE id = \(r.id)
                """, logger: Self.logger)
            try await Self.link(record.id, linked, connection)
            if !unlinked.isEmpty {
                try await connection.query(
                    "DELETE FROM action_finding WHERE action_id = \(record.id) AND observation_id = ANY(\(unlinked))", logger: Self.logger)
            }
            return try await Self.actionDetails([record], schouw: schouw, connection)[0]
        }
    }

    public func actions(status: String?, partner: String?) async throws -> [ActionDetails] {
        let keep = try ActionRules.listFilter(status: status, partner: partner)
        let schouw = schouwID
        return try await server.reading { connection in
            let records = try await Self.actionRecords(
                PostgresQuery(unsafeSQL: "SELECT \(Self.actionColumns) FROM action WHERE schouw_id = $1 ORDER BY number", binds: Self.binds(schouw)),
                connection)
            return try await Self.actionDetails(records.filter(keep), schouw: schouw, connection)
        }
    }

    public func action(_ reference: String) async throws -> ActionDetails {
        let schouw = schouwID
        return try await server.reading { connection in
            try await Self.actionDetails([try await Self.findAction(reference, schouw: schouw, connection)], schouw: schouw, connection)[0]
        }
    }

    public func actionsByFinding() async throws -> [String: [ActionRecord]] {
        ActionRules.byFinding(try await actions(status: nil, partner: nil))
    }

    public func actionsCSVData(excel: Bool) async throws -> Data {
        try SchouwDatabase.actionsCSVData(
            try await actions(status: nil, partner: nil), observations: try await observations(ObservationFilter()), excel: excel)
    }

    public func importActions(from url: URL) async throws -> Int {
        let schouw = schouwID
        return try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let numbers = try await connection.query("SELECT number FROM action WHERE schouw_id = \(schouw)", logger: Self.logger).collect(Int.self)
            // Action ids are the key of the whole database, as observation ids are.
            let ids = try await connection.query("SELECT id FROM action", logger: Self.logger).collect(String.self)
            let observations = try await connection.query(
                "SELECT id FROM observation WHERE schouw_id = \(schouw)", logger: Self.logger
            ).collect(String.self)
            let photos = try await Self.photoHashes(schouw: schouw, connection)
            let imported = try ActionRules.readTable(
                url,
                context: ActionRules.ImportContext(
                    numbers: Set(numbers), ids: Set(ids), observationIDs: Set(observations), photoExists: { photos[$0] != nil }))
            for entry in imported {
                try await Self.insertAction(
                    entry.record, afterPhotoSHA256: entry.record.afterPhoto.flatMap { photos[$0] }, schouw: schouw, history: [entry.change],
                    findings: entry.findings, connection)
            }
            return imported.count
        }
    }

    public func insertActionCopies(_ copies: [ActionCopy]) async throws {
        let schouw = schouwID
        try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let ids = copies.map(\.action.id)
            let taken = try await connection.query("SELECT id FROM action WHERE id = ANY(\(ids))", logger: Self.logger).collect(String.self)
            let numbers = try await connection.query("SELECT number FROM action WHERE schouw_id = \(schouw)", logger: Self.logger).collect(Int.self)
            let observations = try await connection.query(
                "SELECT id FROM observation WHERE schouw_id = \(schouw)", logger: Self.logger
            ).collect(String.self)
            let issues = ActionRules.copyIssues(copies, takenIDs: Set(taken), takenNumbers: Set(numbers), observationIDs: Set(observations))
            if !issues.isEmpty { throw StoreError.invalidInput(issues) }
            for copy in copies {
                var sha256: String?
                if let data = copy.afterPhoto {
                    let hash = ContentHash.sha256Hex(of: data)
                    try await Self.storeBlob(data, sha256: hash, connection)
                    sha256 = hash
                }
                try await Self.insertAction(copy.action, afterPhotoSHA256: sha256, schouw: schouw, history: copy.history, findings: copy.findings, connection)
            }
        }
    }

    // MARK: Rows

    static func binds(_ schouw: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(schouw)
        return binds
    }

    static func actionRecords(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [ActionRecord] {
        var result: [ActionRecord] = []
        for try await (id, number, what, kind, name, department, due, status, statusDate, note, created, photo) in try await connection.query(
            query, logger: logger
        ).decode((String, Int, String, String, String?, String?, String?, String, String, String?, String, String?).self) {
            result.append(ActionRecord(
                id: id, number: number, what: what, partnerKind: kind, partnerName: name, department: department, dueDate: due, status: status,
                statusDate: statusDate, note: note, createdAt: created, afterPhoto: photo))
        }
        return result
    }

    /// The actions with their linked findings (by entry time) and history, in three queries for any number of actions.
    static func actionDetails(_ records: [ActionRecord], schouw: Int64, _ connection: PostgresConnection) async throws -> [ActionDetails] {
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        var links: [String: [String]] = [:]
        for try await (action, observation) in try await connection.query(
            "SELECT action_id, observation_id FROM action_finding WHERE action_id = ANY(\(ids))", logger: logger
        ).decode((String, String).self) { links[action, default: []].append(observation) }
        let linkedIDs = Array(Set(links.values.joined()))
        var arguments = binds(schouw)
        arguments.append(linkedIDs)
        let findings = try await observations(try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT \(observationColumns) FROM observation WHERE schouw_id = $1 AND id = ANY($2) "
                    + "ORDER BY entered_at COLLATE \"C\", short_id COLLATE \"C\", id COLLATE \"C\"",
                binds: arguments),
            logger: logger))
        var history: [String: [ActionChange]] = [:]
        for try await (rowID, action, from, to, day, note, changed) in try await connection.query(
            "SELECT id, action_id, from_status, to_status, status_date, note, changed_at FROM action_history WHERE action_id = ANY(\(ids)) ORDER BY id",
            logger: logger
        ).decode((Int64, String, String?, String, String, String?, String).self) {
            history[action, default: []].append(
                ActionChange(id: rowID, actionID: action, fromStatus: from, toStatus: to, statusDate: day, note: note, changedAt: changed))
        }
        return records.map { record in
            let linked = Set(links[record.id] ?? [])
            return ActionDetails(action: record, findings: findings.filter { linked.contains($0.id) }, history: history[record.id] ?? [])
        }
    }

    /// The action a typed reference names in this schouw: a number (`3`, `#3`), else a UUID or a unique prefix of one.
    static func findAction(_ reference: String, schouw: Int64, _ connection: PostgresConnection) async throws -> ActionRecord {
        let (number, prefix) = ActionRules.reference(reference)
        if let number {
            var arguments = binds(schouw)
            arguments.append(number)
            let query = PostgresQuery(unsafeSQL: "SELECT \(actionColumns) FROM action WHERE schouw_id = $1 AND number = $2", binds: arguments)
            if let match = try await actionRecords(query, connection).first { return match }
        }
        guard let prefix else { throw StoreError.actionNotFound(reference) }
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(actionColumns) FROM action WHERE schouw_id = $1 AND id LIKE $2 ESCAPE '\\' ORDER BY id LIMIT 2",
            binds: binds(schouw, ActionRules.likePattern(prefix)))
        let matches = try await actionRecords(query, connection)
        if let exact = matches.first(where: { $0.id == prefix }) { return exact }
        guard matches.count == 1, let only = matches.first else {
            if matches.isEmpty { throw StoreError.actionNotFound(reference) }
            throw StoreError.ambiguousID(reference, matches: matches.count)
        }
        return only
    }

    /// The observation ids the references name in this schouw, each once; unknown ones become issues.
    static func resolveFindings(
        _ references: [String], field: String, schouw: Int64, _ connection: PostgresConnection, issues: inout [InputIssue]
    ) async throws -> [String] {
        var ids: [String] = []
        for reference in references {
            do {
                let id = try await find(reference, schouw: schouw, connection).id
                if !ids.contains(id) { ids.append(id) }
            } catch is StoreError {
                issues.append(InputIssue(field: field, value: reference, reason: .unknownFinding))
            }
        }
        return ids
    }

    /// The photos this schouw holds, name → content hash: its findings' photos and its actions' "after" photos.
    static func photoHashes(schouw: Int64, _ connection: PostgresConnection) async throws -> [String: String] {
        var result: [String: String] = [:]
        for try await (name, sha256) in try await connection.query(
            """
            SELECT p.file_name, p.sha256 FROM observation_photo p JOIN observation o ON o.id = p.observation_id WHERE o.schouw_id = \(schouw)
            UNION SELECT after_photo, after_photo_sha256 FROM action WHERE schouw_id = \(schouw) AND after_photo_sha256 IS NOT NULL
            """, logger: logger
        ).decode((String, String).self) { result[name] = sha256 }
        return result
    }

    /// Stores an "after" photo's bytes once per content, taking ``photoBlobLock`` shared as a finding's
    /// photos do, so a purge cannot delete the row between this insert and the action referring to it.
    static func storeBlob(_ data: Data, sha256: String, _ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock_shared(\(photoBlobLock))", logger: logger)
        try await connection.query(
            "INSERT INTO photo_blob (sha256, data) VALUES (\(sha256), \(ByteBuffer(bytes: data))) ON CONFLICT (sha256) DO NOTHING", logger: logger)
    }

    /// Stores an action with its history rows and links (inside the caller's transaction).
    static func insertAction(
        _ a: ActionRecord, afterPhotoSHA256: String?, schouw: Int64, history: [ActionChange], findings: [String], _ connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO action (id, schouw_id, number, what, partner_kind, partner_name, department, due_date, status, status_date, note,
                created_at, after_photo, after_photo_sha256)
            VALUES (\(a.id), \(schouw), \(a.number), \(a.what), \(a.partnerKind), \(a.partnerName), \(a.department), \(a.dueDate), \(a.status),
                \(a.statusDate), \(a.note), \(a.createdAt), \(afterPhotoSHA256 == nil ? nil : a.afterPhoto), \(afterPhotoSHA256))
            """, logger: logger)
        try await insertHistory(history, actionID: a.id, connection)
        try await link(a.id, findings, connection)
    }

    static func insertHistory(_ changes: [ActionChange], actionID: String, _ connection: PostgresConnection) async throws {
        for c in changes {
            try await connection.query(
                """
                INSERT INTO action_history (action_id, from_status, to_status, status_date, note, changed_at)
                VALUES (\(actionID), \(c.fromStatus), \(c.toStatus), \(c.statusDate), \(c.note), \(c.changedAt))
                """, logger: logger)
        }
    }

    static func link(_ action: String, _ observations: [String], _ connection: PostgresConnection) async throws {
        for observation in observations {
            try await connection.query(
                "INSERT INTO action_finding (action_id, observation_id) VALUES (\(action), \(observation)) ON CONFLICT DO NOTHING",
                logger: logger)
        }
    }
}
