import Foundation
import PostgresNIO
import SchouwCore

extension PostgresServer {
    /// Migration 4: `schouw serve`'s sessions, as SQLite's `v6` plus the schouw they belong to (one
    /// database holds many schouwen, each with its own codes and so its own sessions). Times are Unix
    /// seconds and the cookie's id is stored only as its SHA-256, as in the file.
    ///
    /// Also an index on `observation_photo (sha256)`: purging asks of each photo whether another finding
    /// still uses its bytes, and deleting a `photo_blob` row makes the foreign key ask the same.
    static let webSessionMigration: (version: Int, name: String, sql: String) = (
        4, "v4: web sessions in the database",
        """
        CREATE TABLE web_session (
            id_sha256 text PRIMARY KEY, schouw_id bigint NOT NULL REFERENCES schouw ON DELETE CASCADE,
            role text NOT NULL CHECK (role IN ('organizer', 'group')),
            group_name text CHECK ((role = 'group') = (group_name IS NOT NULL)),
            csrf_token text NOT NULL, created_at float8 NOT NULL, last_seen float8 NOT NULL, expires_at float8 NOT NULL);
        CREATE INDEX web_session_schouw_expires ON web_session (schouw_id, expires_at);
        CREATE INDEX web_session_schouw_last_seen ON web_session (schouw_id, last_seen);
        CREATE INDEX observation_photo_sha256 ON observation_photo (sha256);
        """
    )
}

/// The web app's requirements (``WebStore``) on PostgreSQL: sessions, code checks, the photo quota and purging.
extension PostgresStore {
    // MARK: Sessions

    public func createWebSession(role: AccessRole, policy: WebSessionPolicy, now: Date) async throws -> WebSession {
        let session = WebSession(
            id: RandomToken.make(), role: role, csrfToken: RandomToken.make(), createdAt: now, lastSeen: now,
            expiresAt: now.addingTimeInterval(policy.idleSeconds))
        let (kind, group) = role.sessionColumns
        let key = SchouwDatabase.sessionKey(session.id)
        let (id, t, expires) = (schouwID, now.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970)
        let activeSince = t - policy.activeSeconds
        // One transaction under the schouw's row lock: two servers on one schouw make room one after the
        // other, so together they never keep more than the capacity.
        try await server.transaction { connection in
            _ = try await Self.schouw(id, connection, lock: true)
            try await connection.query("DELETE FROM web_session WHERE schouw_id = \(id) AND expires_at <= \(t)", logger: Self.logger)
            var count = try await connection.query(
                "SELECT count(*) FROM web_session WHERE schouw_id = \(id)", logger: Self.logger
            ).collect(Int.self).first ?? 0
            while count >= policy.capacity {
                var victim = try await connection.query(
                    """
                    SELECT id_sha256 FROM web_session WHERE schouw_id = \(id) AND last_seen < \(activeSince)
                    ORDER BY last_seen LIMIT 1
                    """, logger: Self.logger
                ).collect(String.self).first
                if victim == nil {
                    victim = try await connection.query(
                        """
                        SELECT id_sha256 FROM web_session
                        WHERE schouw_id = \(id) AND (role, coalesce(group_name, '')) = (
                            SELECT role, coalesce(group_name, '') FROM web_session WHERE schouw_id = \(id)
                            GROUP BY role, coalesce(group_name, '') ORDER BY count(*) DESC, min(last_seen) LIMIT 1)
                        ORDER BY last_seen LIMIT 1
                        """, logger: Self.logger
                    ).collect(String.self).first
                }
                guard let victim else { break }
                try await connection.query("DELETE FROM web_session WHERE id_sha256 = \(victim)", logger: Self.logger)
                count -= 1
            }
            try await connection.query(
                """
                INSERT INTO web_session (id_sha256, schouw_id, role, group_name, csrf_token, created_at, last_seen, expires_at)
                VALUES (\(key), \(id), \(kind), \(group), \(session.csrfToken), \(t), \(t), \(expires))
                """, logger: Self.logger)
        }
        return session
    }

