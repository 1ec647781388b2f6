import Foundation
import SchouwCore

/// Everything the report page shows, already counted and worded; ``html()`` only lays it out.
public struct ReportPage: Sendable {
    public struct Count: Sendable, Hashable {
        public var label: String
        public var count: Int
        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    public struct BuurtRow: Sendable, Hashable {
        public var code: String
        public var name: String
        public var total: Int
        public var open: Int
        public var afgehandeld: Int
        /// The most frequent main category, "zwerfvuil (4)".
        public var topCategory: String
        public init(code: String, name: String, total: Int, open: Int, afgehandeld: Int, topCategory: String) {
            self.code = code
            self.name = name
            self.total = total
            self.open = open
            self.afgehandeld = afgehandeld
            self.topCategory = topCategory
        }
    }

    public struct ClusterRow: Sendable, Hashable {
        public var size: Int
        public var streets: String
        public var categories: String
        public init(size: Int, streets: String, categories: String) {
            self.size = size
            self.streets = streets
            self.categories = categories
        }
    }

    public struct ActionRow: Sendable, Hashable {
        public var number: Int
        public var what: String
        public var findings: String
        public var due: String
        public var status: String
        public var overdue: Bool
        public init(number: Int, what: String, findings: String, due: String, status: String, overdue: Bool) {
            self.number = number
            self.what = what
            self.findings = findings
            self.due = due
            self.status = status
            self.overdue = overdue
        }
    }

    public struct PartnerActions: Sendable, Hashable {
        public var partner: String
        public var actions: [ActionRow]
        public init(partner: String, actions: [ActionRow]) {
            self.partner = partner
            self.actions = actions
        }
    }

    /// A done action with its photos as `data:` URLs (the page stays one file).
    public struct Achievement: Sendable, Hashable {
        public var title: String
        public var detail: String
        public var before: [String]
        public var after: String?
        public init(title: String, detail: String, before: [String], after: String?) {
            self.title = title
            self.detail = detail
            self.before = before
            self.after = after
        }
    }

    public struct ComparisonRow: Sendable, Hashable {
        public var label: String
        public var old, new, opgelost, blijvend, nieuw: Int
        public init(label: String, old: Int, new: Int, opgelost: Int, blijvend: Int, nieuw: Int) {
            self.label = label
            self.old = old
            self.new = new
            self.opgelost = opgelost
            self.blijvend = blijvend
            self.nieuw = nieuw
        }
    }

    public struct ComparisonPart: Sendable, Hashable {
        public var previous: String
        public var total: ComparisonRow
        public var byCategory: [ComparisonRow]
        public var byBuurt: [ComparisonRow]
        public init(previous: String, total: ComparisonRow, byCategory: [ComparisonRow], byBuurt: [ComparisonRow]) {
            self.previous = previous
            self.total = total
            self.byCategory = byCategory
            self.byBuurt = byBuurt
        }
    }

    public var language: Language
    public var title: String
    /// "zaterdag 20 september 2025".
    public var date: String
    public var reportDate: String
    public var buurten: [String]

    /// The buurten named in the title block: all of them up to ``buurtsNamed``, else the first few and how
    /// many more (a schouw over a whole town, such as Lelystad's 73 buurten, would fill the first page).
    static let buurtsNamed = 6

    static func buurtLine(_ buurten: [String], _ l: Language) -> String {
        guard buurten.count > buurtsNamed else { return buurten.joined(separator: ", ") }
        let shown = buurten.prefix(buurtsNamed - 1).joined(separator: ", ")
        let rest = buurten.count - (buurtsNamed - 1)
        return shown + l.pick(" en \(rest) andere (zie ‘Per buurt’)", " and \(rest) more (see ‘Per buurt’)")
    }
    public var groups: [String]
    public var partners: [String]
    public var findings: Int
    public var byCategory: [Count]
    public var byLevel: [Count]
    public var afgehandeld: Int
    /// The map's SVG (``SheetMap/reportSVG(layers:language:)``), nil without findings or plan.
    public var map: String?
    /// The category labels in the map's legend order.
    public var legend: [String]
    public var heatmapNote: String?
    public var buurtRows: [BuurtRow]
    public var clusters: [ClusterRow]
    public var actions: [PartnerActions]
    public var achievements: [Achievement]
    public var comparison: ComparisonPart?

