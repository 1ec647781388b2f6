import Foundation
import SchouwTestSupport
import Testing

/// A write that fails on the disk (here: past `ulimit -f`, as on a full disk) ends the command with an error
/// naming the file and leaves no half file, and no hidden partial file, behind; an earlier file stays as it was.
@Suite(.serialized) struct AtomicOutputCommandTests {
    /// 80 blocks of 512 bytes: room for SQLite's 32 KB shared-memory file, far less than any output below.
    static let limitBlocks = 80

    /// Runs the built schouw under `ulimit -f` with SIGXFSZ ignored, so a write past the limit fails with
    /// EFBIG as on a full disk instead of killing the process (an ignored signal stays ignored across exec).
    func runLimited(_ arguments: [String]) throws -> ProcessOutput {
        let schouw = try BuiltProducts.url("schouw")
        return try ChildProcess.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "trap '' XFSZ; ulimit -f \(Self.limitBlocks) && exec \"$0\" \"$@\"", schouw.path] + arguments)
    }

    /// A schouw database with 1,000 findings (a GeoJSON export of about 500 KB), made once.
    static let database: Result<URL, any Error> = Result {
        let folder = try TestPaths.temporaryDirectory()
        var csv = "category,level,text,lon,lat\n"
        for i in 0..<1000 {
            csv += "zwerfvuil,B,Bevinding \(i) bij het speelveld,\(5.70 + Double(i % 100) * 0.0003),\(52.50 + Double(i / 100) * 0.002)\n"
        }
        let file = folder.appendingPathComponent("bevindingen.csv")
        try Data(csv.utf8).write(to: file)
        let db = folder.appendingPathComponent("k.schouw")
        for arguments in [["init", db.path, "--name", "Schouw", "--date", "2025-09-20"], ["observe", "import", db.path, file.path]] {
            let result = try BuiltProducts.run("schouw", arguments)
            guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSDebugDescriptionErrorKey: result.stderr]) }
        }
        return db
    }

    func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test(arguments: ["geojson", "gpkg", "csv"])
    func exportThatRunsOutOfSpaceLeavesNoFile(format: String) throws {
        let db = try Self.database.get()
        let folder = try TestPaths.temporaryDirectory()
        let out = folder.appendingPathComponent("bevindingen.\(format)")
        let result = try runLimited(["export", db.path, "--format", format, "--out", out.path])
        #expect(!result.endedBySignal && result.status == 3, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("bevindingen.\(format)"), "\(result.stderr)")
        #expect(try files(in: folder).isEmpty)
        // Without the limit the same command writes the file.
        #expect(try BuiltProducts.run("schouw", ["export", db.path, "--format", format, "--out", out.path]).status == 0)
        #expect(try files(in: folder) == ["bevindingen.\(format)"])
    }

    @Test func failedExportLeavesTheEarlierFileAsItWas() throws {
        let db = try Self.database.get()
        let folder = try TestPaths.temporaryDirectory()
        let out = folder.appendingPathComponent("bevindingen.geojson")
        try Data("earlier export\n".utf8).write(to: out)
        let result = try runLimited(["export", db.path, "--format", "geojson", "--out", out.path])
        #expect(!result.endedBySignal && result.status != 0)
        #expect(try files(in: folder) == ["bevindingen.geojson"])
        #expect(try String(contentsOf: out, encoding: .utf8) == "earlier export\n")
    }

    @Test(arguments: ["heatmap.geojson", "heatmap.gpkg"])
    func heatmapThatRunsOutOfSpaceLeavesNoFile(name: String) throws {
        let folder = try TestPaths.temporaryDirectory()
        // 2 m cells over the demo buurt: about 300,000 cells, several MB.
        let result = try runLimited([
            "heatmap", "--points", TestPaths.geodata("observations.geojson").path, "--radius-m", "100", "--cell-m", "2",
            "--out", folder.appendingPathComponent(name).path,
        ])
        #expect(!result.endedBySignal && result.status != 0, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(name), "\(result.stderr)")
        #expect(try files(in: folder).isEmpty)
    }
}
