import Foundation
import GRDB
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

@Suite struct ShortIDTests {
    /// A draft of `group` at a point `east` metres from the centre (apart enough not to be a duplicate).
    private func draft(_ group: String?, east: Double, text: String? = nil) throws -> ObservationDraft {
        var d = Fixtures.draft(text: text ?? "bij \(east)", at: try Fixtures.offset(east: east, north: 0))
        d.group = group
        return d
    }

    @Test func numbersCountPerGroupPrefixInEntryOrder() throws {
        // Given a plan with Groep A and Groep B
        let db = try Fixtures.memoryDatabase(plan: true)
        // When findings of both groups, one without a group, one of a group outside the plan and one
        // placed at checkpoint 3 (Groep B's) are entered
        var atCheckpoint = ObservationDraft()
        (atCheckpoint.category, atCheckpoint.checkpoint, atCheckpoint.text) = ("zwerfvuil", "3", "bij punt 3")
        let report = try db.ingest([
            try draft("Groep A", east: 0), try draft("groep a", east: 20), try draft("Groep B", east: 40), try draft(nil, east: 60),
            try draft("Noord", east: 80), atCheckpoint, try draft("Groep A", east: 100),
        ])
        // Then each prefix counts on its own, in input order
        let byID = Dictionary(uniqueKeysWithValues: try db.observations().map { ($0.id, $0.shortID) })
        #expect(report.insertedIDs.map { byID[$0] ?? nil } == ["A-1", "A-2", "B-1", "X-1", "N-1", "B-2", "A-3"])
    }

    @Test func aPlanGroupWithALongNameUsesItsRouteSheetNumber() throws {
        let db = try Fixtures.memoryDatabase()
        try db.savePlan(try Fixtures.plan().enumerated().map { index, group in
            var renamed = group
            renamed.name = ["Groep Noord", "Groep Zuid"][index]
            return renamed
        })
        let zuid = try db.add(try draft("Groep Zuid", east: 0))
        let noord = try db.add(try draft("groep noord", east: 30))
        #expect(zuid.shortID == "2-1" && noord.shortID == "1-1")
    }

    @Test(arguments: ["A-2", "a-2", "a2", "A 2", "A-002", " a-2 "])
    func typedFormsFindTheFinding(typed: String) throws {
        let db = try Fixtures.memoryDatabase()
        _ = try db.add(try draft("Groep A", east: 0))
        let second = try db.add(try draft("Groep A", east: 30))
        #expect(try db.details(id: typed).observation.id == second.id)
    }

    @Test(arguments: ["", "A", "A-", "A-0", "-1", "ABC-1", "A--1", "A-1x", "312", "A-1234567890", "Å-1", "A-١", "A-+1", "a_1"])
    func textsThatAreNoShortID(text: String) {
        #expect(ShortID.normalized(text) == nil)
    }

