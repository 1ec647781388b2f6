import Foundation
import Crypto
import _CryptoExtras
import GRDB
import SchouwCore

/// Who an access code lets in: one walking group, or the organizer (every group).
public enum AccessRole: Sendable, Hashable {
    case organizer
    case group(String)
}

/// A code that was found right: its role and the hash text of its row when it was checked.
public struct AccessCodeMatch: Sendable, Hashable {
    public var role: AccessRole
    public var storedHash: String
}

/// A freshly issued access code; its plain text exists only here, the database keeps a salted hash.
public struct IssuedAccessCode: Sendable, Hashable {
    public var role: AccessRole
    /// Ten characters from ``AccessCodes/alphabet``, shown as `ABCDE-FGHJK`.
    public var code: String
}

/// The code format: random, from an alphabet without look-alikes (no 0/O, 1/I/L), typed forgivingly.
public enum AccessCodes {
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let length = 10

    /// A new random code (about 50 bits from the system's cryptographic generator).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(characters[..<5]) + "-" + String(characters[5...])
    }

    /// The code as compared: capitals, without spaces and dashes; nil when it cannot be a code.
    public static func normalize(_ text: String) -> String? {
        let kept = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard kept.count == length, kept.allSatisfy(alphabet.contains) else { return nil }
        return kept
    }

}

/// How access codes are stored: PBKDF2-HMAC-SHA256 from swift-crypto, written as
/// `pbkdf2-sha256$ITERATIONS$SALT$HASH` (salt and hash in hex), so the count can be raised later.
///
/// Databases from before keep `salted-sha256$SALT$HASH` (SHA-256 of `SALT:CODE`) until that code is first
/// used: it is checked once that way and stored again as PBKDF2.
///
/// The codes of one database share one salt: a login derives one key, not one per group (a code check
/// costs about as much as a single PBKDF2, whatever the number of groups), and the codes are 10 random
/// characters (about 50 bits), so the salt only has to keep precomputed tables useless, which a shared
/// random salt does as well.
public enum AccessCodeHash {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (0.15 s per check in OpenSSL on this project's machine,
    /// about 0.6 s in a debug build under load).
    public static let iterations = 600_000
    static let scheme = "pbkdf2-sha256"
    static let legacyScheme = "salted-sha256"

    enum Stored: Equatable {
        case pbkdf2(iterations: Int, salt: String, hash: String)
        case legacy(salt: String, hash: String)
    }

    static func parse(_ text: String) -> Stored? {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]), iterations > 0 {
            return .pbkdf2(iterations: iterations, salt: parts[2], hash: parts[3])
        }
        if parts.count == 3, parts[0] == legacyScheme { return .legacy(salt: parts[1], hash: parts[2]) }
        return nil
    }

    /// The stored text for a normalized code.
    static func encode(_ normalized: String, salt: String, iterations: Int = iterations) -> String {
        "\(scheme)$\(iterations)$\(salt)$\(derive(normalized, salt: salt, iterations: iterations))"
    }

    /// PBKDF2-HMAC-SHA256 of the code's UTF-8 with the salt's UTF-8, 32 bytes in hex.
    static func derive(_ normalized: String, salt: String, iterations: Int) -> String {
        // Only the minimum-rounds check can throw; the count is ours, so the unchecked call is used to
        // allow reading rows of any count.
        let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Data(normalized.utf8), salt: Data(salt.utf8), using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
        return key?.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } ?? ""
    }

    /// The row a normalized code matches among `rows` of a schouw's codes, with whether its hash is of the
    /// current kind and count (else it is stored again). Every row is compared, so the time taken does not
    /// tell which row matched; one PBKDF2 per distinct salt and count.
    static func match(
        _ normalized: String, rows: [(id: Int64, groupName: String?, stored: String)], currentIterations: Int
    ) -> (role: AccessRole, id: Int64, stored: String, current: Bool)? {
        var derived: [String: String] = [:]
        var found: (role: AccessRole, id: Int64, stored: String, current: Bool)?
        for row in rows {
            let matches: Bool
            var current = false
            switch parse(row.stored) {
            case .pbkdf2(let iterations, let salt, let hash):
                let key = "\(iterations)$\(salt)"
                let computed = derived[key] ?? derive(normalized, salt: salt, iterations: iterations)
                derived[key] = computed
                matches = !computed.isEmpty && RandomToken.equal(computed, hash)
                current = iterations >= currentIterations
            case .legacy(let salt, let hash):
                matches = RandomToken.equal(legacy(normalized, salt: salt), hash)
            case nil:
                matches = false
            }
            if matches { found = (row.groupName.map(AccessRole.group) ?? .organizer, row.id, row.stored, current) }
        }
        return found
    }

    /// The old format's hash: SHA-256 of `salt ":" code` in hex.
    static func legacy(_ normalized: String, salt: String) -> String {
        ContentHash.sha256Hex(of: Data("\(salt):\(normalized)".utf8))
    }
}

