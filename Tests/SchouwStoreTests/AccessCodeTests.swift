import Foundation
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

    @Test func onlySaltedHashesAreStoredAndResetReplacesAll() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        let first = try db.issueAccessCodes()
        let rows = try db.writer.read { try Row.fetchAll($0, sql: "SELECT salt, sha256 FROM access_code") }
        #expect(Set(rows.map { $0[0] as String }).count == rows.count, "a salt per code")
        #expect(try db.issueAccessCodes().isEmpty, "running again issues nothing new")
        let second = try db.issueAccessCodes(reset: true)
        #expect(second.count == first.count)
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