    public init(
        language: Language, title: String, date: String, reportDate: String, buurten: [String], groups: [String], partners: [String],
        findings: Int, byCategory: [Count], byLevel: [Count], afgehandeld: Int, map: String?, legend: [String], heatmapNote: String?,
        buurtRows: [BuurtRow], clusters: [ClusterRow], actions: [PartnerActions], achievements: [Achievement], comparison: ComparisonPart?
    ) {
        self.language = language
        self.title = title
        self.date = date
        self.reportDate = reportDate
        self.buurten = buurten
        self.groups = groups
        self.partners = partners
        self.findings = findings
        self.byCategory = byCategory
        self.byLevel = byLevel
        self.afgehandeld = afgehandeld
        self.map = map
        self.legend = legend
        self.heatmapNote = heatmapNote
        self.buurtRows = buurtRows
        self.clusters = clusters
        self.actions = actions
        self.achievements = achievements
        self.comparison = comparison
    }

    /// The page's CSS: A4 with 14 mm margins, black on white, tables that repeat their heads and never
    /// split a row, headings kept with what follows them.
    static let css = """
        @page { size: A4; margin: 14mm 14mm 16mm 14mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; font-family: "Liberation Sans", Arimo, Arial, Helvetica, "Nimbus Sans", "DejaVu Sans Condensed", sans-serif;
          font-size: 10pt; line-height: 1.35; color: #000; background: #fff; }
        @media screen { body { max-width: 182mm; margin: 10mm auto; } }
        h1 { font-size: 20pt; margin: 0 0 2mm 0; }
        h2 { font-size: 14pt; margin: 0 0 2.5mm 0; padding-bottom: 1mm; border-bottom: 1.5pt solid #000; break-after: avoid; page-break-after: avoid; }
        h3 { font-size: 11pt; margin: 3mm 0 1.5mm 0; break-after: avoid; page-break-after: avoid; }
        section { margin: 0 0 7mm 0; }
        section.keep, div.keep { break-inside: avoid; page-break-inside: avoid; }
        section.new-page { break-before: page; page-break-before: always; }
        .meta { margin: 0 0 5mm 0; }
        .meta dt { font-weight: bold; float: left; width: 38mm; clear: left; }
        .meta dd { margin: 0 0 1mm 40mm; }
        .figures { display: flex; gap: 4mm; margin: 0 0 4mm 0; }
        .figure { flex: 1; border: 1.2pt solid #000; padding: 2mm 3mm; }
        .figure .n { font-size: 20pt; font-weight: bold; display: block; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 3mm 0; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        th, td { border-bottom: 0.6pt solid #777; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
        th { border-bottom: 1.2pt solid #000; }
        td.n, th.n { text-align: right; white-space: nowrap; }
        .two { display: flex; gap: 6mm; }
        .two > div { flex: 1; }
        .map-box { break-inside: avoid; page-break-inside: avoid; }
        .map-box svg { width: 100%; height: auto; display: block; }
        .legend { display: flex; flex-wrap: wrap; gap: 1mm 5mm; margin: 2mm 0; font-size: 9pt; }
        .legend svg { width: 4.5mm; height: 4.5mm; vertical-align: middle; margin-right: 1mm; }
        .overdue { font-weight: bold; }
        .overdue::before { content: "\\26A0\\FE0E  "; }
        .achievement { break-inside: avoid; page-break-inside: avoid; border: 1pt solid #000; padding: 2.5mm; margin: 0 0 4mm 0; }
        .photos { display: flex; gap: 3mm; margin-top: 2mm; }
        .photos figure { margin: 0; flex: 1; max-width: 60mm; }
        .photos img { width: 100%; max-height: 50mm; object-fit: contain; display: block; border: 0.6pt solid #777; filter: grayscale(0); }
        .photos figcaption { font-size: 8.5pt; }
        .note { font-size: 9pt; color: #333; }
        table.actions { table-layout: fixed; }
        table.actions th:nth-child(1) { width: 8mm; }
        table.actions th:nth-child(2) { width: 62mm; }
        table.actions th:nth-child(3) { width: 30mm; }
        table.actions th:nth-child(4) { width: 38mm; }
        footer { font-size: 8.5pt; color: #333; margin-top: 8mm; }
        """

