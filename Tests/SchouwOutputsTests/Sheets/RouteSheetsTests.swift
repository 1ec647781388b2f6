import Foundation
import SchouwGeometry
import SchouwNetwork
import SchouwJobs
import SchouwTestSupport
import Testing
@testable import SchouwOutputs
import SchouwCore
import SchouwFormats

@Suite struct RouteSheetsTests {
    /// Every group's section holds its steps and checkpoints, its own map route and the others' faint routes.
    static func expectStructure(_ outputs: PlanOutputs) throws {
        let sheets = outputs.sheets
        let html = try sheets.html()
        let groups = outputs.plan.groups
        let sections = SheetTestData.pieces(html, from: "<section class=\"sheet\"", to: "</section>")
        #expect(sections.count == groups.count)
        // Pages of fixed height, each ending with a page break, an even number per group, the front first.
        let page = SheetTestData.cssRule(".page", in: html)
        #expect(page?["break-after"] == "page" && page?["height"] == "275mm" && page?["overflow"] == "hidden", "\(page ?? [:])")
        for section in sections {
            let pages = SheetTestData.count("<div class=\"page", in: String(section))
            #expect(pages % 2 == 0 && pages >= 2, "\(pages) pages")
            #expect(section.contains("data-pages=\"\(pages)\""))
            #expect(section.range(of: "<div class=\"page")?.lowerBound == section.range(of: "<div class=\"page side front\">")?.lowerBound)
            #expect(SheetTestData.count("<div class=\"page side back\">", in: String(section)) >= 1)
        }
        #expect(SheetTestData.count("class=\"route own\" data-group=", in: html) == groups.count)
        #expect(SheetTestData.count("class=\"route other\" data-group=", in: html) == groups.count * (groups.count - 1))
        #expect(SheetTestData.count("<svg class=\"map\"", in: html) == groups.count)
        for (index, section) in sections.enumerated() {
            let text = String(section)
            #expect(text.contains("class=\"route own\" data-group=\"\(index + 1)\""))
            #expect(text.contains(Markup.escape(outputs.groupNames[index])))
            // One row per step, numbered from 1, each instruction naming its street; then the way home.
            let rows = SheetTestData.stepRows(text)
            #expect(rows.map { $0.first } == (1...(groups[index].steps.count + 1)).map { "\($0)" })
            #expect(rows.allSatisfy { $0.count == 5 }, "step, metres, instruction, street, points")
            for (step, row) in zip(groups[index].steps, rows) where row.count == 5 {
                if let street = step.street {
                    #expect(row[2].contains(Markup.escape(street)) && row[3] == Markup.escape(street), "step \(step.number): \(row)")
                } else {
                    #expect(!row[2].isEmpty && !row[3].isEmpty, "step \(step.number): \(row)")
                }
            }
            #expect(rows.last?[2] == "Terug bij het startpunt")
            for checkpoint in groups[index].checkpoints {
                #expect(text.contains("<tbody class=\"checkpoint-rows\" data-number=\"\(checkpoint.number)\">"))
                #expect(text.contains("<g class=\"checkpoint\" data-number=\"\(checkpoint.number)\">"))
            }
            #expect(SheetTestData.count("<tbody class=\"checkpoint-rows\"", in: text) == groups[index].checkpoints.count)
            #expect(SheetTestData.count("<tr class=\"step\">", in: text) == groups[index].steps.count + 1)
        }
    }

    /// Nothing is fetched: no src/href attributes, no CSS url() or @import, no scripts, images or links.
    static func expectSelfContained(_ html: String, formURL: String?) {
        let lower = html.lowercased()
        for forbidden in ["src=", "href=", "url(", "@import", "<script", "<img", "<link", "<iframe", "<object"] {
            #expect(!lower.contains(forbidden), "found \(forbidden)")
        }
        var rest = html
        if let formURL { rest = rest.replacingOccurrences(of: Markup.escape(formURL), with: "") }
        #expect(!rest.contains("http://") && !rest.contains("https://"))
    }

