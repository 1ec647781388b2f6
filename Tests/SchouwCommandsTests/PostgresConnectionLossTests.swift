import Foundation
import PostgresNIO
import SchouwCore
@testable import SchouwStore
import SchouwTestSupport
import Testing

/// A PostgreSQL connection lost in the middle of an import: the server rolls the transaction back, and the
/// store runs it again on a new connection (before the commit), or first looks whether the commit happened
/// (during the commit). Either way the import is stored exactly once, and the user is told.
///
/// The connection is ended from outside, as a restarted server or a dropped network would: the test finds the
/// `schouw` process's backend by its `application_name` (`schouw PID`) and ends it with
/// `pg_terminate_backend`, while the process holds at a known point (the store's test hooks).
@Suite(.serialized, .timeLimit(.minutes(3))) struct PostgresConnectionLossTests {
    /// Runs `schouw observe import` with `hook` set, ends its connection when it says it holds, and returns
    /// its output; the process is killed (and the test fails) if it has not ended 90 s later, so a hanging
    /// client cannot hang the run.
    private func importLosingTheConnection(
        _ schouw: TestSchouw, file: URL, hook: String, message: String
    ) async throws -> (ProcessOutput, terminated: Int) {
        let url = try #require(TestPostgres.url)
        let arguments = ["observe", "import"] + schouw.cli + [file.path]
        let child = SharedChild(try BuiltProducts.start("schouw", arguments, environment: [hook: "4"]))
        let reached = await Self.offPool { child.value.waitForStandardError(containing: message, limitSeconds: 120) }
        #expect(reached, "the import did not reach the hook: \(child.value.standardErrorSoFar)")
        // End the child's connection(s) from another connection.
        let server = try await PostgresServer.connect(try PostgresURL(url))
        let name = "schouw \(child.value.processIdentifier)"
        let terminated = try await server.reading { connection in
            try await connection.query(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(name)) t",
                logger: PostgresServer.logger
            ).collect(Int.self).first ?? 0
        }
        await server.close()
        let ended = await Self.offPool { () -> Bool in
            let deadline = Date().addingTimeInterval(90)
            while child.value.process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            return !child.value.process.isRunning
        }
        if !ended {
            child.value.send(SIGKILL)
            Issue.record("the import hung after its connection was lost: \(child.value.standardErrorSoFar)")
        }
        return (try child.value.wait(), terminated)
    }

    /// The child process, handed to the waiting thread (only one thread uses it at a time).
    private final class SharedChild: @unchecked Sendable {
        let value: ChildProcess
        init(_ value: ChildProcess) { self.value = value }
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in Thread.detachNewThread { continuation.resume(returning: body()) } }
    }

    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func connectionLostBeforeTheCommitIsRetriedAndStoresOnce() async throws {
        let schouw = try await TestSchouw.make(.postgresql)
        defer { schouw.remove() }
        let csv = schouw.folder.appendingPathComponent("import.csv")
        try BenchData.csv(rows: 2_000).write(to: csv)
        let (result, terminated) = try await importLosingTheConnection(
            schouw, file: csv, hook: TestHooks.holdBeforeWriteVariable, message: TestHooks.holdingBeforeWriteMessage)
        #expect(terminated >= 1, "no connection of the child was found to end")
        #expect(result.status == 0, "\(result.stderr)")
        // The user is told that the connection was lost and that it was tried again.
        #expect(result.stderr.contains("verbinding met") && result.stderr.contains("opnieuw geprobeerd (1 van 3)"), "\(result.stderr)")
        // Stored once: 2,000 rows, not 4,000 and not none, each short id once.
        let stored = try await schouw.with { try await $0.observations(ObservationFilter(includeRemoved: true)) }
        #expect(stored.count == 2_000)
        #expect(Set(stored.compactMap(\.shortID)).count == 2_000)
    }

    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func connectionLostWithEveryRowWrittenIsRetriedAndStoresOnce() async throws {
        let schouw = try await TestSchouw.make(.postgresql)
        defer { schouw.remove() }
        // Rows that bring their own ids (an export imported again): the retry must not trip over them.
        var csv = "id,category,level,text,lon,lat\n"
        for i in 0..<500 {
            csv += "\(UUID().uuidString.lowercased()),zwerfvuil,B,Bevinding \(i),\(5.7220 + Double(i) * 0.0001),52.5185\n"
        }
        let file = try schouw.file("met-ids.csv", csv)
        let (result, terminated) = try await importLosingTheConnection(
            schouw, file: file, hook: TestHooks.holdBeforeCommitVariable, message: TestHooks.holdingMessage)
        #expect(terminated >= 1, "no connection of the child was found to end")
        #expect(result.status == 0, "\(result.stderr)")
        // Every row was written, but the connection was gone before COMMIT was sent: rolled back, run again.
        #expect(result.stderr.contains("opnieuw geprobeerd (1 van 3)"), "\(result.stderr)")
        let stored = try await schouw.with { try await $0.observations(ObservationFilter(includeRemoved: true)) }
        #expect(stored.count == 500)
        #expect(Set(stored.map(\.id)).count == 500)
    }

    /// The server committed, but its answer was lost (the store's test hook drops it): the import looks for
    /// the ids it gave its new findings, finds them, and reports them stored, once.
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func commitWhoseAnswerWasLostIsFoundByItsIds() async throws {
        let schouw = try await TestSchouw.make(.postgresql)
        defer { schouw.remove() }
        let csv = schouw.folder.appendingPathComponent("import.csv")
        try BenchData.csv(rows: 1_000).write(to: csv)
        let result = try await BuiltProducts.runOffPool(
            "schouw", ["observe", "import"] + schouw.cli + [csv.path], environment: [TestHooks.loseCommitReplyVariable: "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("tijdens het vastleggen; nagekeken wat is opgeslagen"), "\(result.stderr)")
        #expect(result.stdout.contains("1000 waarneming(en) geïmporteerd"), "\(result.stdout)")
        let stored = try await schouw.with { try await $0.observations(ObservationFilter(includeRemoved: true)) }
        #expect(stored.count == 1_000)
    }

    /// The same with every row bringing its own id: the store cannot tell its commit from an earlier import
    /// of those rows, so it says it does not know (exit 3) rather than guess, and stores nothing twice.
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func lostCommitAnswerWithGivenIdsIsToldNotGuessed() async throws {
        let schouw = try await TestSchouw.make(.postgresql)
        defer { schouw.remove() }
        var csv = "id,category,level,text,lon,lat\n"
        for i in 0..<50 {
            csv += "\(UUID().uuidString.lowercased()),zwerfvuil,B,Bevinding \(i),\(5.7220 + Double(i) * 0.001),52.5185\n"
        }
        let file = try schouw.file("met-ids.csv", csv)
        let result = try await BuiltProducts.runOffPool(
            "schouw", ["observe", "import"] + schouw.cli + [file.path], environment: [TestHooks.loseCommitReplyVariable: "1"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("of ze is opgeslagen is onbekend") && result.stderr.contains("postgresql://"), "\(result.stderr)")
        let stored = try await schouw.with { try await $0.observations(ObservationFilter(includeRemoved: true)) }
        #expect(stored.count == 50)
    }
}

/// A copy that fails halfway leaves nothing behind in the destination, so it can simply be run again.
@Suite(.timeLimit(.minutes(3))) struct FailedCopyTests {
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func aFailedCopyLeavesNoSchouwBehind() async throws {
        let url = try #require(TestPostgres.url)
        let source = try await TestSchouw.make(.sqlite)
        defer { source.remove() }
        let ids = try await source.with { store in
            var result: [String] = []
            for i in 0..<3 {
                var d = ObservationDraft()
                (d.category, d.level, d.text) = ("zwerfvuil", "B", "Bevinding \(i)")
                (d.lon, d.lat) = ("\(5.7220 + Double(i) * 0.001)", "52.5185")
                result.append(try await store.addObservation(d).id)
            }
            return result
        }
        let first = try await BuiltProducts.runOffPool("schouw", ["copy", source.location, url])
        #expect(first.status == 0, "\(first.stderr)")
        // Another schouw (another name) whose findings carry the same ids: its copy creates the schouw, then
        // the findings are refused (the ids are taken) and the new schouw must go again.
        let otherName = TestPostgres.uniqueName("Kopie")
        let other = source.folder.appendingPathComponent("ander.schouw")
        let database = try SchouwDatabase.create(at: other, schouw: SchouwDefinition(name: otherName, date: "2025-09-20"))
        var drafts: [ObservationDraft] = []
        for (i, id) in ids.enumerated() {
            var d = ObservationDraft()
            (d.id, d.category, d.level, d.text) = (id, "grofvuil", "C", "Andere \(i)")
            (d.lon, d.lat) = ("\(5.7320 + Double(i) * 0.001)", "52.5185")
            drafts.append(d)
        }
        _ = try database.ingest(drafts)
        let failed = try await BuiltProducts.runOffPool("schouw", ["copy", other.path, url])
        #expect(failed.status == 1, "\(failed.stderr)")
        let names = try await Stores.list(url).map(\.name)
        #expect(!names.contains(otherName), "the half-made copy stayed: \(names)")
        #expect(names.contains(try await source.with { try await $0.schouw().name }))
    }
}