    /// The report as one self-contained HTML file: inline CSS, SVG and `data:` photos; nothing from the network.
    public func html() -> String {
        let l = language
        func e(_ text: String) -> String { Markup.escape(text) }
        func pct(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "–" : l.decimal(Double(part) * 100 / Double(whole), places: 0) + " %"
        }
        var out = """
            <!DOCTYPE html>
            <html lang="\(l.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>
            \(Self.css)
            \(SheetMap.css)
            \(SheetMap.reportCSS)
            </style>
            </head>
            <body>

            """
        // Title and key figures.
        out += "<section id=\"kerncijfers\" class=\"keep\">\n<h1>\(e(title))</h1>\n<dl class=\"meta\">\n"
        out += "<dt>\(l.pick("Datum schouw", "Date of the walk"))</dt><dd>\(e(date))</dd>\n"
        if !buurten.isEmpty { out += "<dt>\(l.pick("Buurt(en)", "Buurt(en)"))</dt><dd>\(e(Self.buurtLine(buurten, l)))</dd>\n" }
        if !groups.isEmpty { out += "<dt>\(l.pick("Groepen", "Groups"))</dt><dd>\(e(groups.joined(separator: ", ")))</dd>\n" }
        if !partners.isEmpty { out += "<dt>\(l.pick("Partners", "Partners"))</dt><dd>\(e(partners.joined(separator: ", ")))</dd>\n" }
        out += "<dt>\(l.pick("Rapport van", "Report of"))</dt><dd>\(e(reportDate))</dd>\n</dl>\n"
        out += "<h2>\(l.pick("Kerncijfers", "Key figures"))</h2>\n<div class=\"figures\">\n"
        out += "<div class=\"figure\"><span class=\"n\" data-figure=\"findings\">\(findings)</span>\(l.pick("bevindingen", "findings"))</div>\n"
        out += "<div class=\"figure\"><span class=\"n\" data-figure=\"afgehandeld\">\(afgehandeld)</span>\(l.pick("afgehandeld", "resolved")) (\(pct(afgehandeld, findings)))</div>\n"
        let actionCount = actions.reduce(0) { $0 + $1.actions.count }
        out += "<div class=\"figure\"><span class=\"n\" data-figure=\"actions\">\(actionCount)</span>\(l.pick("acties", "actions"))</div>\n</div>\n"
        out += "<div class=\"two\">\n<div><h3>\(l.pick("Per hoofdcategorie", "Per main category"))</h3>\n"
        out += countTable(byCategory, head: l.pick("categorie", "category"), total: findings)
        out += "</div>\n<div><h3>\(l.pick("Per niveau (CROW)", "Per level (CROW)"))</h3>\n"
        out += countTable(byLevel, head: l.pick("niveau", "level"), total: findings)
        out += "</div>\n</div>\n</section>\n"

        // Per buurt.
        if !buurtRows.isEmpty {
            out += "<section id=\"buurten\">\n<h2>\(l.pick("Per buurt", "Per buurt"))</h2>\n<table>\n<thead><tr><th>\(l.pick("buurt", "buurt"))</th>"
            out += "<th class=\"n\">\(l.pick("bevindingen", "findings"))</th><th class=\"n\">open</th><th class=\"n\">\(l.pick("afgehandeld", "resolved"))</th>"
            out += "<th>\(l.pick("meest genoemd", "most frequent"))</th></tr></thead>\n<tbody>\n"
            for row in buurtRows {
                out += "<tr><td>\(e(row.name)) <span class=\"note\">\(e(row.code))</span></td><td class=\"n\">\(row.total)</td>"
                out += "<td class=\"n\">\(row.open)</td><td class=\"n\">\(row.afgehandeld)</td><td>\(e(row.topCategory))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n"
        }

        // The map.
        if let map {
            out += "<section id=\"kaart\" class=\"keep\">\n<h2>\(l.pick("Kaart", "Map"))</h2>\n<div class=\"map-box\">\n\(map)\n</div>\n<div class=\"legend\">"
            for (index, label) in legend.enumerated() {
                out += "<span><svg viewBox=\"-8 -8 16 16\">\(SheetMap.categorySymbol(index, x: 0, y: 0, r: 6.5))</svg>\(e(label))</span>"
            }
            out += "</div>\n"
            if let heatmapNote { out += "<p class=\"note\">\(e(heatmapNote))</p>\n" }
            out += "</section>\n"
        }

        // Clusters.
        if !clusters.isEmpty {
            out += "<section id=\"clusters\">\n<h2>\(l.pick("De grootste clusters", "The biggest clusters"))</h2>\n"
            out += "<p class=\"note\">\(l.pick("Bevindingen die met stappen van hoogstens 25 m aan elkaar liggen.", "Findings linked by steps of at most 25 m."))</p>\n"
            out += "<table>\n<thead><tr><th class=\"n\">#</th><th class=\"n\">\(l.pick("bevindingen", "findings"))</th><th>\(l.pick("straten", "streets"))</th>"
            out += "<th>\(l.pick("categorieën", "categories"))</th></tr></thead>\n<tbody>\n"
            for (index, cluster) in clusters.enumerated() {
                out += "<tr><td class=\"n\">\(index + 1)</td><td class=\"n\">\(cluster.size)</td><td>\(e(cluster.streets))</td><td>\(e(cluster.categories))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n"
        }

        // Actions by partner.
        out += "<section id=\"acties\">\n<h2>\(l.pick("Acties per partner", "Actions by partner"))</h2>\n"
        if actions.isEmpty {
            out += "<p>\(l.pick("Er zijn (nog) geen acties afgesproken.", "No actions have been agreed (yet)."))</p>\n"
        }
        for group in actions {
            out += "<h3>\(e(group.partner))</h3>\n<table class=\"actions\">\n<thead><tr><th class=\"n\">#</th><th>\(l.pick("wat", "what"))</th>"
            out += "<th>\(l.pick("bevindingen", "findings"))</th><th>\(l.pick("uiterlijk", "due"))</th><th>status</th></tr></thead>\n<tbody>\n"
            for action in group.actions {
                let due = action.overdue ? "<span class=\"overdue\">\(e(action.due)) \(l.pick("TE LAAT", "OVERDUE"))</span>" : e(action.due)
                out += "<tr\(action.overdue ? " class=\"late\"" : "")><td class=\"n\">\(action.number)</td><td>\(e(action.what))</td>"
                out += "<td>\(e(action.findings))</td><td>\(due)</td><td>\(e(action.status))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "</section>\n"

        // What was achieved.
        out += "<section id=\"bereikt\">\n<h2>\(l.pick("Wat is er bereikt", "What was achieved"))</h2>\n"
        if achievements.isEmpty {
            out += "<p>\(l.pick("Nog geen acties afgehandeld.", "No actions done yet."))</p>\n"
        }
        for item in achievements {
            out += "<div class=\"achievement\">\n<h3>\(e(item.title))</h3>\n<div>\(e(item.detail))</div>\n"
            if !item.before.isEmpty || item.after != nil {
                out += "<div class=\"photos\">\n"
                for photo in item.before.prefix(2) {
                    out += "<figure><img src=\"\(photo)\" alt=\"\(l.pick("voor", "before"))\"><figcaption>\(l.pick("voor", "before"))</figcaption></figure>\n"
                }
                if let after = item.after {
                    out += "<figure><img src=\"\(after)\" alt=\"\(l.pick("na", "after"))\"><figcaption>\(l.pick("na", "after"))</figcaption></figure>\n"
                }
                out += "</div>\n"
            }
            out += "</div>\n"
        }
        out += "</section>\n"

        // Comparison.
        if let comparison {
            out += "<section id=\"vergelijking\">\n<div class=\"keep\">\n<h2>\(l.pick("Vergelijking met de vorige schouw", "Comparison with the previous schouw"))</h2>\n"
            out += "<p>\(l.pick("Vorige schouw", "Previous schouw")): \(e(comparison.previous)). "
            out += l.pick(
                "Een bevinding is dezelfde als ze dezelfde hoofdcategorie heeft en hoogstens 25 m verder ligt (elk één keer, dichtstbijzijnde eerst).",
                "A finding is the same when it has the same main category and lies at most 25 m away (each once, nearest first).")
            out += "</p>\n<div class=\"figures\">\n"
            let t = comparison.total
            out += "<div class=\"figure\"><span class=\"n\" data-figure=\"opgelost\">\(t.opgelost)</span>\(l.pick("opgelost", "resolved"))</div>\n"
            out += "<div class=\"figure\"><span class=\"n\" data-figure=\"blijvend\">\(t.blijvend)</span>\(l.pick("blijvend", "remaining"))</div>\n"
            out += "<div class=\"figure\"><span class=\"n\" data-figure=\"nieuw\">\(t.nieuw)</span>\(l.pick("nieuw", "new"))</div>\n</div>\n</div>\n"
            out += comparisonTable(comparison.byCategory + [t], head: l.pick("categorie", "category"))
            if !comparison.byBuurt.isEmpty { out += comparisonTable(comparison.byBuurt, head: "buurt") }
            out += "</section>\n"
        }
        out += "<footer>\(l.pick("Gemaakt met Schouw", "Made with Schouw")) · \(e(reportDate))</footer>\n</body>\n</html>\n"
        return out
    }

    private func countTable(_ rows: [Count], head: String, total: Int) -> String {
        var out = "<table>\n<thead><tr><th>\(Markup.escape(head))</th><th class=\"n\">\(language.pick("aantal", "count"))</th><th class=\"n\">%</th></tr></thead>\n<tbody>\n"
        for row in rows {
            let share = total == 0 ? "–" : language.decimal(Double(row.count) * 100 / Double(total), places: 0)
            out += "<tr><td>\(Markup.escape(row.label))</td><td class=\"n\">\(row.count)</td><td class=\"n\">\(share)</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private func comparisonTable(_ rows: [ComparisonRow], head: String) -> String {
        let l = language
        var out = "<table>\n<thead><tr><th>\(Markup.escape(head))</th><th class=\"n\">\(l.pick("vorige", "previous"))</th>"
        out += "<th class=\"n\">\(l.pick("nu", "now"))</th><th class=\"n\">\(l.pick("opgelost", "resolved"))</th>"
        out += "<th class=\"n\">\(l.pick("blijvend", "remaining"))</th><th class=\"n\">\(l.pick("nieuw", "new"))</th>"
        out += "<th class=\"n\">\(l.pick("verschil", "change"))</th></tr></thead>\n<tbody>\n"
        for row in rows {
            let change = row.new - row.old
            out += "<tr><td>\(Markup.escape(row.label))</td><td class=\"n\">\(row.old)</td><td class=\"n\">\(row.new)</td>"
            out += "<td class=\"n\">\(row.opgelost)</td><td class=\"n\">\(row.blijvend)</td><td class=\"n\">\(row.nieuw)</td>"
            out += "<td class=\"n\">\(change > 0 ? "+" : change < 0 ? "−" : "")\(abs(change))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
