import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

extension GroupingResult {
    /// The flat attribute fields of a buurt, in order: code, name, gemeente, total, `n_<category>` per
    /// category column, `n_level_<suffix>` per level, `n_open`, `n_afgehandeld`.
    public var fields: [OutputField] {
        [OutputField("code", .text), OutputField("name", .text), OutputField("gemeente", .text), OutputField("total", .integer)]
            + categories.map { OutputField(Grouping.fieldName("n_", $0), .integer) }
            + Grouping.levelColumns.map { OutputField("n_level_" + $0.suffix, .integer) }
            + [OutputField("n_open", .integer), OutputField("n_afgehandeld", .integer)]
    }

    /// One flat property object per buurt, in ``fields`` order.
    public var rows: [JSONObject] {
        areas.map { area in
            var row: JSONObject = [
                "code": .string(area.buurt.code), "name": .string(area.buurt.name),
                "gemeente": area.buurt.gemeente.map(JSONValue.string) ?? .null, "total": .number(Double(area.total)),
            ]
            for category in categories {
                row[Grouping.fieldName("n_", category)] = .number(Double(area.byCategory[category] ?? 0))
            }
            for (_, suffix) in Grouping.levelColumns {
                row["n_level_" + suffix] = .number(Double(area.byLevel[suffix] ?? 0))
            }
            row["n_open"] = .number(Double(area.open))
            row["n_afgehandeld"] = .number(Double(area.afgehandeld))
            return row
        }
    }

    /// The buurt polygons with their counts, in WGS84 or RD New.
    public func features(crs: CRS) -> [Feature] {
        zip(areas, rows).map { area, row in
            Feature(
                geometry: crs == .rdNew ? area.buurt.geometryRD : area.buurt.geometryWGS84, properties: row)
        }
    }

    /// The counts as CSV: comma-separated with RFC 4180 quoting, one header line and LF line ends; or with
    /// `excel`, what Dutch Excel opens in columns (semicolons, a UTF-8 byte order mark, CRLF).
    public func csv(excel: Bool = false) -> Data {
        let names = fields.map(\.name)
        return CSV.write(
            header: names, rows: rows.lazy.map { row in names.map { row[$0]?.textValue ?? "" } },
            dialect: excel ? .excel : CSV.Dialect(lineEnding: .lf))
    }

    /// `{"areas": [{"code", "name", "count", "by_category": {…}}], "outside": n}` with sorted keys.
    public func json() throws -> String {
        struct Area: Encodable {
            var code: String
            var name: String
            var count: Int
            var by_category: [String: Int]
        }
        struct Root: Encodable {
            var areas: [Area]
            var outside: Int
        }
        let root = Root(
            areas: areas.map { Area(code: $0.buurt.code, name: $0.buurt.name, count: $0.total, by_category: $0.byCategory) },
            outside: outside)
        // Kept on Foundation's encoder on purpose: this only writes (nothing reads it back through a second
        // parser), and its pretty layout with sorted keys is the published `--json` output scripts rely on.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(root), as: UTF8.self) + "\n"
    }

    /// A readable summary: a table of the buurten with findings and their streets with the most findings,
    /// their counts per category, and one line counting the buurten without findings.
    public func markdown(language: Language, topStreets: Int = 3) -> String {
        let nl = language == .nl
        let total = areas.reduce(0) { $0 + $1.total } + outside
        let found = areas.filter { $0.total > 0 }
        let empty = areas.count - found.count
        var text = nl ? "# Bevindingen per buurt\n\n" : "# Findings per buurt\n\n"
        text += nl
            ? "\(total) bevindingen, waarvan \(outside) buiten alle buurten.\n\n"
            : "\(total) findings, of which \(outside) outside every buurt.\n\n"
        if !found.isEmpty {
            text += nl
                ? "| Buurt | Code | Totaal | Open | Afgehandeld | Meeste bevindingen in |\n"
                : "| Buurt | Code | Total | Open | Settled | Most findings in |\n"
            text += "|---|---|---:|---:|---:|---|\n"
            for area in found {
                let streets = area.byStreet.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(topStreets)
                    .map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                text += "| \(Markdown.escape(area.buurt.name)) | \(area.buurt.code) | \(area.total) | \(area.open) | \(area.afgehandeld) | \(Markdown.escape(streets.isEmpty ? "–" : streets)) |\n"
            }
            text += nl ? "\n## Per categorie\n\n| Buurt |" : "\n## Per category\n\n| Buurt |"
            text += categories.map { " \($0) |" }.joined() + "\n|---|" + categories.map { _ in "---:|" }.joined() + "\n"
            for area in found {
                text += "| \(Markdown.escape(area.buurt.name)) |" + categories.map { " \(area.byCategory[$0] ?? 0) |" }.joined() + "\n"
            }
            text += "\n"
        }
        if empty > 0 {
            text += nl
                ? "\(empty) van de \(areas.count) buurten \(empty == 1 ? "heeft" : "hebben") geen bevindingen.\n\n"
                : "\(empty) of the \(areas.count) buurten \(empty == 1 ? "has" : "have") no findings.\n\n"
        }
        text += nl
            ? "Een bevinding op de grens van twee buurten telt bij de buurt met de laagste code.\n"
            : "A finding on the boundary of two buurten counts for the buurt with the lowest code.\n"
        return text
    }
}
