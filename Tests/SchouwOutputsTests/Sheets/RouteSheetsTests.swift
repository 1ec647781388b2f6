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
        #expect(html.contains(".sheet { break-after: page; page-break-after: always; }"))
        #expect(SheetTestData.count("class=\"route own\" data-group=", in: html) == groups.count)
        #expect(SheetTestData.count("class=\"route other\" data-group=", in: html) == groups.count * (groups.count - 1))
        #expect(SheetTestData.count("<svg class=\"map\"", in: html) == groups.count)
        for (index, section) in sections.enumerated() {
            let text = String(section)
            #expect(text.contains("class=\"route own\" data-group=\"\(index + 1)\""))
            #expect(text.contains(Markup.escape(outputs.groupNames[index])))
            for step in groups[index].steps {
                #expect(text.contains("<td>\(Markup.escape(sheets.wording.instruction(step)))</td>"), "step \(step.number)")
            }
            #expect(text.contains(Markup.escape(sheets.wording.arrival)))
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
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("Kruidentuin-Noord · BU03039901"))
        #expect(html.contains("zaterdag 20 september 2025"))
        #expect(html.contains("Buurthuis &lt;Tijm&gt;"))
        #expect(html.contains("schouw.example.nl/kruidentuin"))
        #expect(html.contains("schouw observe add DB --group &quot;Groep &lt;A&gt;&quot; --checkpoint N"))
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
                #expect(parts[index].contains("| \(step.number) | "))
                #expect(parts[index].contains(Markdown.escape(sheets.wording.instruction(step))))
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
