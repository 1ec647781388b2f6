import ArgumentParser
import Foundation
import SchouwCore
import SchouwJobs

/// `schouw report`: the report for residents and council.
struct ReportCommand: ParsableCommand {
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

            Examples:
              schouw report k.schouw --out rapport
              schouw report k.schouw --out rapport --previous vorig-jaar.schouw --areas buurten.geojson --json
            """)

    @Argument(help: ArgumentHelp("The schouw database.", valueName: "DB")) var database: String
    @Option(help: ArgumentHelp("Folder for the report (created when missing).", valueName: "DIR")) var out: String
    @Option(help: ArgumentHelp("Last year's schouw database of the same area, for the comparison.", valueName: "OLD.schouw"))
    var previous: String?
    @Option(help: ArgumentHelp("CBS buurten (GeoJSON or GeoPackage) for the table per buurt; default the database's buurt.", valueName: "BUURTEN"))
    var areas: String?
    @Option(help: ArgumentHelp("The day of the report, which overdue actions are judged by (default today).", valueName: "date"))
    var date: String?
    @Flag(help: "Do not print rapport.pdf, also when Chromium is installed.") var noPdf = false
    @Flag(help: "Print the figures the report shows as JSON (with \"comparison\": {opgelost, blijvend, nieuw} given --previous).")
    var json = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try report(output.lang) {
            let result = try ReportJob.run(ReportRequest(
                database: URL(fileURLWithPath: database), previous: previous.map { URL(fileURLWithPath: $0) },
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
