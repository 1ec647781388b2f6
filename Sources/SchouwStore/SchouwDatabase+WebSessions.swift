import Foundation
import GRDB
import SchouwCore

/// A logged-in visitor of `schouw serve`, as stored in the `web_session` table.
///
/// Only someone whose code was accepted has one: the entry page creates none. The table keys sessions by
/// the SHA-256 of the cookie's id, so a copy of the database does not hand out live cookies.
public struct WebSession: Sendable, Hashable {
    /// The cookie's value (random, 32 bytes as hex). Known only to the visitor and the request at hand.
    public var id: String
    public var role: AccessRole
    /// Every POST form of this session carries this token (CSRF).
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeen: Date
    /// The session ends here unless a request comes first (each request moves it on).
    public var expiresAt: Date
}

/// How long sessions live and how many the table keeps.
public struct WebSessionPolicy: Sendable, Hashable {
    /// A session ends after this long without a request.
    public var idleSeconds: TimeInterval
    /// The most sessions kept; a new login beyond it evicts one (see ``SchouwDatabase/createWebSession(role:policy:now:)``).
    public var capacity: Int
    /// A session seen within this long counts as active: it is evicted only when no idle one is left.
    public var activeSeconds: TimeInterval
    /// `last_seen` is written at most this often per session, so reading pages is not a write each time.
    public var touchSeconds: TimeInterval

    public init(idleSeconds: TimeInterval = 12 * 3600, capacity: Int = 10_000, activeSeconds: TimeInterval = 1800, touchSeconds: TimeInterval = 60) {
        self.idleSeconds = idleSeconds
        self.capacity = max(1, capacity)
        self.activeSeconds = activeSeconds
        self.touchSeconds = touchSeconds
    }
}

extension SchouwDatabase {
    /// Starts a session for `role` with a fresh random id and CSRF token.
    ///
    /// When the table holds ``WebSessionPolicy/capacity`` sessions, room is made in this order: expired
    /// sessions go first; then the least recently seen session that has been idle for longer than
    /// ``WebSessionPolicy/activeSeconds``; only when every session is active, the least recently seen
    /// session of the role holding the most sessions (so someone logging in over and over with one
    /// code pushes out that code's sessions, not the other groups' walkers).
    public func createWebSession(role: AccessRole, policy: WebSessionPolicy, now: Date = Date()) throws -> WebSession {
        let session = WebSession(
            id: RandomToken.make(), role: role, csrfToken: RandomToken.make(), createdAt: now, lastSeen: now,
            expiresAt: now.addingTimeInterval(policy.idleSeconds))
        let (kind, group) = role.sessionColumns
        try Self.wrapping {
            try writer.write { db in
                let t = now.timeIntervalSince1970
                try db.execute(sql: "DELETE FROM web_session WHERE expires_at <= ?", arguments: [t])
                var count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session") ?? 0
                while count >= policy.capacity {
                    let victim = try String.fetchOne(
                        db, sql: "SELECT id_sha256 FROM web_session WHERE last_seen < ? ORDER BY last_seen LIMIT 1",
                        arguments: [t - policy.activeSeconds])
                        ?? String.fetchOne(db, sql: """
                            SELECT id_sha256 FROM web_session
                            WHERE (role, IFNULL(group_name, '')) = (
                                SELECT role, IFNULL(group_name, '') FROM web_session
                                GROUP BY role, IFNULL(group_name, '') ORDER BY COUNT(*) DESC, MIN(last_seen) LIMIT 1)
                            ORDER BY last_seen LIMIT 1
                            """)
                    guard let victim else { break }
                    try db.execute(sql: "DELETE FROM web_session WHERE id_sha256 = ?", arguments: [victim])
                    count -= 1
                }
                try db.execute(
                    sql: """
                        INSERT INTO web_session (id_sha256, role, group_name, csrf_token, created_at, last_seen, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [Self.sessionKey(session.id), kind, group, session.csrfToken, t, t, session.expiresAt.timeIntervalSince1970])
            }
        }
        return session
    }

    /// The live session whose cookie holds `id`, moved on; nil for an unknown or expired id (an expired
    /// one is deleted).
    public func webSession(id: String, policy: WebSessionPolicy, now: Date = Date()) throws -> WebSession? {
        guard id.count == 64, id.allSatisfy(\.isHexDigit) else { return nil }
        let key = Self.sessionKey(id)
        let row = try Self.wrapping {
            try writer.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT role, group_name, csrf_token, created_at, last_seen, expires_at FROM web_session WHERE id_sha256 = ?",
                    arguments: [key])
            }
        }
        guard let row else { return nil }
        let t = now.timeIntervalSince1970
        guard let role = AccessRole(sessionRole: row[0], group: row[1]) else { return nil }
        var session = WebSession(
            id: id, role: role, csrfToken: row[2], createdAt: Date(timeIntervalSince1970: row[3]),
            lastSeen: Date(timeIntervalSince1970: row[4]), expiresAt: Date(timeIntervalSince1970: row[5]))
        guard session.expiresAt.timeIntervalSince1970 > t else {
            try removeWebSession(id: id)
            return nil
        }
        if t - session.lastSeen.timeIntervalSince1970 >= policy.touchSeconds {
            session.lastSeen = now
            session.expiresAt = now.addingTimeInterval(policy.idleSeconds)
            try Self.wrapping {
                try writer.write { db in
                    try db.execute(
                        sql: "UPDATE web_session SET last_seen = ?, expires_at = ? WHERE id_sha256 = ?",
                        arguments: [t, session.expiresAt.timeIntervalSince1970, key])
                }
            }
        }
        return session
    }

    /// Ends the session whose cookie holds `id` (logging out, or a new login replacing it).
    public func removeWebSession(id: String) throws {
        let key = Self.sessionKey(id)
        try Self.wrapping { try writer.write { db in try db.execute(sql: "DELETE FROM web_session WHERE id_sha256 = ?", arguments: [key]) } }
    }

    /// How many sessions the table holds (expired ones included until the next login clears them).
    public func webSessionCount() throws -> Int {
        try Self.wrapping { try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session") ?? 0 } }
    }

    /// The key a cookie id is stored under: its SHA-256 in hex.
    static func sessionKey(_ id: String) -> String { ContentHash.sha256Hex(of: Data(id.utf8)) }
}