    public func webSession(id: String, policy: WebSessionPolicy, now: Date) async throws -> WebSession? {
        guard id.count == 64, id.allSatisfy(\.isHexDigit) else { return nil }
        let key = SchouwDatabase.sessionKey(id)
        let schouw = schouwID
        let row = try await server.reading { connection in
            var found: (String, String?, String, Double, Double, Double)?
            for try await row in try await connection.query(
                """
                SELECT role, group_name, csrf_token, created_at, last_seen, expires_at FROM web_session
                WHERE id_sha256 = \(key) AND schouw_id = \(schouw)
                """, logger: Self.logger
            ).decode((String, String?, String, Double, Double, Double).self) { found = row }
            return found
        }
        guard let row, let role = AccessRole(sessionRole: row.0, group: row.1) else { return nil }
        let t = now.timeIntervalSince1970
        var session = WebSession(
            id: id, role: role, csrfToken: row.2, createdAt: Date(timeIntervalSince1970: row.3), lastSeen: Date(timeIntervalSince1970: row.4),
            expiresAt: Date(timeIntervalSince1970: row.5))
        guard row.5 > t else {
            try await removeWebSession(id: id)
            return nil
        }
        if t - row.4 >= policy.touchSeconds {
            session.lastSeen = now
            session.expiresAt = now.addingTimeInterval(policy.idleSeconds)
            let expires = session.expiresAt.timeIntervalSince1970
            _ = try await server.reading { connection in
                try await connection.query(
                    "UPDATE web_session SET last_seen = \(t), expires_at = \(expires) WHERE id_sha256 = \(key) AND schouw_id = \(schouw)",
                    logger: Self.logger)
            }
        }
        return session
    }

    public func removeWebSession(id: String) async throws {
        let (key, schouw) = (SchouwDatabase.sessionKey(id), schouwID)
        _ = try await server.reading { connection in
            try await connection.query("DELETE FROM web_session WHERE id_sha256 = \(key) AND schouw_id = \(schouw)", logger: Self.logger)
        }
    }

    public func webSessionCount() async throws -> Int {
        let schouw = schouwID
        return try await server.reading { connection in
            try await connection.query("SELECT count(*) FROM web_session WHERE schouw_id = \(schouw)", logger: Self.logger)
                .collect(Int.self).first ?? 0
        }
    }

    // MARK: Access codes

    public func accessCodeMatch(_ text: String) async throws -> AccessCodeMatch? {
        guard let normalized = AccessCodes.normalize(text) else { return nil }
        let schouw = schouwID
        let rows = try await server.reading { connection in
            var rows: [(Int64, String?, String)] = []
            for try await row in try await connection.query(
                "SELECT id, group_name, hash FROM access_code WHERE schouw_id = \(schouw)", logger: Self.logger
            ).decode((Int64, String?, String).self) { rows.append(row) }
            return rows
        }
        let found = AccessCodeHash.match(
            normalized, rows: rows.map { (id: $0.0, groupName: $0.1, stored: $0.2) }, currentIterations: accessCodeIterations)
        guard let found else { return nil }
        var stored = found.stored
        if !found.current {
            // Stored again with the current count; a failed re-hash does not refuse a right code.
            let iterations = accessCodeIterations
            let hash = AccessCodeHash.encode(normalized, salt: Self.codeSalt(rows.map(\.2), iterations: iterations), iterations: iterations)
            let updated = try? await server.reading { connection in
                try await connection.query(
                    "UPDATE access_code SET hash = \(hash) WHERE id = \(found.id) AND hash = \(found.stored) RETURNING hash", logger: Self.logger
                ).collect(String.self)
            }
            if let rehashed = updated?.first { stored = rehashed }
        }
        return AccessCodeMatch(role: found.role, storedHash: stored)
    }

    public func storedAccessCodeHash(for role: AccessRole) async throws -> String? {
        let group: String? = if case .group(let name) = role { name } else { nil }
        let schouw = schouwID
        return try await server.reading { connection in
            try await connection.query(
                "SELECT hash FROM access_code WHERE schouw_id = \(schouw) AND group_name IS NOT DISTINCT FROM \(group)", logger: Self.logger
            ).collect(String.self).first
        }
    }

    // MARK: Findings under the photo quota

    public func add(_ draft: ObservationDraft, allowDuplicates: Bool, photoQuota: PhotoQuota?) async throws -> Observation {
        var options = IngestOptions(allowDuplicates: allowDuplicates)
        options.photoQuota = photoQuota
        let report = try await ingest([draft], options: options)
        guard let id = report.insertedIDs.first else { throw StoreError.invalidInput(report.duplicates) }
        return try await details(id: id).observation
    }

