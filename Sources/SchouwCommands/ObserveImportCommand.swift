import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore

/// `schouw observe import DB FILE`: CSV, GPX waypoints or GeoJSON points, all or nothing.
struct ObserveImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import observations from CSV, GPX or GeoJSON: all or nothing.",
        discussion: """
            CSV: comma, semicolon or tab; UTF-8 (with or without Excel's BOM), UTF-16 with a BOM (Excel's "Unicode text") or
            Windows-1252 (Excel's "CSV"), and Dutch decimal commas are fine; columns as in `observe template` (or their Dutch
            names), each once: an unknown or duplicate column is an error. Rows holding nothing but a template's checkpoint,
            street and group are skipped and counted.
            GPX: a waypoint's <type> is its category, or its name when that is a category (desc is then the \
            text); waypoints from a phone, named in the walker's words, need --category CODE, which gives every \
            waypoint without a category that category and keeps name and description as the text. <time> is \
            the time observed. A route from `schouw plan` is refused: its waypoints are checkpoints, not findings.
            GeoJSON: Point features with the CSV's property names.
            With any bad row nothing is imported and every bad row is listed; --skip-invalid imports the good rows and
            writes the bad ones to FILE.rejected.csv.
            """)

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "The file to import (.csv, .gpx, .geojson).") var file: String
    @Flag(help: "Import the good rows; write rejected rows to FILE.rejected.csv.") var skipInvalid = false
    @Flag(help: "Keep likely duplicates (same category and text within 10 m).") var allowDuplicates = false
    @Option(help: ArgumentHelp(
        "GPX only: the category of every waypoint without a <type> whose name is not a category.", valueName: "CODE"))
    var category: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if category != nil, URL(fileURLWithPath: file).pathExtension.lowercased() != "gpx" {
            throw ValidationError("--category applies to GPX waypoints only; give a CSV or GeoJSON file its category per row")
        }
    }

    func run() async throws {
        try await report(output.lang) {
            let result = try await database.withStore { store in
                try await ImportJob.run(ImportRequest(
                    database: store, file: URL(fileURLWithPath: file),
                    options: IngestOptions(skipInvalid: skipInvalid, allowDuplicates: allowDuplicates, defaultCategory: category),
                    language: output.lang))
            }
            let lang = output.lang
            let count = result.report.insertedIDs.count
            let readAs = result.encoding.map { lang.pick(" (gelezen als \($0.name))", " (read as \($0.name))") } ?? ""
            let skipped = result.skippedRows
            if count == 0, result.report.rejected.isEmpty, result.report.duplicates.isEmpty, skipped > 0 {
                print(lang.pick(
                    "Niets geïmporteerd: alle \(skipped) regel(s) zijn leeg of hebben alleen de voorgevulde controlepunt, straat en groep" + readAs,
                    "Nothing imported: all \(skipped) row(s) are empty or hold only the pre-filled checkpoint, street and group" + readAs))
                return
            }
            print(lang.pick("\(count) waarneming(en) geïmporteerd", "\(count) observation(s) imported") + readAs)
            if skipped > 0 {
                print(lang.pick("\(skipped) lege regel(s) overgeslagen", "\(skipped) empty row(s) skipped"))
            }
            for issue in result.report.duplicates { print("  " + issue.message(lang)) }
            if let rejected = result.rejectedFile {
                print(lang.pick("\(result.report.rejected.count) regel(s) afgewezen, zie \(rejected.path):",
                          "\(result.report.rejected.count) row(s) rejected, see \(rejected.path):"))
                for issue in result.report.rejected.flatMap(\.issues) { print("  " + issue.message(lang)) }
            }
        }
    }
}
