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
}
