import Foundation
import SchouwCore
import SchouwFormats
import SchouwGeometry

/// How many findings one row of the comparison has.
public struct ComparisonCounts: Hashable, Sendable {
    /// Findings of the previous schouw.
    public var old = 0
    /// Findings of the new schouw.
    public var new = 0
    /// Old findings not found again.
    public var opgelost = 0
    /// Findings found both times.
    public var blijvend = 0
    /// New findings that match no old one.
    public var nieuw = 0

    public init() {}

    /// The change from the old to the new schouw.
    public var change: Int { new - old }
}

/// One row of a comparison table: a category or a buurt (nil: findings in no buurt).
public struct ComparisonRow: Hashable, Sendable {
    /// The main category (``Comparison/categoryKey(_:)``), or the buurt code; "outside" for no buurt.
    public var key: String
    /// The buurt's name; nil for categories.
    public var name: String?
    public var counts: ComparisonCounts
}

/// The counts of a comparison, overall, per main category and per buurt.
///
/// Per buurt, an opgelost finding counts where the old finding lies, a blijvend or nieuw one where the new
/// finding lies; `old` and `new` count where each schouw's findings lie. So for a buurt whose boundary a
/// blijvend pair crosses, opgelost + blijvend need not equal old; overall and per category they always do.
public struct ComparisonSummary: Sendable {
    public var total: ComparisonCounts
    /// Per main category, sorted by category.
    public var byCategory: [ComparisonRow]
    /// Per buurt with findings in either schouw, in buurt order, then "outside" when findings lie in no
    /// buurt; empty when no buurten were given.
    public var byBuurt: [ComparisonRow]

    /// Counts the matches.
    /// - Parameters:
    ///   - oldAreas, newAreas: per finding, its index into `buurten` (nil: outside); nil when no buurten were given.
    /// - Complexity: O(n + m) for n old and m new findings.
    public init(
        old: [Finding], new: [Finding], matches: FindingMatches, buurten: [Buurt] = [], oldAreas: [Int?]? = nil,
        newAreas: [Int?]? = nil
    ) {
        var total = ComparisonCounts()
        var categories: [String: ComparisonCounts] = [:]
        var areas = [ComparisonCounts](repeating: ComparisonCounts(), count: buurten.count)
        var outside = ComparisonCounts()
        let hasAreas = oldAreas != nil && newAreas != nil
        func update(_ area: Int??, _ change: (inout ComparisonCounts) -> Void) {
            guard hasAreas, let area else { return }
            if let area { change(&areas[area]) } else { change(&outside) }
        }
        for (index, finding) in old.enumerated() {
            total.old += 1
            categories[finding.matchPoint.category, default: ComparisonCounts()].old += 1
            update(oldAreas?[index]) { $0.old += 1 }
        }
        for (index, finding) in new.enumerated() {
            total.new += 1
            categories[finding.matchPoint.category, default: ComparisonCounts()].new += 1
            update(newAreas?[index]) { $0.new += 1 }
        }
        for index in matches.opgelost {
            total.opgelost += 1
            categories[old[index].matchPoint.category, default: ComparisonCounts()].opgelost += 1
            update(oldAreas?[index]) { $0.opgelost += 1 }
        }
        for pair in matches.pairs {
            total.blijvend += 1
            categories[new[pair.new].matchPoint.category, default: ComparisonCounts()].blijvend += 1
            update(newAreas?[pair.new]) { $0.blijvend += 1 }
        }
        for index in matches.nieuw {
            total.nieuw += 1
            categories[new[index].matchPoint.category, default: ComparisonCounts()].nieuw += 1
            update(newAreas?[index]) { $0.nieuw += 1 }
        }
        self.total = total
        byCategory = categories.sorted { $0.key < $1.key }.map { ComparisonRow(key: $0.key, name: nil, counts: $0.value) }
        var rows: [ComparisonRow] = []
        for (buurt, counts) in zip(buurten, areas) where counts.old + counts.new > 0 {
            rows.append(ComparisonRow(key: buurt.code, name: buurt.name, counts: counts))
        }
        if outside.old + outside.new > 0 { rows.append(ComparisonRow(key: "outside", name: nil, counts: outside)) }
        byBuurt = rows
    }

