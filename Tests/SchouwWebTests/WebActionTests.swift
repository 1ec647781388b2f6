import Foundation
import SchouwStore
import SchouwTestSupport
import Testing

/// The organizer's actions page over real HTTP: shown and edited only by the organizer, every post with
/// the session's CSRF token.
@Suite struct WebActionTests {
    @Test func organizerAddsAndMovesActions() async throws {
        try await WebFixture.run { fixture in
            var draft = ObservationDraft()
            draft.category = "verlichting"
            draft.text = "Lamp kapot"
            draft.group = "Groep A"
            draft.lon = "5.7235"
            draft.lat = "52.5188"
            try fixture.database.ingest([draft])
            let organizer = fixture.browser()
            _ = try await organizer.login(fixture.organizerCode)
            let empty = try await organizer.get("/beheer/acties")
            #expect(empty.status == 200)
            #expect(empty.text.contains("Nog geen acties."))
            #expect(try await organizer.get("/beheer").text.contains("href=\"/beheer/acties\""))

            let added = try await organizer.post("/beheer/acties", [
                ("what", "Lamp vervangen"), ("partner", "gemeente"), ("department", "Stadsbeheer"), ("due", "2025-10-31"), ("findings", "A-1"),
            ])
            #expect(added.status == 303)
            #expect(added.header("Location") == "/beheer/acties?opgeslagen=1")
            let stored = try fixture.database.action("1")
            #expect(stored.action.what == "Lamp vervangen" && stored.action.department == "Stadsbeheer" && stored.action.dueDate == "2025-10-31")
            #expect(stored.findings.map(\.shortID) == ["A-1"])
            let page = try await organizer.get("/beheer/acties")
            #expect(page.text.contains("gemeente (Stadsbeheer)"))
            #expect(page.text.contains("TE LAAT"))

            // Bad input: the page again with the field named, nothing stored.
            let bad = try await organizer.post("/beheer/acties", [("what", "x"), ("partner", "anders"), ("due", "2025-02-30"), ("findings", "Z-9")])
            #expect(bad.status == 400)
            #expect(bad.text.contains("veld &#39;due&#39;") || bad.text.contains("veld 'due'"))
            #expect(bad.text.contains("partner_name"))
            #expect(try fixture.database.actions().count == 1)

            let moved = try await organizer.post("/beheer/acties/1", [("status", "afgehandeld"), ("date", "2025-10-20"), ("note", "Brandt weer")])
            #expect(moved.status == 303)
            #expect(try fixture.database.action("1").action.status == "afgehandeld")
            let refused = try await organizer.post("/beheer/acties/1", [("status", "geannuleerd")])
            #expect(refused.status == 400)
            #expect(try await organizer.post("/beheer/acties/7", [("status", "open")]).status == 404)
            #expect(try await organizer.post("/beheer/acties/abc", [("status", "open")]).status == 404)

            let download = try await organizer.get("/beheer/acties.csv")
            #expect(download.status == 200)
            #expect(download.text.hasPrefix("\u{FEFF}number;id;what;partner;"))
            #expect(download.text.contains(";Lamp vervangen;gemeente (Stadsbeheer);gemeente;;Stadsbeheer;2025-10-31;afgehandeld;2025-10-20;Brandt weer;"))

            // Without the token, or as a walker, or as a stranger: nothing changes.
            #expect(try await organizer.post("/beheer/acties/1", [("status", "in_behandeling")], csrf: false).status == 403)
            #expect(try await organizer.post("/beheer/acties", [("what", "y"), ("partner", "politie")], csrf: false).status == 403)
            let walker = fixture.browser()
            _ = try await walker.login(fixture.code("Groep A"))
            #expect(try await walker.get("/beheer/acties").status == 403)
            #expect(try await walker.post("/beheer/acties/1", [("status", "in_behandeling")]).status == 403)
            #expect(try await walker.post("/beheer/acties", [("what", "y"), ("partner", "politie")]).status == 403)
            let stranger = fixture.browser()
            #expect(try await stranger.get("/beheer/acties").status == 303)
            #expect(try await walker.get("/beheer/acties.csv").status == 403)
            #expect(try fixture.database.action("1").action.status == "afgehandeld")
            #expect(try fixture.database.actions().count == 1)
        }
    }

    @Test func aDoneActionTakesItsAfterPhotoFromTheOrganizerPage() async throws {
        try await WebFixture.run { fixture in
            let organizer = fixture.browser()
            _ = try await organizer.login(fixture.organizerCode)
            _ = try await organizer.get("/beheer/acties")
            #expect(try await organizer.post("/beheer/acties", [("what", "Bank repareren"), ("partner", "woningcorporatie")]).status == 303)
            let page = try await organizer.get("/beheer/acties")
            #expect(page.text.contains("action=\"/beheer/acties/1\" class=\"inline\" enctype=\"multipart/form-data\""))
            #expect(page.text.contains("name=\"photo\" type=\"file\""))

            // Not a photo, or two photos: refused, nothing changes
            let text = try await organizer.postMultipart("/beheer/acties/1", [("status", "afgehandeld")], files: [("photo", "na.png", Array("geen foto".utf8))])
            #expect(text.status == 415)
            let two = try await organizer.postMultipart(
                "/beheer/acties/1", [("status", "afgehandeld")], files: [("photo", "a.png", WebFixture.png), ("photo", "b.png", WebFixture.png)])
            #expect(two.status == 400 && two.text.contains("Eén foto per actie"))
            #expect(try fixture.database.action("1").action.status == "open")

            let done = try await organizer.postMultipart(
                "/beheer/acties/1", [("status", "afgehandeld"), ("date", "2025-10-20")], files: [("photo", "na.png", WebFixture.png)])
            #expect(done.status == 303)
            let stored = try fixture.database.action("1").action
            #expect(stored.status == "afgehandeld")
            // Stored under the SHA-256 of its bytes, as sha256sum gives it
            let upload = fixture.folder.appendingPathComponent("na.png")
            try Data(WebFixture.png).write(to: upload)
            let sum = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [upload.path]).stdout.prefix(64)
            #expect(stored.afterPhoto == "photos/\(sum).png")
            #expect(try Data(contentsOf: fixture.folder.appendingPathComponent("photos/\(sum).png")) == Data(WebFixture.png))
            #expect(try await organizer.get("/beheer/acties").text.contains("heeft een foto ná"))
        }
    }
}
