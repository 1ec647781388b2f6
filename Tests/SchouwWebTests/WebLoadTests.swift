import Foundation
import SchouwStore
import Testing
@testable import SchouwWeb

@Suite struct WebLoadTests {
    /// 50 walkers (25 per group) each send 20 findings at the same time; every one is stored.
    @Test func fiftyConcurrentClientsLoseNothing() async throws {
        try await HeavyLoad.shared.exclusive { try await fiftyClients() }
    }

    func fiftyClients() async throws {
        try await WebFixture.run { fixture in
            let clients = 50
            let perClient = 20
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for client in 0..<clients {
                    group.addTask {
                        let browser = fixture.browser()
                        try await browser.login(fixture.code(client % 2 == 0 ? "Groep A" : "Groep B"))
                        try await browser.get("/kaart")
                        var statuses: [Int] = []
                        for n in 0..<perClient {
                            let response = try await browser.postMultipart("/meldingen", [
                                ("lon", String(format: "%.7f", 5.7205 + Double(client) * 0.00003)),
                                ("lat", String(format: "%.7f", 52.5188 + Double(n) * 0.00002)),
                                ("category", "afval/zwerfvuil"), ("level", "B"), ("text", "Client \(client) melding \(n)"),
                            ])
                            statuses.append(response.status)
                        }
                        return statuses
                    }
                }
                var all: [Int] = []
                for try await statuses in group { all += statuses }
                return all
            }
            #expect(statuses.count == clients * perClient)
            #expect(statuses.allSatisfy { $0 == 303 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
            let stored = try fixture.database.observations()
            #expect(stored.count == clients * perClient)
            #expect(Set(stored.map(\.text)).count == clients * perClient)
            #expect(try fixture.database.integrityCheck() == "ok")
        }
    }
}
