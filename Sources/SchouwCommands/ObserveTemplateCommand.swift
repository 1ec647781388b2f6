import ArgumentParser
import Foundation
import SchouwStore

/// `schouw observe template DB [--group A] [--out FILE.csv]`: a CSV per schouw and group to fill in,
/// with the categories and instructions beside it.
struct ObserveTemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write a template to fill in after the walk: one row per checkpoint, for Dutch Excel.",
        discussion: """
            The template is a CSV that Dutch Excel opens in columns (semicolons, UTF-8 byte order mark, Windows line ends), \
            one row per checkpoint of the group with checkpoint number, street and group filled in; column names are Dutch \
            (English with --lang en; the import takes both). Beside it FILE.categorieen.csv (FILE.categories.csv) tells how \
            to fill it in and lists the categories, the words the import also takes, and the schouw's levels. Rows left as \
            they are, are skipped on import. The checkpoints come from the plan saved with `schouw plan … --db DB`, or \
            from --route.
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: "Only this group's checkpoints: its name or letter (\"Groep A\", A). Default: every group.") var group: String?
    @Option(help: ArgumentHelp("The template file (.csv).", valueName: "file.csv")) var out = "waarnemingen.csv"
    @Option(help: ArgumentHelp(
        "checkpoints.geojson of `schouw plan` (or its folder), when the database holds no plan.", valueName: "file-or-folder"))
    var route: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        if ext == "xlsx" {
            throw ValidationError(
                "--out: no .xlsx (no maintained xlsx library is available to this build); write .csv, which Dutch Excel opens in columns")
        }
        if ext != "csv" { throw ValidationError("--out: the template is a .csv file, e.g. --out invullen.csv") }
    }

    func run() async throws {
        try await report(output.lang) {
            let l = output.lang
            let route = try route.map { try ObservationFiles.routeCheckpoints(URL(fileURLWithPath: $0)) }
            let files = try await database.withStore { try await $0.writeTemplate(to: URL(fileURLWithPath: out), group: group, route: route, language: l) }
            let groups = files.groups.joined(separator: ", ")
            print(l.pick(
                "Sjabloon: \(files.template.path) (\(files.rows) controlepunt(en) van \(groups))\nCategorieën en uitleg: \(files.categories.path)",
                "Template: \(files.template.path) (\(files.rows) checkpoint(s) of \(groups))\nCategories and instructions: \(files.categories.path)"))
        }
    }
}
