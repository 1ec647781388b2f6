import Foundation
import Testing

import SchouwCore
import SchouwFormats

/// An object that names a member twice means different things to different readers (the first wins, the
/// last wins, or it fails), so it is refused, naming the object's JSON path. Expected texts are written out
/// by hand; line and column counted by hand in the documents.
@Suite struct JSONDuplicateMemberTests {
    /// The GeoJSON problem `json` gives, or nil (recorded as an issue) when it reads or fails otherwise.
    func problem(_ json: String) -> FormatError.GeoJSONProblem? {
        do {
            _ = try GeoJSON.read(data: Data(json.utf8), fileName: "buurten.geojson")
            Issue.record("expected a GeoJSON problem for \(json)")
        } catch {
            if let problem = error.geoJSONProblem { return problem }
            Issue.record("expected a GeoJSON problem, got \(error)")
        }
        return nil
    }

    @Test func twoCoordinatesInOneGeometryNameTheGeometry() {
        let json = #"""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5.72,52.52]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5.72,52.52],"coordinates":[5.0,51.0]}}]}
            """#
        let found = problem(json)
        #expect(found?.path == "features[1].geometry")
        #expect(found?.reason == .duplicateMember("coordinates"))
        #expect(
            found?.message(.nl)
                == #"buurten.geojson: features[1].geometry: het lid "coordinates" staat twee keer in dit object; een naam mag maar één keer voorkomen"#)
        #expect(
            found?.message(.en)
                == #"buurten.geojson: features[1].geometry: the member "coordinates" occurs twice in this object; a name may occur only once"#)
    }

    @Test(
        "every object is checked, whatever the values",
        arguments: [
            // A buurt property twice.
            (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"BU1","buurtnaam":"A","buurtcode":"BU2"},"geometry":null}]}"#,
             "features[0].properties", "buurtcode"),
            // The same value twice is still two members.
            (#"{"type":"Point","coordinates":[5,52],"coordinates":[5,52]}"#, "", "coordinates"),
            // A name spelled once with an escape is the same name.
            (#"{"type":"Point","coordinates":[5,52],"co\u006Frdinates":[6,53]}"#, "", "coordinates"),
            // Inside an array inside an object.
            (#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[5,52]},{"type":"Point","type":"Point","coordinates":[5,52]}]}"#,
             "geometries[1]", "type"),
            // In a foreign member nobody reads.
            (#"{"type":"Point","coordinates":[5,52],"extra":{"a":[{"b":1,"b":1}]}}"#, "extra.a[0]", "b"),
        ])
    func duplicateAnywhere(json: String, path: String, member: String) {
        let found = problem(json)
        #expect(found?.path == path)
        #expect(found?.reason == .duplicateMember(member))
        #expect(found?.line == nil)
    }

    @Test func theSameNameInTwoObjectsIsFine() throws {
        let value = try JSONValue.read(Data(#"{"a":{"x":1},"b":{"x":2},"c":[{"x":3},{"x":4}]}"#.utf8))
        #expect(value["b"]?["x"] == 2)
    }

    @Test func otherJSONGivesLineColumnAndPath() {
        let json = """
            {
             "categories": [
              {"code": "A"},
              {"code": "B", "code": "C"}
             ]
            }
            """
        #expect(throws: FormatError.notJSON(
            file: "taxonomy.json", line: 4, column: 17,
            reason: Phrase(#"het lid "code" staat twee keer in categories[1]"#, #"the member "code" occurs twice in categories[1]"#))
        ) {
            try JSONValue.read(Data(json.utf8), file: "taxonomy.json")
        }
        #expect(throws: FormatError.notJSON(
            file: nil, line: 1, column: 12,
            reason: Phrase(
                #"het lid "name" staat twee keer in het object op het hoogste niveau"#,
                #"the member "name" occurs twice in the top-level object"#))
        ) {
            try JSONValue.read(Data(#"{"name":1, "name":2}"#.utf8))
        }
        do {
            _ = try JSONValue.read(Data(json.utf8), file: "taxonomy.json")
        } catch {
            #expect(
                error.message(.nl)
                    == #"taxonomy.json: regel 4, kolom 17: geen geldige JSON: het lid "code" staat twee keer in categories[1]"#)
        }
    }
}
