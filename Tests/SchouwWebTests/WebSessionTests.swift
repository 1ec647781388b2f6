import Foundation
import SchouwStore
import Testing
@testable import SchouwWeb

/// Sessions live in the database: a restart keeps walkers logged in, and visitors who did not log in
/// create nothing that could push a walker out.
@Suite struct WebSessionTests {
    @Test func aRestartKeepsALoggedInWalkerLoggedIn() async throws {
        let (folder, database, codes) = try await WebFixture.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        // First server: the walker logs in and saves a finding.
        let cookies = Holder<[String: String]>()
        try await WebFixture.serve(database) { port in
            let walker = Browser(port: port)
            let login = try await walker.login(codes[.group("Groep A")]!)
            #expect(login.status == 303)
            let map = try await walker.get("/kaart")
            #expect(map.status == 200)
            await cookies.set(await walker.cookies)
        }
        // Second server, a new app over the database file opened again (as `schouw serve` after a restart).
        let reopened = try SchouwDatabase.open(at: folder.appendingPathComponent("demo.schouw"))
        try await WebFixture.serve(reopened) { port in
            let saved = try #require(await cookies.value)
            let session = try #require(saved["schouw_session"])
            let map = try await HTTPClient.send(port: port, method: "GET", path: "/kaart", headers: [("Cookie", "schouw_session=\(session)")])
            #expect(map.status == 200, "the walker is still logged in: \(map.status) \(map.header("Location") ?? "")")
            #expect(map.text.contains("Groep A"))
            // And can still post: the form token survived too.
            let walker = Browser(port: port)
            await walker.adopt(saved)
            try await walker.get("/kaart")
            let posted = try await walker.postMultipart("/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Na de herstart")])
            #expect(posted.status == 303, "\(posted.status) \(posted.text.prefix(300))")
        }
        #expect(try reopened.observations().map(\.text) == ["Na de herstart"])
    }

    /// The original problem: every cookieless `GET /` made a session, and at 5,000 the oldest (a walker) was dropped.
    @Test func sixThousandCookielessVisitsCreateNoSessionAndLogNobodyOut() async throws {
        try await WebFixture.run { fixture in
            let walker = fixture.browser()
            #expect(try await walker.login(fixture.code("Groep B")).status == 303)
            #expect(try fixture.database.webSessionCount() == 1)
            let visits = 6_000
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var statuses: [Int] = []
                        for _ in stride(from: worker, to: visits, by: 8) {
                            statuses.append(try await HTTPClient.send(port: fixture.port, method: "GET", path: "/").status)
                        }
                        return statuses
                    }
                }
                var all: [Int] = []
                for try await part in group { all += part }
                return all
            }
            #expect(statuses.count == visits && statuses.allSatisfy { $0 == 200 })
            #expect(try fixture.database.webSessionCount() == 1)
            let map = try await walker.get("/kaart")
            #expect(map.status == 200)
            #expect(map.text.contains("Groep B"))
        }
    }

    @Test func loggingOutEndsTheSessionInTheDatabase() async throws {
        try await WebFixture.run { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            let session = try #require(await walker.cookies["schouw_session"])
            try await walker.get("/kaart")
            #expect(try await walker.post("/uitloggen", []).status == 303)
            #expect(try fixture.database.webSessionCount() == 0)
            // The old cookie, replayed, opens nothing.
            let replay = try await HTTPClient.send(port: fixture.port, method: "GET", path: "/kaart", headers: [("Cookie", "schouw_session=\(session)")])
            #expect(replay.status == 303 && replay.header("Location") == "/")
        }
    }
}

/// A value handed from one server's run to the next.
actor Holder<Value: Sendable> {
    private(set) var value: Value?
    func set(_ value: Value) { self.value = value }
}
