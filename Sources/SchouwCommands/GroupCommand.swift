import ArgumentParser
import Foundation
import SchouwJobs
import SchouwAnalysis
import SchouwStore

/// `schouw group`: counts findings per CBS buurt.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Count findings per CBS buurt and write buurten.geojson, buurten.csv, summary.md and a QGIS style.",
        discussion: """
            Each finding goes to the buurt whose polygon holds it. A finding exactly on the boundary of two or more \
            buurten goes to the one with the lowest buurt code; findings in no buurt are counted as outside.
            Fields of buurten.geojson/.csv: code, name, gemeente, total, n_<category> per main category, \
            n_level_A_plus, n_level_A, n_level_B, n_level_C, n_level_D, n_level_goed, n_level_slecht, n_level_plus, \
            n_level_unknown, n_open (not afgehandeld or geannuleerd) and n_afgehandeld.
            """)

    @Option(
        help: ArgumentHelp(
            "CBS buurten: GeoJSON or GeoPackage; fields BU_CODE/buurtcode/statcode and BU_NAAM/buurtnaam/statnaam.",
            valueName: "FILE"))
    var areas: String?

    @OptionGroup var source: FindingSourceOptions

    @Option(help: ArgumentHelp("Folder for the output files (created when missing).", valueName: "DIR"))
    var out: String = "."

    @Flag(help: "Print {\"areas\": [{code, name, count, by_category}], \"outside\": n} to stdout instead of writing files.")
    var json = false

    @Option(help: ArgumentHelp("Keep only the buurten of this municipality, e.g. GM0303.", valueName: "CODE"))
    var gemeente: String?

    @Flag(
        help: """
            Keep water buurten (skipped by default and listed on stderr): a water field saying so, or a CBS water \
            code (wijk 99, e.g. BU09959997) with a blank name or one with 'water' in it.
            """)
    var includeWater = false

    @Option(
        help: ArgumentHelp(
            "A taxonomy JSON; its main categories become the n_<category> columns, in its order (default: the categories found).",
            valueName: "FILE"))
    var taxonomy: String?

    @Flag(help: "Write buurten.gpkg (GeoPackage) instead of buurten.geojson.")
    var gpkg = false

    @Flag(help: "buurten.csv for Dutch Excel: semicolons, UTF-8 byte order mark, CRLF line ends.")
    var excel = false

    @Flag(
        help: """
            With a PostgreSQL --db: count in the database (PostGIS, against the buurten of `schouw areas load`) and print \
            the count per buurt (with --json as {"areas": [{code, name, count}], "outside": n}); --areas is then not needed.
            """)
    var inDatabase = false

    @OptionGroup var output: AnalysisOutputOptions

    func validate() throws {
        if inDatabase, !(source.database.map(Stores.isServerURL) ?? false) {
            throw ValidationError("--in-database needs --db with a postgresql:// URL")
        }
        if !inDatabase, areas == nil { throw ValidationError("give the buurten with --areas FILE") }
    }

    func run() async throws {
        if inDatabase { return try await runInDatabase() }
        let findings = try await reporting(output.language) { try await source.resolvedSource() }
        try report(output.language) {
            let outcome = try GroupJob.run(GroupRequest(
                areas: .file(URL(fileURLWithPath: areas ?? "")), source: findings, gemeente: gemeente, includeWater: includeWater,
                taxonomy: taxonomy.map { URL(fileURLWithPath: $0) }, crs: output.outputCRS, layerFormat: gpkg ? .gpkg : .geojson,
                excel: excel, language: output.language, destination: json ? nil : .disk(URL(fileURLWithPath: out))))
            let result = outcome.grouping
            for warning in outcome.warnings { output.note("waarschuwing: \(warning)", "warning: \(warning)") }
            if !outcome.skippedWater.isEmpty {
                let codes = outcome.skippedWater.joined(separator: ", ")
                output.note(
                    "\(outcome.skippedWater.count) waterbuurt(en) overgeslagen (--include-water houdt ze): \(codes)",
                    "\(outcome.skippedWater.count) water buurt(en) skipped (--include-water keeps them): \(codes)")
            }
            if json { return print(try result.json(), terminator: "") }
            let grouped = result.areas.reduce(0) { $0 + $1.total }
            output.note(
                "\(grouped) bevindingen in \(result.areas.count) buurten, \(result.outside) daarbuiten.",
                "\(grouped) findings in \(result.areas.count) buurten, \(result.outside) outside.")
            for file in outcome.files { print(file.url?.path ?? file.name) }
        }
    }
}

extension GroupCommand {
    /// `--in-database`: PostGIS counts per buurt.
    func runInDatabase() async throws {
        try await report(output.language) {
            let store = try await Stores.open(source.database ?? "", schouw: source.schouw)
            guard let server = store as? PostgresStore else {
                await store.close()
                throw ValidationError("--in-database needs --db with a postgresql:// URL")
            }
            let result: (areas: [(code: String, name: String, count: Int)], outside: Int)
            do {
                result = try await server.groupInDatabase(includeWater: includeWater, gemeente: gemeente)
                await store.close()
            } catch {
                await store.close()
                throw error
            }
            if json {
                let areas: [[String: Any]] = result.areas.map { ["code": $0.code, "name": $0.name, "count": $0.count] }
                let data = try JSONSerialization.data(withJSONObject: ["areas": areas, "outside": result.outside], options: [.sortedKeys])
                return print(String(decoding: data, as: UTF8.self))
            }
            for area in result.areas { print("\(area.code)  \(area.name)  \(area.count)") }
            let grouped = result.areas.reduce(0) { $0 + $1.count }
            output.note(
                "\(grouped) bevindingen in \(result.areas.count) buurten, \(result.outside) daarbuiten (geteld in de database).",
                "\(grouped) findings in \(result.areas.count) buurten, \(result.outside) outside (counted in the database).")
        }
    }
}
