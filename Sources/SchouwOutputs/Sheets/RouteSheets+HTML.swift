import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

extension RouteSheets {
    /// The sheets as one self-contained HTML file for A4 print: inline CSS and SVG, nothing fetched from
    /// the network, black-and-white friendly (dashes and patterns, never colour alone).
    ///
    /// Each group gets an even number of pages of fixed height (``SheetLayout``), so that printed on both
    /// sides every group starts on the front of a new sheet and no sheet holds two groups; a walk of up
    /// to two hours fits on one sheet.
    /// - Throws: PROJ errors while projecting the map.
    public func html() throws -> String {
        let content = RouteMapContent(plan: plan)
        var out = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.escape(title))</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>

            """
        for index in plan.groups.indices {
            out += sheet(index, map: try SheetMap(content: content, focus: index))
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// How a group's sheet is cut into pages: which step rows go on the front and on continuation
    /// pages, which checkpoints on each back page, and whether the map is drawn smaller to make room.
    /// The capacities are in rows of known height, with room to spare for wider fonts (DejaVu Sans).
    struct SheetLayout {
        /// Row ranges of the turn-by-turn table per page: the first on the front, the rest on pages after it.
        var stepPages: [Range<Int>]
        /// Checkpoint ranges per back page.
        var checkPages: [Range<Int>]
        /// The last step rows, when they fit above the checklist on the back.
        var backSteps: Range<Int>?
        /// The checklist in one row per checkpoint, the note beside the boxes.
        var compactChecks: Bool
        var compactMap: Bool
        var rowMillimetres: Double
        var pairMillimetres: Double
        /// Front, step continuations and backs; a blank page is added when this is odd.
        var pageCount: Int { stepPages.count + checkPages.count }

        /// How many row units a text takes in a column that holds about `perLine` characters.
        static func units(_ text: String, perLine: Int) -> Double {
            text.count <= perLine ? 1 : 1 + Double((text.count - 1) / perLine) * 0.9
        }

        /// Cuts `units` into ranges whose sums stay within `first` for the first range and `rest` after.
        static func chunks(_ units: [Double], first: Double, rest: Double) -> [Range<Int>] {
            var ranges: [Range<Int>] = []
            var start = 0
            var used = 0.0
            for (i, u) in units.enumerated() {
                let limit = ranges.isEmpty ? first : rest
                if used + u > limit && i > start {
                    ranges.append(start..<i)
                    start = i
                    used = 0
                }
                used += u
            }
            ranges.append(start..<units.count)
            return ranges
        }

        init(rows: [StepRow], instructions: [String], checkpointStreets: [String]) {
            // Turn-by-turn rows: the columns have fixed widths; an instruction longer than about 52
            // characters or a street name longer than about 24 takes a second line (DejaVu Sans, wider than Liberation Sans).
            let stepUnits = zip(rows, instructions).map { row, instruction in
                max(Self.units(instruction, perLine: 52), Self.units(row.street, perLine: 24))
            }
            let total = stepUnits.reduce(0, +)
            // Front: 275 mm less header, facts and legend (about 60 mm when a wide font wraps the facts)
            // and the table head: about 100 mm of rows under the full map (109 mm high), 140 mm under the
            // smaller one (72 mm).
            let fullMapRows = 100.0 / 4.6
            let smallMapRows = 140.0 / 4.5
            compactMap = total > fullMapRows
            rowMillimetres = compactMap ? 4.5 : min(6, max(4.6, 100 / max(total, 1)))
            let frontRows = compactMap ? smallMapRows : fullMapRows
            var pages = Self.chunks(stepUnits, first: frontRows, rest: 250 / 4.5)

            // Checklist: per checkpoint a row of boxes and a line for a note, 14 mm at most and 11 mm at
            // least (a street name longer than about 16 characters takes more); when that does not fit,
            // the compact layout: one row of 7 mm per checkpoint with the note beside the boxes. A back
            // page has about 195 mm for them (its heading, the table head and the footer take the rest).
            let checkUnits = checkpointStreets.map { Self.units($0, perLine: 16) }
            let checkTotal = checkUnits.reduce(0, +)
            let count = Double(checkpointStreets.count)
            let back = 195.0
            backSteps = nil
            compactChecks = false
            // A few rows more than the front holds go to the top of the back (heading and table head
            // 12 mm) when the checklist still fits beside them.
            if pages.count == 2 {
                let room = back - 12 - stepUnits[pages[1]].reduce(0, +) * 4.5
                if room >= checkTotal * 11 || room >= count * 7 {
                    backSteps = pages[1]
                    pages.removeLast()
                    compactChecks = room < checkTotal * 11
                    pairMillimetres = compactChecks ? 7 : min(14, room / max(checkTotal, 1))
                    checkPages = [0..<checkpointStreets.count]
                    stepPages = pages
                    return
                }
            }
            stepPages = pages
            if checkTotal * 11 <= back {
                pairMillimetres = min(14, back / max(checkTotal, 1))
                checkPages = [0..<checkpointStreets.count]
            } else {
                compactChecks = true
                pairMillimetres = 7
                checkPages = Self.chunks(Array(repeating: 1, count: checkpointStreets.count), first: (back / 7).rounded(.down), rest: (back / 7).rounded(.down))
            }
        }
    }

    func layout(_ index: Int) -> SheetLayout {
        let rows = stepRows(index)
        return SheetLayout(
            rows: rows, instructions: rows.map(\.instruction),
            checkpointStreets: plan.groups[index].checkpoints.map { wording.label($0.street, highway: checkpointHighway($0)) })
    }

    private func sheet(_ index: Int, map: SheetMap) -> String {
        let name = Markup.escape(outputs.groupNames[index])
        let layout = layout(index)
        let rows = stepRows(index)
        var pages: [String] = []
        // Front: title, facts, map and the first part of the turn-by-turn table.
        var front = "<header class=\"head\"><div class=\"badge\">\(name)</div><h1>\(Markup.escape(title))</h1></header>\n<dl class=\"facts\">\n"
        for fact in facts(index) {
            front += "<div><dt>\(Markup.escape(fact.label))</dt><dd>\(Markup.escape(fact.value))</dd></div>\n"
        }
        front += "</dl>\n<figure class=\"map-frame\(layout.compactMap ? " compact" : "")\">\n" + map.svg(group: index, wording: wording) + "\n"
            + legend + "</figure>\n"
        front += stepsTable(rows[layout.stepPages[0]], rowMillimetres: layout.rowMillimetres)
        pages.append("<div class=\"page side front\">\n" + front + "</div>\n")
        for range in layout.stepPages.dropFirst() {
            pages.append("<div class=\"page side front more\">\n<header class=\"head\"><div class=\"badge\">\(name)</div><h2>"
                + Markup.escape(language.pick("Route (vervolg)", "Route (continued)")) + "</h2></header>\n"
                + stepsTable(rows[range], rowMillimetres: 4.5) + "</div>\n")
        }
        // Back: the checklist, the footer on its last page.
        for (pageIndex, range) in layout.checkPages.enumerated() {
            var back = "<header class=\"head\"><div class=\"badge\">\(name)</div><h2>"
                + Markup.escape(language.pick("Controlepunten: wat zie je?", "Checkpoints: what do you see?"))
                + (pageIndex > 0 ? Markup.escape(language.pick(" (vervolg)", " (continued)")) : "") + "</h2></header>\n"
            if pageIndex == 0, let range = layout.backSteps {
                back += "<h3>" + Markup.escape(language.pick("Route (vervolg)", "Route (continued)")) + "</h3>\n"
                    + stepsTable(rows[range], rowMillimetres: 4.5)
            }
            if pageIndex == 0 {
                back += "<p class=\"how\">" + Markup.escape(layout.compactChecks
                    ? language.pick("Kruisje bij wat opvalt en bij het niveau; ernaast een korte notitie.",
                        "Tick what stands out and the level; a short note beside it.")
                    : language.pick("Kruisje bij wat opvalt en bij het niveau; eronder een korte notitie.",
                        "Tick what stands out and the level; a short note below."))
                    + " <b>" + Markup.escape(language.pick("Niveau: ", "Level: ") + levelLegend) + "</b></p>\n"
            }
            back += checksTable(index, range: range, pairMillimetres: layout.pairMillimetres, compact: layout.compactChecks)
            if pageIndex == layout.checkPages.count - 1 {
                back += "<footer class=\"enter\"><p><b>" + Markup.escape(language.pick("Na afloop invoeren.", "Entering observations afterwards."))
                    + "</b> " + entryInstructions(index).map(Markup.escape).joined(separator: " ") + "</p></footer>\n"
            }
            pages.append("<div class=\"page side back\">\n" + back + "</div>\n")
        }
        // An even number of pages, so that the next group starts on the front of a new sheet.
        if pages.count % 2 == 1 {
            pages.append("<div class=\"page blank\"><p>" + Markup.escape(language.pick(
                "Deze bladzijde is leeg, zodat de volgende groep op een nieuw vel begint.",
                "This page is left blank so that the next group starts on a new sheet.")) + "</p></div>\n")
        }
        return "<section class=\"sheet\" id=\"group-\(index + 1)\" data-group=\"\(name)\" data-pages=\"\(pages.count)\">\n"
            + pages.joined() + "</section>\n"
    }

    private var legend: String {
        let l = language
        let items: [(String, String)] = [
            ("<svg viewBox=\"0 0 44 14\"><path class=\"route own\" d=\"M2 7L40 7\"/><path class=\"arrows\" d=\"M30 7L23 0L26 7L23 14Z\"/></svg>",
             l.pick("jullie route, pijlen wijzen de looprichting", "your route; arrows show the way")),
            ("<svg viewBox=\"0 0 44 14\"><path class=\"route other\" d=\"M2 7L42 7\"/></svg>", l.pick("andere groepen", "other groups")),
            ("<svg viewBox=\"0 0 28 28\"><g class=\"checkpoint\"><circle cx=\"14\" cy=\"14\" r=\"11\"/><text x=\"14\" y=\"14\">1</text></g></svg>",
             l.pick("controlepunt", "checkpoint")),
            ("<svg viewBox=\"0 0 28 28\"><g class=\"start\"><rect x=\"1\" y=\"1\" width=\"26\" height=\"26\"/><text x=\"14\" y=\"14\">S</text></g></svg>",
             l.pick("start en einde", "start and finish")),
        ] + (plan.area == nil ? [] : [
            ("<svg viewBox=\"0 0 44 14\"><path class=\"area\" d=\"M2 7L42 7\"/></svg>", l.pick("buurtgrens", "buurt boundary"))
        ])
        return "<figcaption class=\"legend\">" + items.map { "<span>\($0.0) \(Markup.escape($0.1))</span>" }.joined(separator: " ")
            + "</figcaption>\n"
    }

    private func stepsTable(_ rows: ArraySlice<StepRow>, rowMillimetres: Double) -> String {
        let l = language
        var out = "<table class=\"steps\" style=\"--row: \(String(format: "%.2f", rowMillimetres))mm\">\n<thead><tr><th class=\"num\">\(l.pick("Stap", "Step"))</th>"
            + "<th class=\"num\">\(l.pick("Bij", "At"))</th><th>\(l.pick("Wat te doen", "Instruction"))</th>"
            + "<th>\(l.pick("Straat", "Street"))</th><th class=\"cp\">\(l.pick("Punt", "Point"))</th></tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr class=\"step\"><td class=\"num\">\(row.step)</td><td class=\"num\">\(row.atMeters)&nbsp;m</td>"
                + "<td>\(Markup.escape(row.instruction))</td><td>\(Markup.escape(row.street))</td><td class=\"cp\">"
                + row.checkpoints.map { "<span class=\"cpno\">\($0)</span>" }.joined(separator: " ") + "</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private func checksTable(_ index: Int, range: Range<Int>, pairMillimetres: Double, compact: Bool) -> String {
        let l = language
        let categories = settings.taxonomy.categories
        let columnCount = 3 + categories.count + levels.count
        let rotateLevels = levels.contains { $0.code.count > 2 }
        var out = "<table class=\"checks\(compact ? " compact" : "")\" style=\"--pair: \(String(format: "%.2f", pairMillimetres))mm\">\n<colgroup><col class=\"no\"><col class=\"where\">"
            + String(repeating: "<col class=\"cat\">", count: categories.count)
            + String(repeating: "<col class=\"\(rotateLevels ? "cat" : "lvl")\">", count: levels.count)
            + "<col class=\"photo\"></colgroup>\n<thead>\n<tr><th rowspan=\"2\" class=\"no\">Nr</th>"
            + "<th rowspan=\"2\" class=\"where\">\(l.pick("Straat", "Street"))</th>"
            + "<th colspan=\"\(categories.count)\" class=\"group-head\">\(l.pick("Wat valt op? (kruisje)", "What stands out? (tick)"))</th>"
            + "<th colspan=\"\(levels.count)\" class=\"group-head level\">\(l.pick("Niveau", "Level"))</th>"
            + "<th rowspan=\"2\" class=\"photo\">\(compact ? l.pick("Notitie, foto nr.", "Note, photo no.") : l.pick("Foto nr.", "Photo no."))</th></tr>\n<tr>"
        for category in categories {
            out += "<th class=\"rot\"><span>\(Markup.escape(category.label(l)))</span></th>"
        }
        for level in levels {
            out += rotateLevels
                ? "<th class=\"rot\"><span>\(Markup.escape(level.code))</span></th>"
                : "<th class=\"lvl\">\(Markup.escape(level.code))</th>"
        }
        out += "</tr>\n</thead>\n"
        for checkpoint in plan.groups[index].checkpoints[range] {
            let street = wording.label(checkpoint.street, highway: checkpointHighway(checkpoint))
            out += "<tbody class=\"checkpoint-rows\" data-number=\"\(checkpoint.number)\"><tr class=\"ticks\">"
                + "<td rowspan=\"\(compact ? 1 : 2)\" class=\"no\"><span class=\"cpno big\">\(checkpoint.number)</span>"
                + "<small>\(Int(checkpoint.distanceMeters.rounded()))&nbsp;m</small></td>"
                + "<td class=\"where\">\(Markup.escape(street))</td>"
                + String(repeating: "<td class=\"tick\"><span class=\"box\"></span></td>", count: categories.count + levels.count)
                + "<td class=\"photo\"></td></tr>\n"
                + (compact ? "</tbody>\n" : "<tr class=\"note\"><td colspan=\"\(columnCount - 1)\">\(l.pick("Notitie", "Note")):</td></tr></tbody>\n")
        }
        return out + "</table>\n"
    }

    /// Print styles: A4 with a page break per group and per side, large type, black and white.
    static let css = """
        @page { size: A4; margin: 10mm 11mm; }
        * { box-sizing: border-box; }
        html { font-family: "Liberation Sans", Arimo, Arial, Helvetica, "Nimbus Sans", "Nimbus Sans L", "DejaVu Sans Condensed", sans-serif; font-size: 11pt; color: #000; background: #fff; }
        body { margin: 0; }
        .page { height: 275mm; overflow: hidden; break-after: page; page-break-after: always; }
        .sheet:last-child > .page:last-child { break-after: auto; page-break-after: auto; }
        .blank p { text-align: center; margin-top: 125mm; font-size: 10pt; color: #444; }
        .head { display: flex; align-items: center; gap: 4mm; margin: 0 0 2mm; }
        .badge { background: #000; color: #fff; font-weight: bold; font-size: 17pt; padding: 1.5mm 4mm; border-radius: 2mm;
          white-space: nowrap; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        h1 { font-size: 19pt; margin: 0; line-height: 1.1; }
        h2 { font-size: 16pt; margin: 0; }
        h3 { font-size: 12pt; margin: 0 0 1mm; }
        .facts { display: grid; grid-template-columns: max-content minmax(0, 1.3fr) max-content minmax(0, 1fr); gap: 0.4mm 3mm;
          margin: 0 0 2mm; font-size: 11pt; }
        .facts div { display: contents; }
        .facts dt { font-weight: bold; }
        .facts dd { margin: 0; }
        .map-frame { margin: 0 0 2mm; }
        svg.map { display: block; width: 100%; height: auto; }
        .map-frame.compact svg.map { width: 66%; margin: 0 auto; }
        .legend { font-size: 9.5pt; margin-top: 1mm; display: flex; flex-wrap: wrap; gap: 1mm 5mm; }
        .legend span { display: inline-flex; align-items: center; gap: 1.5mm; }
        .legend svg { height: 4.5mm; width: auto; }
        \(SheetMap.css)
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 0.3mm solid #000; padding: 0.5mm 1.5mm; vertical-align: middle; }
        th { background: #e6e6e6; text-align: left; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .steps { font-size: min(10.5pt, calc(var(--row, 5.3mm) * 0.7)); line-height: 1.1; }
        .steps td { height: var(--row, 5.3mm); padding-top: 0.2mm; padding-bottom: 0.2mm; }
        .steps { table-layout: fixed; }
        .steps th:nth-child(1) { width: 11mm; } .steps th:nth-child(2) { width: 16mm; } .steps th:nth-child(3) { width: 96mm; }
        .steps th:nth-child(4) { width: 43mm; } .steps th:nth-child(5) { width: 22mm; }
        .steps .num { text-align: right; white-space: nowrap; }
        .steps .cp { white-space: nowrap; padding-top: 0; padding-bottom: 0; }
        .back .steps { margin-bottom: 2.5mm; }
        .steps .cpno { height: calc(var(--row, 5.3mm) - 0.8mm); min-width: calc(var(--row, 5.3mm) - 0.8mm);
          line-height: calc(var(--row, 5.3mm) - 1.5mm); font-size: 8.5pt; }
        .steps tbody tr:nth-child(even) td { background: #f2f2f2; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .cpno { display: inline-block; min-width: 5.5mm; height: 5.5mm; line-height: 5.1mm; border: 0.4mm solid #000;
          border-radius: 3mm; text-align: center; font-weight: bold; font-size: 9.5pt; background: #fff; padding: 0 0.5mm; }
        .cpno.big { min-width: 7.5mm; height: 7.5mm; line-height: 7mm; border-radius: 4mm; font-size: 12pt; }
        .how { font-size: 10pt; margin: 0 0 1.5mm; }
        .checks { font-size: 10pt; table-layout: fixed; border: 0.3mm solid #000; }
        .checks td.photo, .checks tr.note td { border-right: 0.3mm solid #000; }
        .checks thead { display: table-header-group; }
        .checks tbody { break-inside: avoid; page-break-inside: avoid; }
        .checks col.no { width: 12mm; } .checks col.where { width: 31mm; } .checks col.cat { width: 6.6mm; }
        .checks col.lvl { width: 7.4mm; }
        .checks .no { text-align: center; line-height: 1; }
        .checks .no small { display: block; font-size: 7.5pt; margin-top: 0.8mm; white-space: nowrap; }
        .checks .where { line-height: 1.1; overflow-wrap: anywhere; font-size: 9.5pt; }
                .checks .group-head { text-align: center; font-size: 9.5pt; }
        .checks th.rot { height: 25mm; padding: 0.5mm 0; vertical-align: bottom; overflow: hidden; }
        .checks th.rot span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; max-height: 24mm;
          overflow-wrap: anywhere; font-size: 8pt; font-weight: normal; line-height: 1.05; white-space: normal; text-align: left; }
        .checks th.lvl { text-align: center; vertical-align: bottom; padding: 0.5mm 0; font-size: 9.5pt; }
        .checks td.tick { text-align: center; padding: 0; }
        .box { display: inline-block; width: 4.4mm; height: 4.4mm; border: 0.35mm solid #000; background: #fff; vertical-align: middle; }
        .checks tr.ticks td { height: calc(var(--pair, 14mm) * 0.53); }
        .checks.compact tr.ticks td { height: 7mm; padding-top: 0; padding-bottom: 0; }
        .checks.compact .no small { display: none; }
        .checks.compact .cpno.big { min-width: 6.2mm; height: 6.2mm; line-height: 5.7mm; font-size: 10.5pt; }
        .checks.compact tbody { border-bottom: 0.3mm solid #000; }
        .checks tr.note td { height: calc(var(--pair, 14mm) * 0.47); font-size: 9pt; vertical-align: top; color: #000; border-top: 0.2mm dotted #000; }
        .enter { margin-top: 2.5mm; border: 0.5mm solid #000; padding: 1.5mm 3mm; font-size: 10.5pt; break-inside: avoid; }
        .enter p { margin: 0.5mm 0; }
        @media screen { body { max-width: 190mm; margin: 0 auto; padding: 6mm; }
          .page { height: auto; border-bottom: 1px dashed #999; padding-bottom: 6mm; margin-bottom: 6mm; } .blank { display: none; } }
        """
}
