import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

@Suite struct ManagementTests {
    @Test func softDeleteAndRestore() throws {
        let db = try Fixtures.memoryDatabase()
        let o = try db.add(Fixtures.draft())
        try db.remove(id: String(o.id.prefix(8)))
        #expect(try db.observations().isEmpty)
        #expect(try db.observations(ObservationFilter(includeRemoved: true)).first?.deletedAt != nil)
        try db.restore(id: o.id)
        #expect(try db.observations().map(\.id) == [o.id])
    }

    @Test func statusHistoryRecordsEveryChange() throws {
        let db = try Fixtures.memoryDatabase()
        let o = try db.add(Fixtures.draft())
        try db.setStatus(id: o.id, to: "gemeld", owner: "gemeente")
        try db.setStatus(id: o.id, to: "in behandeling", note: "Ingepland week 40")
        let details = try db.details(id: o.id)
        #expect(details.history.map(\.toStatus) == ["open", "gemeld", "in_behandeling"])
        #expect(details.history.map(\.fromStatus) == [nil, "open", "gemeld"])
        #expect(details.observation.status == "in_behandeling" && details.observation.owner == "gemeente")
        #expect(details.history.last?.note == "Ingepland week 40")
        #expect(Fixtures.issues { try db.setStatus(id: o.id, to: "weg", owner: "ik") }.map(\.field) == ["status", "owner"])
    }

    @Test func editChangesFieldsAndRevalidates() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        let o = try db.add(Fixtures.draft())
        var changes = ObservationDraft()
        changes.text = "Opgeruimd?"
        changes.level = "A"
        let edited = try db.edit(id: o.id, changes: changes)
        #expect(edited.text == "Opgeruimd?" && edited.level == "A" && edited.category == "afval" && edited.lon == o.lon)
        var bad = ObservationDraft()
        bad.category = "zwerfvul"
        #expect(Fixtures.issues { try db.edit(id: o.id, changes: bad) }.first?.suggestion == "zwerfvuil")
        var move = ObservationDraft()
        move.checkpoint = "2"
        #expect(try db.edit(id: o.id, changes: move).street == "Kruidenplein")
    }

    @Test func unknownShortAndAmbiguousIDs() throws {
        let db = try Fixtures.memoryDatabase()
        var first = Fixtures.draft(text: "een")
        first.id = "aaaa1111-9445-43d4-9b9f-cd8a50f69242"
        var second = Fixtures.draft(text: "twee", at: try Fixtures.offset(east: 100, north: 0))
        second.id = "aaaa2222-9445-43d4-9b9f-cd8a50f69242"
        _ = try db.ingest([first, second])
        #expect(try db.details(id: "AAAA1").observation.text == "een")
        #expect {
            try db.details(id: "ffffffff")
        } throws: { error in
            if case StoreError.notFound(id: "ffffffff") = error { true } else { false }
        }
        // Fewer than four characters never pick an observation.
        #expect {
            try db.remove(id: "aaa")
        } throws: { error in
            if case StoreError.notFound(id: "aaa") = error { true } else { false }
        }
        #expect {
            try db.remove(id: "aaaa")
        } throws: { error in
            if case StoreError.ambiguousID("aaaa", matches: 2) = error { true } else { false }
        }
        #expect(try db.observations().count == 2)
    }

    @Test func listFilters() throws {
        let db = try Fixtures.memoryDatabase()
        var a = Fixtures.draft("zwerfvuil", text: "a")
        a.group = "Groep A"
        var b = Fixtures.draft("lamp_kapot", text: "b", at: try Fixtures.offset(east: 400, north: 0))
        b.group = "Groep B"
        b.status = "gemeld"
        _ = try db.ingest([a, b])
        #expect(try db.observations(ObservationFilter(group: "groep a")).map(\.text) == ["a"])
        #expect(try db.observations(ObservationFilter(category: "Verlichting")).map(\.text) == ["b"])
        #expect(try db.observations(ObservationFilter(status: "gemeld")).map(\.text) == ["b"])
        #expect(try db.observations(ObservationFilter(buurtCode: "bu03039901")).map(\.text) == ["a"])
    }

    @Test func databaseFileOpensAgainAndRefusesOverwrite() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.schouw")
        _ = try SchouwDatabase.create(at: url, schouw: Fixtures.definition())
        #expect(try SchouwDatabase.open(at: url).schouw().areaCode == "BU03039901")
        #expect {
            try SchouwDatabase.create(at: url, schouw: Fixtures.definition())
        } throws: { error in
            if case StoreError.databaseExists(let path) = error { path == url.path } else { false }
        }
        let missing = dir.appendingPathComponent("nee.schouw")
        #expect {
            try SchouwDatabase.open(at: missing)
        } throws: { error in
            if case StoreError.noDatabase(let path) = error { path == missing.path } else { false }
        }
        #expect(!FileManager.default.fileExists(atPath: missing.path), "opening must not create a database")
    }

    @Test func areaFromCBSStyleGeoJSON() throws {
        let area = try AreaReader.area(in: TestPaths.geodata("buurten.geojson"), code: "bu03039902")
        #expect(area.code == "BU03039902" && area.name == "Kruidentuin-Zuid")
        #expect((area.polygonRD.boundingBox?.minX ?? 0) > 100_000)
        do {
            _ = try AreaReader.area(in: TestPaths.geodata("buurten.geojson"), code: "BU03039909")
            Issue.record("expected an error")
        } catch StoreError.areaNotFound(let file, let code, let suggestion) {
            #expect(file.hasSuffix("buurten.geojson") && code == "BU03039909")
            // One character away from each of the file's four codes.
            #expect(["BU03039901", "BU03039902", "BU03039903", "BU03039904"].contains(suggestion ?? ""), "\(suggestion ?? "none")")
        }
    }
}
