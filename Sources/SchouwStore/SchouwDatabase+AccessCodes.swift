import Foundation
import GRDB
import SchouwCore

/// Who an access code lets in: one walking group, or the organizer (every group).
public enum AccessRole: Sendable, Hashable {
    case organizer
    case group(String)
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

    /// `sha256(salt ":" code)` in hex.
    static func hash(_ normalized: String, salt: String) -> String {
        SHA256.hex(of: Data("\(salt):\(normalized)".utf8))
    }
}

extension SchouwDatabase {
    /// Issues access codes: one per group of the stored plan and one for the organizer, for each role
    /// that has none yet (all of them with `reset`, which makes the old codes stop working).
    ///
    /// Only a salted SHA-256 of each code is stored, so a code can be shown once: here.
    /// - Returns: the new codes, organizer first, then the groups in plan order.
    public func issueAccessCodes(reset: Bool = false) throws -> [IssuedAccessCode] {
        try Self.wrapping {
            try writer.write { db in
                if reset { try db.execute(sql: "DELETE FROM access_code") }
                let groups = try String.fetchAll(db, sql: "SELECT name FROM groups ORDER BY position")
                let existing = Set(try Row.fetchAll(db, sql: "SELECT group_name FROM access_code").map { row -> String? in row[0] })
                var issued: [IssuedAccessCode] = []
                for name in [nil] + groups.map(Optional.some) where !existing.contains(name) {
                    let code = AccessCodes.generate()
                    let salt = RandomToken.make(bytes: 16)
                    try db.execute(
                        sql: "INSERT INTO access_code (group_name, salt, sha256, created_at) VALUES (?, ?, ?, ?)",
                        arguments: [name, salt, AccessCodes.hash(AccessCodes.normalize(code)!, salt: salt), Timestamps.now()])
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

    /// The role a typed code lets in, or nil for a wrong code. Spaces, dashes and small letters are forgiven.
    /// - Complexity: one SHA-256 per issued code.
    public func role(forAccessCode text: String) throws -> AccessRole? {
        guard let normalized = AccessCodes.normalize(text) else { return nil }
        let rows = try Self.wrapping {
            try writer.read { db in try Row.fetchAll(db, sql: "SELECT group_name, salt, sha256 FROM access_code") }
        }
        var found: AccessRole?
        // Every row is hashed, so the time taken does not tell which row matched.
        for row in rows {
            let groupName: String? = row[0]
            if RandomToken.equal(AccessCodes.hash(normalized, salt: row[1]), row[2]) {
                found = groupName.map(AccessRole.group) ?? .organizer
            }
        }
        return found
    }
}
