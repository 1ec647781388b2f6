import Foundation
import SchouwJobs
import SchouwStore
import SchouwTestSupport

/// A schouw database in a fresh folder, holding the demo's 150 observations (geodata/observations.csv).
struct DemoStore {
    let folder: URL
    let url: URL
    let database: SchouwDatabase

    init(area: SchouwArea? = nil) throws {
        folder = try TestPaths.temporaryDirectory()
        url = folder.appendingPathComponent("demo.schouw")
        database = try SchouwDatabase.create(
            at: url, schouw: SchouwDefinition(name: "Buurtschouw De Kruidentuin", date: "2025-09-20", area: area))
    }

    /// Imports a copy of the demo CSV (a copy, so a rejected-rows file lands in this folder).
    @discardableResult
    func importDemo(skipInvalid: Bool = false) throws -> FileImportReport {
        let copy = folder.appendingPathComponent("observations.csv")
        if !FileManager.default.fileExists(atPath: copy.path) {
            try FileManager.default.copyItem(at: TestPaths.geodata.appendingPathComponent("observations.csv"), to: copy)
        }
        return try ImportJob.run(ImportRequest(database: database, file: copy, options: IngestOptions(skipInvalid: skipInvalid)))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
