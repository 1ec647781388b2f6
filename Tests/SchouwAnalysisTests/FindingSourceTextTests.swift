import Foundation
import Testing
import SchouwAnalysis
import SchouwFormats
import SchouwGeometry

/// Messages name a finding read from a file by its file, feature number and id.
@Suite struct FindingSourceTextTests {
    @Test func findingsFromAFileAreNamedByFileFeatureAndID() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-finding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("punten.geojson")
        let point = #""geometry":{"type":"Point","coordinates":[5.72,52.52]}"#
        let text = #"{"type":"FeatureCollection","features":["#
            + #"{"type":"Feature","id":"a7","properties":{"id":1},"# + point + "},"
            + #"{"type":"Feature","properties":{"id":12},"# + point + "},"
            + #"{"type":"Feature","properties":{},"# + point + "}]}"
        try Data(text.utf8).write(to: url)
        let findings = try Finding.load(url: url)
        #expect(findings.map(\.source) == ["punten.geojson: feature 0 (id a7)", "punten.geojson: feature 1 (id 12)", "punten.geojson: feature 2"])
        #expect(Finding(rd: Coordinate(x: 1, y: 2), properties: [:], source: "database: observation 3f2a").source == "database: observation 3f2a")
        #expect(throws: AnalysisError.missingWeightField(source: "punten.geojson: feature 0 (id a7)", field: "gewicht")) {
            _ = try FindingWeight.field("gewicht").weights(findings)
        }
    }
}
