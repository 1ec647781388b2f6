import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore

/// `schouw observe import DB FILE`: CSV, GPX waypoints or GeoJSON points, all or nothing.
struct ObserveImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import observations from CSV, GPX or GeoJSON: all or nothing.",
        discussion: """
            CSV: comma, semicolon or tab; UTF-8 (with or without Excel's BOM), UTF-16 with a BOM (Excel's "Unicode text") or
            Windows-1252 (Excel's "CSV"), and Dutch decimal commas are fine; columns as in `observe template` (or their Dutch
            names), each once: an unknown or duplicate column is an error.
            GPX: each waypoint's name is the category, desc the text. GeoJSON: Point features with the CSV's property names.
            With any bad row nothing is imported and every bad row is listed; --skip-invalid imports the good rows and
            writes the bad ones to FILE.rejected.csv.
            """)

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "The file to import (.csv, .gpx, .geojson).") var file: String
    @Flag(help: "Import the good rows; write rejected rows to FILE.rejected.csv.") var skipInvalid = false
    @Flag(help: "Keep likely duplicates (same category and text within 10 m).") var allowDuplicates = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try report(output.lang) {
            let result = try ImportJob.run(ImportRequest(
                database: database.open(), file: URL(fileURLWithPath: file),
                options: IngestOptions(skipInvalid: skipInvalid, allowDuplicates: allowDuplicates), language: output.lang))
            let lang = output.lang
            let count = result.report.insertedIDs.count
            let readAs = result.encoding.map { lang.pick(" (gelezen als \($0.name))", " (read as \($0.name))") } ?? ""
            print(lang.pick("\(count) waarneming(en) geïmporteerd", "\(count) observation(s) imported") + readAs)
            for issue in result.report.duplicates { print("  " + issue.message(lang)) }
            if let rejected = result.rejectedFile {
                print(lang.pick("\(result.report.rejected.count) regel(s) afgewezen, zie \(rejected.path):",
                          "\(result.report.rejected.count) row(s) rejected, see \(rejected.path):"))
                for issue in result.report.rejected.flatMap(\.issues) { print("  " + issue.message(lang)) }
            }
        }
    }
}
