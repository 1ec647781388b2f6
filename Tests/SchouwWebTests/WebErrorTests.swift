import Foundation
import GRDB
import SchouwStore
import SchouwTestSupport
import Testing
@testable import SchouwStore
@testable import SchouwWeb

/// Failures of the server: the visitor sees a generic Dutch message with a short reference, the
/// details go to the server log under that reference; nothing of another group leaks.
@Suite(.serialized) struct WebErrorTests {
    /// What no page may show: the fixture's folder, any absolute temporary path, SQLite's and Foundation's words.
    static func leaks(_ page: String, _ fixture: WebFixture) -> [String] {
        [fixture.folder.path, "/tmp/", "NSFilePath", ".part", "SQLite", "geheim", "CocoaError"].filter { page.contains($0) }
    }

    @Test func aFailedPhotoSaveShowsAReferenceAndLogsThePath() async throws {
        let capture = LogCapture()
        try await WebFixture.run(log: capture.logger) { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let photos = fixture.folder.appendingPathComponent("photos").standardizedFileURL.path
            // The photos folder exists once a first photo is stored.
            let first = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Eerste")], files: [("photo", "a.png", WebPhotoTests.photo(1))])
            #expect(first.status == 303)
            TestHooks.failingPhotoFolders.withLock { $0[photos] = 0 }
            defer { TestHooks.failingPhotoFolders.withLock { $0[photos] = nil } }
            let failed = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "3"), ("category", "afval"), ("text", "Tweede")], files: [("photo", "b.png", WebPhotoTests.photo(2))])
            #expect(failed.status == 500)
            let reference = try #require(failed.header("X-Request-Id"))
            #expect(reference.count == 8)
            #expect(failed.text.contains("De melding is niet opgeslagen. Er ging iets mis op de server. Probeer het nog eens; "
                + "lukt het dan weer niet, geef de organisator deze referentie: \(reference)."))
            #expect(Self.leaks(failed.text, fixture).isEmpty, "\(Self.leaks(failed.text, fixture))")
            // The log has the reference, the route and the path of the half-written file.
            let line = try #require(capture.text.split(separator: "\n").first { $0.contains("request=\(reference)") })
            #expect(line.hasPrefix("error ") && line.contains("route=POST /meldingen"))
            #expect(line.contains(photos) && line.contains(".part") && line.contains("There isn’t enough space"), "\(line)")
        }
    }

    @Test func sqliteFailuresShowAReferenceInDutchOrEnglishAndLogSQLitesWords() async throws {
        let capture = LogCapture()
        try await WebFixture.run(log: capture.logger) { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let saved = try await walker.postMultipart("/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Bank kapot")])
            let id = try #require(WebFixture.findingID(saved))
            // From now on every change of a finding fails inside SQLite.
            try await fixture.database.writer.write {
                try $0.execute(sql: "CREATE TRIGGER broken BEFORE UPDATE ON observation BEGIN SELECT RAISE(FAIL, 'disk geheim /var/lib/schouw'); END")
            }
            let organizer = fixture.browser()
            try await organizer.login(fixture.organizerCode)
            try await organizer.get("/meldingen/\(id)")
            var pages: [(String, HTTPResult)] = []
            pages.append(("status", try await organizer.post("/meldingen/\(id)/status", [("status", "gemeld")])))
            pages.append(("remove", try await organizer.post("/meldingen/\(id)/verwijderen", [])))
            try await walker.get("/meldingen/\(id)")
            pages.append(("edit", try await walker.postMultipart("/meldingen/\(id)", [("text", "Bank heel kapot")])))
            pages.append(("english", try await organizer.post("/meldingen/\(id)/status?lang=en", [("status", "gemeld")])))
            for (name, page) in pages {
                #expect(page.status == 500, "\(name): \(page.status)")
                #expect(Self.leaks(page.text, fixture).isEmpty, "\(name): \(Self.leaks(page.text, fixture))")
                let reference = try #require(page.header("X-Request-Id"))
                #expect(page.text.contains(name == "english" ? "give the organizer this reference: \(reference)." : "referentie: \(reference)."), "\(name)")
                let line = try #require(capture.text.split(separator: "\n").first { $0.contains("request=\(reference)") }, "\(name)")
                #expect(line.contains("SQLite") && line.contains("disk geheim /var/lib/schouw"), "\(line)")
            }
            #expect(try fixture.database.details(id: id).observation.status == "open")
        }
    }

    @Test func aFailingDownloadIsA5xxWithAReference() async throws {
        let capture = LogCapture()
        let missing = try TestPaths.temporaryDirectory().appendingPathComponent("buurten-2024.geojson")
        try await WebFixture.run(configure: { $0.areas = missing }, log: capture.logger) { fixture in
            let organizer = fixture.browser()
            try await organizer.login(fixture.organizerCode)
            let summary = try await organizer.get("/download/samenvatting")
            #expect((500...599).contains(summary.status))
            #expect(summary.header("Content-Disposition") == nil, "no file is offered")
            let reference = try #require(summary.header("X-Request-Id"))
            #expect(!summary.text.contains("buurten-2024"))
            let line = try #require(capture.text.split(separator: "\n").first { $0.contains("request=\(reference)") })
            #expect(line.contains("route=GET /download/samenvatting") && line.contains("buurten-2024.geojson: cannot read the file"), "\(line)")
            // The other downloads still work.
            #expect(try await organizer.get("/download/geojson").status == 200)
        }
    }

    /// The original leak: the duplicate check answered Group A with Group B's finding id.
    @Test func theDuplicateWarningNeverNamesAnotherGroupsFinding() async throws {
        try await WebFixture.run { fixture in
            let b = fixture.browser()
            try await b.login(fixture.code("Groep B"))
            try await b.get("/kaart")
            let fields = [("lon", "5.7213803"), ("lat", "52.5194590"), ("category", "afval/volle_prullenbak"), ("text", "Volle afvalbak bij de speeltuin")]
            let savedB = try await b.postMultipart("/meldingen", fields)
            let idB = try #require(WebFixture.findingID(savedB))
            let shortB = try #require(try fixture.database.details(id: idB).observation.shortID)
            let a = fixture.browser()
            try await a.login(fixture.code("Groep A"))
            try await a.get("/kaart")
            let warned = try await a.postMultipart("/meldingen", fields)
            #expect(warned.status == 400)
            #expect(warned.text.contains("Een andere groep heeft op 0 m al een melding met dezelfde categorie en tekst."), "\(warned.text)")
            #expect(!warned.text.contains(idB) && !warned.text.contains(String(idB.prefix(8))))
            #expect(!warned.text.contains(">\(shortB)<") && !warned.text.contains(" \(shortB) "))
            #expect(try fixture.count(ObservationFilter(group: "Groep A")) == 0)
            // Saved anyway it is stored; a duplicate of A's own finding names it, with its link.
            #expect(try await a.postMultipart("/meldingen", fields + [("duplicate_ok", "1")]).status == 303)
            let own = [("lon", "5.7213803"), ("lat", "52.5194590"), ("category", "afval/volle_prullenbak"), ("text", "Volle afvalbak bij het hek")]
            let kept = try await a.postMultipart("/meldingen", own)
            let idA = try #require(WebFixture.findingID(kept))
            let shortA = try #require(try fixture.database.details(id: idA).observation.shortID)
            let again = try await a.postMultipart("/meldingen", own)
            #expect(again.status == 400)
            #expect(again.text.contains("<a href=\"/meldingen/\(idA)\">\(shortA)</a>"), "\(again.text)")
            #expect(!again.text.contains(idB))
        }
    }
}
