import Foundation
import SchouwStore
import SchouwTestSupport
import Testing

/// The SHA-256 of `bytes` as `sha256sum` computes it (an independent source for the stores' photo names).
private func sha256sum(_ bytes: [UInt8], in folder: URL) throws -> String {
    let file = folder.appendingPathComponent("sha-\(UUID().uuidString)")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return String(try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path]).stdout.prefix(64))
}

/// Runs `body` against a server over the schouw's store, closing the schouw afterwards (also when it throws).
private func serving(_ schouw: BackendSchouw, _ body: @Sendable (Int) async throws -> Void) async throws {
    do {
        try await WebFixture.serve(schouw.store, body)
    } catch {
        await schouw.close()
        throw error
    }
    await schouw.close()
}

/// The organizer's actions page over real HTTP, on both stores (a schouw file, a schouw in PostgreSQL):
/// shown and edited only by the organizer, every post with the session's CSRF token, the "after" photo
/// kept by the store and served back as it was sent, and `acties.csv` as written out by hand below.
@Suite(.timeLimit(.minutes(3))) struct WebActionTests {
    @Test(arguments: WebBackend.available)
    func organizerAddsAndMovesActions(_ backend: WebBackend) async throws {
        let schouw = try await BackendSchouw.make(backend)
        try await serving(schouw) { port in
            var draft = ObservationDraft()
            draft.category = "verlichting"
            draft.text = "Lamp kapot"
            draft.group = "Groep A"
            draft.lon = "5.7235"
            draft.lat = "52.5188"
            let finding = try await schouw.store.addObservation(draft)
            #expect(finding.shortID == "A-1")
            let organizer = Browser(port: port)
            _ = try await organizer.login(schouw.organizerCode)
            let empty = try await organizer.get("/beheer/acties")
            #expect(empty.status == 200)
            #expect(empty.text.contains("Nog geen acties."))
            #expect(try await organizer.get("/beheer").text.contains("href=\"/beheer/acties\""))

            let added = try await organizer.post("/beheer/acties", [
                ("what", "Lamp vervangen"), ("partner", "gemeente"), ("department", "Stadsbeheer"), ("due", "2025-10-31"), ("findings", "A-1"),
            ])
            #expect(added.status == 303)
            #expect(added.header("Location") == "/beheer/acties?opgeslagen=1")
            let stored = try await schouw.store.action("1")
            #expect(stored.action.what == "Lamp vervangen" && stored.action.department == "Stadsbeheer" && stored.action.dueDate == "2025-10-31")
            #expect(stored.findings.map(\.shortID) == ["A-1"])
            let page = try await organizer.get("/beheer/acties")
            #expect(page.text.contains("gemeente (Stadsbeheer)"))
            #expect(page.text.contains("TE LAAT"))
            #expect(page.text.contains("<a href=\"/meldingen/\(finding.id)\">A-1</a>"))

            // Bad input: the page again with the field named, nothing stored.
            let bad = try await organizer.post("/beheer/acties", [("what", "x"), ("partner", "anders"), ("due", "2025-02-30"), ("findings", "Z-9")])
            #expect(bad.status == 400)
            #expect(bad.text.contains("veld &#39;due&#39;") || bad.text.contains("veld 'due'"))
            #expect(bad.text.contains("partner_name"))
            #expect(try await schouw.store.actions(status: nil, partner: nil).count == 1)

            let moved = try await organizer.post("/beheer/acties/1", [("status", "afgehandeld"), ("date", "2025-10-20"), ("note", "Brandt weer")])
            #expect(moved.status == 303)
            #expect(try await schouw.store.action("1").action.status == "afgehandeld")
            let refused = try await organizer.post("/beheer/acties/1", [("status", "geannuleerd")])
            #expect(refused.status == 400)
            #expect(try await organizer.post("/beheer/acties/7", [("status", "open")]).status == 404)
            #expect(try await organizer.post("/beheer/acties/abc", [("status", "open")]).status == 404)
            #expect(try await organizer.get("/beheer/acties/1/foto").status == 404, "done without a photo")

            // The table for Dutch Excel, field by field: only the id, the entry time and the finding's id
            // are the store's to choose.
            let download = try await organizer.get("/beheer/acties.csv")
            #expect(download.status == 200)
            #expect(download.header("Content-Disposition") == "attachment; filename=\"acties.csv\"")
            let lines = download.text.components(separatedBy: "\r\n")
            #expect(lines.count == 3 && lines.last == "", "a header, one row, a final line end: \(lines)")
            #expect(lines.first == "\u{FEFF}number;id;what;partner;partner_kind;partner_name;department;due_date;status;status_date;note;"
                + "created_at;after_photo;findings;finding_short_ids")
            let row = lines.count > 1 ? lines[1].components(separatedBy: ";") : []
            #expect(row.count == 15, "\(row)")
            if row.count == 15 {
                #expect(Array(row[0...1]) == ["1", stored.action.id])
                #expect(Array(row[2...10]) == [
                    "Lamp vervangen", "gemeente (Stadsbeheer)", "gemeente", "", "Stadsbeheer", "2025-10-31", "afgehandeld", "2025-10-20", "Brandt weer",
                ])
                #expect(row[11].wholeMatch(of: /20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]/) != nil, "local time: \(row[11])")
                #expect(Array(row[12...14]) == ["", finding.id, "A-1"])
            }

            // Without the token, or as a walker, or as a stranger: nothing changes.
            #expect(try await organizer.post("/beheer/acties/1", [("status", "in_behandeling")], csrf: false).status == 403)
            #expect(try await organizer.post("/beheer/acties", [("what", "y"), ("partner", "politie")], csrf: false).status == 403)
            let walker = Browser(port: port)
            _ = try await walker.login(schouw.code("Groep A"))
            #expect(try await walker.get("/beheer/acties").status == 403)
            #expect(try await walker.post("/beheer/acties/1", [("status", "in_behandeling")]).status == 403)
            #expect(try await walker.post("/beheer/acties", [("what", "y"), ("partner", "politie")]).status == 403)
            let stranger = Browser(port: port)
            #expect(try await stranger.get("/beheer/acties").status == 303)
            #expect(try await walker.get("/beheer/acties.csv").status == 403)
            #expect(try await schouw.store.action("1").action.status == "afgehandeld")
            #expect(try await schouw.store.actions(status: nil, partner: nil).count == 1)
        }
    }

    @Test(arguments: WebBackend.available)
    func aDoneActionTakesItsAfterPhotoFromTheOrganizerPage(_ backend: WebBackend) async throws {
        let schouw = try await BackendSchouw.make(backend)
        try await serving(schouw) { port in
            let organizer = Browser(port: port)
            _ = try await organizer.login(schouw.organizerCode)
            _ = try await organizer.get("/beheer/acties")
            #expect(try await organizer.post("/beheer/acties", [("what", "Bank repareren"), ("partner", "woningcorporatie")]).status == 303)
            let page = try await organizer.get("/beheer/acties")
            #expect(page.text.contains("action=\"/beheer/acties/1\" class=\"inline\" enctype=\"multipart/form-data\""))
            #expect(page.text.contains("name=\"photo\" type=\"file\""))

            // Not a photo, or two photos, or a photo with another status: refused, nothing changes.
            let text = try await organizer.postMultipart("/beheer/acties/1", [("status", "afgehandeld")], files: [("photo", "na.png", Array("geen foto".utf8))])
            #expect(text.status == 415)
            let two = try await organizer.postMultipart(
                "/beheer/acties/1", [("status", "afgehandeld")], files: [("photo", "a.png", WebFixture.png), ("photo", "b.png", WebFixture.png)])
            #expect(two.status == 400 && two.text.contains("Eén foto per actie"))
            let early = try await organizer.postMultipart("/beheer/acties/1", [("status", "in_behandeling")], files: [("photo", "na.png", WebFixture.png)])
            #expect(early.status == 400, "a photo after belongs to afgehandeld")
            #expect(try await schouw.store.action("1").action.status == "open")
            #expect(try await organizer.get("/beheer/acties/1/foto").status == 404)

            // A photo of its own: other tests (on the same PostgreSQL database) keep no copy of these bytes.
            let after = WebBackendTests.photo(7_301_001)
            let done = try await organizer.postMultipart(
                "/beheer/acties/1", [("status", "afgehandeld"), ("date", "2025-10-20")], files: [("photo", "na.png", after)])
            #expect(done.status == 303, "\(done.status) \(done.text.prefix(300))")
            let stored = try await schouw.store.action("1").action
            #expect(stored.status == "afgehandeld" && stored.statusDate == "2025-10-20")
            // Stored under the SHA-256 of its bytes, as sha256sum gives it: a file beside a schouw file, bytes in PostgreSQL.
            let sum = try sha256sum(after, in: schouw.folder)
            #expect(stored.afterPhoto == "photos/\(sum).png")
            if backend == .sqlite {
                let file = schouw.folder.appendingPathComponent("photos/\(sum).png")
                #expect(try Data(contentsOf: file) == Data(after))
            }
            let listed = try await organizer.get("/beheer/acties")
            #expect(listed.text.contains("<a href=\"/beheer/acties/1/foto\">heeft een foto ná</a>"))
            let served = try await organizer.get("/beheer/acties/1/foto")
            #expect(served.status == 200)
            #expect(served.header("Content-Type") == "image/png")
            #expect(served.body == after, "the photo comes back byte for byte")
            // Read by another process (a new handle or connection pool), it is the same.
            let reader = try await schouw.reopen()
            #expect(try await reader.photoData(named: "photos/\(sum).png") == Data(after))
            await reader.close()
            let csv = try await organizer.get("/beheer/acties.csv").text.components(separatedBy: "\r\n")
            #expect(csv.count == 3 && csv[1].hasPrefix("1;\(stored.id);Bank repareren;woningcorporatie;woningcorporatie;;;;afgehandeld;2025-10-20;;"))
            #expect(csv.count == 3 && csv[1].hasSuffix(";photos/\(sum).png;;"), "\(csv)")

            // Only the organizer sees it; an unknown action has none.
            let walker = Browser(port: port)
            _ = try await walker.login(schouw.code("Groep A"))
            #expect(try await walker.get("/beheer/acties/1/foto").status == 403)
            #expect(try await Browser(port: port).get("/beheer/acties/1/foto").status == 303)
            #expect(try await organizer.get("/beheer/acties/2/foto").status == 404)
            #expect(try await organizer.get("/beheer/acties/x/foto").status == 404)
        }
    }

    /// A finding's photo that is also an action's "after" photo (the same bytes) outlives the finding:
    /// purging the removed finding from the web deletes its other photo and keeps this one, and the
    /// clean-up at the next server start keeps it too.
    @Test(arguments: WebBackend.available)
    func purgingAFindingKeepsTheAfterPhotoOfAnAction(_ backend: WebBackend) async throws {
        let schouw = try await BackendSchouw.make(backend)
        let shared = WebBackendTests.photo(7_302_001)
        let own = WebBackendTests.photo(7_302_002)
        let findingID = Holder<String>()
        try await WebFixture.serve(schouw.store) { port in
            let walker = Browser(port: port)
            _ = try await walker.login(schouw.code("Groep A"))
            try await walker.get("/kaart")
            let saved = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Bank stuk")],
                files: [("photo", "bank.png", shared), ("photo", "detail.png", own)])
            let id = try #require(WebFixture.findingID(saved))
            await findingID.set(id)
            let short = try #require(try await schouw.store.details(id: id).observation.shortID)

            let organizer = Browser(port: port)
            _ = try await organizer.login(schouw.organizerCode)
            _ = try await organizer.get("/beheer/acties")
            #expect(try await organizer.post("/beheer/acties", [("what", "Bank vervangen"), ("partner", "gemeente"), ("findings", short)]).status == 303)
            let done = try await organizer.postMultipart("/beheer/acties/1", [("status", "afgehandeld")], files: [("photo", "na.png", shared)])
            #expect(done.status == 303, "\(done.status) \(done.text.prefix(300))")

            try await walker.get("/meldingen/\(id)")
            #expect(try await walker.post("/meldingen/\(id)/verwijderen", []).status == 303)
            try await organizer.get("/meldingen/\(id)")
            let purged = try await organizer.post("/meldingen/\(id)/definitief", [])
            #expect(purged.status == 303, "\(purged.status) \(purged.text.prefix(300))")
            #expect(try await organizer.get("/meldingen/\(id)").status == 404)
            let served = try await organizer.get("/beheer/acties/1/foto")
            #expect(served.status == 200 && served.body == shared, "the action keeps its photo")
        }
        // A restart: the new app's clean-up of photos nothing refers to runs first.
        let reopened = try await schouw.reopen()
        do {
            try await WebFixture.serve(reopened) { port in
                let organizer = Browser(port: port)
                _ = try await organizer.login(schouw.organizerCode)
                let served = try await organizer.get("/beheer/acties/1/foto")
                #expect(served.status == 200 && served.body == shared, "kept after the clean-up at start")
                #expect(try await schouw.store.action("1").findings.isEmpty, "the purged finding is no longer linked")
            }
            let id = try #require(await findingID.value)
            await #expect(throws: StoreError.self) { _ = try await reopened.details(id: id) }
        } catch {
            await reopened.close()
            await schouw.close()
            throw error
        }
        if backend == .sqlite {
            // The finding's own photo went with it; the shared one stays for the action.
            let photos = schouw.folder.appendingPathComponent("photos")
            let left = try FileManager.default.contentsOfDirectory(atPath: photos.path)
            #expect(left == ["\(try sha256sum(shared, in: schouw.folder)).png"])
        }
        await reopened.close()
        await schouw.close()
    }
}
