import Foundation
import SchouwGeometry
import Testing
import SchouwCore
@testable import SchouwFormats

/// A FeatureCollection is read feature by feature (the parsed JSON of all features is never held at once);
/// it must read exactly what the whole-document parser reads.
@Suite struct GeoJSONStreamingTests {
    func streamed(_ text: String) throws -> (members: JSONObject, count: Int, elements: [JSONValue])? {
        var members = JSONObject()
        var count = -1
        var elements: [JSONValue] = []
        let done = try JSONValue.streamObject(Data(text.utf8), arrayMember: "features") { object, elementCount in
            members = object
            count = elementCount
        } element: { elements.append($0) }
        return done ? (members, count, elements) : nil
    }

    @Test func elementsAreCountedAndHandedOverInOrder() throws {
        // Strings holding brackets, braces, commas and escaped quotes must not confuse the scan for the array's end.
        let text = #"""
            {"type":"FeatureCollection","features":[ {"a":"],}{[\"x\\"}, [1,[2,3]], "y,z", 4 , {} ],"after":[true]}
            """#
        let result = try #require(try streamed(text))
        #expect(result.count == 5)
        #expect(result.elements == [["a": #"],}{["x\"#], [1, [2, 3]], "y,z", 4, [:]])
        #expect(Array(result.members.keys) == ["type", "after"])
        #expect(try streamed(#"{"features":[]}"#)?.count == 0)
        #expect(try streamed(#"{"features":[ ]}"#)?.elements.isEmpty == true)
    }

    @Test(arguments: [
        "[1, 2]", #"{"type":"FeatureCollection"}"#, #"{"features":{}}"#, #"{"features":[],"features":[]}"#,
        #"{"type":"A","type":"B","features":[]}"#, #"{"features":[]} x"#,
    ])
    func otherShapesAreLeftToTheWholeDocumentParser(text: String) throws {
        #expect(try streamed(text) == nil)
    }

    @Test func aRefusedMemberStopsBeforeTheRest() throws {
        var seen: [String] = []
        let done = try JSONValue.streamObject(Data(#"{"type":"Feature","geometry":{"broken":}"#.utf8), arrayMember: "features") {
            member, value in
            seen.append(member)
            return member != "type" || value == "FeatureCollection"
        } members: { _, _ in Issue.record("members of a refused object") } element: { _ in Issue.record("an element of a refused object") }
        // Stopped at "type", before the broken geometry.
        #expect(!done && seen == ["type"])
        #expect(try GeoJSONReader().read(data: Data(#"{"type":"Feature","properties":{},"geometry":null,"features":[]}"#.utf8)).features.count == 1)
    }

    @Test(arguments: [#"{"features":[1,]}"#, #"{"features":[1 2]}"#, #"{"features":["unterminated]}"#, #"{"features":[{"a":}]}"#])
    func syntaxErrorsInTheArrayAreThrown(text: String) {
        #expect(throws: (any Error).self) { _ = try streamed(text) }
    }

    @Test func crsAfterTheFeaturesStillDecidesHowPositionsAreRead() throws {
        // RD New metres would be out of range as degrees; the crs member comes last.
        let text = #"""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[155000,463000]}}],
             "bbox":[155000,463000,155000,463000],"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}}}
            """#
        let document = try GeoJSONReader().read(data: Data(text.utf8))
        #expect(document.crs == .rdNew)
        guard case .featureCollection(let collection, _) = document else {
            Issue.record("expected a FeatureCollection")
            return
        }
        #expect(collection.bbox == BoundingBox(minX: 155000, minY: 463000, maxX: 155000, maxY: 463000))
        #expect(collection.features == [Feature(geometry: .point(Coordinate(x: 155000, y: 463000)), properties: ["n": 1])])
    }

    @Test func errorsAreTheWholeDocumentParsersErrors() throws {
        // The third feature is out of range; the message names it as before, with the file.
        let point = #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5,52]}}"#
        let bad = #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[155000,463000]}}"#
        let text = #"{"type":"FeatureCollection","features":["# + [point, point, bad].joined(separator: ",") + "]}"
        do {
            _ = try GeoJSONReader().read(data: Data(text.utf8), fileName: "punten.geojson")
            Issue.record("expected an error")
        } catch {
            #expect(error.geoJSONProblem?.path == "features[2].geometry.coordinates")
            #expect(error.geoJSONProblem?.fileName == "punten.geojson")
        }
    }

    @Test func aWrittenCollectionReadsBackTheSame() throws {
        var rng = SeededGenerator(seed: 5)
        let features = (0..<500).map { i in
            Feature(
                id: i % 3 == 0 ? .string("f\(i)") : nil,
                geometry: .point(Coordinate(x: ((5 + .random(in: 0...1, using: &rng)) * 1e7).rounded() / 1e7, y: 52.5)),
                properties: ["i": .number(Double(i)), "text": .string("\"]}, \(i)"), "list": [1, [2]]])
        }
        let written = GeoJSONWriter().data(FeatureCollection(features: features))
        #expect(try GeoJSONReader().read(data: written).features == features)
    }
}

/// Strings are checked as UTF-8 whichever way they are read: plain ASCII, other valid UTF-8, or with escapes.
@Suite struct JSONStringEncodingTests {
    func read(_ bytes: [UInt8]) -> Result<JSONValue, JSONSyntaxError> {
        JSONValue.parse(Data(bytes))
    }

    @Test(arguments: [
        [0xFF], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0x61, 0xF8, 0x88, 0x80, 0x80, 0x80],
        [0x5C, 0x6E, 0xC3],  // an escape first, then a truncated é
    ] as [[UInt8]])
    func invalidUTF8IsRefused(inner: [UInt8]) {
        guard case .failure(let error) = read([0x22] + inner + [0x22]) else {
            Issue.record("accepted \(inner)")
            return
        }
        #expect(error.message.text(.en) == "string is not valid UTF-8")
    }

    @Test func validTextReadsAsItIs() throws {
        for text in ["Zwerfvuil", "Één zak vuil bij café €50", "🚶 ĳ", "a\\\"b"] {
            let value = try JSONValue.read(Data(("\"" + text + "\"").utf8))
            #expect(value == .string(text.replacingOccurrences(of: "\\\"", with: "\"")))
        }
    }
}

/// Features whose properties have the same names in the same order share one copy of the names, and
/// every feature keeps its own values.
@Suite struct SharedPropertyNamesTests {
    @Test func featuresKeepTheirOwnValuesAndOrder() throws {
        let text = #"{"type":"FeatureCollection","features":["#
            + #"{"type":"Feature","properties":{"a":1,"b":"x"},"geometry":null},"#
            + #"{"type":"Feature","properties":{"a":2,"b":"y"},"geometry":null},"#
            + #"{"type":"Feature","properties":{"b":"z","a":3},"geometry":null},"#
            + #"{"type":"Feature","properties":{},"geometry":null},"#
            + #"{"type":"Feature","properties":{"a":4,"b":"w"},"geometry":null}]}"#
        var features = try GeoJSON.read(data: Data(text.utf8)).features
        #expect(features.map(\.properties) == [["a": 1, "b": "x"], ["a": 2, "b": "y"], ["b": "z", "a": 3], [:], ["a": 4, "b": "w"]])
        #expect(features.map { Array($0.properties.keys) } == [["a", "b"], ["a", "b"], ["b", "a"], [], ["a", "b"]])
        // Changing one feature's properties leaves the others alone.
        features[1].properties["a"] = 20
        features[1].properties["c"] = true
        #expect(features[0].properties == ["a": 1, "b": "x"] && features[1].properties == ["a": 20, "b": "y", "c": true])
    }
}
