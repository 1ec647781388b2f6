import Foundation
import SchouwTestSupport
import GRDB
import SchouwGeometry
import Testing
@testable import SchouwStore
import SchouwCore
import SchouwFormats

@Suite struct AccessCodeTests {
    @Test func oneCodePerGroupAndOrganizerVerifiedForgivingly() throws {
        // Given a database with a plan of two groups
        let db = try Fixtures.memoryDatabase(plan: true)
        // When codes are issued
        let issued = try db.issueAccessCodes()
        // Then the organizer and every group have one, and each lets in its own role only
        let groups = try db.plan().map(\.name)
        #expect(issued.map(\.role) == [.organizer] + groups.map(AccessRole.group))
        for code in issued {
            #expect(code.code.wholeMatch(of: /[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}/) != nil)
            #expect(try db.role(forAccessCode: code.code) == code.role)
            #expect(try db.role(forAccessCode: " " + code.code.lowercased().replacingOccurrences(of: "-", with: " ") + " ") == code.role)
        }
        #expect(try db.role(forAccessCode: "AAAAA-AAAAA") == nil)
        #expect(try db.role(forAccessCode: "") == nil)
        #expect(Set(issued.map(\.code)).count == issued.count)
    }

    /// SHA-256 in hex by coreutils' sha256sum: a reference independent of the store.
    static func referenceSHA256(_ text: String) throws -> String {
        let file = try TestPaths.temporaryFile("message", contents: text)
        let output = try ChildProcess.run(try #require(ChildProcess.tool("sha256sum")), [file.path]).stdout
        return String(output.prefix(64))
    }

    /// PBKDF2-HMAC-SHA256 in hex by Python's hashlib: a reference independent of swift-crypto.
    static func referencePBKDF2(_ code: String, salt: String, iterations: Int) throws -> String {
        let script = "import hashlib,sys; print(hashlib.pbkdf2_hmac('sha256', sys.argv[1].encode(), sys.argv[2].encode(), int(sys.argv[3])).hex())"
        let output = try ChildProcess.run(try #require(ChildProcess.tool("python3")), ["-c", script, code, salt, String(iterations)]).stdout
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let tools = ChildProcess.tool("sha256sum") != nil && ChildProcess.tool("python3") != nil

    /// What a row looked like before PBKDF2: `sha256("salt:CODE")` beside its salt.
    static func legacyRow(_ code: String, salt: String) throws -> String {
        "salted-sha256$\(salt)$\(try referenceSHA256("\(salt):\(code.replacingOccurrences(of: "-", with: ""))"))"
    }

    static func storedHash(_ db: SchouwDatabase, group: String?) throws -> String {
        try db.writer.read { try String.fetchOne($0, sql: "SELECT hash FROM access_code WHERE group_name IS ?", arguments: [group]) } ?? ""
    }

    @Test(.enabled(if: tools, "sha256sum (coreutils) or python3 is not installed"))
    func onlyPBKDF2HashesAreStored() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        let issued = try db.issueAccessCodes()
        let rows = try db.writer.read { try Row.fetchAll($0, sql: "SELECT group_name, hash FROM access_code") }
        #expect(rows.count == issued.count)
        for code in issued {
            let groupName: String? = if case .group(let name) = code.role { name } else { nil }
            let row = try #require(rows.first { ($0[0] as String?) == groupName }, "no row for \(code.role)")
            let stored: String = row[1]
            let typed = code.code.replacingOccurrences(of: "-", with: "")
            #expect(!stored.uppercased().contains(typed) && !stored.contains(code.code))
            let parts = try #require(stored.wholeMatch(of: /pbkdf2-sha256\$600000\$([0-9a-f]{32})\$([0-9a-f]{64})/), "\(stored)")
            let (salt, hash) = (String(parts.1), String(parts.2))
            // Not the old salted SHA-256, but PBKDF2-HMAC-SHA256 with 600,000 iterations as Python computes it.
            #expect(hash != (try Self.referenceSHA256("\(salt):\(typed)")))
            #expect(hash == (try Self.referencePBKDF2(typed, salt: salt, iterations: 600_000)))
        }
    }

    @Test(.enabled(if: tools, "sha256sum (coreutils) or python3 is not installed"))
    func anOldFormatRowLogsInOnceTheOldWayAndIsStoredAgainAsPBKDF2() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        let issued = try db.issueAccessCodes()
        let organizer = try #require(issued.first { $0.role == .organizer })
        let legacy = try Self.legacyRow(organizer.code, salt: "0123456789abcdef0123456789abcdef")
        try db.writer.write { try $0.execute(sql: "UPDATE access_code SET hash = ? WHERE group_name IS NULL", arguments: [legacy]) }

        // A wrong code changes nothing.
        #expect(try db.role(forAccessCode: "AAAAA-AAAAA") == nil)
        #expect(try Self.storedHash(db, group: nil) == legacy)
        // The right code is verified against the old hash once and stored again.
        #expect(try db.role(forAccessCode: organizer.code) == .organizer)
        let rehashed = try Self.storedHash(db, group: nil)
        let parts = try #require(rehashed.wholeMatch(of: /pbkdf2-sha256\$600000\$([0-9a-f]{32})\$([0-9a-f]{64})/), "\(rehashed)")
        let typed = organizer.code.replacingOccurrences(of: "-", with: "")
        #expect(String(parts.2) == (try Self.referencePBKDF2(typed, salt: String(parts.1), iterations: 600_000)))
        // From now on PBKDF2 lets it in; every other code still works, a wrong one does not.
        #expect(try db.role(forAccessCode: organizer.code) == .organizer)
        for code in issued { #expect(try db.role(forAccessCode: code.code) == code.role) }
        #expect(try db.role(forAccessCode: "AAAAA-AAAAA") == nil)
    }

    @Test func aCodeStoredWithFewerIterationsIsStoredAgainWithTheCurrentCount() throws {
        var weak = try Fixtures.memoryDatabase(plan: true)
        weak.accessCodeIterations = 1_000
        let issued = try weak.issueAccessCodes()
        #expect(try Self.storedHash(weak, group: nil).hasPrefix("pbkdf2-sha256$1000$"))
        var strong = weak
        strong.accessCodeIterations = 600_000
        let organizer = try #require(issued.first { $0.role == .organizer })
        #expect(try strong.role(forAccessCode: "AAAAA-AAAAA") == nil)
        #expect(try Self.storedHash(strong, group: nil).hasPrefix("pbkdf2-sha256$1000$"), "a wrong code changes nothing")
        #expect(try strong.role(forAccessCode: organizer.code) == .organizer)
        #expect(try Self.storedHash(strong, group: nil).hasPrefix("pbkdf2-sha256$600000$"))
        #expect(try strong.role(forAccessCode: organizer.code) == .organizer)
    }

    /// A database file made before this version (the access_code table of migration v2, rows with salt
    /// and sha256 columns) opens, lets its codes in and re-hashes each on first use.
    @Test(.enabled(if: tools, "sha256sum (coreutils) or python3 is not installed"))
    func anOldDatabaseFileMigratesOnFirstLogin() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("oud.schouw")
        let codes = ["ABCDE-FGHJK": nil, "MNPQR-STUVW": "Groep A"] as [String: String?]
        do {
            let db = try SchouwDatabase.create(at: url, schouw: Fixtures.definition(area: true))
            try db.savePlan(try Fixtures.plan())
            try db.writer.write { db in
                try db.execute(sql: """
                    DROP TABLE access_code;
                    CREATE TABLE access_code (id INTEGER PRIMARY KEY AUTOINCREMENT, group_name TEXT UNIQUE, salt TEXT NOT NULL,
                        sha256 TEXT NOT NULL, created_at TEXT NOT NULL);
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%';
                    """)
                for (code, group) in codes {
                    let salt = RandomToken.make(bytes: 16)
                    let sha = try Self.referenceSHA256("\(salt):\(code.replacingOccurrences(of: "-", with: ""))")
                    try db.execute(sql: "INSERT INTO access_code (group_name, salt, sha256, created_at) VALUES (?, ?, ?, '2025-09-01T10:00:00Z')",
                                   arguments: [group, salt, sha])
                }
            }
        }
        let reopened = try SchouwDatabase.open(at: url)
        #expect(try Self.storedHash(reopened, group: nil).hasPrefix("salted-sha256$"), "migrated, not yet re-hashed")
        #expect(try reopened.role(forAccessCode: "abcde fghjm") == nil)
        #expect(try reopened.role(forAccessCode: "abcde fghjk") == .organizer)
        #expect(try Self.storedHash(reopened, group: nil).hasPrefix("pbkdf2-sha256$600000$"))
        #expect(try Self.storedHash(reopened, group: "Groep A").hasPrefix("salted-sha256$"), "re-hashed on its own first login")
        #expect(try reopened.role(forAccessCode: "MNPQR-STUVW") == .group("Groep A"))
        let organizerHash = try Self.storedHash(reopened, group: nil)
        let groupHash = try Self.storedHash(reopened, group: "Groep A")
        #expect(groupHash.hasPrefix("pbkdf2-sha256$600000$"))
        // One salt for the database's codes: a login derives one key.
        #expect(organizerHash.split(separator: "$")[2] == groupHash.split(separator: "$")[2])
        #expect(try reopened.accessCodeRoles().map(\.issuedAt) == ["2025-09-01T10:00:00Z", "2025-09-01T10:00:00Z"])
    }

    @Test func resetReplacesEveryCode() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        let first = try db.issueAccessCodes()
        #expect(try db.issueAccessCodes().isEmpty, "running again issues nothing new")
        let second = try db.issueAccessCodes(reset: true)
        #expect(second.map(\.role) == first.map(\.role))
        #expect(Set(second.map(\.code)).isDisjoint(with: first.map(\.code)))
        for old in first { #expect(try db.role(forAccessCode: old.code) == nil) }
        for new in second { #expect(try db.role(forAccessCode: new.code) == new.role) }
        #expect(try db.accessCodeRoles().count == first.count)
    }

    @Test func planStreetsAreStoredAndReplaced() throws {
        let db = try Fixtures.memoryDatabase()
        let street = PlanStreet(name: "Tijmlaan", highway: "residential", line: [Coordinate(longitude: 5.72, latitude: 52.51), Coordinate(longitude: 5.721, latitude: 52.511)], lengthMeters: 130)
        try db.savePlan(try Fixtures.plan(), streets: [street, street])
        #expect(try db.streets() == [street, street])
        try db.savePlan(try Fixtures.plan())
        #expect(try db.streets().isEmpty)
    }
}
