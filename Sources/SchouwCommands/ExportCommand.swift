import ArgumentParser
import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

/// `schouw export DB --format geojson|gpkg|csv [--crs EPSG:28992] --out FILE`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export observations for GIS or a spreadsheet.",
        discussion: """
            Flat properties with stable field names. GeoJSON is RFC 7946 (WGS84); --crs EPSG:28992 writes RD New with \
            the legacy crs member. The GeoPackage has one layer, observations. --excel makes a CSV for Dutch Excel.
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: "geojson, gpkg or csv.") var format: ExportFormat
    @Option(help: "EPSG:4326 (default) or EPSG:28992 (RD New).") var crs: OutputCRS = .wgs84
    @Option(help: "The file to write.") var out: String
    @Flag(help: "CSV for Dutch Excel: semicolons, decimal commas, UTF-8 BOM.") var excel = false
    @Flag(help: "Include removed observations.") var includeRemoved = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if excel, format != .csv { throw ValidationError("--excel only applies to --format csv") }
    }

    func run() throws {
        try report(output.lang) {
            let count = try ExportJob.run(ExportRequest(
                database: database.open(), format: format, crs: crs.crs, excel: excel,
                filter: ObservationFilter(includeRemoved: includeRemoved), destination: .disk(URL(fileURLWithPath: out)))).count
            print(output.lang.pick("\(count) waarneming(en) geschreven naar \(out)", "\(count) observation(s) written to \(out)"))
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
