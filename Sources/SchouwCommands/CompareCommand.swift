import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore

/// `schouw compare`: this schouw's findings against those of a previous one.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the findings of a previous schouw with a new one: opgelost, blijvend and nieuw.",
        discussion: """
            Matching rule: an old and a new finding are the same when they have the same main category \
            (compared without case) and lie at most 25 m apart, measured in RD New. Every finding is in at most one \
            pair: of all such pairs the nearest is taken first, then the nearest of those whose findings are both \
            still free, and so on; equal distances go in the order of the old database, then the new one. Old findings \
            left over are opgelost (not found again), pairs are blijvend (found both times), new findings left over \
            are nieuw. So opgelost + blijvend = the old total and nieuw + blijvend = the new total. Removed \
            observations are left out.
            Per buurt, opgelost counts in the buurt of the old finding, blijvend and nieuw in that of the new one.
            Files in DIR: vergelijking.geojson (a point per opgelost finding at its old place, per blijvend pair at \
            its new place with both ids and distance_m, per nieuw finding; field comparison), \
            vergelijking_categorieen.csv and vergelijking_buurten.csv (old, new, opgelost, blijvend, nieuw, change) \
            and summary.md.
            OLD and NEW are schouw files or PostgreSQL URLs (with --old-schouw and --new-schouw naming the schouw in a \
            database of several).
            Example: schouw compare postgresql://schouw@/schouw?host=/run/postgresql --old-schouw "Kruidentuin 2024" \
            postgresql://schouw@/schouw?host=/run/postgresql --new-schouw "Kruidentuin 2025" --out vergelijking
            """)

    @Argument(help: ArgumentHelp("The previous schouw's database.", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The new schouw's database.", valueName: "NEW"))
    var new: String

    @Option(help: ArgumentHelp("With a PostgreSQL OLD: the previous schouw, by name.", valueName: "NAME"))
    var oldSchouw: String?

    @Option(help: ArgumentHelp("With a PostgreSQL NEW: the new schouw, by name.", valueName: "NAME"))
    var newSchouw: String?

    @Option(help: ArgumentHelp("Folder for the output files (created when missing).", valueName: "DIR"))
    var out: String = "."

    @Option(
        help: ArgumentHelp(
            "CBS buurten (GeoJSON or GeoPackage) for the counts per buurt; default: the buurt of the NEW database, if any.",
            valueName: "FILE"))
    var areas: String?

    @Flag(help: "The CSV files for Dutch Excel: semicolons, UTF-8 byte order mark, CRLF line ends.")
    var excel = false

    @Flag(
        help: """
            Print {"comparison": {opgelost, blijvend, nieuw}, old_total, new_total, by_category, by_buurt} to stdout \
            instead of writing files.
            """)
    var json = false

    @OptionGroup var output: AnalysisOutputOptions

    func run() async throws {
        try await report(output.language) {
            let outcome = try await CompareJob.run(CompareRequest(
                old: StoreAddress(old, schouw: oldSchouw), new: StoreAddress(new, schouw: newSchouw), areas: areas.map { URL(fileURLWithPath: $0) },
                crs: output.outputCRS, excel: excel, language: output.language,
                destination: json ? nil : .disk(URL(fileURLWithPath: out))))
            for warning in outcome.warnings { output.note("waarschuwing: \(warning)", "warning: \(warning)") }
            if json { return print(try outcome.summary.json(), terminator: "") }
            let t = outcome.summary.total
            output.note(
                "\(t.old) bevindingen vorige keer, \(t.new) nu: \(t.opgelost) opgelost, \(t.blijvend) blijvend, \(t.nieuw) nieuw.",
                "\(t.old) findings last time, \(t.new) now: \(t.opgelost) opgelost, \(t.blijvend) blijvend, \(t.nieuw) nieuw.")
            for file in outcome.files { print(file.url?.path ?? file.name) }
        }
    }
}
