import Foundation
import SchouwCore
@testable import SchouwStore
import SchouwTestSupport
import Testing

/// Actions through ``ActionStore`` on SQLite and on the real PostgreSQL the test script starts: the same
/// calls give the same numbers, refusals, links, imports and photos. Expected values are written out by hand.
@Suite(.timeLimit(.minutes(3))) struct ActionBackendTests {
    /// Three findings: A-1 (zwerfvuil), A-2 (lantaarnpaal, 50 m east), B-1 (grofvuil, 50 m north).
    static func findings(_ store: any ObservationStore) async throws -> [Observation] {
        [
            try await store.addObservation(draft(text: "Blikjes", group: "Groep A")),
            try await store.addObservation(draft("lantaarnpaal", text: "Lamp kapot", at: try TestSchouw.offset(east: 50, north: 0), group: "Groep A")),
            try await store.addObservation(draft("grofvuil", text: "Bank", at: try TestSchouw.offset(east: 0, north: 50), group: "Groep B")),
        ]
    }

    /// The fields the issues of a refused call name, or a recorded failure when it was not refused.
    static func refusedFields(_ body: () async throws -> Void) async -> [String] {
        do {
            try await body()
            Issue.record("not refused")
            return []
        } catch StoreError.invalidInput(let issues) {
            return issues.map(\.field)
        } catch {
            Issue.record("refused with \(error)")
            return []
        }
    }

    @Test(arguments: Backend.available)
    func actionsAreNumberedLinkedAndFollowTheFlow(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        try await schouw.with { store in
            let found = try await Self.findings(store)
            #expect(found.compactMap(\.shortID) == ["A-1", "A-2", "B-1"])
            let lamp = try await store.addAction(
                ActionDraft(what: "Lamp vervangen", partner: "gemeente", department: "Stadsbeheer", dueDate: "31-10-2025", findings: ["a-2", "B-1", "A-2"]),
                names: .options)
            #expect(lamp.action.number == 1 && lamp.action.status == "open" && lamp.action.dueDate == "2025-10-31")
            #expect(lamp.action.partner.label(.nl) == "gemeente (Stadsbeheer)")
            #expect(lamp.findings.compactMap(\.shortID).sorted() == ["A-2", "B-1"])
            #expect(lamp.history.map(\.toStatus) == ["open"])
            let own = try await store.addAction(ActionDraft(what: "Opruimactie", partner: "Buurtvereniging De Kruidentuin"), names: .options)
            #expect(own.action.number == 2 && own.action.partnerKind == "anders" && own.action.partnerName == "Buurtvereniging De Kruidentuin")

            // Refusals name every bad field and store nothing: the next action is still number 3.
            #expect(await Self.refusedFields {
                _ = try await store.addAction(ActionDraft(what: "x", partner: "gemeete"), names: .options)
            } == ["--partner"])
            #expect(await Self.refusedFields {
                _ = try await store.addAction(
                    ActionDraft(what: "x", partner: "politie", department: "Wijkteam", dueDate: "30-02-2025", findings: ["Z-9"]), names: .options)
            } == ["--department", "--due", "--finding"])
            #expect(await Self.refusedFields { _ = try await store.addAction(ActionDraft(what: " ", partner: "bewoners"), names: .options) } == ["--what"])
            #expect(try await store.actions(status: nil, partner: nil).map(\.action.number) == [1, 2])

            // The flow: open → in behandeling (on a given day) → open → afgehandeld; afgehandeld → geannuleerd is refused.
            let started = try await store.setActionStatus("1", ActionStatusUpdate(status: "in behandeling", date: "01-10-2025", note: "Ingepland"))
            #expect(started.action.status == "in_behandeling" && started.action.statusDate == "2025-10-01" && started.action.note == "Ingepland")
            #expect(await Self.refusedFields {
                _ = try await store.setActionStatus("#1", ActionStatusUpdate(status: "in behandeling", photo: schouw.folder.appendingPathComponent("na.jpg")))
            } == ["--photo"])
            _ = try await store.setActionStatus("#1", ActionStatusUpdate(status: "open"))
            let jpeg = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220)
            let photo = schouw.folder.appendingPathComponent("Na.JPG")
            try jpeg.write(to: photo)
            let done = try await store.setActionStatus("1", ActionStatusUpdate(status: "done", date: "2025-10-20", note: "Lamp brandt", photo: photo))
            #expect(done.action.status == "afgehandeld" && done.action.statusDate == "2025-10-20")
            let after = try #require(done.action.afterPhoto)
            #expect(after.hasPrefix("photos/") && after.hasSuffix(".jpg") && after.count == 7 + 64 + 4, "\(after)")
            #expect(try await store.photoData(named: after) == jpeg)
            do {
                _ = try await store.setActionStatus("1", ActionStatusUpdate(status: "geannuleerd"))
                Issue.record("afgehandeld → geannuleerd was allowed")
            } catch StoreError.invalidInput(let issues) {
                #expect(issues.map(\.reason) == [.actionTransition(from: "afgehandeld", allowed: ["in_behandeling"])])
            }
            let one = try await store.action(String(done.action.id.prefix(8)))
            #expect(one.action.status == "afgehandeld" && one.action.afterPhoto == after)
            #expect(one.history.map(\.toStatus) == ["open", "in_behandeling", "open", "afgehandeld"])
            #expect(one.history[1].statusDate == "2025-10-01" && one.history[3].statusDate == "2025-10-20")
            await #expect(throws: StoreError.self) { _ = try await store.action("99") }

            // Linking and unlinking; the actions of each finding.
            _ = try await store.editAction("2", changes: ActionDraft(findings: ["A-1", "B-1"]), status: nil, names: .options)
            let unlinked = try await store.editAction("1", changes: ActionDraft(unlinkFindings: ["B-1"]), status: nil, names: .options)
            #expect(unlinked.findings.compactMap(\.shortID) == ["A-2"])
            let byFinding = try await store.actionsByFinding()
            #expect(byFinding[found[0].id]?.map(\.number) == [2])
            #expect(byFinding[found[1].id]?.map(\.number) == [1])
            #expect(byFinding[found[2].id]?.map(\.number) == [2])

            // Lists by status and by partner (kind or own name); an unknown status is refused.
            #expect(try await store.actions(status: "afgehandeld", partner: nil).map(\.action.number) == [1])
            #expect(try await store.actions(status: nil, partner: "municipality").map(\.action.number) == [1])
            #expect(try await store.actions(status: "open", partner: "buurtvereniging de kruidentuin").map(\.action.number) == [2])
            await #expect(throws: StoreError.self) { _ = try await store.actions(status: "bijna klaar", partner: nil) }

            // A finding's export fields and the actions table carry them (written out by hand).
            let exported = String(decoding: try await store.exportObservations(format: .csv, to: nil).data, as: UTF8.self)
            let lines = exported.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = lines[0]
            let lampRow = try #require(lines.first { $0.contains("A-2") })
            func field(_ name: String) -> String? { header.firstIndex(of: name).map { lampRow[$0] } }
            #expect(field("actions") == "1" && field("action_status") == "afgehandeld")
            #expect(field("action_partner") == "gemeente (Stadsbeheer)" && field("action_due") == "2025-10-31")
            let table = String(decoding: try await store.actionsCSVData(excel: false), as: UTF8.self).split(whereSeparator: \.isNewline)
            #expect(table.count == 3)
            #expect(table[0] == "number,id,what,partner,partner_kind,partner_name,department,due_date,status,status_date,note,created_at,after_photo,findings,finding_short_ids")
            #expect(table[1].hasPrefix("1,\(done.action.id),Lamp vervangen,gemeente (Stadsbeheer),gemeente,,Stadsbeheer,2025-10-31,afgehandeld,2025-10-20,Lamp brandt,"))
            #expect(table[1].hasSuffix(",\(after),\(found[1].id),A-2"))
        }
    }

    @Test(arguments: Backend.available)
    func importIsAllOrNothingAndKeepsNumbers(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        try await schouw.with { store in
            let found = try await Self.findings(store)
            let (a1, a2) = (found[0].id, found[1].id)
            let unknown = "0b0e0e0e-0000-4000-8000-000000000000"
            // Row 3 names a finding that is not there, row 4 a status no one knows: nothing is stored.
            let broken = try schouw.file(
                "kapot.acties.csv",
                """
                number,what,partner_kind,partner_name,department,due_date,status,status_date,findings
                5,Lamp vervangen,gemeente,,Stadsbeheer,2025-10-31,open,2025-09-21,\(a2)
                6,Bank ophalen,gemeente,,,,open,2025-09-21,\(unknown)
                7,Opruimen,anders,Buurtvereniging,,,bijna,2025-09-21,\(a1)

                """)
            do {
                _ = try await store.importActions(from: broken)
                Issue.record("the broken table was imported")
            } catch StoreError.invalidInput(let issues) {
                #expect(issues.map { "\($0.line ?? 0) \($0.field)" } == ["3 findings", "4 status"])
            }
            #expect(try await store.actions(status: nil, partner: nil).isEmpty)

            let good = try schouw.file(
                "goed.acties.csv",
                """
                number,what,partner_kind,partner_name,department,due_date,status,status_date,findings,after_photo
                ,Opruimen,anders,Buurtvereniging,,,open,2025-09-21,\(a1)|\(a2),
                5,Lamp vervangen,gemeente,,Stadsbeheer,2025-10-31,in_behandeling,2025-09-21,\(a2),
                8,Tag weg,bewoners,,,,afgehandeld,2025-09-22,,photos/../../../etc/passwd
                9,Bank weg,bewoners,,,,afgehandeld,2025-09-22,,photos/\(String(repeating: "ab", count: 32)).jpg

                """)
            #expect(try await store.importActions(from: good) == 4)
            // A row without a number gets the first free one; a given number is kept.
            let actions = try await store.actions(status: nil, partner: nil)
            #expect(actions.map(\.action.number) == [1, 5, 8, 9])
            // An "after" photo the store does not hold (or one outside photos/) is not taken over.
            #expect(actions[2].action.status == "afgehandeld" && actions[2].action.afterPhoto == nil && actions[3].action.afterPhoto == nil)
            #expect(Set(actions[0].findings.map(\.id)) == [a1, a2] && actions[0].action.partnerName == "Buurtvereniging")
            #expect(actions[1].action.status == "in_behandeling" && actions[1].action.statusDate == "2025-09-21")
            #expect(actions[1].action.department == "Stadsbeheer" && actions[1].findings.map(\.id) == [a2])
            // The same table again: numbers 5, 8 and 9 are taken, so all is refused, still four actions.
            await #expect(throws: StoreError.self) { _ = try await store.importActions(from: good) }
            #expect(try await store.actions(status: nil, partner: nil).count == 4)
            // The next action added counts on from the highest number.
            #expect(try await store.addAction(ActionDraft(what: "Nog een", partner: "bewoners"), names: .options).action.number == 10)
        }
    }

    @Test(arguments: Backend.available)
    func fourWritersAtOnceGetOneHundredDistinctNumbers(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        // Four writers, each with a store (and for PostgreSQL a connection pool) of its own, 25 adds each, at once.
        let numbers = try await withThrowingTaskGroup(of: [Int].self) { group in
            for writer in 1...4 {
                group.addTask {
                    try await schouw.with { store in
                        var numbers: [Int] = []
                        for n in 1...25 {
                            let details = try await store.addAction(ActionDraft(what: "Schrijver \(writer) actie \(n)", partner: "gemeente"), names: .options)
                            numbers.append(details.action.number)
                        }
                        return numbers
                    }
                }
            }
            var all: [Int] = []
            for try await numbers in group { all += numbers }
            return all
        }
        #expect(numbers.count == 100)
        #expect(Set(numbers) == Set(1...100))
        let stored = try await schouw.with { try await $0.actions(status: nil, partner: nil) }
        #expect(stored.map(\.action.number) == Array(1...100))
    }
}