extension SchouwDatabase {
    /// Issues access codes: one per group of the stored plan and one for the organizer, for each role
    /// that has none yet (all of them with `reset`, which makes the old codes stop working).
    ///
    /// Only a PBKDF2 hash of each code is stored (``AccessCodeHash``), so a code can be shown once: here.
    /// - Returns: the new codes, organizer first, then the groups in plan order.
    public func issueAccessCodes(reset: Bool = false) throws -> [IssuedAccessCode] {
        try Self.wrapping {
            try writer.write { db in
                if reset {
                    // New codes end every session the old ones opened.
                    try db.execute(sql: "DELETE FROM access_code")
                    try db.execute(sql: "DELETE FROM web_session")
                }
                let groups = try String.fetchAll(db, sql: "SELECT name FROM groups ORDER BY position")
                let existing = Set(try Row.fetchAll(db, sql: "SELECT group_name FROM access_code").map { row -> String? in row[0] })
                var issued: [IssuedAccessCode] = []
                let salt = try Self.codeSalt(db, iterations: accessCodeIterations)
                for name in [nil] + groups.map(Optional.some) where !existing.contains(name) {
                    let code = AccessCodes.generate()
                    try db.execute(
                        sql: "INSERT INTO access_code (group_name, hash, created_at) VALUES (?, ?, ?)",
                        arguments: [name, AccessCodeHash.encode(AccessCodes.normalize(code)!, salt: salt, iterations: accessCodeIterations), Timestamps.now()])
                    issued.append(IssuedAccessCode(role: name.map(AccessRole.group) ?? .organizer, code: code))
                }
                return issued
            }
        }
    }

    /// The roles that have a code, with when it was issued (organizer first, then groups by name).
    public func accessCodeRoles() throws -> [(role: AccessRole, issuedAt: String)] {
        try Self.wrapping {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT group_name, created_at FROM access_code ORDER BY group_name IS NOT NULL, group_name")
                    .map { row in ((row[0] as String?).map(AccessRole.group) ?? .organizer, row[1]) }
            }
        }
    }

    /// The salt of the database's current PBKDF2 rows, or a new one when there are none.
    static func codeSalt(_ db: Database, iterations: Int) throws -> String {
        for text in try String.fetchAll(db, sql: "SELECT hash FROM access_code") {
            if case .pbkdf2(iterations, let salt, _) = AccessCodeHash.parse(text) { return salt }
        }
        return RandomToken.make(bytes: 16)
    }

    /// The role a typed code lets in, or nil for a wrong code. Spaces, dashes and small letters are forgiven.
    ///
    /// A row still in the old salted SHA-256 format (or with fewer iterations than now) that matches is
    /// stored again as PBKDF2 with the current count: verified the old way once, never again.
    /// - Complexity: one PBKDF2 per distinct salt (normally one), plus one SHA-256 per old-format row.
    public func role(forAccessCode text: String) throws -> AccessRole? {
        try accessCodeMatch(text)?.role
    }

    /// Like ``role(forAccessCode:)``, with the stored hash text of the row that matched (as it is after a
    /// re-hash), so a cache of verified codes can tell later whether that row is unchanged.
    public func accessCodeMatch(_ text: String) throws -> AccessCodeMatch? {
        guard let normalized = AccessCodes.normalize(text) else { return nil }
        let rows = try Self.wrapping {
            try writer.read { db in try Row.fetchAll(db, sql: "SELECT id, group_name, hash FROM access_code") }
        }
        let candidates = rows.map { row -> (id: Int64, groupName: String?, stored: String) in (row[0], row[1], row[2]) }
        let found = AccessCodeHash.match(normalized, rows: candidates, currentIterations: accessCodeIterations)
        guard let found else { return nil }
        var stored = found.stored
        if !found.current {
            // A failed re-hash (a read-only file) does not refuse a right code; the next login tries again.
            let rehashed = try? writer.write { db -> String? in
                let text = AccessCodeHash.encode(normalized, salt: try Self.codeSalt(db, iterations: accessCodeIterations), iterations: accessCodeIterations)
                try db.execute(sql: "UPDATE access_code SET hash = ? WHERE id = ? AND hash = ?", arguments: [text, found.id, found.stored])
                return db.changesCount == 1 ? text : nil
            }
            if let rehashed = rehashed ?? nil { stored = rehashed }
        }
        return AccessCodeMatch(role: found.role, storedHash: stored)
    }

    /// The hash text stored for `role`'s code now, or nil when it has none: one indexed read, no PBKDF2.
    public func storedAccessCodeHash(for role: AccessRole) throws -> String? {
        let groupName: String? = if case .group(let name) = role { name } else { nil }
        return try Self.wrapping {
            try writer.read { db in
                try String.fetchOne(db, sql: "SELECT hash FROM access_code WHERE group_name IS ?", arguments: [groupName])
            }
        }
    }
}