    @Test func everyObserveActionAcceptsTheShortID() throws {
        // Given two findings of Groep B
        let db = try Fixtures.memoryDatabase(plan: true)
        _ = try db.add(try draft("Groep B", east: 0))
        let target = try db.add(try draft("Groep B", east: 30))
        // When each action names the second by its short id
        var changes = ObservationDraft()
        changes.text = "Opgeruimd?"
        #expect(try db.edit(id: "b-2", changes: changes).id == target.id)
        try db.setStatus(id: "B2", to: "gemeld")
        try db.remove(id: "B-2")
        #expect(try db.observations().count == 1)
        try db.restore(id: "b 2")
        // Then it changed and nothing else did
        let details = try db.details(id: "B-2")
        #expect(details.observation.text == "Opgeruimd?" && details.observation.status == "gemeld" && details.observation.deletedAt == nil)
        #expect(try db.details(id: "B-1").observation.text == "bij 0.0")
        #expect { try db.details(id: "B-3") } throws: { error in
            if case StoreError.notFound(id: "B-3") = error { true } else { false }
        }
    }

    @Test func removedNumbersAreNeverGivenAgainAndEditsKeepTheNumber() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        _ = try db.add(try draft("Groep A", east: 0))
        let second = try db.add(try draft("Groep A", east: 30))
        try db.remove(id: second.id)
        #expect(try db.add(try draft("Groep A", east: 60)).shortID == "A-3")
        var regroup = ObservationDraft()
        regroup.group = "Groep B"
        let moved = try db.edit(id: "A-1", changes: regroup)
        #expect(moved.groupName == "Groep B" && moved.shortID == "A-1")
        #expect(try db.add(try draft("Groep B", east: 90)).shortID == "B-1")
    }

    @Test func exportedShortIDsSurviveAnImportIntoANewDatabase() throws {
        // Given a schouw with findings of two groups and one without, exported as CSV
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = try SchouwDatabase.create(at: dir.appendingPathComponent("a.schouw"), schouw: Fixtures.definition())
        try source.savePlan(try Fixtures.plan())
        _ = try source.ingest([try draft("Groep A", east: 0), try draft("Groep B", east: 30), try draft(nil, east: 60), try draft("Groep A", east: 90)])
        let csv = dir.appendingPathComponent("export.csv")
        try source.export(format: .csv, to: csv)
        // When it is imported into a new schouw
        let target = try SchouwDatabase.create(at: dir.appendingPathComponent("b.schouw"), schouw: Fixtures.definition())
        _ = try target.importFile(csv)
        // Then every finding has its UUID and short id, and new findings continue after them
        func pairs(_ db: SchouwDatabase) throws -> Set<[String]> {
            Set(try db.observations().map { [$0.id, $0.shortID ?? "-"] })
        }
        #expect(try pairs(target) == pairs(source))
        #expect(try pairs(target).map { $0[1] }.sorted() == ["A-1", "A-2", "B-1", "X-1"])
        #expect(try target.add(try draft("Groep A", east: 120)).shortID == "A-3")
        // And importing it again is refused on both ids, changing nothing
        let issues = Fixtures.issues { _ = try target.importFile(csv) }
        #expect(issues.filter { $0.reason == .shortIDExists }.count == 4 && issues.filter { $0.reason == .idExists }.count == 4)
        #expect(try target.observations().count == 5)
    }

    @Test func givenShortIDsAreCheckedAndNeverHandedOut() throws {
        let db = try Fixtures.memoryDatabase()
        var given = try draft("Groep A", east: 0)
        given.shortID = "a-7"
        var twice = try draft("Groep A", east: 30)
        twice.shortID = "A-7"
        var bad = try draft("Groep A", east: 60)
        bad.shortID = "A7B"
        let issues = Fixtures.issues { _ = try db.ingest([given, twice, bad]) }
        #expect(issues.map(\.reason) == [.shortIDExists, .badShortID] && issues.map(\.line) == [nil, nil])
        // A file giving A-7 for one row: the rows without an id get numbers that never meet it
        let report = try db.ingest([try draft("Groep A", east: 90), given, try draft("Groep A", east: 120)])
        let ids = try report.insertedIDs.map { try db.details(id: $0).observation.shortID }
        #expect(ids == ["A-8", "A-7", "A-9"])
    }

    @Test func theMigrationNumbersFindingsOfAnOlderDatabaseInEntryOrder() throws {
        // Given a database at the schema before short ids, holding findings entered in a known order
        let queue = try DatabaseQueue()
        try SchouwDatabase.migrator.migrate(queue, upTo: "v2: street segments of the plan, access codes")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO groups (name, position) VALUES ('Groep Noord', 0), ('Groep B', 1)")
            let rows: [(String, String?, String)] = [
                ("c", "Groep B", "2025-09-20T18:00:03Z"), ("a", "Groep Noord", "2025-09-20T18:00:01Z"),
                ("d", nil, "2025-09-20T18:00:04Z"), ("b", "Groep B", "2025-09-20T18:00:02Z"), ("e", "Groep Noord", "2025-09-20T18:00:05Z"),
            ]
            for (id, group, entered) in rows {
                try db.execute(
                    sql: """
                        INSERT INTO observation (id, group_name, entered_at, category, text, lon, lat, rd_x, rd_y, location_source, status)
                        VALUES (?, ?, ?, 'afval', '', 5.7, 52.5, 170000, 500000, 'coordinates', 'open')
                        """, arguments: [id, group, entered])
            }
        }
        // When it is migrated
        try SchouwDatabase.migrator.migrate(queue)
        // Then the findings are numbered per prefix by time entered, and the index refuses a copy
        let numbered = try queue.read { try Row.fetchAll($0, sql: "SELECT id, short_id FROM observation ORDER BY id").map { "\($0[0] as String)=\($0[1] as String)" } }
        #expect(numbered == ["a=1-1", "b=B-1", "c=B-2", "d=X-1", "e=1-2"])
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE observation SET short_id = 'B-1' WHERE id = 'c'") }
        }
    }

    @Test func showNamesFieldsInDutchWithLocalTimeAndSevenDecimals() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        var d = try draft("Groep A", east: 0, text: "Lamp doet het niet")
        (d.category, d.subcategory, d.level) = ("verlichting", "lamp_kapot", "C")
        (d.lon, d.lat, d.observedAt) = ("5.72", "52.5185", "2025-09-20T17:30:00Z")
        let o = try db.add(d)
        let details = try db.details(id: "A-1")
        let dutch = Dictionary(details.fields(.nl, taxonomy: .standard).map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        // 17:30 UTC is 19:30 in Amsterdam's summer time
        #expect(dutch["nummer"] == "A-1" && dutch["id"] == o.id && dutch["groep"] == "Groep A")
        #expect(dutch["waargenomen"] == "20-09-2025 19:30")
        #expect(dutch["lengtegraad, breedtegraad"] == "5.7200000, 52.5185000")
        #expect(dutch["categorie"] == "verlichting (Verlichting)" && dutch["subcategorie"] == "lamp_kapot (Lamp kapot)")
        #expect(dutch["niveau"] == "C (matig)" && dutch["omschrijving"] == "Lamp doet het niet")
        let english = Dictionary(details.fields(.en, taxonomy: .standard).map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(english["observed"] == "2025-09-20 19:30" && english["short id"] == "A-1" && english["level"] == "C (poor)")
        // A winter time is one hour ahead of UTC
        #expect(LocalTime.text("2025-01-15T08:05:09Z", language: .nl) == "15-01-2025 09:05:09")
    }
}
