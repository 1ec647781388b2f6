import Foundation
import SchouwJobs
import Logging
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore
import SchouwTestSupport
@testable import SchouwWeb
import SchouwCore
import SchouwFormats
import Synchronization

/// The demo schouw (Kruidentuin-Noord, two groups) planned once per test run.
actor DemoPlan {
    static let shared = DemoPlan()
    private var cached: (groups: [PlanGroup], streets: [PlanStreet])?

    func plan() throws -> (groups: [PlanGroup], streets: [PlanStreet]) {
        if let cached { return cached }
        var options = PlanOptions()
        options.groups = .count(2)
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PlanJob.run(
            PlanRequest(
                streets: TestPaths.geodata("streets.osm"), area: TestPaths.geodata("buurten.geojson"),
                areaCode: "BU03039901", start: "Tijmlaan", options: options),
            outputFolder: folder)
        let value = (result.outputs.planGroups(), result.outputs.planStreets())
        cached = value
        return value
    }
}

/// A fresh schouw database file with the demo plan and codes, and a server on a free loopback port.
struct WebFixture: Sendable {
    let folder: URL
    let database: SchouwDatabase
    let codes: [AccessRole: String]
    let port: Int

    var organizerCode: String { codes[.organizer]! }
    func code(_ group: String) -> String { codes[.group(group)]! }
    func browser() -> Browser { Browser(port: port) }
    /// A visitor behind a proxy: every request carries these headers (as the proxy would add them).
    func browser(headers: [(String, String)]) -> Browser { Browser(port: port, headers: headers) }

    func count(_ filter: ObservationFilter = ObservationFilter()) throws -> Int { try database.observations(filter).count }

    /// Runs `body` against a live server; the server stops when it returns.
    static func run(
        configure: (inout WebConfiguration) -> Void = { _ in }, log: Logger? = nil, _ body: @Sendable (WebFixture) async throws -> Void
    ) async throws {
        let (folder, database, codes) = try await prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await serve(database, configure: configure, log: log) { port in
            try await body(WebFixture(folder: folder, database: database, codes: codes, port: port))
        }
    }

    /// A fresh schouw database file in a new temporary folder (the caller removes it), with the demo plan and codes.
    static func prepare() async throws -> (folder: URL, database: SchouwDatabase, codes: [AccessRole: String]) {
        let folder = try TestPaths.temporaryDirectory()
        let area = try AreaReader.area(in: TestPaths.geodata("buurten.geojson"), code: "BU03039901")
        var database = try SchouwDatabase.create(
            at: folder.appendingPathComponent("demo.schouw"),
            schouw: SchouwDefinition(name: "Buurtschouw Kruidentuin", date: "2025-09-20", area: area))
        let plan = try await DemoPlan.shared.plan()
        try database.savePlan(plan.groups, streets: plan.streets)
        // The store's own tests check the real 600,000 iterations; here a login should not cost 0.5 s (debug build).
        database.accessCodeIterations = 1_000
        var codes: [AccessRole: String] = [:]
        for issued in try database.issueAccessCodes() { codes[issued.role] = issued.code }
        return (folder, database, codes)
    }

    /// Runs a server over `store` on a free loopback port while `body` runs; it stops when `body` returns.
    static func serve(
        _ store: any ObservationStore, configure: (inout WebConfiguration) -> Void = { _ in }, log: Logger? = nil,
        _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        var configuration = WebConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let app = try await SchouwWebApp(store: store, configuration: configuration, log: log ?? LogCapture.silent)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var quiet = Logger(label: "schouw.test")
                quiet.logLevel = .critical
                try await app.application(logger: quiet, onServerRunning: { channel in
                    continuation.yield(channel.localAddress?.port ?? 0)
                    continuation.finish()
                }).runService()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw HTTPClient.Failure.connect(0) }
            do {
                try await body(port)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// A 1×1 PNG.
    static let png: [UInt8] = {
        let base64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
        return Array(Data(base64Encoded: base64) ?? Data())
    }()

    /// The id in a `Location: /meldingen/<id>?opgeslagen=1` header.
    static func findingID(_ response: HTTPResult) -> String? {
        guard let location = response.header("Location"), let match = location.firstMatch(of: /^\/meldingen\/([0-9a-f-]{36})/) else { return nil }
        return String(match.1)
    }
}

/// The server log of a test's server, kept in memory so the test can read what was logged.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger whose lines are dropped (the tests' default: failures provoked on purpose stay quiet).
    static let silent: Logger = {
        var logger = Logger(label: "schouw.test.silent") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        return logger
    }()

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    var logger: Logger {
        var logger = Logger(label: "schouw.serve") { _ in Handler(capture: self) }
        logger.logLevel = .info
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            capture.append("\(level) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) \(message)")
        }
    }
}