    /// The photos of `group`'s findings in schouw `id` (removed ones included) and the bytes of their
    /// distinct contents.
    static func photoUsage(group: String, schouw id: Int64, _ connection: PostgresConnection) async throws -> PhotoUsage {
        var usage = PhotoUsage(count: 0, bytes: 0)
        for try await (count, bytes) in try await connection.query(
            """
            WITH own AS (
                SELECT p.sha256 FROM observation_photo p JOIN observation o ON o.id = p.observation_id
                WHERE o.schouw_id = \(id) AND lower(o.group_name) = lower(\(group)))
            SELECT (SELECT count(*) FROM own),
                (SELECT coalesce(sum(octet_length(b.data)), 0)::bigint FROM photo_blob b WHERE b.sha256 IN (SELECT sha256 FROM own))
            """, logger: logger
        ).decode((Int, Int64).self) { usage = PhotoUsage(count: count, bytes: bytes) }
        return usage
    }

    /// Throws ``StoreError/photoQuotaExceeded(group:usage:quota:)`` when `drafts`' photos would take a group
    /// over `quota`. Called inside the write transaction after the schouw's row is locked, so no other
    /// writer of the schouw (in this process or another) stores photos between this count and the insert.
    static func checkPhotoQuota(_ quota: PhotoQuota?, drafts: [ObservationDraft], schouw id: Int64, _ connection: PostgresConnection) async throws {
        guard let quota else { return }
        for entry in PhotoQuota.additions(drafts) {
            if let refusal = quota.refusal(used: try await photoUsage(group: entry.group, schouw: id, connection), adding: entry) {
                throw refusal
            }
        }
    }

    // MARK: Purging

    /// The advisory lock between storing photos' bytes (shared: writers of any schouw at once) and deleting
    /// bytes no finding or action uses (exclusive): `photo_blob` rows are shared by every schouw of the database, so a
    /// row a writer is about to refer to must not be deleted under it.
    static let photoBlobLock: Int64 = 7_413_004

    public func purge(id: String) async throws {
        let schouw = schouwID
        try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let observation = try await Self.find(id, schouw: schouw, connection)
            guard observation.deletedAt != nil else { throw StoreError.notRemoved(id: id) }
            let hashes = try await connection.query(
                "SELECT DISTINCT sha256 FROM observation_photo WHERE observation_id = \(observation.id)", logger: Self.logger
            ).collect(String.self)
            // Its photos' rows and status history go with it (ON DELETE CASCADE).
            try await connection.query("DELETE FROM observation WHERE id = \(observation.id)", logger: Self.logger)
            _ = try await Self.deleteUnreferencedBlobs(among: hashes, connection)
        }
    }

    @discardableResult
    public func purgeRemoved() async throws -> Int {
        let schouw = schouwID
        return try await server.transaction { connection in
            _ = try await Self.schouw(schouw, connection, lock: true)
            let hashes = try await connection.query(
                """
                SELECT DISTINCT p.sha256 FROM observation_photo p JOIN observation o ON o.id = p.observation_id
                WHERE o.schouw_id = \(schouw) AND o.deleted_at IS NOT NULL
                """, logger: Self.logger
            ).collect(String.self)
            let purged = try await connection.query(
                "DELETE FROM observation WHERE schouw_id = \(schouw) AND deleted_at IS NOT NULL RETURNING id", logger: Self.logger
            ).collect(String.self)
            _ = try await Self.deleteUnreferencedBlobs(among: hashes, connection)
            return purged.count
        }
    }

    /// Deletes the stored bytes of photos that no finding or action of any schouw in the database refers to
    /// (left by a failure between writes on an older version, or by a hand-made change); returns their SHA-256s.
    @discardableResult
    public func removeUnreferencedPhotos() async throws -> [String] {
        try await server.transaction { connection in try await Self.deleteUnreferencedBlobs(among: nil, connection) }
    }

    /// Deletes the `photo_blob` rows among `hashes` (all when nil) that no finding's photo
    /// (`observation_photo`) and no action's "after" photo (`action.after_photo_sha256`) of any schouw
    /// refers to, holding ``photoBlobLock`` exclusively until the transaction ends.
    static func deleteUnreferencedBlobs(among hashes: [String]?, _ connection: PostgresConnection) async throws -> [String] {
        if let hashes, hashes.isEmpty { return [] }
        try await connection.query("SELECT pg_advisory_xact_lock(\(photoBlobLock))", logger: logger)
        return try await connection.query(
            """
            DELETE FROM photo_blob b WHERE (\(hashes)::text[] IS NULL OR b.sha256 = ANY(\(hashes)::text[]))
                AND NOT EXISTS (SELECT 1 FROM observation_photo p WHERE p.sha256 = b.sha256)
                AND NOT EXISTS (SELECT 1 FROM action a WHERE a.after_photo_sha256 = b.sha256)
            RETURNING b.sha256
            """, logger: logger
        ).collect(String.self).sorted()
    }
}
