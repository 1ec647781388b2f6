import ArgumentParser
import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

/// `schouw export DB --format geojson|gpkg|csv [--crs EPSG:28992] --out FILE`, or
/// `--format signalen --category-map FILE --out FILE.json`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export observations for GIS or a spreadsheet.",
        discussion: """
            Flat properties with stable field names. GeoJSON is RFC 7946 (WGS84); --crs EPSG:28992 writes RD New with \
            the legacy crs member. The GeoPackage has one layer, observations. --excel makes a CSV for Dutch Excel.
            --format signalen writes, per open finding (not afgehandeld or geannuleerd) whose category --category-map \
            maps, the body of POST /signals/v1/private/signals/ (text, location.geometrie as a lon/lat Point, \
            category.sub_category, incident_date_start, source "buurtschouw", reporter.sharing_allowed false, priority: \
            high for D/slecht, normal for C or no level, low otherwise) and the photo files to attach; findings \
            without a mapping are listed, not guessed. Nothing is sent: see the README for the curl lines.
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: "geojson, gpkg, csv or signalen.") var format: ExportCommandFormat
    @Option(help: "EPSG:4326 (default) or EPSG:28992 (RD New).") var crs: OutputCRS = .wgs84
    @Option(help: "The file to write.") var out: String
    @Flag(help: "CSV for Dutch Excel: semicolons, decimal commas, UTF-8 BOM.") var excel = false
    @Flag(help: "Include removed observations.") var includeRemoved = false
    @Option(
        help: ArgumentHelp(
            "For --format signalen: JSON from category or category/subcategory code to the Signalen sub-category path.",
            valueName: "FILE"))
    var categoryMap: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if excel, format != .csv { throw ValidationError("--excel only applies to --format csv") }
        if format == .signalen, categoryMap == nil { throw ValidationError("--format signalen needs --category-map FILE") }
        if format != .signalen, categoryMap != nil { throw ValidationError("--category-map only applies to --format signalen") }
        if format == .signalen, includeRemoved { throw ValidationError("--include-removed does not apply to --format signalen") }
    }

    func run() async throws {
        try await report(output.lang) {
            guard let format = format.storeFormat else { return try await runSignalen() }
            let count = try await database.withStore { store in
                try await ExportJob.run(ExportRequest(
                    database: store, format: format, crs: crs.crs, excel: excel,
                    filter: ObservationFilter(includeRemoved: includeRemoved), destination: .disk(URL(fileURLWithPath: out)))).count
            }
            print(output.lang.pick("\(count) waarneming(en) geschreven naar \(out)", "\(count) observation(s) written to \(out)"))
        }
    }
}

extension ExportCommand {
    /// Writes the Signalen payloads and says what would be sent and what is not mapped.
    func runSignalen() async throws {
        let l = output.lang
        let result = try await database.withStore { store in
            try await SignalenJob.run(SignalenRequest(
                database: store, categoryMap: URL(fileURLWithPath: categoryMap ?? ""), destination: .disk(URL(fileURLWithPath: out))))
        }
        print(l.pick(
            "\(result.signals) melding(en) voor Signalen geschreven naar \(out), met \(result.photos) foto('s) om toe te voegen (er is niets verstuurd)",
            "\(result.signals) Signalen signal(s) written to \(out), with \(result.photos) photo(s) to attach (nothing was sent)"))
        for (path, count) in result.bySubCategory.sorted(by: { $0.key < $1.key }) { print("  \(count)  \(path)") }
        if result.settled > 0 {
            print(l.pick(
                "\(result.settled) afgehandelde of geannuleerde bevinding(en) overgeslagen",
                "\(result.settled) settled or cancelled finding(s) skipped"))
        }
        guard !result.unmapped.isEmpty else { return }
        var byCode: [String: [String]] = [:]
        for finding in result.unmapped {
            let code = [finding.category, finding.subcategory].compactMap { $0 }.joined(separator: "/")
            byCode[code, default: []].append(finding.shortID ?? finding.id)
        }
        StandardError.write(l.pick(
            "\(result.unmapped.count) bevinding(en) zonder koppeling in \(categoryMap ?? ""), niet meegestuurd:",
            "\(result.unmapped.count) finding(s) with no mapping in \(categoryMap ?? ""), left out:"))
        for (code, ids) in byCode.sorted(by: { $0.key < $1.key }) {
            StandardError.write("  \(code): \(ids.joined(separator: ", "))")
        }
    }
}

/// The formats of `schouw export`: the store's, and the Signalen payloads.
enum ExportCommandFormat: String, CaseIterable, ExpressibleByArgument {
    case geojson, gpkg, csv, signalen

    /// The store's format; nil for Signalen.
    var storeFormat: ExportFormat? { ExportFormat(rawValue: rawValue) }
}