    /// The count columns of both tables, in order.
    static let countColumns = ["old", "new", "opgelost", "blijvend", "nieuw", "change"]

    private static func values(_ c: ComparisonCounts) -> [Int] { [c.old, c.new, c.opgelost, c.blijvend, c.nieuw, c.change] }

    /// Per category as CSV (`category,old,new,opgelost,blijvend,nieuw,change`, a last row `total`); plain
    /// comma-separated with LF, or with `excel` what Dutch Excel opens in columns.
    public func categoriesCSV(excel: Bool = false) -> Data {
        let rows = (byCategory + [ComparisonRow(key: "total", name: nil, counts: total)]).map {
            [$0.key] + Self.values($0.counts).map(String.init)
        }
        return CSV.write(header: ["category"] + Self.countColumns, rows: rows, dialect: Self.dialect(excel))
    }

    /// Per buurt as CSV (`code,name,old,new,opgelost,blijvend,nieuw,change`; code `outside` for no buurt).
    public func buurtenCSV(excel: Bool = false) -> Data {
        let rows = byBuurt.map { [$0.key, $0.name ?? ""] + Self.values($0.counts).map(String.init) }
        return CSV.write(header: ["code", "name"] + Self.countColumns, rows: rows, dialect: Self.dialect(excel))
    }

    private static func dialect(_ excel: Bool) -> CSV.Dialect { excel ? .excel : CSV.Dialect(lineEnding: .lf) }

