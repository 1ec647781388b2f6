import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore

/// `schouw init DB --name … --date …`: creates the schouw database.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a schouw database for one buurtschouw.",
        discussion: """
            The database holds the schouw, its groups and route plan, the category taxonomy and every observation.
            Photos are kept in a photos/ folder beside it. With a postgresql:// URL the schouw is added to that
            PostgreSQL + PostGIS database (which holds many schouwen, each by its --name; photos are stored in it). Without --taxonomy the built-in "Schouw standaard"
            (geodata/taxonomy.json) is used.
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: "Name of the schouw, e.g. \"Buurtschouw Kruizemunt\".") var name: String
    @Option(help: "Date of the walk, yyyy-MM-dd.") var date: String
    @Option(help: "GeoJSON or GeoPackage file with buurt polygons (CBS style).") var area: String?
    @Option(help: "Buurt code in --area, e.g. BU03039901 (fields buurtcode, BU_CODE or statcode).") var areaCode: String?
    @Option(help: "A municipality's own taxonomy JSON file.") var taxonomy: String?
    @Option(help: ArgumentHelp(
        "The quality scale findings are stored on: crow (A+ A B C D, the default) or simple (goed, slecht, plus); words of the other scale are mapped onto it.",
        valueName: "scale"))
    var scale: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else { throw ValidationError("--date expects yyyy-MM-dd, e.g. 2017-07-10") }
        if (area == nil) != (areaCode == nil) { throw ValidationError("--area and --area-code go together.") }
    }

    func run() async throws {
        try await report(output.lang) {
            let taxonomy = try self.taxonomy.map { try Taxonomy.read(contentsOf: URL(fileURLWithPath: $0)) } ?? .standard
            let area = try area.flatMap { file in try areaCode.map { try AreaReader.area(in: URL(fileURLWithPath: file), code: $0) } }
            let store = try await Stores.create(
                database.database, schouw: SchouwDefinition(name: name, date: date, area: area, taxonomy: taxonomy, scale: scale))
            await store.close()
            if Stores.isServerURL(database.database) {
                print(output.lang.pick("Schouw '\(name)' gemaakt in \(store.storeDescription)", "Schouw '\(name)' created in \(store.storeDescription)"))
            } else {
                print(output.lang.pick("Schouwdatabase gemaakt: \(database.database)", "Schouw database created: \(database.database)"))
            }
        }
    }
}
