import ArgumentParser
import Foundation
import SchouwCore
import SchouwJobs
import SchouwStore

/// `schouw report`: the report for residents and council.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report for residents and council: rapport.html (and rapport.pdf with Chromium).",
        discussion: """
            rapport.html is one self-contained file for A4 (inline CSS, SVG and photos; nothing from the network), \
            black-and-white friendly: title, date, buurt(en), groups and partners; key figures (findings, per main \
            category, per CROW level, share afgehandeld); a map (buurt outlines, the walked routes, the findings by \
            category, density bands); a table per buurt; the ten biggest clusters (findings linked by steps of at \
            most 25 m) with their streets; the actions by partner with status and due date, overdue ones marked; \
            "Wat is er bereikt": done actions with their before and after photos; and with --previous the \
            comparison with last year (the rule of `schouw compare`; its files are written beside the report). \
            When Chromium is installed, rapport.pdf is printed from it.

            The schouw (and --previous) may be a file or a PostgreSQL URL with --schouw NAME (--previous-schouw NAME).

            Examples:
              schouw report k.schouw --out rapport
              schouw report k.schouw --out rapport --previous vorig-jaar.schouw --areas buurten.geojson --json
              schouw report postgresql://schouw@/schouw?host=/run/postgresql --schouw "Kruidentuin 2025" --out rapport \
                  --previous postgresql://schouw@/schouw?host=/run/postgresql --previous-schouw "Kruidentuin 2024"
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: ArgumentHelp("Folder for the report (created when missing).", valueName: "DIR")) var out: String
    @Option(help: ArgumentHelp(
        "Last year's schouw of the same area, for the comparison: a file or a PostgreSQL URL.", valueName: "OLD"))
    var previous: String?
    @Option(help: ArgumentHelp("With a PostgreSQL --previous: last year's schouw, by name.", valueName: "NAME"))
    var previousSchouw: String?
    @Option(help: ArgumentHelp("CBS buurten (GeoJSON or GeoPackage) for the table per buurt; default the database's buurt.", valueName: "BUURTEN"))
    var areas: String?
    @Option(help: ArgumentHelp("The day of the report, which overdue actions are judged by (default today).", valueName: "date"))
    var date: String?
    @Flag(help: "Do not print rapport.pdf, also when Chromium is installed.") var noPdf = false
    @Flag(help: "Print the figures the report shows as JSON (with \"comparison\": {opgelost, blijvend, nieuw} given --previous).")
    var json = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let result = try await ReportJob.run(ReportRequest(
                database: StoreAddress(database.database, schouw: database.schouw),
                previous: previous.map { StoreAddress($0, schouw: previousSchouw) },
                areas: areas.map { URL(fileURLWithPath: $0) }, language: output.lang, date: date,
                destination: .disk(URL(fileURLWithPath: out)), pdf: !noPdf))
            for warning in result.warnings { StandardError.write(output.lang.pick("waarschuwing: ", "warning: ") + warning) }
            if json { return print(try result.figures.json(), terminator: "") }
            let f = result.figures
            print(output.lang.pick(
                "\(f.findings) bevindingen, \(f.afgehandeld) afgehandeld, \(f.actions.total) acties (\(f.actions.overdue) te laat)",
                "\(f.findings) findings, \(f.afgehandeld) resolved, \(f.actions.total) actions (\(f.actions.overdue) overdue)"))
            for file in result.files { print(file.url?.path ?? file.name) }
        }
    }
}