    /// `{"comparison": {"opgelost", "blijvend", "nieuw"}, "old_total", "new_total", "max_distance_m",
    /// "by_category": [{category, old, new, opgelost, blijvend, nieuw, change}], "by_buurt": [{code, name, …}]}`.
    public func json() throws -> String {
        struct Totals: Encodable {
            var opgelost: Int
            var blijvend: Int
            var nieuw: Int
        }
        struct Row: Encodable {
            var category: String?
            var code: String?
            var name: String?
            var old: Int
            var new: Int
            var opgelost: Int
            var blijvend: Int
            var nieuw: Int
            var change: Int
        }
        struct Root: Encodable {
            var comparison: Totals
            var old_total: Int
            var new_total: Int
            var max_distance_m: Double
            var by_category: [Row]
            var by_buurt: [Row]
        }
        func row(_ r: ComparisonRow, category: Bool) -> Row {
            let c = r.counts
            return Row(
                category: category ? r.key : nil, code: category ? nil : r.key, name: r.name, old: c.old, new: c.new,
                opgelost: c.opgelost, blijvend: c.blijvend, nieuw: c.nieuw, change: c.change)
        }
        let root = Root(
            comparison: Totals(opgelost: total.opgelost, blijvend: total.blijvend, nieuw: total.nieuw), old_total: total.old,
            new_total: total.new, max_distance_m: Comparison.maximumDistanceMeters,
            by_category: byCategory.map { row($0, category: true) }, by_buurt: byBuurt.map { row($0, category: false) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(root), as: UTF8.self) + "\n"
    }

    /// A readable summary: the totals, a table per category and one per buurt, and the rule.
    /// - Parameters:
    ///   - oldTitle, newTitle: how to name the two schouwen, e.g. "Buurtschouw De Kruidentuin, 2024-09-21".
    public func markdown(oldTitle: String, newTitle: String, language: Language) -> String {
        let l = language
        var text = l.pick("# Vergelijking met de vorige schouw\n\n", "# Comparison with the previous schouw\n\n")
        text += l.pick("Vorige schouw: ", "Previous schouw: ") + Markdown.escape(oldTitle) + "  \n"
        text += l.pick("Nieuwe schouw: ", "New schouw: ") + Markdown.escape(newTitle) + "\n\n"
        text += l.pick(
            "\(total.old) bevindingen vorige keer, \(total.new) nu (\(Self.signed(total.change))): \(total.opgelost) opgelost, \(total.blijvend) blijvend, \(total.nieuw) nieuw.\n\n",
            "\(total.old) findings last time, \(total.new) now (\(Self.signed(total.change))): \(total.opgelost) resolved (opgelost), \(total.blijvend) remaining (blijvend), \(total.nieuw) new (nieuw).\n\n"
        )
        let header = l.pick(
            " Vorige | Nu | Opgelost | Blijvend | Nieuw | Verschil |\n", " Previous | Now | Resolved | Remaining | New | Change |\n")
        func cells(_ c: ComparisonCounts) -> String {
            " \(c.old) | \(c.new) | \(c.opgelost) | \(c.blijvend) | \(c.nieuw) | \(Self.signed(c.change)) |\n"
        }
        text += l.pick("## Per categorie\n\n| Categorie |", "## Per category\n\n| Category |") + header
        text += "|---|---:|---:|---:|---:|---:|---:|\n"
        for row in byCategory {
            text += "| \(Markdown.escape(row.key.isEmpty ? "–" : row.key)) |" + cells(row.counts)
        }
        text += l.pick("| **Totaal** |", "| **Total** |") + cells(total) + "\n"
        if !byBuurt.isEmpty {
            text += l.pick("## Per buurt\n\n| Buurt | Code |", "## Per buurt\n\n| Buurt | Code |") + header
            text += "|---|---|---:|---:|---:|---:|---:|---:|\n"
            for row in byBuurt {
                let name = row.name.map(Markdown.escape) ?? l.pick("buiten de buurten", "outside the buurten")
                text += "| \(name) | \(row.key == "outside" ? "–" : row.key) |" + cells(row.counts)
            }
            text += "\n"
            text += l.pick(
                "Opgelost telt in de buurt van de oude bevinding, blijvend en nieuw in die van de nieuwe.\n\n",
                "Resolved counts in the buurt of the old finding, remaining and new in that of the new one.\n\n")
        }
        text += l.pick(
            "Regel: twee bevindingen zijn dezelfde als ze dezelfde hoofdcategorie hebben en hooguit 25 m uit elkaar liggen (RD New). Het dichtstbijzijnde paar gaat eerst; elke bevinding hoort bij hooguit één paar.\n",
            "Rule: two findings are the same when they have the same main category and lie at most 25 m apart (RD New). The nearest pair goes first; every finding is in at most one pair.\n"
        )
        return text
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
}

extension FindingMatches {
    /// The fields of `vergelijking.geojson`, in order.
    public static let fields: [OutputField] = [
        OutputField("comparison", .text), OutputField("category", .text), OutputField("old_id", .text),
        OutputField("new_id", .text), OutputField("distance_m", .real), OutputField("old_level", .text),
        OutputField("new_level", .text), OutputField("old_status", .text), OutputField("new_status", .text),
        OutputField("old_text", .text), OutputField("new_text", .text),
    ]

    /// One point per opgelost finding (at the old position), per blijvend pair (at the new position, with
    /// both ids and the distance) and per nieuw finding, in RD New; `comparison` says which.
    /// - Complexity: O(n + m).
    public func features(old: [Finding], new: [Finding]) -> [Feature] {
        func text(_ value: JSONValue?) -> JSONValue { value?.textValue.map(JSONValue.string) ?? .null }
        func feature(_ kind: String, at: Finding, old o: Finding?, new n: Finding?, distance: Double?) -> Feature {
            Feature(
                geometry: .point(at.rd),
                properties: [
                    "comparison": .string(kind), "category": .string(at.matchPoint.category),
                    "old_id": text(o?.properties["id"]), "new_id": text(n?.properties["id"]),
                    "distance_m": distance.map { .number(($0 * 100).rounded() / 100) } ?? .null,
                    "old_level": text(o?.properties["level"]), "new_level": text(n?.properties["level"]),
                    "old_status": text(o?.properties["status"]), "new_status": text(n?.properties["status"]),
                    "old_text": text(o?.properties["text"]), "new_text": text(n?.properties["text"]),
                ])
        }
        return opgelost.map { feature("opgelost", at: old[$0], old: old[$0], new: nil, distance: nil) }
            + pairs.sorted { $0.new < $1.new }.map {
                feature("blijvend", at: new[$0.new], old: old[$0.old], new: new[$0.new], distance: $0.distanceMeters)
            }
            + nieuw.map { feature("nieuw", at: new[$0], old: nil, new: new[$0], distance: nil) }
    }
}
