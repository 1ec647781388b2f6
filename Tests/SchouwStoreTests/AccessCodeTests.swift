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

    /// SHA-256 in hex by coreutils' sha256sum: a reference independent of the store's own SHA256.
    static func referenceSHA256(_ text: String) throws -> String {
        let file = try TestPaths.temporaryFile("message", contents: text)
        let output = try ChildProcess.run(try #require(ChildProcess.tool("sha256sum")), [file.path]).stdout
        return String(output.prefix(64))
    }

    @Test(.enabled(if: ChildProcess.tool("sha256sum") != nil, "sha256sum (coreutils) is not installed"))
    func onlySaltedHashesAreStored() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        let issued = try db.issueAccessCodes()
        let rows = try db.writer.read { try Row.fetchAll($0, sql: "SELECT group_name, salt, sha256 FROM access_code") }
        #expect(rows.count == issued.count)
        #expect(Set(rows.map { $0[1] as String }).count == rows.count, "a salt per code")
        for code in issued {
            let groupName: String? = if case .group(let name) = code.role { name } else { nil }
            let row = try #require(rows.first { ($0[0] as String?) == groupName }, "no row for \(code.role)")
            let (salt, stored): (String, String) = (row[1], row[2])
            let typed = code.code.replacingOccurrences(of: "-", with: "")
            // The code is not stored; what is stored is sha256("salt:CODE").
            for column in [salt, stored] {
                #expect(!column.uppercased().contains(typed) && !column.contains(code.code))
            }
            #expect(salt.wholeMatch(of: /[0-9a-f]{32}/) != nil, "16 random bytes in hex: \(salt)")
            #expect(stored == (try Self.referenceSHA256("\(salt):\(typed)")))
        }
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
