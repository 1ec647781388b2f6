import Foundation
import GRDB
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

@Suite struct ActionTests {
    /// A database on disk with four findings: three reports of one lamp and a graffiti.
    func lampDatabase(_ dir: URL) throws -> (SchouwDatabase, [String]) {
        let db = try SchouwDatabase.create(at: dir.appendingPathComponent("s.schouw"), schouw: Fixtures.definition())
        var drafts: [ObservationDraft] = []
        for east in [0.0, 3, 6] {
            var lamp = Fixtures.draft("lamp_kapot", level: "D", text: "Lamp kapot \(Int(east))", at: try Fixtures.offset(east: east, north: 0))
            lamp.group = "Groep A"
            drafts.append(lamp)
        }
        var graffiti = Fixtures.draft("graffiti", text: "Tag op de muur", at: try Fixtures.offset(east: -80, north: 40))
        graffiti.group = "Groep B"
        drafts.append(graffiti)
        let ids = try db.ingest(drafts).insertedIDs
        return (db, ids)
    }

    @Test func severalFindingsShareOneAction() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, ids) = try lampDatabase(dir)
        let lamp = try db.addAction(ActionDraft(
            what: "Lamp vervangen", partner: "gemeente", department: "Stadsbeheer", dueDate: "31-10-2025", findings: ["A-1", "a2", ids[2]]))
        let tag = try db.addAction(ActionDraft(what: "Graffiti verwijderen", partner: "woningcorporatie", partnerName: "Centrada", findings: ["B-1"]))
        let own = try db.addAction(ActionDraft(what: "Opruimactie", partner: "Buurtvereniging De Kruidentuin"))
        #expect([lamp.action.number, tag.action.number, own.action.number] as [Int] == [1, 2, 3])
        #expect(lamp.findings.map(\.id) == Array(ids[0..<3]))
        #expect(lamp.action.dueDate == "2025-10-31")
        #expect(lamp.action.status == "open")
        #expect(lamp.action.partner.label(.nl) == "gemeente (Stadsbeheer)")
        #expect(tag.action.partner.label(.nl) == "woningcorporatie Centrada")
        #expect(own.action.partnerKind == "anders")
        #expect(own.action.partner.label(.nl) == "Buurtvereniging De Kruidentuin")
        // The same finding in a second action; a finding linked twice to one action counts once.
        let second = try db.editAction("2", changes: ActionDraft(findings: ["A-1", "A-1"]))
        #expect(second.findings.map(\.shortID) == ["A-1", "B-1"])
        let byFinding = try db.actionsByFinding()
        #expect(byFinding[ids[0]]?.map(\.number) == [1, 2])
        #expect(byFinding[ids[3]]?.map(\.number) == [2])
        let unlinked = try db.editAction("2", changes: ActionDraft(unlinkFindings: ["A-1"]))
        #expect(unlinked.findings.map(\.shortID) == ["B-1"])
    }

    @Test func badInputNamesTheFieldAndChangesNothing() throws {
        let db = try Fixtures.memoryDatabase()
        try db.ingest([Fixtures.draft()])
        let cases: [(ActionDraft, [String])] = [
            (ActionDraft(partner: "gemeente"), ["--what"]),
            (ActionDraft(what: "x"), ["--partner"]),
            (ActionDraft(what: "x", partner: "gemeete"), ["--partner"]),
            (ActionDraft(what: "x", partner: "politie", department: "Wijkteam"), ["--department"]),
            (ActionDraft(what: "x", partner: "gemeente", dueDate: "31-02-2025"), ["--due"]),
            (ActionDraft(what: "x", partner: "gemeente", dueDate: "2025-13-01"), ["--due"]),
            (ActionDraft(what: "x", partner: "gemeente", dueDate: "morgen"), ["--due"]),
            (ActionDraft(what: "x", partner: "gemeente", dueDate: "1-10-25"), ["--due"]),
            (ActionDraft(what: "x", partner: "gemeente", findings: ["Z-99"]), ["--finding"]),
            (ActionDraft(what: "  ", partner: "bewoners", findings: ["nothing"]), ["--what", "--finding"]),
        ]
        for (draft, fields) in cases {
            let issues = Fixtures.issues { try db.addAction(draft) }
            #expect(issues.map(\.field) == fields, "\(draft)")
        }
        let misspelt = Fixtures.issues { try db.addAction(ActionDraft(what: "x", partner: "gemeete")) }
        #expect(misspelt.first?.suggestion == "gemeente")
        #expect(misspelt.first?.message(.nl).contains("bedoelde u 'gemeente'?") == true)
        #expect(try db.actions().isEmpty)
        #expect(throws: StoreError.self) { try db.action("1") }
    }

    @Test(arguments: [
        ("2025-10-31", "2025-10-31"), ("31-10-2025", "2025-10-31"), ("1/2/2024", "2024-02-01"), ("29-02-2024", "2024-02-29"),
        (" 2025-1-5 ", "2025-01-05"),
    ])
    func daysPeopleType(_ text: String, _ expected: String) {
        #expect(CalendarDay.normalize(text) == expected)
    }

    @Test(arguments: ["29-02-2025", "2025-02-30", "0-1-2025", "31-4-2025", "2025-10", "", "٢٠٢٥-١٠-٣١", "20251031", "2025-10-31-1"])
    func notDays(_ text: String) {
        #expect(CalendarDay.normalize(text) == nil)
    }

    @Test func statusFollowsTheFlow() throws {
        let db = try Fixtures.memoryDatabase()
        try db.addAction(ActionDraft(what: "Bankje repareren", partner: "gemeente", dueDate: "2025-10-01"))
        let moved = try db.setActionStatus("1", ActionStatusUpdate(status: "in behandeling", date: "2025-09-25", note: "Ingepland"))
        #expect(moved.action.status == "in_behandeling")
        #expect(moved.action.statusDate == "2025-09-25")
        #expect(moved.action.note == "Ingepland")
        // Overdue: after the due date and still to be done; the due date itself is in time.
        #expect(moved.action.isOverdue(on: "2025-10-02"))
        #expect(!moved.action.isOverdue(on: "2025-10-01"))
        let done = try db.setActionStatus("#1", ActionStatusUpdate(status: "afgehandeld", date: "2025-10-03"))
        #expect(!done.action.isOverdue(on: "2025-12-01"))
        #expect(done.history.map(\.toStatus) == ["open", "in_behandeling", "afgehandeld"])
        #expect(done.history.map(\.fromStatus) == [nil, "open", "in_behandeling"])
        #expect(done.history.last?.statusDate == "2025-10-03")
        // Not from afgehandeld to geannuleerd; the message lists where it can go.
        let issues = Fixtures.issues { try db.setActionStatus("1", ActionStatusUpdate(status: "geannuleerd")) }
        #expect(issues.map(\.field) == ["--status"])
        #expect(issues.first?.message(.nl) == "veld '--status': een actie met status 'afgehandeld' kan niet naar 'geannuleerd' (wel naar: in_behandeling)")
        #expect(Fixtures.issues { try db.setActionStatus("1", ActionStatusUpdate(status: "klaarr")) }.map(\.reason) == [.unknownActionStatus])
        #expect(try db.action("1").action.status == "afgehandeld")
        // Reopened, a done action loses its date of completion.
        let again = try db.setActionStatus("1", ActionStatusUpdate(status: "in_behandeling", date: "2025-10-05"))
        #expect(again.action.statusDate == "2025-10-05")
        #expect(throws: StoreError.self) { try db.setActionStatus("7", ActionStatusUpdate(status: "open")) }
    }

    @Test func afterPhotoOnlyForDoneActions() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, _) = try lampDatabase(dir)
        try db.addAction(ActionDraft(what: "Lamp vervangen", partner: "gemeente", findings: ["A-1"]))
        let photo = dir.appendingPathComponent("na.JPG")
        let bytes = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.722)
        try bytes.write(to: photo)
        let wrongStatus = Fixtures.issues {
            try db.editAction("1", changes: ActionDraft(), status: ActionStatusUpdate(status: "in_behandeling", photo: photo))
        }
        #expect(wrongStatus.map(\.reason) == [.photoNeedsDone])
        let missing = Fixtures.issues {
            try db.setActionStatus("1", ActionStatusUpdate(status: "afgehandeld", photo: dir.appendingPathComponent("weg.jpg")))
        }
        #expect(missing.map(\.field) == ["--photo"])
        #expect(try db.action("1").action.status == "open")
        let done = try db.setActionStatus("1", ActionStatusUpdate(status: "afgehandeld", photo: photo))
        // The photo's name is its SHA-256, as sha256sum computes it.
        let sum = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [photo.path]).stdout.prefix(64)
        #expect(done.action.afterPhoto == "photos/\(sum).jpg")
        #expect(try Data(contentsOf: dir.appendingPathComponent("photos/\(sum).jpg")) == bytes)
        // The clean-up of unreferenced photos (server start, purging) keeps an action's after photo,
        // and still removes a stray file of the same kind.
        let stray = dir.appendingPathComponent("photos/" + String(repeating: "ab", count: 32) + ".jpg")
        try bytes.write(to: stray)
        #expect(try db.removeUnreferencedPhotos() == [stray.lastPathComponent])
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("photos/\(sum).jpg").path))
        let memory = try Fixtures.memoryDatabase()
        try memory.addAction(ActionDraft(what: "x", partner: "politie"))
        #expect(Fixtures.issues { try memory.setActionStatus("1", ActionStatusUpdate(status: "afgehandeld", photo: photo)) }.map(\.reason) == [.photosNeedFileDatabase])
    }

    @Test func aDatabaseOfVersionFiveGetsActions() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("oud.schouw")
        do {
            let queue = try DatabaseQueue(path: url.path)
            try SchouwDatabase.migrator.migrate(queue, upTo: "v5: access codes in one self-describing hash column (PBKDF2 from the next login on)")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO schouw (id, name, date, taxonomy_json, created_at, level_scale) VALUES (1, 'Oud', '2024-09-21', ?, '2024-09-21T10:00:00Z', 'crow')", arguments: [String(decoding: Taxonomy.standard.json.jsonData, as: UTF8.self)])
                #expect(try !db.tableExists("action"))
            }
            try queue.close()
        }
        let db = try SchouwDatabase.open(at: url)
        try db.ingest([Fixtures.draft()])
        let added = try db.addAction(ActionDraft(what: "Opruimen", partner: "bewoners", findings: ["X-1"]))
        #expect(added.action.number == 1)
        let applied = try db.writer.read { try SchouwDatabase.migrator.appliedMigrations($0) }
        #expect(applied.last == "v7: actions with partners")
    }

    @Test func exportsCarryTheActions() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, ids) = try lampDatabase(dir)
        try db.addAction(ActionDraft(what: "Lamp vervangen", partner: "gemeente", department: "Stadsbeheer", dueDate: "2025-10-31", findings: ["A-1", "A-2", "A-3"]))
        try db.addAction(ActionDraft(what: "Graffiti, \"snel\"", partner: "politie", findings: ["B-1", "A-1"]))
        try db.setActionStatus("2", ActionStatusUpdate(status: "afgehandeld", date: "2025-10-02", note: "Weg"))
        let csv = dir.appendingPathComponent("uit.csv")
        try db.export(format: .csv, to: csv)
        let table = try CSV.read(try Data(contentsOf: csv))
        let header = table.records[0].fields
        func column(_ name: String) -> [String] { table.records.dropFirst().map { $0.fields[header.firstIndex(of: name)!] } }
        let order = column("short_id")
        let expected: [String: (String, String, String, String)] = [
            "A-1": ("1|2", "open|afgehandeld", "gemeente (Stadsbeheer)|politie", "2025-10-31|"),
            "A-2": ("1", "open", "gemeente (Stadsbeheer)", "2025-10-31"),
            "A-3": ("1", "open", "gemeente (Stadsbeheer)", "2025-10-31"),
            "B-1": ("2", "afgehandeld", "politie", ""),
        ]
        for (index, shortID) in order.enumerated() {
            let row = (column("actions")[index], column("action_status")[index], column("action_partner")[index], column("action_due")[index])
            #expect(row == expected[shortID]!, "\(shortID)")
        }
        let actionsText = try String(contentsOf: dir.appendingPathComponent("uit.acties.csv"), encoding: .utf8)
        let lines = actionsText.components(separatedBy: "\r\n")
        #expect(lines[0] == "number,id,what,partner,partner_kind,partner_name,department,due_date,status,status_date,note,created_at,after_photo,findings,finding_short_ids")
        #expect(lines[1].hasPrefix("1,"))
        #expect(lines[1].hasSuffix(",Lamp vervangen,gemeente (Stadsbeheer),gemeente,,Stadsbeheer,2025-10-31,open,\(CalendarDay.today()),,\(try db.action("1").action.createdAt),,\(ids[0])|\(ids[1])|\(ids[2]),A-1|A-2|A-3"))
        #expect(lines[2].contains(",\"Graffiti, \"\"snel\"\"\",politie,politie,,,,afgehandeld,2025-10-02,Weg,"))
        #expect(lines[2].hasSuffix(",\(ids[0])|\(ids[3]),A-1|B-1"))

        // GeoPackage: an acties layer of multipoints, read by GDAL.
        guard OgrInfo.isInstalled else { return }
        let gpkg = dir.appendingPathComponent("uit.gpkg")
        try db.export(format: .gpkg, to: gpkg)
        let info = try OgrInfo.run(gpkg)
        #expect(info.errors.isEmpty, "\(info.errors)")
        #expect(info.output.contains("Layer name: acties"))
        #expect(info.output.contains("Geometry: Multi Point"))
        #expect(try OgrInfo.values(gpkg, sql: "SELECT ST_NumGeometries(geom) AS n, what FROM acties ORDER BY number") == ["3", "Lamp vervangen", "2", "Graffiti, \"snel\""])
        #expect(try OgrInfo.values(gpkg, sql: "SELECT actions FROM observations WHERE short_id = 'A-1'") == ["1|2"])
    }

    @Test func actionsSurviveExportAndImport() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, _) = try lampDatabase(dir)
        try db.addAction(ActionDraft(what: "Lamp vervangen", partner: "gemeente", department: "Stadsbeheer", dueDate: "2025-10-31", findings: ["A-1", "A-2"]))
        try db.addAction(ActionDraft(what: "Graffiti", partner: "woningcorporatie", partnerName: "Centrada", findings: ["B-1"]))
        try db.addAction(ActionDraft(what: "Buurtfeest", partner: "Buurtvereniging"))
        try db.setActionStatus("2", ActionStatusUpdate(status: "geannuleerd", date: "2025-10-02", note: "Was al weg"))
        for format in [ExportFormat.csv, .geojson] {
            for excel in format == .csv ? [false, true] : [false] {
                let out = dir.appendingPathComponent("export-\(format.rawValue)-\(excel)")
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                let file = out.appendingPathComponent("b.\(format.rawValue)")
                try db.export(format: format, to: file, excel: excel)
                let copy = try SchouwDatabase.create(at: out.appendingPathComponent("kopie.schouw"), schouw: Fixtures.definition())
                try copy.importFile(file)
                #expect(try copy.importActions(from: SchouwDatabase.actionsFile(beside: file)) == 3)
                let before = try db.actions()
                let after = try copy.actions()
                #expect(after.map(\.action) == before.map(\.action), "\(format) excel \(excel)")
                #expect(after.map { $0.findings.map(\.id) } == before.map { $0.findings.map(\.id) })
                // Importing again is refused whole: the ids and numbers are taken.
                let again = Fixtures.issues { try copy.importActions(from: SchouwDatabase.actionsFile(beside: file)) }
                #expect(again.map(\.field) == ["id", "number", "id", "number", "id", "number"])
                #expect(try copy.actions().count == 3)
            }
        }
    }

    @Test func hostileActionTablesAreRefusedWhole() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, ids) = try lampDatabase(dir)
        let header = "number,what,partner_kind,status,due_date,findings\n"
        let cases: [(String, [String])] = [
            ("1,Lamp,gemeente,open,2025-10-31,\(ids[0])\n2,Lamp,gemeente,open,,00000000-0000-0000-0000-000000000000\n", ["findings"]),
            ("1,Lamp,gemeente,klaarr,,\n", ["status"]),
            ("1,Lamp,gemeente,open,31-31-2025,\n", ["due_date"]),
            ("1,,gemeente,open,,\n", ["what"]),
            ("1,Lamp,gemeete,open,,\n", ["partner_kind"]),
            ("1,Lamp,anders,open,,\n", ["partner_name"]),
            ("x,Lamp,gemeente,open,,\n", ["number"]),
            ("1,Lamp,gemeente,open,,\n1,Lamp,gemeente,open,,\n", ["number"]),
            ("1,Lamp,gemeente,open,,\(String(ids[0].prefix(8)))\n", ["findings"]),
        ]
        for (body, fields) in cases {
            let file = try TestPaths.temporaryFile("acties.csv", contents: header + body)
            let issues = Fixtures.issues { try db.importActions(from: file) }
            #expect(issues.map(\.field) == fields, "\(body)")
            #expect(issues.allSatisfy { $0.file == "acties.csv" && $0.line != nil })
            #expect(try db.actions().isEmpty)
        }
        let unknownColumn = try TestPaths.temporaryFile("acties.csv", contents: "what,partner_kind,wie\nLamp,gemeente,ik\n")
        #expect(Fixtures.issues { try db.importActions(from: unknownColumn) }.map(\.field) == ["wie"])
        let noWhat = try TestPaths.temporaryFile("acties.csv", contents: "partner_kind\ngemeente\n")
        #expect(Fixtures.issues { try db.importActions(from: noWhat) }.map(\.field) == ["what"])
    }
}
