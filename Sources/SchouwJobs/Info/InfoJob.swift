import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore

/// `schouw info FILE…`: what each file holds, as text for the terminal.
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
        case "encoding": "codering"
        case "taxonomy": "indeling"
        case "levels crow": "niveaus crow"
        case "levels simple": "niveaus eenvoudig"
        default: label
        }
    }
}