    @Test func demoSheetsHaveEveryStepAndCheckpointAndOneRoutePerGroup() throws {
        let result = try SheetTestData.demo()
        try Self.expectStructure(result.outputs)
        let html = try result.outputs.sheets.html()
        Self.expectSelfContained(html, formURL: result.outputs.sheetSettings.formURL)
        #expect(SheetTestData.cssRule("@page", in: html)?["size"] == "A4")
        #expect(html.contains("Kruidentuin-Noord · BU03039901"))
        #expect(html.contains("zaterdag 20 september 2025"))
        #expect(html.contains("Buurthuis &lt;Tijm&gt;"))
        #expect(html.contains("schouw.example.nl/kruidentuin"))
        // A volunteer's sheet has no command lines: the web address and a field for the group's code.
        #expect(!html.contains("schouw observe") && !html.contains("<code"))
        #expect(html.contains("met de toegangscode van jullie groep: ____________."))
        #expect(!result.outputs.sheets.markdown().contains("schouw observe"))
    }

    /// A block of four streets, 200 m by 100 m, planned from its south-west corner: one walk round it.
    static func blockWalk(language: Language) throws -> PlanJob.Result {
        let streets = try GridStreets.osm(
            nodes: [1: (0, 0), 2: (2, 0), 3: (2, 1), 4: (0, 1)],
            ways: [
                (10, [1, 2], ["highway": "residential", "name": "Tijmlaan"]),
                (11, [2, 3], ["highway": "residential", "name": "Salieweg"]),
                (12, [3, 4], ["highway": "residential", "name": "Kervelstraat"]),
                (13, [4, 1], ["highway": "residential", "name": "Munthof"]),
            ])
        let corner = GridStreets.position(column: 0, row: 0)
        return try SheetTestData.run(PlanRequest(
            streets: streets, start: "\(corner.longitude),\(corner.latitude)", language: language,
            sheets: RouteSheetSettings(date: try #require(SheetDate(year: 2025, month: 9, day: 20)), meetingPointName: "Buurthuis")))
    }

    /// The rows of the block walk written out by hand, for either way round.
    static let blockRows: [Language: (anticlockwise: [String], clockwise: [String])] = [
        .nl: (
            ["Vertrek over de Tijmlaan", "Sla linksaf de Salieweg in", "Sla linksaf de Kervelstraat in", "Sla linksaf het Munthof in",
             "Terug bij het startpunt"],
            ["Vertrek over het Munthof", "Sla rechtsaf de Kervelstraat in", "Sla rechtsaf de Salieweg in", "Sla rechtsaf de Tijmlaan in",
             "Terug bij het startpunt"]
        ),
        .en: (
            ["Start along Tijmlaan", "Turn left onto Salieweg", "Turn left onto Kervelstraat", "Turn left onto Munthof",
             "Back at the meeting point"],
            ["Start along Munthof", "Turn right onto Kervelstraat", "Turn right onto Salieweg", "Turn right onto Tijmlaan",
             "Back at the meeting point"]
        ),
    ]

    @Test(arguments: [Language.nl, .en])
    func blockWalkSaysWhatToDoAtEveryCorner(language: Language) throws {
        let result = try Self.blockWalk(language: language)
        let rows = SheetTestData.stepRows(try result.outputs.sheets.html())
        #expect(rows.count == 5 && rows.allSatisfy { $0.count == 5 }, "\(rows)")
        let clockwise = rows.first?[3] == "Munthof"
        let expected = try #require(Self.blockRows[language])
        #expect(rows.map { $0[2] } == (clockwise ? expected.clockwise : expected.anticlockwise))
        let streets = ["Tijmlaan", "Salieweg", "Kervelstraat", "Munthof"]
        #expect(rows.map { $0[3] } == (clockwise ? streets.reversed() : streets) + ["Buurthuis"])
        // Metres walked when each row begins, from the ellipsoid's arcs (the sheet rounds to whole metres).
        let south = Ellipsoid.parallelArcMeters(latitude: GridStreets.originLatitude, degrees: 2 * GridStreets.longitudeStep)
        let north = Ellipsoid.parallelArcMeters(
            latitude: GridStreets.position(column: 0, row: 1).latitude, degrees: 2 * GridStreets.longitudeStep)
        let side = Ellipsoid.meridianArcMeters(from: GridStreets.originLatitude, degrees: GridStreets.latitudeStep)
        let legs = clockwise ? [side, north, side, south] : [south, side, north, side]
        let starts = legs.indices.map { legs[..<$0].reduce(0, +) } + [legs.reduce(0, +)]
        for (row, start) in zip(rows, starts) {
            let metres = Double(row[1].replacingOccurrences(of: "&nbsp;m", with: ""))
            #expect(metres.map { abs($0 - start) <= 0.5 + 1e-6 } == true, "\(row[1]) against \(start) m")
        }
        // The Markdown version has the same rows.
        let markdown = result.outputs.sheets.markdown()
        for (index, row) in rows.enumerated() {
            #expect(markdown.contains("| \(index + 1) | \(row[1].replacingOccurrences(of: "&nbsp;", with: " ")) | \(row[2]) | \(row[3]) | "))
        }
    }

    @Test func textIsEscaped() throws {
        let html = try SheetTestData.demo().outputs.sheets.html()
        #expect(html.contains("<title>Buurtschouw &lt;De Kruidentuin&gt; &amp; &#39;zo&#39;</title>"))
        #expect(html.contains("Groep &lt;A&gt;") && html.contains("Groep B &amp; co") && html.contains("Groep &quot;C&quot;"))
        for raw in ["<De Kruidentuin>", "Groep <A>", "B & co", "<Tijm>", "Groep \"C\""] {
            #expect(!html.contains(raw), "unescaped \(raw)")
        }
    }

    @Test func everyCategoryAndLevelIsOnEveryChecklist() throws {
        for scale in QualityScale.allCases {
            let result = try SheetTestData.demo(scale: scale)
            let html = try result.outputs.sheets.html()
            let taxonomy = SheetTaxonomy.standard
            for category in taxonomy.categories {
                #expect(SheetTestData.count("<span>\(Markup.escape(category.nl))</span></th>", in: html) == 3)
            }
            for level in taxonomy.levels(scale) {
                #expect(html.contains(">\(Markup.escape(level.code))</"), "\(scale) \(level.code)")
            }
            let boxesPerRow = taxonomy.categories.count + taxonomy.levels(scale).count
            let checkpoints = result.plan.groups.reduce(0) { $0 + $1.checkpoints.count }
            #expect(SheetTestData.count("<span class=\"box\"></span>", in: html) == checkpoints * boxesPerRow)
        }
    }

    @Test func markdownHasEveryStepAndCheckpointWithoutTheMap() throws {
        let result = try SheetTestData.demo()
        let sheets = result.outputs.sheets
        let markdown = sheets.markdown()
        let parts = markdown.components(separatedBy: "\n---\n")
        #expect(parts.count == result.plan.groups.count)
        for (index, group) in result.plan.groups.enumerated() {
            for step in group.steps {
                let row = parts[index].split(separator: "\n").first { $0.hasPrefix("| \(step.number) | ") }
                #expect(row != nil, "step \(step.number)")
                if let street = step.street { #expect(row?.contains(street) == true, "step \(step.number): \(row ?? "")") }
            }
            for checkpoint in group.checkpoints {
                #expect(parts[index].contains("### \(checkpoint.number). "))
            }
        }
        #expect(markdown.contains("Buurtschouw \\<De Kruidentuin\\> & 'zo' — Groep \\<A\\>"))
        #expect(!markdown.contains("<svg"))
        #expect(markdown.contains("[ ] A+"))
    }

    @Test func englishSheetsUseEnglishWords() throws {
        let html = try SheetTestData.demo(scale: .simple, language: .en).outputs.sheets.html()
        #expect(html.contains("Saturday 20 September 2025"))
        #expect(html.contains("Checkpoints: what do you see?"))
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains(">Waste</span>"))
    }

    @Test func planWritesTheSheetFiles() throws {
        let result = try SheetTestData.demo()
        #expect(result.files.map(\.lastPathComponent).suffix(2) == ["sheets.html", "sheets.md"])
    }

    @Test(.sharedData("karhula.osm"))
    func karhulaSheetsHaveEveryStepAndCheckpoint() throws {
        var options = PlanOptions()
        options.groups = .count(2)
        let result = try SheetTestData.run(PlanRequest(
            streets: TestPaths.shared("karhula.osm"), start: "Hiidenkirnuntie", options: options))
        try Self.expectStructure(result.outputs)
        let html = try result.outputs.sheets.html()
        Self.expectSelfContained(html, formURL: nil)
        SheetMapTests.expectInsideViewBox(html)
    }
}
