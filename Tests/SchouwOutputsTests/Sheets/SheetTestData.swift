import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwNetwork
@testable import SchouwOutputs
import SchouwCore
import SchouwFormats

/// The demo data and the shared real data, found from this file's location.
enum SheetTestData {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geodata = root.appendingPathComponent("geodata")
    static let karhula = root.deletingLastPathComponent().appendingPathComponent("shared/data/karhula.osm")
    static var hasKarhula: Bool { FileManager.default.fileExists(atPath: karhula.path) }

    /// Plans and writes a request into a fresh temporary folder.
    static func run(_ request: PlanRequest) throws -> PlanJob.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-sheets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        return try PlanJob.run(request, outputFolder: folder)
    }

    /// The demo buurt Kruidentuin-Noord in three groups, with names and a title that need escaping.
    static func demo(scale: QualityScale = .crow, language: Language = .nl) throws -> PlanJob.Result {
        var options = PlanOptions()
        options.groups = .count(3)
        return try run(PlanRequest(
            streets: geodata.appendingPathComponent("streets.osm"), area: geodata.appendingPathComponent("buurten.geojson"),
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
