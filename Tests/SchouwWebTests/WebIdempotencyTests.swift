import Foundation
import SchouwStore
import Testing
@testable import SchouwWeb

/// A finding sent again with its key (the outbox after the network came back, or a retry after a lost
/// answer) is stored once.
@Suite struct WebIdempotencyTests {
    static let fields: [(String, String)] = [
        ("lon", "5.7213803"), ("lat", "52.5194590"), ("category", "afval"), ("level", "C"), ("text", "Zwerfvuil bij het hek"),
    ]

    @Test func theSameKeySentTwiceStoresOneFinding() async throws {
        try await WebFixture.run { fixture in
            let browser = fixture.browser()
            _ = try await browser.get("/")
            _ = try await browser.login(fixture.code("Groep A"))
            let form = try await browser.get("/kaart")
            // The form carries a fresh key of its own
            let key = try #require(form.text.firstMatch(of: /name="key" value="([0-9a-f-]{36})"/)).1
            #expect(UUID(uuidString: String(key)) != nil)

            let first = try await browser.postMultipart("/meldingen", Self.fields + [("key", String(key))], files: [("photo", "a.png", WebFixture.png)])
            let again = try await browser.postMultipart("/meldingen", Self.fields + [("key", String(key)), ("duplicate_ok", "1")], files: [("photo", "a.png", WebFixture.png)])
            #expect(first.status == 303 && again.status == 303)
            #expect(WebFixture.findingID(first) == String(key))
            #expect(WebFixture.findingID(again) == String(key))
            #expect(try fixture.count() == 1)
            // The repeat wrote no second photo
            let photos = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.appendingPathComponent("photos").path)
            #expect(photos.filter { !$0.hasPrefix(".") }.count == 1)

            // Eight sends of one new key at the same moment: one finding
            let racing = UUID().uuidString.lowercased()
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await browser.postMultipart("/meldingen", Self.fields + [("key", racing), ("duplicate_ok", "1")]).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0 == 303 }, "\(answers)")
            #expect(try fixture.count() == 2)
            #expect(try fixture.database.details(id: racing).observation.groupName == "Groep A")
        }
    }

    @Test func anotherGroupsKeyIsRefusedWithoutNamingIt() async throws {
        try await WebFixture.run { fixture in
            let a = fixture.browser()
            _ = try await a.get("/")
            _ = try await a.login(fixture.code("Groep A"))
            _ = try await a.get("/kaart")
            let key = UUID().uuidString.lowercased()
            #expect(try await a.postMultipart("/meldingen", Self.fields + [("key", key)]).status == 303)

            let b = fixture.browser()
            _ = try await b.get("/")
            _ = try await b.login(fixture.code("Groep B"))
            _ = try await b.get("/kaart")
            let forged = try await b.postMultipart("/meldingen", Self.fields + [("key", key), ("text", "Van groep B")])
            #expect(forged.status == 409)
            #expect(!forged.text.contains(key) && !forged.text.contains("Zwerfvuil"))
            #expect(forged.header("Location") == nil)
            #expect(try fixture.count() == 1)
            #expect(try fixture.database.details(id: key).observation.text == "Zwerfvuil bij het hek")

            // A key that is not a UUID is ignored: the finding gets an id of its own
            let odd = try await b.postMultipart("/meldingen", Self.fields + [("key", "../../etc"), ("text", "Groep B, eigen melding"), ("duplicate_ok", "1")])
            #expect(odd.status == 303)
            #expect(try fixture.count(ObservationFilter(group: "Groep B")) == 1)
        }
    }

    @Test func theEntryPageCarriesTheOutboxAndMayConnectToItself() async throws {
        try await WebFixture.run { fixture in
            let browser = fixture.browser()
            _ = try await browser.get("/")
            _ = try await browser.login(fixture.code("Groep A"))
            let form = try await browser.get("/kaart")
            #expect(form.text.contains("id=\"outbox\"") && form.text.contains("data-group=\"Groep A\""))
            #expect(form.text.contains("indexedDB.open('schouw-outbox'"))
            // fetch() to the server itself is allowed by the page's policy, nothing else is
            let policy = try #require(form.header("Content-Security-Policy"))
            #expect(policy.contains("connect-src 'self'") && policy.contains("default-src 'none'"))
        }
    }
}
