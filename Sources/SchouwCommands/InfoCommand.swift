import ArgumentParser
import Foundation
import SchouwGeometry

/// `schouw info FILE…`: what a GeoJSON or OSM file holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Say what a GeoJSON, OpenStreetMap, observation (CSV, GPX) or taxonomy file holds.",
        discussion: """
            Prints the kind of file, the number of features (or ways), the CRS, the bounding box in WGS84 \
            and RD New, the property names, and problems found: invalid polygons, wrong winding, \
            dangling node references. Exit code 1 when a file cannot be read.
            """)

    @Argument(help: "GeoJSON (.geojson, .json), OSM XML (.osm), observations (.csv, .gpx) or taxonomy (.json) files.", completion: .file())
    var files: [String]

    @OptionGroup var output: OutputOptions

    func run() throws {
        var failed = false
        for (index, file) in files.enumerated() {
            if index > 0 { print() }
            do {
                let url = URL(fileURLWithPath: file)
                let report = try StoreFileInspector.inspect(url: url) ?? FileInspector.inspect(url: url)
                print(ReportFormatter(language: output.lang).format(report))
            } catch {
                failed = true
                FileHandle.standardError.write(Data("schouw info: \(error)\n".utf8))
            }
        }
        if failed { throw SchouwExit.badInput }
    }
}

/// Lays a ``FileReport`` out for the terminal.
struct ReportFormatter {
    var language: Language

    func format(_ report: FileReport) -> String {
        let l = language
        var lines = ["\(report.fileName): \(report.kind)"]
        func add(_ nl: String, _ en: String, _ value: String) {
            lines.append("  " + l.pick(nl, en).padding(toLength: 22, withPad: " ", startingAt: 0) + value)
        }
        let types = report.geometryTypes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        add("objecten", "features", "\(report.featureCount) (\(types.joined(separator: ", ")))")
        if let wgs = report.boundingBoxWGS84 {
            add("CRS", "CRS", report.crs == .wgs84 ? "EPSG:4326 (WGS84)" : report.crs.description)
            add("bbox WGS84", "bbox WGS84", box(wgs, decimals: 6))
            add("bbox RD New", "bbox RD New", report.boundingBoxRD.map { box($0, decimals: 1) }
                ?? l.pick("- (buiten Nederland)", "- (outside the Netherlands)"))
        }
        for fact in report.facts { add(dutch(fact.label), fact.label, fact.value) }
        if !report.propertyNames.isEmpty {
            add("eigenschappen", "properties", report.propertyNames.joined(separator: ", "))
        }
        if report.problems.isEmpty {
            add("problemen", "problems", l.pick("geen", "none"))
        } else {
            add("problemen", "problems", "\(report.problems.count)")
            for problem in report.problems.prefix(20) { lines.append("    - " + problem.text(l)) }
            if report.problems.count > 20 {
                lines.append("    " + l.pick("… en nog \(report.problems.count - 20)", "… and \(report.problems.count - 20) more"))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func box(_ b: BoundingBox, decimals: Int) -> String {
        func f(_ v: Double) -> String { String(format: "%.\(decimals)f", v) }
        return "\(f(b.minX)), \(f(b.minY)) … \(f(b.maxX)), \(f(b.maxY))"
    }

    private func dutch(_ label: String) -> String {
        switch label {
        case "highway ways": "highway-wegen"
        case "named highway ways": "met naam"
        case "way tags": "tags van wegen"
        case "categories": "categorieën"
        case "taxonomy": "indeling"
        case "levels crow": "niveaus crow"
        case "levels simple": "niveaus eenvoudig"
        default: label
        }
    }
}
