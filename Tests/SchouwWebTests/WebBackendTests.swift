import Foundation
import SchouwCore
import SchouwStore
import SchouwTestSupport
import Testing
@testable import SchouwWeb

/// The two stores the web app runs on.
enum WebBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql

    /// SQLite always; PostgreSQL when the test script started a server (SCHOUW_TEST_POSTGRES_URL).
    static var available: [WebBackend] { TestPostgres.url == nil ? [.sqlite] : [.sqlite, .postgresql] }

    var testDescription: String { rawValue }
}

/// The demo schouw (plan of two groups, codes) on one backend: a file in a temporary folder, or a
/// uniquely named schouw in the test server's database.
struct BackendSchouw: Sendable {
    let backend: WebBackend
    let store: any ObservationStore
    let codes: [AccessRole: String]
    let folder: URL
    /// The file path or the URL.
    let location: String
    let name: String

    func code(_ group: String) -> String { codes[.group(group)]! }
    var organizerCode: String { codes[.organizer]! }
    /// What the CLI takes to name this schouw.
    var cli: [String] { backend == .postgresql ? [location, "--schouw", name] : [location] }

    static func make(_ backend: WebBackend) async throws -> BackendSchouw {
        switch backend {
        case .sqlite:
            let (folder, database, codes) = try await WebFixture.prepare()
            return BackendSchouw(
                backend: backend, store: database, codes: codes, folder: folder,
                location: folder.appendingPathComponent("demo.schouw").path, name: "Buurtschouw Kruidentuin")
        case .postgresql:
            let url = try #require(TestPostgres.url)
            let name = TestPostgres.uniqueName("Web")
            let area = try AreaReader.area(in: TestPaths.geodata("buurten.geojson"), code: "BU03039901")
            let created = try await Stores.create(url, schouw: SchouwDefinition(name: name, date: "2025-09-20", area: area))
            var store = try #require(created as? PostgresStore)
            // As for the SQLite fixture: a login should not cost a real PBKDF2 in a debug build.
            store.accessCodeIterations = 1_000
            let plan = try await DemoPlan.shared.plan()
            try await store.savePlan(plan.groups, streets: plan.streets)
            var codes: [AccessRole: String] = [:]
            for issued in try await store.issueAccessCodes(reset: false) { codes[issued.role] = issued.code }
            return BackendSchouw(backend: backend, store: store, codes: codes, folder: try TestPaths.temporaryDirectory(), location: url, name: name)
        }
    }

    /// The schouw opened again, as another process (or `schouw serve` after a restart) opens it: a new
    /// SQLite handle on the file, or a new connection pool to the server.
    func reopen() async throws -> any ObservationStore {
        switch backend {
        case .sqlite:
            var database = try SchouwDatabase.open(at: URL(fileURLWithPath: location))
            database.accessCodeIterations = 1_000
            return database
        case .postgresql:
            var store = try #require(try await Stores.open(location, schouw: name) as? PostgresStore)
            store.accessCodeIterations = 1_000
            return store
        }
    }

