import Foundation
import Testing
@testable import SchouwStore
import SchouwTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `schouw`.
private func schouw(_ arguments: [String]) throws -> ProcessOutput {
    try BuiltProducts.run("schouw", arguments)
}

@Suite(.serialized)
struct ProcessTests {
    @Test func commandLineSessionWithExitCodes() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("k.schouw").path
        #expect(try schouw(["init", db, "--name", "Buurtschouw Kruizemunt", "--date", "2017-07-10"]).status == 0)
        // A typo: exit 1, Dutch message with the suggestion, nothing stored
        let typo = try schouw(["observe", "add", db, "--category", "zwerfvul", "--at", "5.7220,52.5185"])
        #expect(typo.status == 1 && typo.stderr.contains("bedoelde u 'zwerfvuil'?"))
        let english = try schouw(["observe", "add", db, "--category", "zwerfvul", "--at", "5.7220,52.5185", "--lang", "en"])
        #expect(english.stderr.contains("did you mean 'zwerfvuil'?"))
        // Usage error: exit 64 (EX_USAGE, the project's convention)
        #expect(try schouw(["observe", "add", db, "--category", "afval", "--at", "5.72,52.51", "--rd", "1,2"]).status == 64)
        // A good one, then a status change and an export
        let added = try schouw(["observe", "add", db, "--category", "Litter", "--level", "C", "--text", "Blikjes", "--at", "5,7220;52,5185"])
        #expect(added.status == 0)
        // Without a group its short id is X-1; the UUID follows in brackets
        #expect(added.stdout.hasPrefix("Waarneming opgeslagen: X-1 ("), "\(added.stdout)")
        let id = try #require(added.stdout.split(separator: " ").last?.trimmingCharacters(in: CharacterSet(charactersIn: "()\n")))
        #expect(try schouw(["observe", "status", db, String(id.prefix(8)), "gemeld", "--owner", "gemeente"]).status == 0)
        let shown = try schouw(["observe", "show", db, "x-1"])
        #expect(shown.stdout.contains("id: \(id)\n"))
        #expect(shown.stdout.contains("status: ") && shown.stdout.contains("open → gemeld"))
        let out = dir.appendingPathComponent("o.gpkg").path
        #expect(try schouw(["export", db, "--format", "gpkg", "--out", out]).status == 0)
        // Not a database: exit 1
        #expect(try schouw(["observe", "list", dir.appendingPathComponent("nee.schouw").path]).status == 1)
    }

    @Test func eightProcessesAddingAtOnceLoseNothing() throws {
        // Given a database
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.schouw")
        #expect(try schouw(["init", url.path, "--name", "Druk", "--date", "2017-07-10"]).status == 0)
        // When 8 processes each add 200 observations, one transaction each, at the same time
        let processes = try (1...8).map { try BuiltProducts.start("schouw-stress", ["add", url.path, "200", "Groep \($0)"]) }
        var errors: [String] = []
        for process in processes {
            let result = try process.wait()
            if result.status != 0 { errors.append(result.stderr) }
        }
        #expect(errors.isEmpty, "\(errors)")
        // Then all 1,600 are there, 200 per process
        let db = try SchouwDatabase.open(at: url)
        #expect(try db.observations().count == 1600)
        #expect(try db.observations(ObservationFilter(group: "Groep 5")).count == 200)
        #expect(try db.integrityCheck() == "ok")
    }

    @Test func processesAddingToOneGroupAtOnceGetDistinctShortIDs() throws {
        // Given a database
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.schouw")
        #expect(try schouw(["init", url.path, "--name", "Druk", "--date", "2017-07-10"]).status == 0)
        // When 4 processes each add 100 findings of Groep A, one transaction each, at the same time
        let processes = try (1...4).map { try BuiltProducts.start("schouw-stress", ["add", url.path, "100", "P\($0)", "Groep A"]) }
        var errors: [String] = []
        for process in processes {
            let result = try process.wait()
            if result.status != 0 { errors.append(result.stderr) }
        }
        #expect(errors.isEmpty, "\(errors)")
        // Then the 400 findings hold A-1 … A-400, each once
        let shortIDs = try SchouwDatabase.open(at: url).observations().compactMap(\.shortID)
        #expect(shortIDs.count == 400 && Set(shortIDs) == Set((1...400).map { "A-\($0)" }))
    }

    @Test func killedImportLeavesNoneAndASoundFile() throws {
        // Given a database and a 100,000-row CSV
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.schouw")
        #expect(try schouw(["init", url.path, "--name", "Groot", "--date", "2017-07-10"]).status == 0)
        let csv = dir.appendingPathComponent("groot.csv")
        try BenchData.csv(rows: 100_000).write(to: csv)
        // When the import is killed with SIGKILL after it wrote every row and before it commits
        // (the store's test hook says so on stderr and then waits)
        let child = try BuiltProducts.start(
            "schouw", ["observe", "import", url.path, csv.path], environment: [TestHooks.holdBeforeCommitVariable: "600"])
        let reachedCommit = child.waitForStandardError(containing: TestHooks.holdingMessage)
        #expect(reachedCommit, "the import did not reach its commit: \(child.standardErrorSoFar)")
        let walBytes = (try? FileManager.default.attributesOfItem(atPath: url.path + "-wal")[.size] as? Int) ?? 0
        child.send(SIGKILL)
        let result = try child.wait()
        #expect(result.endedBySignal && result.status == SIGKILL)
        // The rows had reached the write-ahead log, uncommitted: the kill interrupted real writing.
        #expect(walBytes > 1_000_000, "write-ahead log of \(walBytes) bytes")
        // Then the file is sound and holds none of the rows, and the next import works
        let db = try SchouwDatabase.open(at: url)
        #expect(try db.integrityCheck() == "ok")
        #expect(try db.observations().count == 0)
        let small = dir.appendingPathComponent("klein.csv")
        try BenchData.csv(rows: 1_000).write(to: small)
        let again = try schouw(["observe", "import", url.path, small.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try db.observations().count == 1_000)
    }
}
