import Foundation
import GRDB
import SchouwGeometry
import SchouwTestSupport
import Testing
@testable import SchouwStore
import SchouwCore
import SchouwFormats

/// The plan's lines are stored as GeoJSON through the formats module's codec, and a damaged value is an error.
@Suite struct StoredPlanTests {
    static let street = PlanStreet(
        name: "Tijmlaan", highway: "residential",
        line: [Coordinate(longitude: 5.7219607, latitude: 52.5194066), Coordinate(longitude: 5.7231, latitude: 52.5188)],
        lengthMeters: 95)

    @Test func streetLinesAreStoredAsGeoJSONLineStrings() throws {
        // Given a plan saved with one street
        let db = try Fixtures.memoryDatabase()
        try db.savePlan(try Fixtures.plan(), streets: [Self.street])
        // Then the stored value is the LineString written out by hand, and reads back the same
        let stored = try db.writer.read { try String.fetchOne($0, sql: "SELECT line_geojson FROM street") }
        #expect(stored == #"{"type":"LineString","coordinates":[[5.7219607,52.5194066],[5.7231,52.5188]]}"#)
        #expect(try db.streets() == [Self.street])
    }

    @Test(arguments: [
        "{\"type\":\"LineString\",\"coordinates\":[[5.72,52.51],[5.73", "[]", "{\"type\":\"Point\",\"coordinates\":[5.72,52.51]}", "",
    ])
    func aDamagedStreetLineIsAnErrorNotAnEmptyStreet(_ damaged: String) throws {
        // Given a stored street whose line was damaged
        let db = try Fixtures.memoryDatabase()
        try db.savePlan(try Fixtures.plan(), streets: [Self.street])
        try db.writer.write { try $0.execute(sql: "UPDATE street SET line_geojson = ?", arguments: [damaged]) }
        // When the streets are read, then the store reports an internal failure naming the street
        let error = try #require(throws: StoreError.self) { try db.streets() }
        guard case .library(let message) = error else {
            Issue.record("expected StoreError.library, got \(error)")
            return
        }
        #expect(message.hasPrefix("the stored line of street 1 "), "\(message)")
        #expect(!error.isBadInput)
    }

    @Test func aDamagedRouteLineIsAnErrorToo() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        let group = try #require(try db.plan().first?.name)
        try db.writer.write { try $0.execute(sql: "UPDATE route SET line_geojson = 'not json' WHERE group_name = ?", arguments: [group]) }
        let error = try #require(throws: StoreError.self) { try db.plan() }
        #expect(error.description.contains("the stored line of the route of \(group)"), "\(error)")
    }

    @Test func theStoredTaxonomyReadsBackWhole() throws {
        // The taxonomy is stored and read through the same JSON codec as every other file.
        let db = try Fixtures.memoryDatabase()
        #expect(try db.taxonomy() == Taxonomy.standard)
        let stored = try db.writer.read { try String.fetchOne($0, sql: "SELECT taxonomy_json FROM schouw") } ?? ""
        let json = try JSONValue.read(Data(stored.utf8))
        #expect(json["categories"]?.arrayValue?.count == Taxonomy.standard.categories.count)
        #expect(json["levels"]?["crow"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == ["A+", "A", "B", "C", "D"])
    }

    @Test(arguments: [
        (#"{"name":"x","version":1,"levels":{"crow":[]},"categories":[{"code":"a","nl":"A"}]}"#, "missing field 'en' at .categories[0]"),
        (#"{"name":"x","version":"1","levels":{},"categories":[]}"#, "wrong type at .version"),
        // 51 characters: the object is not closed at column 52.
        (#"{"name":"x","version":1,"levels":{},"categories":[]"#, "line 1, column 52: not valid JSON: expected ',' or '}', found end of input"),
    ])
    func aBrokenTaxonomyFileNamesWhatIsWrong(_ text: String, _ reason: String) throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("taxonomy.json")
        try Data(text.utf8).write(to: url)
        let error = try #require(throws: StoreError.self) { try Taxonomy.read(contentsOf: url) }
        guard case .invalidTaxonomy(let path, let message) = error else {
            Issue.record("expected invalidTaxonomy, got \(error)")
            return
        }
        #expect(path == url.path)
        #expect(message.en == reason)
    }
}