    func close() async {
        await store.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Runs blocking work (a child process) on a thread of its own, off Swift's cooperative pool.
private func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// The web app on both stores: 50 walkers × 20 findings lose nothing; on PostgreSQL sessions survive a
/// restart and end with new codes, and the photo quota holds across two servers on one schouw.
@Suite(.timeLimit(.minutes(5))) struct WebBackendTests {
    /// A photo of `size` bytes that no other photo of the test has (a PNG header, then `n`).
    static func photo(_ n: Int, size: Int = 3_000) -> [UInt8] {
        var bytes = WebFixture.png
        bytes += [UInt8](repeating: UInt8(n % 251), count: max(0, size - bytes.count - 8))
        bytes += withUnsafeBytes(of: UInt64(n).bigEndian) { Array($0) }
        return bytes
    }

    /// 50 walkers (25 per group) each log in with their group's code and send 20 findings at once, every
    /// fifth with a photo of its own; every one is stored once, with its text, group and photo bytes.
    @Test(arguments: WebBackend.available)
    func fiftyClientsTimesTwentyFindingsLoseNothing(_ backend: WebBackend) async throws {
        try await HeavyLoad.shared.exclusive { try await fiftyClients(backend) }
    }

    func fiftyClients(_ backend: WebBackend) async throws {
        let schouw = try await BackendSchouw.make(backend)
        let clients = 50
        let perClient = 20
        do {
            try await WebFixture.serve(schouw.store) { port in
                let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                    for client in 0..<clients {
                        group.addTask {
                            let browser = Browser(port: port)
                            let login = try await browser.login(schouw.code(client % 2 == 0 ? "Groep A" : "Groep B"))
                            guard login.status == 303 else { return [login.status] }
                            try await browser.get("/kaart")
                            var statuses: [Int] = []
                            for n in 0..<perClient {
                                let files = n % 5 == 0 ? [("photo", "foto.png", Self.photo(client * perClient + n))] : []
                                let response = try await browser.postMultipart("/meldingen", [
                                    ("lon", String(format: "%.7f", 5.7205 + Double(client) * 0.00003)),
                                    ("lat", String(format: "%.7f", 52.5188 + Double(n) * 0.00002)),
                                    ("category", "afval/zwerfvuil"), ("level", "B"), ("text", "Client \(client) melding \(n)"),
                                ], files: files)
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
            }
            // Read back through a store opened afresh (what another process sees after the commits).
            let reader = try await schouw.reopen()
            let stored = try await reader.observations(ObservationFilter())
            #expect(stored.count == clients * perClient)
            let shortIDs = stored.compactMap(\.shortID)
            #expect(shortIDs.count == stored.count && Set(shortIDs).count == shortIDs.count, "every finding has its own short id")
            let byText = Dictionary(grouping: stored, by: \.text)
            let photoNames = try await reader.photoNames()
            var photosChecked = 0
            for client in 0..<clients {
                let group = client % 2 == 0 ? "Groep A" : "Groep B"
                for n in 0..<perClient {
                    let text = "Client \(client) melding \(n)"
                    let matches = byText[text] ?? []
                    #expect(matches.count == 1, "\(text): \(matches.count) stored")
                    guard let finding = matches.first else { continue }
                    #expect(finding.groupName == group)
                    #expect(finding.shortID?.hasPrefix(group == "Groep A" ? "A-" : "B-") == true, "\(finding.shortID ?? "-")")
                    let names = photoNames[finding.id] ?? []
                    if n % 5 == 0 {
                        #expect(names.count == 1, "\(text) has its photo")
                        if let name = names.first {
                            let data = try await reader.photoData(named: name)
                            #expect(data == Data(Self.photo(client * perClient + n)), "\(text): the photo's bytes are the ones sent")
                            photosChecked += 1
                        }
                    } else {
                        #expect(names.isEmpty, "\(text) was sent without a photo")
                    }
                }
            }
            #expect(photosChecked == clients * perClient / 5)
            await reader.close()
        } catch {
            await schouw.close()
            throw error
        }
        await schouw.close()
    }

    /// PostgreSQL: a walker logged in before a restart (a new app with a new connection pool) is still
    /// logged in with the same cookie and can post; `schouw codes --reset` then ends the session.
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func aSessionSurvivesARestartAndEndsWithNewCodes() async throws {
        let schouw = try await BackendSchouw.make(.postgresql)
        let cookies = Holder<[String: String]>()
        do {
            try await WebFixture.serve(schouw.store) { port in
                let walker = Browser(port: port)
                let login = try await walker.login(schouw.code("Groep A"))
                #expect(login.status == 303)
                #expect(try await walker.get("/kaart").status == 200)
                await cookies.set(await walker.cookies)
            }
            #expect(try await schouw.store.webSessionCount() == 1)
            let reopened = try await schouw.reopen()
            let saved = try #require(await cookies.value)
            let session = try #require(saved["schouw_session"])
            try await WebFixture.serve(reopened) { port in
                let map = try await HTTPClient.send(port: port, method: "GET", path: "/kaart", headers: [("Cookie", "schouw_session=\(session)")])
                #expect(map.status == 200, "still logged in after the restart: \(map.status) \(map.header("Location") ?? "")")
                #expect(map.text.contains("Groep A"))
                let walker = Browser(port: port)
                await walker.adopt(saved)
                try await walker.get("/kaart")
                let posted = try await walker.postMultipart("/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Na de herstart")])
                #expect(posted.status == 303, "\(posted.status) \(posted.text.prefix(300))")

                // New codes from the command line, as the organizer would make them.
                let arguments = ["codes"] + schouw.cli + ["--reset"]
                let reset = try await offPool { try BuiltProducts.run("schouw", arguments) }
                #expect(reset.status == 0, "\(reset.stderr)")
                let after = try await HTTPClient.send(port: port, method: "GET", path: "/kaart", headers: [("Cookie", "schouw_session=\(session)")])
                #expect(after.status == 303 && after.header("Location") == "/", "the session ended with the old codes: \(after.status)")
                #expect(try await reopened.webSessionCount() == 0)
                // The old code no longer lets anyone in, although this app remembered it as right.
                #expect(try await Browser(port: port).login(schouw.code("Groep A")).status == 401)
            }
            #expect(try await reopened.observations(ObservationFilter()).map(\.text) == ["Na de herstart"])
            await reopened.close()
        } catch {
            await schouw.close()
            throw error
        }
        await schouw.close()
    }

    /// PostgreSQL: two servers (two apps, each with its own connection pool) on one schouw, a quota of 2
    /// photos and one stored: of eight walkers sending a photo at once, four to each server, exactly one is
    /// let in and the group has 2 photos.
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func thePhotoQuotaHoldsWithTwoServersRacing() async throws {
        let schouw = try await BackendSchouw.make(.postgresql)
        let other = try await schouw.reopen()
        let quota: @Sendable (inout WebConfiguration) -> Void = { $0.photoQuotaCount = 2 }
        do {
            try await WebFixture.serve(schouw.store, configure: quota) { first in
                try await WebFixture.serve(other, configure: quota) { second in
                    let walker = Browser(port: first)
                    try await walker.login(schouw.code("Groep B"))
                    try await walker.get("/kaart")
                    let one = try await walker.postMultipart(
                        "/meldingen", [("checkpoint", "1"), ("category", "afval"), ("text", "De eerste")], files: [("photo", "a.png", Self.photo(1))])
                    #expect(one.status == 303)
                    // Every walker logged in and on the form before they send at once.
                    var walkers: [Browser] = []
                    for i in 0..<8 {
                        let browser = Browser(port: i % 2 == 0 ? first : second)
                        #expect(try await browser.login(schouw.code("Groep B")).status == 303)
                        try await browser.get("/kaart")
                        walkers.append(browser)
                    }
                    let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                        for (i, browser) in walkers.enumerated() {
                            group.addTask {
                                try await browser.postMultipart(
                                    "/meldingen", [("checkpoint", "1"), ("category", "groen"), ("text", "Racer \(i)")],
                                    files: [("photo", "r.png", Self.photo(100 + i))]
                                ).status
                            }
                        }
                        var all: [Int] = []
                        for try await status in group { all.append(status) }
                        return all
                    }
                    #expect(statuses.filter { $0 == 303 }.count == 1, "\(statuses.sorted())")
                    #expect(statuses.filter { $0 == 413 }.count == 7, "\(statuses.sorted())")
                }
            }
            let names = try await other.photoNames()
            #expect(names.values.reduce(0) { $0 + $1.count } == 2)
            #expect(try await other.observations(ObservationFilter(group: "Groep B")).count == 2)
            await other.close()
        } catch {
            await other.close()
            await schouw.close()
            throw error
        }
        await schouw.close()
    }
}
