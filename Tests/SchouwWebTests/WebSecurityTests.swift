import Foundation
import SchouwStore
import Testing
@testable import SchouwWeb

/// Each security rule of the web app, tried over HTTP.
@Suite struct WebSecurityTests {
    @Test func wrongCodeIsRefusedAndRepeatedWrongCodesAreSlowedDown() async throws {
        try await WebFixture.run(configure: { $0.freeLoginFailures = 3; $0.lockoutSeconds = 60 }) { fixture in
            let browser = fixture.browser()
            for attempt in 1...3 {
                let wrong = try await browser.login("ABCDE-FGHJK")
                #expect(wrong.status == 401, "attempt \(attempt)")
                #expect(wrong.text.contains("kennen we niet"))
                #expect(try await browser.get("/kaart").status == 303, "no way in after a wrong code")
            }
            // Now even the right code has to wait.
            let locked = try await browser.login(fixture.code("Groep A"))
            #expect(locked.status == 429)
            #expect(locked.text.contains("Wacht"))
            #expect(try await browser.get("/kaart").status == 303)
        }
    }

    @Test func codesAreStoredOnlyAsSaltedHashes() async throws {
        try await WebFixture.run { fixture in
            let folder = fixture.folder
            let file = try Data(contentsOf: folder.appendingPathComponent("demo.schouw"))
                + ((try? Data(contentsOf: folder.appendingPathComponent("demo.schouw-wal"))) ?? Data())
            for code in fixture.codes.values {
                let bare = Data(code.replacingOccurrences(of: "-", with: "").utf8)
                #expect(file.range(of: bare) == nil && file.range(of: Data(code.utf8)) == nil)
            }
            #expect(try fixture.database.role(forAccessCode: fixture.code("Groep B")) == .group("Groep B"))
        }
    }

    @Test func postsWithoutTheFormTokenAreRefused() async throws {
        try await WebFixture.run { fixture in
            let stranger = fixture.browser()
            try await stranger.get("/")
            let loginWithoutToken = try await stranger.post("/inloggen", [("code", fixture.code("Groep A"))], csrf: false)
            #expect(loginWithoutToken.status == 403)

            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let fields = [("checkpoint", "2"), ("category", "afval"), ("text", "Zonder token")]
            #expect(try await walker.postMultipart("/meldingen", fields, csrf: false).status == 403)
            #expect(try await walker.postMultipart("/meldingen", fields + [("csrf", String(repeating: "0", count: 64))], csrf: false).status == 403)
            #expect(try fixture.count() == 0)
            // Another visitor's token does not count either.
            let other = fixture.browser()
            try await other.login(fixture.code("Groep A"))
            try await other.get("/kaart")
            let foreignToken = try #require(await other.csrf)
            #expect(try await walker.postMultipart("/meldingen", fields + [("csrf", foreignToken)], csrf: false).status == 403)
            #expect(try fixture.count() == 0)
        }
    }

    @Test func oversizedAndFakeUploadsAreRefused() async throws {
        try await WebFixture.run(configure: { $0.maxBodyBytes = 200_000; $0.maxPhotoBytes = 50_000 }) { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let fields = [("checkpoint", "2"), ("category", "afval"), ("text", "Met foto")]
            let tooLargeBody = try await walker.postMultipart("/meldingen", fields, files: [("photo", "a.jpg", [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 7, count: 400_000))])
            #expect(tooLargeBody.status == 413)
            let tooLargePhoto = try await walker.postMultipart("/meldingen", fields, files: [("photo", "a.jpg", [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 7, count: 80_000))])
            #expect(tooLargePhoto.status == 413)
            let notAPhoto = try await walker.postMultipart("/meldingen", fields, files: [("photo", "foto.jpg", Array("#!/bin/sh\necho hallo\n".utf8))])
            #expect(notAPhoto.status == 415)
            let longText = try await walker.postMultipart("/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", String(repeating: "x", count: 2001))])
            #expect(longText.status == 413)
            let longField = try await walker.postMultipart("/meldingen", fields + [("walker", String(repeating: "y", count: 201))])
            #expect(longField.status == 413)
            #expect(try fixture.count() == 0)
            let photos = fixture.folder.appendingPathComponent("photos")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: photos.path)) ?? []).isEmpty)
        }
    }

    @Test func walkersNeverSeeOrChangeAnotherGroupsFindings() async throws {
        try await WebFixture.run { fixture in
            let a = fixture.browser()
            try await a.login(fixture.code("Groep A"))
            try await a.get("/kaart")
            let b = fixture.browser()
            try await b.login(fixture.code("Groep B"))
            try await b.get("/kaart")

            // A forged group field is ignored: the finding belongs to the session's group.
            let forged = try await a.postMultipart("/meldingen", [("group", "Groep B"), ("groep", "Groep B"), ("category", "afval"), ("text", "Van A"), ("street", "Rozemarijnstraat")])
            let forgedID = try #require(WebFixture.findingID(forged))
            #expect(try fixture.database.details(id: forgedID).observation.groupName == "Groep A")

            let fromB = try await b.postMultipart("/meldingen", [("checkpoint", "1"), ("category", "groen"), ("text", "Van B, geheim voor A")])
            let idB = try #require(WebFixture.findingID(fromB))
            #expect(try await a.get("/meldingen/\(idB)").status == 404)
            #expect(try await a.get("/meldingen/\(idB)/foto/1").status == 404)
            #expect(!(try await a.get("/meldingen").text.contains("geheim voor A")))
            try await a.get("/kaart")
            #expect(try await a.postMultipart("/meldingen/\(idB)", [("text", "Overschreven door A")]).status == 404)
            #expect(try await a.post("/meldingen/\(idB)/verwijderen", []).status == 404)
            #expect(try await a.post("/meldingen/\(idB)/status", [("status", "afgehandeld")]).status == 403)
            let untouched = try fixture.database.details(id: idB).observation
            #expect(untouched.text == "Van B, geheim voor A" && untouched.deletedAt == nil && untouched.status == "open")
            // A short prefix of the id does not find it either.
            #expect(try await a.get("/meldingen/\(idB.prefix(8))").status == 404)
            // Organizer pages and downloads are not for walkers.
            #expect(try await a.get("/beheer").status == 403)
            #expect(try await a.get("/download/csv").status == 403)
        }
    }

    @Test(arguments: [
        "/photos/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/meldingen/..%2f..%2fetc%2fpasswd",
        "/meldingen/%2e%2e/foto/1", "/download/..%2f..%2f..%2fetc%2fpasswd", "/../../../../etc/passwd",
        "/photos/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/kaart/../../etc/passwd", "/demo.schouw", "/photos/",
    ])
    func pathTraversalReachesNoFile(path: String) async throws {
        try await WebFixture.run { fixture in
            let organizer = fixture.browser()
            try await organizer.login(fixture.organizerCode)
            let response = try await organizer.get(path)
            #expect([400, 404].contains(response.status), "\(path) gave \(response.status)")
            #expect(!response.text.contains("root:"))
            #expect(!response.text.contains("SQLite format"))
        }
    }
}
