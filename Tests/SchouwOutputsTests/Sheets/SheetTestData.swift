import Foundation
import SchouwJobs
import SchouwTestSupport
import SchouwGeometry
import SchouwNetwork
@testable import SchouwOutputs
import SchouwCore
import SchouwFormats

/// Plans of the demo data for the route sheet tests, and ways to take the HTML apart.
enum SheetTestData {
    /// Plans and writes a request into a fresh temporary folder.
    static func run(_ request: PlanRequest) throws -> PlanJob.Result {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        return try PlanJob.run(request, outputFolder: folder)
    }

    /// The demo buurt Kruidentuin-Noord in three groups, with names and a title that need escaping.
    static func demo(scale: QualityScale = .crow, language: Language = .nl) throws -> PlanJob.Result {
        var options = PlanOptions()
        options.groups = .count(3)
        return try run(PlanRequest(
            streets: TestPaths.geodata("streets.osm"), area: TestPaths.geodata("buurten.geojson"),
            areaCode: "BU03039901", start: "Tijmlaan", groupNames: ["Groep <A>", "Groep B & co", "Groep \"C\""],
            title: "Buurtschouw <De Kruidentuin> & 'zo'", language: language, options: options,
            sheets: RouteSheetSettings(
                date: SheetDate(year: 2025, month: 9, day: 20) ?? .today(), meetingPointName: "Buurthuis <Tijm>",
                scale: scale, formURL: "https://schouw.example.nl/kruidentuin")))
    }

    /// All pieces of a text from `open` to the next `close`.
    static func pieces(_ text: String, from open: String, to close: String) -> [Substring] {
        var result: [Substring] = []
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            result.append(rest[start.lowerBound..<end.upperBound])
            rest = rest[end.upperBound...]
        }
        return result
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The cells of every turn-by-turn row of an HTML sheet: step, metres, instruction, street, points.
    static func stepRows(_ html: some StringProtocol) -> [[String]] {
        pieces(String(html), from: "<tr class=\"step\">", to: "</tr>").map { row in
            pieces(String(row), from: "<td", to: "</td>").map { cell in
                let content = cell.dropLast("</td>".count)
                return String(content[content.index(after: content.firstIndex(of: ">")!)...])
            }
        }
    }

    /// The declarations of the CSS rule for `selector` in the page's style sheet, as property → value.
    static func cssRule(_ selector: String, in html: String) -> [String: String]? {
        guard let style = pieces(html, from: "<style>", to: "</style>").first else { return nil }
        for rule in style.dropFirst("<style>".count).split(separator: "}") {
            let parts = rule.split(separator: "{", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespacesAndNewlines) == selector else { continue }
            var declarations: [String: String] = [:]
            for declaration in parts[1].split(separator: ";") {
                let pair = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                if pair.count == 2 { declarations[pair[0]] = pair[1] }
            }
            return declarations
        }
        return nil
    }
}
