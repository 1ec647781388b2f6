import ArgumentParser
import Foundation
import SchouwJobs

/// `schouw observe template DB [--out FILE]`: a CSV to fill in, with the category list beside it.
struct ObserveTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write a CSV template to fill in, and the list of categories and levels beside it.")

    @OptionGroup var database: DatabaseArgument
    @Option(help: "The template file.") var out = "waarnemingen.csv"
    @Flag(help: "Semicolons, decimal commas and a byte order mark, for Dutch Excel.") var excel = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try report(output.lang) {
            let files = try database.open().writeTemplate(to: URL(fileURLWithPath: out), excel: excel)
            print(output.lang.pick("Sjabloon: \(files.template.path)\nCategorieën: \(files.categories.path)",
                      "Template: \(files.template.path)\nCategories: \(files.categories.path)"))
        }
    }
}
