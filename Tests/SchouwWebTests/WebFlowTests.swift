import Foundation
import SchouwStore
import Testing
@testable import SchouwWeb

/// The walker's and the organizer's flows over real HTTP on loopback.
@Suite struct WebFlowTests {
    @Test func walkerEntersFindingOnTheMapAndCorrectsIt() async throws {
        try await WebFixture.run { fixture in
            let browser = fixture.browser()
            let entry = try await browser.get("/")
            #expect(entry.status == 200)
            #expect(entry.text.contains("Toegangscode"))
            // The entry page starts no session: only a login token for the form, stored nowhere.
            #expect(!entry.headers("Set-Cookie").contains { $0.hasPrefix("schouw_session=") })
            let token = try #require(entry.headers("Set-Cookie").first { $0.hasPrefix("schouw_login=") })
            #expect(token.contains("HttpOnly") && token.contains("SameSite=Strict"))
            #expect(try fixture.database.webSessionCount() == 0)

            let login = try await browser.post("/inloggen", [("code", fixture.code("Groep A").lowercased().replacingOccurrences(of: "-", with: " "))])
            #expect(login.status == 303)
            #expect(login.header("Location") == "/kaart")
            let session = try #require(login.headers("Set-Cookie").first { $0.hasPrefix("schouw_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict"))
            #expect(try fixture.database.webSessionCount() == 1)
            let map = try await browser.get("/kaart")
            #expect(map.status == 200)
            #expect(map.text.contains("<svg class=\"map\""))
            #expect(map.text.contains("class=\"checkpoint\""))
            #expect(map.text.contains("data-lon=\""))
            #expect(!map.text.contains("http://") && !map.text.contains("https://"), "no external resources")

            let saved = try await browser.postMultipart("/meldingen", [
                ("lon", "5.7213803"), ("lat", "52.5194590"), ("category", "afval/volle_prullenbak"), ("level", "C"),
                ("text", "Volle afvalbak bij de speeltuin"), ("walker", "Anna"),
            ], files: [("photo", "speeltuin.png", WebFixture.png)])
            #expect(saved.status == 303)
            let id = try #require(WebFixture.findingID(saved))
            // Committed before the confirmation: it is in the database before the browser asks for it.
            let stored = try fixture.database.details(id: id)
            #expect(stored.observation.groupName == "Groep A")
            #expect(stored.observation.locationSource == .coordinates)
            #expect(stored.photos.count == 1)

            let confirmation = try await browser.get(try #require(saved.header("Location")))
            #expect(confirmation.status == 200)
            #expect(confirmation.text.contains("Opgeslagen"))
            let photo = try await browser.get("/meldingen/\(id)/foto/1")
            #expect(photo.status == 200)
            #expect(photo.header("Content-Type") == "image/png")
            #expect(photo.body.count == WebFixture.png.count && photo.body == WebFixture.png)

            let byCheckpoint = try await browser.postMultipart("/meldingen", [("checkpoint", "3"), ("category", "groen"), ("text", "Boomspiegel vol onkruid")])
            #expect(byCheckpoint.status == 303)
            let checkpointID = try #require(WebFixture.findingID(byCheckpoint))
            #expect(try fixture.database.details(id: checkpointID).observation.checkpoint == 3)

            let list = try await browser.get("/meldingen")
            #expect(list.text.contains("Volle afvalbak bij de speeltuin"))
            #expect(list.text.contains("Boomspiegel vol onkruid"))
            // Each finding's short id heads its row and stands on its own page
            #expect(list.text.contains("<tr><td>A-1</td>") && list.text.contains("<tr><td>A-2</td>"))
            #expect(confirmation.text.contains("<dt>Nummer</dt><dd>A-1</dd>"))
            // The form offers the schouw's own scale (CROW) only; a word of another scale posted anyway is asked
            #expect(map.text.contains("<option value=\"C\">") && !map.text.contains("<option value=\"slecht\">"))
            let slecht = try await browser.postMultipart("/meldingen", [("checkpoint", "2"), ("category", "lantaarnpaal"), ("level", "slecht"), ("text", "Donker")])
            #expect(slecht.status == 400 && slecht.text.contains("bedoelt u C of D?"))
            let lantaarnpaal = try await browser.postMultipart("/meldingen", [("checkpoint", "2"), ("category", "lantaarnpaal"), ("level", "D"), ("text", "Donker")])
            let lampID = try #require(WebFixture.findingID(lantaarnpaal))
            #expect(try fixture.database.details(id: lampID).observation.subcategory == "lamp_kapot")
            _ = try await browser.post("/meldingen/\(lampID)/verwijderen", [])

            let edited = try await browser.postMultipart("/meldingen/\(id)", [("text", "Volle afvalbak, ook zwerfvuil eromheen"), ("level", "D")])
            #expect(edited.status == 303)
            let after = try fixture.database.details(id: id).observation
            #expect(after.text == "Volle afvalbak, ook zwerfvuil eromheen")
            #expect(after.level == "D")
            #expect(after.groupName == "Groep A")

            let removed = try await browser.post("/meldingen/\(checkpointID)/verwijderen", [])
            #expect(removed.status == 303)
            #expect(try fixture.count(ObservationFilter(group: "Groep A")) == 1)
        }
    }

    @Test func refusedFindingKeepsWhatWasTyped() async throws {
        try await WebFixture.run { fixture in
            let browser = fixture.browser()
            try await browser.login(fixture.code("Groep A"))
            try await browser.get("/kaart")
            let refused = try await browser.postMultipart("/meldingen", [("category", "afval"), ("text", "Tekst zonder plek <b>")])
            #expect(refused.status == 400)
            #expect(refused.text.contains("Tekst zonder plek &lt;b&gt;"))
            #expect(try fixture.count() == 0)
        }
    }

    @Test func organizerSeesFiltersFollowsUpAndDownloads() async throws {
        try await WebFixture.run { fixture in
            for (group, text) in [("Groep A", "Losse stoeptegel"), ("Groep B", "Kapotte lantaarn")] {
                let walker = fixture.browser()
                try await walker.login(fixture.code(group))
                try await walker.get("/kaart")
                let saved = try await walker.postMultipart("/meldingen", [("checkpoint", "2"), ("category", "afval"), ("level", "B"), ("text", text)])
                #expect(saved.status == 303)
            }
            let organizer = fixture.browser()
            let login = try await organizer.login(fixture.organizerCode)
            #expect(login.header("Location") == "/beheer")
            let all = try await organizer.get("/beheer")
            #expect(all.text.contains("Losse stoeptegel") && all.text.contains("Kapotte lantaarn"))
            let groupB = try await organizer.get("/beheer?groep=Groep%20B")
            #expect(groupB.text.contains("Kapotte lantaarn") && !groupB.text.contains("Losse stoeptegel"))

            let id = try #require(fixture.database.observations(ObservationFilter(group: "Groep B")).first?.id)
            try await organizer.get("/meldingen/\(id)")
            let status = try await organizer.post("/meldingen/\(id)/status", [("status", "in_behandeling"), ("owner", "gemeente"), ("note", "ingepland")])
            #expect(status.status == 303)
            let followed = try fixture.database.details(id: id)
            #expect(followed.observation.status == "in_behandeling")
            #expect(followed.observation.owner == "gemeente")
            #expect(followed.history.last?.note == "ingepland")

            let geojson = try await organizer.get("/download/geojson")
            #expect(geojson.status == 200)
            #expect(geojson.text.contains("\"FeatureCollection\"") && geojson.text.contains("Kapotte lantaarn"))
            #expect(geojson.header("Content-Disposition")?.contains("attachment") == true)
            let gpkg = try await organizer.get("/download/gpkg")
            #expect(gpkg.body.starts(with: Array("SQLite format 3".utf8)))
            let csv = try await organizer.get("/download/csv")
            #expect(csv.text.contains("Losse stoeptegel"))
            let summary = try await organizer.get("/download/samenvatting")
            #expect(summary.status == 200)
            #expect(summary.text.contains("BU03039901"))
            let heatmap = try await organizer.get("/download/heatmap")
            #expect(heatmap.status == 200)
            #expect(heatmap.text.contains("\"FeatureCollection\""))
        }
    }

    @Test func englishByQueryAndCookie() async throws {
        try await WebFixture.run { fixture in
            let browser = fixture.browser()
            let english = try await browser.get("/?lang=en")
            #expect(english.text.contains("Access code"))
            #expect(await browser.cookies["schouw_lang"] == "en")
            let again = try await browser.get("/")
            #expect(again.text.contains("Access code"))
            let dutch = try await browser.get("/?lang=nl")
            #expect(dutch.text.contains("Toegangscode"))
        }
    }
}
