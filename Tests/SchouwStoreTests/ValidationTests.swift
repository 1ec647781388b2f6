import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

/// Every validation error, and that a failed import changes nothing.
@Suite struct ValidationTests {
    /// Adds one good observation, then ingests `bad` together with a good one and checks nothing changed.
    func rejected(_ bad: ObservationDraft, db: SchouwDatabase? = nil) throws -> [InputIssue] {
        let db = try db ?? Fixtures.memoryDatabase()
        try db.add(Fixtures.draft(text: "Eerste"))
        let before = try Fixtures.count(db)
        var good = Fixtures.draft(text: "Goed")
        good.line = 2
        var bad = bad
        bad.file = "invoer.csv"
        bad.line = 3
        let issues = Fixtures.issues { _ = try db.ingest([good, bad]) }
        #expect(try Fixtures.count(db) == before, "a failed import must change nothing")
        return issues
    }

    @Test func unknownCategoryWithSuggestion() throws {
        let issues = try rejected(Fixtures.draft("zwerfvul"))
        #expect(issues == [InputIssue(file: "invoer.csv", line: 3, field: "category", value: "zwerfvul", reason: .unknownCategory, suggestion: "zwerfvuil")])
        #expect(issues[0].message(.nl) == "invoer.csv, regel 3, veld 'category': onbekende categorie 'zwerfvul'; bedoelde u 'zwerfvuil'?")
        #expect(issues[0].message(.en) == "invoer.csv, line 3, field 'category': unknown category 'zwerfvul'; did you mean 'zwerfvuil'?")
    }

    @Test func unknownSubcategory() throws {
        var d = Fixtures.draft("afval")
        d.subcategory = "lamp_kapot"
        #expect(try rejected(d).map(\.reason) == [.unknownSubcategory(category: "afval")])
    }

    @Test func badLevel() throws {
        let issues = try rejected(Fixtures.draft(level: "E"))
        #expect(issues.map(\.field) == ["level"] && issues[0].reason == .levelOffScale(codes: ["A+", "A", "B", "C", "D"]))
    }

    @Test(arguments: [
        ("abc", "52.5", "lon", IssueReason.badNumber),
        ("5.72", "95", "lat", .coordinateOutOfRange(expected: "-90…90")),
        ("52.51", "5.72", "lon", .coordinatesSwapped),
        ("5.72", "", "lat", .missingField),
    ])
    func badCoordinates(lon: String, lat: String, field: String, reason: IssueReason) throws {
        var d = Fixtures.draft()
        (d.lon, d.lat) = (lon, lat)
        let issues = try rejected(d)
        #expect(issues.map(\.field) == [field] && issues.map(\.reason) == [reason])
    }

    @Test func badRD() throws {
        var d = Fixtures.draft()
        (d.lon, d.lat, d.rdX, d.rdY) = (nil, nil, "177724", "12")
        #expect(try rejected(d).map(\.field) == ["y"])
    }

    @Test func missingCategoryAndLocation() throws {
        var d = ObservationDraft()
        d.text = "iets"
        let issues = try rejected(d)
        #expect(issues.map(\.reason) == [.missingField, .missingLocation])
        #expect(issues.map(\.field) == ["category", "location"])
    }

    @Test func outOfAreaWithDistance() throws {
        // The area is a 600 m square: 300 m from the centre is its edge, so +700 m east is 400 m outside.
        let issues = try rejected(Fixtures.draft(at: try Fixtures.offset(east: 700, north: 0)))
        guard case .outOfArea(let distance, let area) = issues.first?.reason else {
            Issue.record("expected out of area, got \(issues)")
            return
        }
        #expect(abs(distance - 400) < 1 && area == "BU03039901 (Kruidentuin-Noord)")
        #expect(issues[0].message(.nl).contains("punt ligt 400 m buiten het schouwgebied"))
    }

    @Test func nearTheAreaIsAccepted() throws {
        let db = try Fixtures.memoryDatabase()
        let o = try db.add(Fixtures.draft(at: try Fixtures.offset(east: 500, north: 0)))
        #expect(o.buurtCode == nil)
    }

    @Test func badStatusOwnerTimeAndID() throws {
        var d = Fixtures.draft()
        (d.status, d.owner, d.observedAt, d.id) = ("klaar?", "buurman", "gisteren", "123")
        #expect(try rejected(d).map(\.field) == ["id", "status", "owner", "observed_at"])
    }

    @Test func everyBadRowIsReportedAtOnce() throws {
        let db = try Fixtures.memoryDatabase()
        var drafts = (1...5).map { i -> ObservationDraft in
            var d = Fixtures.draft(text: "rij \(i)")
            d.line = i + 1
            return d
        }
        drafts[1].category = "onbekend"
        drafts[3].level = "Z"
        let issues = Fixtures.issues { _ = try db.ingest(drafts) }
        #expect(issues.map(\.line) == [3, 5])
        #expect(try Fixtures.count(db) == 0)
    }

