import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore
import SchouwTestSupport
import Testing
@testable import SchouwCommands

/// `schouw export` writes exactly the bytes the export job gives the web app in memory.
@Suite struct ExportCommandJobTests {
    @Test(arguments: [["--format", "geojson"], ["--format", "geojson", "--crs", "EPSG:28992"], ["--format", "csv"], ["--format", "csv", "--excel"]])
    func theCommandsFileHoldsTheJobsBytes(_ options: [String]) async throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dbURL = folder.appendingPathComponent("k.schouw")
        let database = try SchouwDatabase.create(at: dbURL, schouw: SchouwDefinition(name: "Kruidentuin", date: "2025-09-20"))
        let csv = folder.appendingPathComponent("observations.csv")
        try FileManager.default.copyItem(at: TestPaths.geodata.appendingPathComponent("observations.csv"), to: csv)
        #expect(try await ImportJob.run(ImportRequest(database: database, file: csv)).report.insertedIDs.count == 150)

        let out = folder.appendingPathComponent("export.out")
        let command = try SchouwCommand.parseAsRoot(["export", dbURL.path, "--out", out.path] + options)
        var export = try #require(command as? ExportCommand)
        try await export.run()

        let excel = options.contains("--excel")
        let request = ExportRequest(
            database: database, format: options.contains("csv") ? .csv : .geojson, crs: options.contains("EPSG:28992") ? .rdNew : .wgs84,
            excel: excel, destination: .memory)
        let bytes = try #require(try await ExportJob.run(request).file.data)
        #expect(bytes.count > 150 * 100)
        #expect(try Data(contentsOf: out) == bytes)
    }
}
