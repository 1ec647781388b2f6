import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore

/// `schouw info FILE…`: what each file holds, as text for the terminal (Dutch by default).
public struct InfoRequest: Sendable {
    public var files: [URL]
    public var language: Language

    public init(files: [URL], language: Language = .nl) {
        self.files = files
        self.language = language
    }
}

public struct InfoResult: Sendable {
    /// One entry per file, in the order asked: the report text, or the error that stopped reading it.
    public var entries: [(file: URL, outcome: Result<String, any Error>)]

    /// True when any file could not be read.
    public var anyFailed: Bool {
        entries.contains { if case .failure = $0.outcome { true } else { false } }
    }
}

public enum InfoJob {
    /// Inspects every file; a file that cannot be read does not stop the others.
    public static func run(_ request: InfoRequest) -> InfoResult {
        let formatter = ReportFormatter(language: request.language)
        return InfoResult(entries: request.files.map { url in
            (url, Result { formatter.format(try inspect(url)) })
        })
    }

    /// The report for one file: observation tables and taxonomies first, then geodata and text.
    public static func inspect(_ url: URL) throws -> FileReport {
        try StoreFileInspector.inspect(url: url) ?? FileInspector.inspect(url: url)
    }
}

/// Lays a ``FileReport`` out for the terminal.
public struct ReportFormatter {
    public var language: Language

    public init(language: Language) { self.language = language }

    public func format(_ report: FileReport) -> String {
        (["\(report.fileName): \(kind(report.kind))"] + lines(report, indent: "  ")).joined(separator: "\n")
    }

    /// The lines under a file's (or layer's) heading, each starting with `indent`.
    private func lines(_ report: FileReport, indent: String) -> [String] {
        let l = language
        var lines: [String] = []
        func add(_ nl: String, _ en: String, _ value: String) {
            lines.append(indent + l.pick(nl, en).padding(toLength: 22, withPad: " ", startingAt: 0) + value)
        }
        if report.countsFeatures {
            let types = report.geometryTypes.map { (l == .nl ? dutch($0.key) : $0.key, $0.value) }.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1)" }
            add("objecten", "features", "\(report.featureCount)" + (types.isEmpty ? "" : " (\(types.joined(separator: ", ")))"))
        }
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
            if report.layers.isEmpty { add("problemen", "problems", l.pick("geen", "none")) }
        } else {
            add("problemen", "problems", "\(report.problems.count)")
            for problem in report.problems.prefix(20) { lines.append(indent + "  - " + problem.text(l)) }
            if report.problems.count > 20 {
                lines.append(indent + "  " + l.pick("… en nog \(report.problems.count - 20)", "… and \(report.problems.count - 20) more"))
            }
        }
        for layer in report.layers {
            lines.append(indent + l.pick("laag ", "layer ") + layer.fileName)
            lines += self.lines(layer, indent: indent + "  ")
        }
        return lines
    }

    /// `min x; min y … max x; max y`, with the language's decimal mark (`;` keeps Dutch decimal commas apart).
    private func box(_ b: BoundingBox, decimals: Int) -> String {
        func f(_ v: Double) -> String { language.decimal(v, places: decimals) }
        let separator = language.pick("; ", ", ")
        return "\(f(b.minX))\(separator)\(f(b.minY)) … \(f(b.maxX))\(separator)\(f(b.maxY))"
    }

    /// The kind of file in Dutch; names of formats stay as they are.
    private func kind(_ kind: String) -> String {
        guard language == .nl else { return kind }
        switch kind {
        case "Observations table (CSV)": return "tabel met bevindingen (CSV)"
        case "GPX waypoints (observations)": return "GPX-waypoints (bevindingen)"
        case "GPX route (schouw plan)": return "GPX-route van schouw plan (controlepunten, geen bevindingen)"
        case "Schouw taxonomy (JSON)": return "indeling van de schouw (JSON)"
        case "Schouw database (SQLite)": return "schouw-database (SQLite)"
        case "text document (no geodata)": return "tekstdocument (geen geodata)"
        default: return kind
        }
    }

    private func dutch(_ label: String) -> String {
        switch label {
        case "highway ways": "highway-wegen"
        case "named highway ways": "met naam"
        case "way tags": "tags van wegen"
        case "categories": "categorieën"
        case "encoding": "codering"
        case "taxonomy": "indeling"
        case "levels crow": "niveaus crow"
        case "levels simple": "niveaus eenvoudig"
        case "layers": "lagen"
        case "geometry column": "geometriekolom"
        case "spatial index": "ruimtelijke index"
        case "name": "naam"
        case "date": "datum"
        case "groups": "groepen"
        case "findings": "bevindingen"
        case "removed": "verwijderd"
        case "last change": "laatste wijziging"
        case "tracks": "routes"
        case "track": "route"
        case "checkpoint": "controlepunt"
        case "other waypoint": "ander punt"
        case "row": "rij"
        case "with position": "met positie"
        case "category": "categorie"
        case "subcategory": "subcategorie"
        case "line": "regel"
        default: label
        }
    }
}