    @Test func duplicatesAreReportedAndSkipped() throws {
        // Given a stored observation
        let db = try Fixtures.memoryDatabase()
        let first = try db.add(Fixtures.draft(text: "Veel  blikjes!"))
        // When the same category and text (normalised) arrives 5 m away, with another one 30 m away
        let near = Fixtures.draft(text: "veel blikjes", at: try Fixtures.offset(east: 5, north: 0))
        let far = Fixtures.draft(text: "veel blikjes", at: try Fixtures.offset(east: 30, north: 0))
        let report = try db.ingest([near, far])
        // Then the near one is skipped and named, the far one stored
        #expect(report.insertedIDs.count == 1)
        guard case .duplicate(let id, let distance) = report.duplicates.first?.reason else {
            Issue.record("expected a duplicate")
            return
        }
        #expect(id == first.id && abs(distance - 5) < 0.1)
        // And --allow-duplicates keeps it
        #expect(try db.ingest([near], options: IngestOptions(allowDuplicates: true)).insertedIDs.count == 1)
        // And a single add of a duplicate fails with the reason
        #expect(Fixtures.issues { try db.add(near) }.count == 1)
    }

    @Test func duplicatesAreFoundAmongManyRowsWithTheSameText() throws {
        // Given 60 stored rows with one text, 20 m apart in two lines (more than a small group holds)
        let db = try Fixtures.memoryDatabase()
        let stored = try (0..<60).map {
            try Fixtures.draft(text: "Zwerfvuil", at: Fixtures.offset(east: Double($0 % 30) * 20 - 290, north: $0 < 30 ? -200 : -150))
        }
        let storedIDs = try db.ingest(stored).insertedIDs
        #expect(storedIDs.count == 60)
        // When a file repeats the text 40 times 15 m apart, once 3 m from stored row 45 and once 4 m from its own row 5
        var rows = try (0..<40).map { try Fixtures.draft(text: "zwerfvuil", at: Fixtures.offset(east: Double($0) * 15 - 290, north: 100)) }
        rows.append(try Fixtures.draft(text: "zwerfvuil!", at: Fixtures.offset(east: 15 * 20 - 290 + 3, north: -150)))
        rows.append(try Fixtures.draft(text: "zwerfvuil", at: Fixtures.offset(east: 5 * 15 - 290, north: 104)))
        let report = try db.ingest(rows)
        // Then only the two near ones are skipped, each naming the nearest earlier observation
        #expect(report.insertedIDs.count == 40)
        #expect(report.duplicates.count == 2)
        guard case .duplicate(let first, let d1) = report.duplicates.first?.reason,
            case .duplicate(let second, let d2) = report.duplicates.last?.reason
        else {
            Issue.record("expected two duplicates")
            return
        }
        #expect(first == storedIDs[45] && abs(d1 - 3) < 0.1)
        #expect(second == report.insertedIDs[5] && abs(d2 - 4) < 0.1)
    }

    @Test func skipInvalidImportsGoodRowsAndWritesRejectedFile() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Fixtures.memoryDatabase()
        let c = Fixtures.center
        let input = dir.appendingPathComponent("rijen.csv")
        try Data("category,level,text,lon,lat\nzwerfvuil,B,een,\(c.longitude),\(c.latitude)\nzwerfvul,B,twee,\(c.longitude),\(c.latitude)\n".utf8).write(to: input)
        // Without the flag: nothing
        #expect(Fixtures.issues { _ = try db.importFile(input) }.count == 1)
        #expect(try Fixtures.count(db) == 0)
        // With it: the good row, and the bad one beside the input with its reason
        let result = try db.importFile(input, options: IngestOptions(skipInvalid: true), language: .en)
        #expect(result.report.insertedIDs.count == 1)
        let rejected = try #require(result.rejectedFile)
        #expect(rejected.lastPathComponent == "rijen.csv.rejected.csv")
        let text = try String(contentsOf: rejected, encoding: .utf8)
        #expect(text.contains("zwerfvul") && text.contains("did you mean 'zwerfvuil'?"))
    }

    @Test func csvWithoutCategoryColumnIsRejected() {
        let issues = Fixtures.issues { _ = try ObservationFiles.csv(Data("text,lon,lat\na,5,52\n".utf8), fileName: "x.csv", folder: try TestPaths.temporaryDirectory()).drafts }
        #expect(issues.map(\.field) == ["category"] && issues.first?.line == 1)
    }
}
