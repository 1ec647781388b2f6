import Foundation
import Testing
import SchouwStore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built executables (`swift build` first; `scripts/test.sh` does). `SCHOUW_BIN_DIR` overrides
/// the folder, which is otherwise `.build/debug` of this package.
enum Binaries {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let folder = ProcessInfo.processInfo.environment["SCHOUW_BIN_DIR"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.appendingPathComponent(".build/debug")
    static let schouw = folder.appendingPathComponent("schouw")
    static let stress = folder.appendingPathComponent("schouw-stress")
    static var built: Bool {
        FileManager.default.isExecutableFile(atPath: schouw.path) && FileManager.default.isExecutableFile(atPath: stress.path)
    }

    static func start(_ executable: URL, _ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], executable: URL = schouw) throws -> (status: Int32, output: String, errors: String) {
        let (process, out, err) = try start(executable, arguments)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite(.enabled(if: Binaries.built, "the schouw and schouw-stress binaries are not built; run `swift build` first"), .serialized)
struct ProcessTests {
    @Test func commandLineSessionWithExitCodes() throws {
        let dir = try Binaries.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("k.schouw").path
        #expect(try Binaries.run(["init", db, "--name", "Buurtschouw Kruizemunt", "--date", "2017-07-10"]).status == 0)
        // A typo: exit 1, Dutch message with the suggestion, nothing stored
        let typo = try Binaries.run(["observe", "add", db, "--category", "zwerfvul", "--at", "5.7220,52.5185"])
        #expect(typo.status == 1 && typo.errors.contains("bedoelde u 'zwerfvuil'?"))
        let english = try Binaries.run(["observe", "add", db, "--category", "zwerfvul", "--at", "5.7220,52.5185", "--lang", "en"])
        #expect(english.errors.contains("did you mean 'zwerfvuil'?"))
        // Usage error: exit 64 (EX_USAGE, the project's convention)
        #expect(try Binaries.run(["observe", "add", db, "--category", "afval", "--at", "5.72,52.51", "--rd", "1,2"]).status == 64)
        // A good one, then a status change and an export
        let added = try Binaries.run(["observe", "add", db, "--category", "Litter", "--level", "C", "--text", "Blikjes", "--at", "5,7220;52,5185"])
        #expect(added.status == 0)
        let id = try #require(added.output.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try Binaries.run(["observe", "status", db, String(id.prefix(8)), "gemeld", "--owner", "gemeente"]).status == 0)
        let shown = try Binaries.run(["observe", "show", db, id])
        #expect(shown.output.contains("status: ") && shown.output.contains("open → gemeld"))
        let out = dir.appendingPathComponent("o.gpkg").path
        #expect(try Binaries.run(["export", db, "--format", "gpkg", "--out", out]).status == 0)
        // Not a database: exit 1
        #expect(try Binaries.run(["observe", "list", dir.appendingPathComponent("nee.schouw").path]).status == 1)
    }

    @Test func eightProcessesAddingAtOnceLoseNothing() throws {
        // Given a database
        let dir = try Binaries.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.schouw")
        #expect(try Binaries.run(["init", url.path, "--name", "Druk", "--date", "2017-07-10"]).status == 0)
        // When 8 processes each add 200 observations, one transaction each, at the same time
        let processes = try (1...8).map { try Binaries.start(Binaries.stress, ["add", url.path, "200", "Groep \($0)"]) }
        var errors: [String] = []
        for (process, _, err) in processes {
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus != 0 { errors.append(text) }
        }
        #expect(errors.isEmpty, "\(errors)")
        // Then all 1,600 are there, 200 per process
        let db = try SchouwDatabase.open(at: url)
        #expect(try db.observations().count == 1600)
        #expect(try db.observations(ObservationFilter(group: "Groep 5")).count == 200)
        #expect(try db.integrityCheck() == "ok")
    }

    @Test func killedImportLeavesNoneAndASoundFile() throws {
        // Given a database and a 100,000-row CSV
        let dir = try Binaries.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.schouw")
        #expect(try Binaries.run(["init", url.path, "--name", "Groot", "--date", "2017-07-10"]).status == 0)
        let csv = dir.appendingPathComponent("groot.csv")
        try BenchData.csv(rows: 100_000).write(to: csv)
        // When the import is killed with SIGKILL once it has started writing
        let (process, _, _) = try Binaries.start(Binaries.schouw, ["observe", "import", url.path, csv.path])
        let wal = url.path + "-wal"
        let deadline = Date().addingTimeInterval(300)
        var killedMidway = false
        while process.isRunning, Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 1_000_000 {
                kill(process.processIdentifier, SIGKILL)
                killedMidway = true
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        // Then the file is sound and holds none or all of the rows
        let db = try SchouwDatabase.open(at: url)
        #expect(try db.integrityCheck() == "ok")
        let count = try db.observations().count
        #expect(count == 0 || count == 100_000)
        #expect(killedMidway, "the import ended before it could be killed")
        if killedMidway { #expect(count == 0 && process.terminationReason == .uncaughtSignal) }
    }
}