/// `schouw copy`, `schouw action` and `schouw report` on a PostgreSQL URL with `--schouw`, through the built binary.
@Suite(.timeLimit(.minutes(3))) struct ActionServerCommandTests {
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func copyCarriesActionsToPostgresAndBack() async throws {
        let url = try #require(TestPostgres.url)
        let source = try await TestSchouw.make(.sqlite)
        defer { source.remove() }
        let jpeg = TestJPEG.withGPS(latitude: 52.5186, longitude: 5.7222)
        let photo = source.folder.appendingPathComponent("na.jpg")
        try jpeg.write(to: photo)
        let (findings, actions) = try await source.with { store in
            let findings = try await ActionBackendTests.findings(store)
            let lamp = try await store.addAction(ActionDraft(what: "Lamp vervangen", partner: "gemeente", findings: ["A-2"]), names: .options)
            _ = try await store.setActionStatus("1", ActionStatusUpdate(status: "afgehandeld", date: "2025-10-20", note: "Gedaan", photo: photo))
            let bank = try await store.addAction(
                ActionDraft(what: "Bank ophalen", partner: "woningcorporatie", partnerName: "Centrada", dueDate: "2025-11-01", findings: ["B-1", "A-1"]),
                names: .options)
            return (findings.map(\.id), [lamp.action.id, bank.action.id])
        }
        let name = try await source.with { try await $0.schouw().name }
        let toServer = try await cli(["copy", source.location, url])
        #expect(toServer.status == 0, "\(toServer.stderr)")
        #expect(toServer.stdout.contains("3 bevinding(en), 1 foto('s), 2 actie(s)"), "\(toServer.stdout)")

        // In PostgreSQL: the same ids, numbers, history, links and after photo; `schouw action list` shows them.
        let server = TestSchouw(backend: .postgresql, location: url, name: name, folder: source.folder)
        try await server.with { store in
            let stored = try await store.actions(status: nil, partner: nil)
            #expect(stored.map(\.action.id) == actions && stored.map(\.action.number) == [1, 2])
            #expect(stored[0].history.map(\.toStatus) == ["open", "afgehandeld"] && stored[0].action.note == "Gedaan")
            #expect(stored[0].findings.map(\.id) == [findings[1]])
            #expect(Set(stored[1].findings.map(\.id)) == [findings[0], findings[2]] && stored[1].action.partnerName == "Centrada")
            #expect(try await store.photoData(named: try #require(stored[0].action.afterPhoto)) == jpeg)
        }
        let listed = try await cli(["action", "list", url, "--schouw", name, "--today", "2025-11-15"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.hasSuffix("2 actie(s)\n"), "\(listed.stdout)")
        #expect(listed.stdout.contains("2  open  woningcorporatie Centrada  vóór 2025-11-01  TE LAAT  Bank ophalen  [A-1, B-1]"), "\(listed.stdout)")

        // And back into a new file.
        let back = source.folder.appendingPathComponent("terug.schouw")
        let toFile = try await cli(["copy", url, back.path, "--schouw", name])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        let copied = try SchouwDatabase.open(at: back)
        let again = try copied.actions()
        #expect(again.map(\.action.id) == actions && again.map(\.action.number) == [1, 2])
        #expect(again[0].history.map(\.toStatus) == ["open", "afgehandeld"] && again[0].action.statusDate == "2025-10-20")
        #expect(Set(again[1].findings.map(\.id)) == [findings[0], findings[2]])
        let after = try #require(again[0].action.afterPhoto)
        #expect(try Data(contentsOf: source.folder.appendingPathComponent(after)) == jpeg)
        // The file's next action counts on from 2.
        #expect(try copied.addAction(ActionDraft(what: "Nieuw", partner: "politie")).action.number == 3)
    }

    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func reportOnPostgresGivesTheFiguresOfItsFileCopy() async throws {
        let url = try #require(TestPostgres.url)
        let schouw = try await TestSchouw.make(.postgresql, area: true)
        defer { schouw.remove() }
        let jpeg = TestJPEG.withGPS(latitude: 52.5186, longitude: 5.7222)
        let photo = schouw.folder.appendingPathComponent("na.jpg")
        try jpeg.write(to: photo)
        try await schouw.with { store in
            // Five findings of Groep A: two 10 m apart (one cluster), three 200 m from everything else.
            let placed: [(String, String, Double, Double)] = [
                ("zwerfvuil", "B", 0, 0), ("lantaarnpaal", "B", 10, 0), ("grofvuil", "C", 200, 0), ("lantaarnpaal", "A", 0, 200),
                ("zwerfvuil", "B", -200, 0),
            ]
            for (index, (category, level, east, north)) in placed.enumerated() {
                var d = draft(category, text: "Bevinding \(index + 1)", at: try TestSchouw.offset(east: east, north: north), group: "Groep A")
                d.level = level
                _ = try await store.addObservation(d)
            }
            _ = try await store.setStatus(id: "A-3", to: "afgehandeld", owner: nil, note: nil)
            _ = try await store.addAction(ActionDraft(what: "Vuil ruimen", partner: "gemeente", dueDate: "2025-10-01", findings: ["A-1"]), names: .options)
            _ = try await store.addAction(ActionDraft(what: "Lampen", partner: "gemeente", dueDate: "2025-12-31", findings: ["A-2", "A-4"]), names: .options)
            _ = try await store.setActionStatus("2", ActionStatusUpdate(status: "in_behandeling"))
            _ = try await store.addAction(ActionDraft(what: "Bank weg", partner: "bewoners", dueDate: "2025-10-01", findings: ["A-3"]), names: .options)
            _ = try await store.setActionStatus("3", ActionStatusUpdate(status: "afgehandeld", date: "2025-10-05", photo: photo))
        }
        let file = schouw.folder.appendingPathComponent("kopie.schouw").path
        let copy = try await cli(["copy", url, file, "--schouw", schouw.name])
        #expect(copy.status == 0, "\(copy.stderr)")
        let onServer = try await cli(
            ["report"] + schouw.cli + ["--out", schouw.folder.appendingPathComponent("pg").path, "--no-pdf", "--json", "--date", "2025-11-15",
                "--previous", url, "--previous-schouw", schouw.name])
        let onFile = try await cli(
            ["report", file, "--out", schouw.folder.appendingPathComponent("file").path, "--no-pdf", "--json", "--date", "2025-11-15",
                "--previous", file])
        #expect(onServer.status == 0 && onFile.status == 0, "\(onServer.stderr) \(onFile.stderr)")
        #expect(onServer.stdout == onFile.stdout)

        let figures = try #require(try JSONSerialization.jsonObject(with: Data(onServer.stdout.utf8)) as? [String: Any])
        #expect(figures["findings"] as? Int == 5 && figures["afgehandeld"] as? Int == 1)
        #expect(figures["share_afgehandeld"] as? Double == 0.2)
        func counts(_ key: String) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: ((figures[key] as? [[String: Any]]) ?? []).map { ($0["code"] as? String ?? "?", $0["count"] as? Int ?? -1) })
        }
        #expect(counts("by_category") == ["afval": 3, "verlichting": 2])
        #expect(counts("by_level") == ["A": 1, "B": 3, "C": 1])
        let buurten = (figures["buurten"] as? [[String: Any]]) ?? []
        #expect(buurten.count == 1 && buurten.first?["code"] as? String == "BU03039901")
        #expect(buurten.first?["findings"] as? Int == 5 && buurten.first?["open"] as? Int == 4 && buurten.first?["afgehandeld"] as? Int == 1)
        let clusters = (figures["clusters"] as? [[String: Any]]) ?? []
        #expect(clusters.count == 1 && clusters.first?["size"] as? Int == 2)
        #expect(Set(clusters.first?["findings"] as? [String] ?? []) == ["A-1", "A-2"])
        let actions = (figures["actions"] as? [String: Int]) ?? [:]
        #expect(actions == ["total": 3, "open": 1, "in_behandeling": 1, "afgehandeld": 1, "geannuleerd": 0, "overdue": 1])
        #expect((figures["comparison"] as? [String: Int]) == ["opgelost": 0, "blijvend": 5, "nieuw": 0])
        // The "after" photo came out of PostgreSQL into the page.
        let html = try String(contentsOf: schouw.folder.appendingPathComponent("pg/rapport.html"), encoding: .utf8)
        #expect(html.contains(jpeg.base64EncodedString()))
    }

    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func signalenAndCompareWorkOnAURL() async throws {
        let url = try #require(TestPostgres.url)
        let old = try await TestSchouw.make(.postgresql)
        let new = try await TestSchouw.make(.postgresql)
        defer { old.remove(); new.remove() }
        let jpeg = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220)
        let photo = old.folder.appendingPathComponent("foto.jpg")
        try jpeg.write(to: photo)
        try await old.with { store in
            var litter = draft(text: "Blikjes", group: "Groep A")
            litter.photos = [photo]
            _ = try await store.addObservation(litter)
            _ = try await store.addObservation(draft("lantaarnpaal", text: "Lamp kapot", at: try TestSchouw.offset(east: 100, north: 0)))
        }
        try await new.with { store in
            _ = try await store.addObservation(draft(text: "Weer blikjes", at: try TestSchouw.offset(east: 5, north: 0)))
            _ = try await store.addObservation(draft("graffiti", text: "Tag", at: try TestSchouw.offset(east: -150, north: 0)))
        }
        // Signalen: one signal (afval is mapped, verlichting not), its photo written out of the database beside the JSON.
        let map = old.folder.appendingPathComponent("map.json")
        try Data(#"{"afval": "/signals/v1/public/terms/categories/afval/sub_categories/overig-afval"}"#.utf8).write(to: map)
        let out = old.folder.appendingPathComponent("uit/signalen.json")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        let signalen = try await cli(["export"] + old.cli + ["--format", "signalen", "--category-map", map.path, "--out", out.path])
        #expect(signalen.status == 0, "\(signalen.stderr)")
        #expect(signalen.stdout.hasPrefix("1 melding(en) voor Signalen geschreven naar \(out.path), met 1 foto('s) om toe te voegen"), "\(signalen.stdout)")
        #expect(signalen.stderr.contains("verlichting/lamp_kapot: X-1"), "\(signalen.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let signals = try #require(document["signals"] as? [[String: Any]])
        let attachments = try #require(signals.first?["attachments"] as? [String])
        #expect(attachments.count == 1 && attachments[0].hasPrefix(out.deletingLastPathComponent().appendingPathComponent("photos/").path))
        #expect(FileManager.default.contents(atPath: attachments[0]) == jpeg)

        // Compare between two schouwen of the database: the litter found again (5 m), the lamp opgelost, the tag nieuw.
        let compared = try await cli(["compare", url, "--old-schouw", old.name, url, "--new-schouw", new.name, "--json"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any])
        #expect(summary["comparison"] as? [String: Int] == ["opgelost": 1, "blijvend": 1, "nieuw": 1])
    }
}
