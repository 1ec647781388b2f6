import Foundation
import SchouwGeometry
import Testing
import SchouwCore
import SchouwFormats

/// A broken document, the message fragment it must produce, and where.
struct MalformedDocument: CustomTestStringConvertible, Sendable {
    var name: String
    var json: String
    var fragment: String
    var path: String
    var testDescription: String { name }
}

/// `{"type":"FeatureCollection","features":[…]}` around the given feature texts.
private func collection(_ features: String...) -> String {
    #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
}

/// A feature with the given geometry text.
private func feature(_ geometry: String) -> String {
    #"{"type":"Feature","properties":{},"geometry":"# + geometry + "}"
}

private let goodPoint = feature(#"{"type":"Point","coordinates":[5.5,52.5]}"#)

let malformedDocuments: [MalformedDocument] = [
    MalformedDocument(
        name: "top level is an array", json: "[1, 2]", fragment: "expected a JSON object, found an array", path: ""),
    MalformedDocument(
        name: "no type", json: #"{"features": []}"#, fragment: #"missing the "type" member"#, path: ""),
    MalformedDocument(
        name: "type is a number", json: #"{"type": 7}"#, fragment: #""type" must be a string, found a number"#,
        path: "type"),
    MalformedDocument(
        name: "unknown type", json: #"{"type": "Feature Collection", "features": []}"#,
        fragment: #"unknown GeoJSON type "Feature Collection"; expected one of FeatureCollection, Feature, Point"#,
        path: "type"),
    MalformedDocument(
        name: "collection without features", json: #"{"type": "FeatureCollection"}"#,
        fragment: #"a FeatureCollection needs a "features" array, found no such member"#, path: "features"),
    MalformedDocument(
        name: "features is an object", json: #"{"type": "FeatureCollection", "features": {}}"#,
        fragment: #"a FeatureCollection needs a "features" array, found an object"#, path: "features"),
    MalformedDocument(
        name: "a Point where a Feature belongs", json: collection(#"{"type":"Point","coordinates":[5,52]}"#),
        fragment: "a Point is not allowed here; expected a Feature", path: "features[0].type"),
    MalformedDocument(
        name: "feature element is a string", json: collection(goodPoint, #""Feature""#),
        fragment: "expected a JSON object, found a string", path: "features[1]"),
    MalformedDocument(
        name: "feature without geometry", json: collection(#"{"type":"Feature","properties":{}}"#),
        fragment: #"a Feature needs a "geometry" member (it may be null)"#, path: "features[0]"),
    MalformedDocument(
        name: "properties is an array", json: collection(#"{"type":"Feature","geometry":null,"properties":[1]}"#),
        fragment: #""properties" must be an object or null, found an array"#, path: "features[0].properties"),
    MalformedDocument(
        name: "id is a boolean", json: collection(#"{"type":"Feature","id":true,"geometry":null,"properties":{}}"#),
        fragment: #""id" must be a string or a number, found a boolean"#, path: "features[0].id"),
    MalformedDocument(
        name: "coordinates missing", json: collection(feature(#"{"type":"Point"}"#)),
        fragment: #"a Point needs a "coordinates" member"#, path: "features[0].geometry"),
    MalformedDocument(
        name: "polygon with line nesting",
        json: collection(feature(#"{"type":"Polygon","coordinates":[[5,52],[6,52],[6,53],[5,52]]}"#)),
        fragment: "coordinates nested wrongly: expected a position [x, y], found a number",
        path: "features[0].geometry.coordinates[0][0]"),
    MalformedDocument(
        name: "point with nested array", json: #"{"type":"Point","coordinates":[[5,52]]}"#,
        fragment: "expected a position [x, y], found an array of arrays", path: "coordinates"),
    MalformedDocument(
        name: "multipolygon coordinates is a number", json: #"{"type":"MultiPolygon","coordinates":5}"#,
        fragment: "expected an array of Polygons, found a number", path: "coordinates"),
    MalformedDocument(
        name: "position with one number", json: #"{"type":"Point","coordinates":[5]}"#,
        fragment: "a position needs at least 2 numbers, found 1", path: "coordinates"),
    MalformedDocument(
        name: "ordinate is a string", json: #"{"type":"LineString","coordinates":[[5,52],["6",52]]}"#,
        fragment: "an ordinate must be a number, found a string", path: "coordinates[1][0]"),
    MalformedDocument(
        name: "ordinate overflows", json: #"{"type":"Point","coordinates":[5,52,1e400]}"#,
        fragment: "an ordinate must be a finite number", path: "coordinates[2]"),
    MalformedDocument(
        name: "RD New metres without crs", json: collection(feature(#"{"type":"Point","coordinates":[155000,463000]}"#)),
        fragment: "is outside WGS84 longitude/latitude (|longitude| ≤ 180, |latitude| ≤ 90); looks like RD New metres — add a crs member or convert",
        path: "features[0].geometry.coordinates"),
    MalformedDocument(
        name: "latitude beyond the pole", json: #"{"type":"Point","coordinates":[5,90.5]}"#,
        fragment: "position [5, 90.5] is outside WGS84 longitude/latitude", path: "coordinates"),
    MalformedDocument(
        name: "ring of 3 positions in feature 12",
        json: collection(
            goodPoint, goodPoint, goodPoint, goodPoint, goodPoint, goodPoint, goodPoint, goodPoint, goodPoint,
            goodPoint, goodPoint, goodPoint,
            feature(#"{"type":"Polygon","coordinates":[[[5,52],[6,52],[5,52]]]}"#)),
        fragment: "a linear ring needs at least 4 positions, found 3", path: "features[12].geometry.coordinates[0]"),
    MalformedDocument(
        name: "hole not closed",
        json: #"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,2]]]}"#,
        fragment: "a linear ring must be closed: it starts at [1, 1] but ends at [1, 2]", path: "coordinates[1]"),
    MalformedDocument(
        name: "LineString of one position", json: #"{"type":"LineString","coordinates":[[5,52]]}"#,
        fragment: "a LineString needs at least 2 positions, found 1", path: "coordinates"),
    MalformedDocument(
        name: "unknown crs name",
        json: #"{"type":"Point","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::banana"}},"coordinates":[1,2]}"#,
        fragment: #"unknown crs name "urn:ogc:def:crs:EPSG::banana""#, path: "crs.properties.name"),
    MalformedDocument(
        name: "crs is a string", json: #"{"type":"Point","crs":"EPSG:28992","coordinates":[1,2]}"#,
        fragment: #"malformed "crs" member: found a string"#, path: "crs"),
    MalformedDocument(
        name: "geometries is an object", json: #"{"type":"GeometryCollection","geometries":{}}"#,
        fragment: #"a GeometryCollection needs a "geometries" array, found an object"#, path: "geometries"),
    MalformedDocument(
        name: "a Feature inside geometries",
        json: #"{"type":"GeometryCollection","geometries":[{"type":"Feature","geometry":null}]}"#,
        fragment: "a Feature is not allowed here; expected one of Point, MultiPoint", path: "geometries[0].type"),
    MalformedDocument(
        name: "bbox of 3 numbers", json: #"{"type":"FeatureCollection","bbox":[1,2,3],"features":[]}"#,
        fragment: #""bbox" must be an array of 4 or 6 finite numbers, found 3 numbers"#, path: "bbox"),
    MalformedDocument(
        name: "bbox is a string", json: collection(#"{"type":"Feature","bbox":"x","geometry":null}"#),
        fragment: #""bbox" must be an array of 4 or 6 finite numbers, found a string"#, path: "features[0].bbox"),
]

/// Broken JSON, the message fragment and the position it must report.
struct BrokenJSON: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var fragment: String
    var line: Int
    var column: Int
    var testDescription: String { name }
}

let brokenJSON: [BrokenJSON] = [
    BrokenJSON(
        name: "comma instead of a member", text: "{\"type\": \"Feature\",\n  \"geometry\": null,\n  \"properties\": {,}}",
        fragment: "expected a member name in double quotes, found character ','", line: 3, column: 18),
    BrokenJSON(name: "empty file", text: "", fragment: "the input is empty", line: 1, column: 1),
    BrokenJSON(
        name: "trailing comma", text: #"{"a": [1, 2,]}"#, fragment: "trailing comma before ']'", line: 1, column: 13),
    BrokenJSON(
        name: "NaN literal", text: "{\n\"a\": NaN}", fragment: "expected a value, found character 'N'", line: 2,
        column: 6),
    BrokenJSON(
        name: "unterminated string", text: #"{"type": "Featu"#, fragment: "unterminated string", line: 1, column: 10),
    BrokenJSON(
        name: "truncated file", text: "{\"type\": \"Point\", \"coordinates\": [5.1,\n", fragment:
            "expected a value, found end of input", line: 2, column: 1),
    BrokenJSON(
        name: "two documents", text: "{}\n{}", fragment: "unexpected character '{' after the JSON value", line: 2,
        column: 1),
    BrokenJSON(
        name: "column counts characters, not bytes", text: #"{"naam": "Zuiderzeeĳ" x}"#,
        fragment: "expected ',' or '}', found character 'x'", line: 1, column: 23),
]

@Suite("GeoJSON reader")
struct GeoJSONReaderTests {
    @Test("malformed GeoJSON gives a specific message and the JSON path", arguments: malformedDocuments)
    func malformed(_ document: MalformedDocument) {
        #expect {
            try GeoJSON.read(data: Data(document.json.utf8), fileName: "buurten.geojson")
        } throws: { error in
            guard let error = (error as? FormatError)?.geoJSONProblem else { return false }
            let location = document.path.isEmpty ? "top level" : document.path
            return error.path == document.path && error.fileName == "buurten.geojson"
                && error.description.contains(document.fragment)
                && error.description.hasPrefix("buurten.geojson: \(location): ")
        }
    }

    @Test("the brief's example message comes out word for word")
    func exampleMessage() {
        let example = malformedDocuments.first { $0.name == "ring of 3 positions in feature 12" }
        do {
            _ = try GeoJSON.read(data: Data((example?.json ?? "").utf8), fileName: "buurten.geojson")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "buurten.geojson: features[12].geometry.coordinates[0]: a linear ring needs at least 4 positions, found 3")
        }
    }

    @Test("a position outside WGS84 that is not RD-like gets no RD hint")
    func noRDHintForOtherNonsense() {
        do {
            _ = try GeoJSON.read(data: Data(#"{"type":"Point","coordinates":[200,10]}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("RD New"))
            #expect(error.description.hasPrefix("coordinates: position [200, 10] is outside WGS84"))
        }
    }

    @Test("broken JSON is reported with line and column", arguments: brokenJSON)
    func brokenJSONPosition(_ broken: BrokenJSON) {
        do {
            _ = try GeoJSON.read(data: Data(broken.text.utf8), fileName: "kapot.geojson")
            Issue.record("expected an error")
        } catch {
            #expect(error.geoJSONProblem?.line == broken.line)
            #expect(error.geoJSONProblem?.column == broken.column)
            #expect(error.description.hasPrefix("kapot.geojson: line \(broken.line), column \(broken.column): not valid JSON: "))
            #expect(error.description.contains(broken.fragment))
        }
    }

    @Test("a missing file is reported by name")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/schouw/buurten.geojson")
        do {
            _ = try GeoJSON.read(contentsOf: url)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("buurten.geojson: cannot read the file: "))
        }
    }

    @Test("invalid UTF-8 and absurd nesting are errors, not crashes")
    func hostileInput() {
        /// Whether `error` says the bytes are not JSON, for `detail`.
        func isNotJSON(_ error: any Error, _ detail: String) -> Bool {
            if case .notJSON(let text) = (error as? FormatError)?.geoJSONProblem?.reason { text.en.contains(detail) } else { false }
        }
        #expect {
            try GeoJSON.read(data: Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]))
        } throws: { isNotJSON($0, "not valid UTF-8") }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect { try GeoJSON.read(data: Data(deep.utf8)) } throws: { isNotJSON($0, "nesting deeper than") }
    }

    @Test(
        "legacy crs members are read",
        arguments: [
            ("urn:ogc:def:crs:EPSG::28992", CRS.rdNew), ("EPSG:28992", .rdNew),
            ("urn:ogc:def:crs:OGC:1.3:CRS84", .wgs84), ("urn:ogc:def:crs:EPSG::4258", CRS(epsg: 4258)),
        ])
    func legacyCRS(name: String, expected: CRS) throws {
        let json = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"\#(name)"}},"features":["#
            + #"{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[5,52]}}]}"#
        let document = try GeoJSON.read(data: Data(json.utf8))
        #expect(document.crs == expected)
        #expect(document.features.first?.properties == [:])
    }

    @Test("RD New coordinates pass when the crs member says so, or the reader is told")
    func rdCoordinates() throws {
        let bare = #"{"type":"Point","coordinates":[155000,463000]}"#
        let told = try GeoJSONReader(defaultCRS: .rdNew).read(data: Data(bare.utf8))
        #expect(told == .geometry(.point(Coordinate(x: 155000, y: 463000)), crs: .rdNew))
        let epsgForm = #"{"type":"Point","crs":{"type":"EPSG","properties":{"code":28992}},"coordinates":[155000,463000]}"#
        #expect(try GeoJSON.read(data: Data(epsgForm.utf8)).crs == .rdNew)
    }

    @Test("foreign members are ignored and extra ordinates dropped")
    func foreignMembersAndElevation() throws {
        let json = """
            {"type": "FeatureCollection", "title": "Buurten", "name": {"nested": [1, 2]},
             "features": [{"type": "Feature", "id": "BU09951111", "when": "2017", "properties": {"a": 1},
               "geometry": {"type": "LineString", "extra": true, "coordinates": [[5.1, 52.1, 3.5], [5.2, 52.2, 4, 7]]}}]}
            """
        let document = try GeoJSON.read(data: Data(json.utf8))
        let expected = Feature(
            id: "BU09951111", geometry: .lineString(LineString([Coordinate(x: 5.1, y: 52.1), Coordinate(x: 5.2, y: 52.2)])),
            properties: ["a": 1])
        #expect(document == .featureCollection(FeatureCollection(features: [expected])))
    }

    @Test("booleans stay booleans, numbers numbers, and member order is kept")
    func propertyKinds() throws {
        let json = #"{"type":"Feature","geometry":null,"properties":{"z":true,"y":1,"x":0,"w":false,"v":null,"u":"1","t":[{"a":[]}]}}"#
        let properties = try GeoJSON.read(data: Data(json.utf8)).features.first?.properties
        #expect(properties.map { Array($0.keys) } == ["z", "y", "x", "w", "v", "u", "t"])
        #expect(properties?["z"] == .bool(true))
        #expect(properties?["y"] == .number(1))
        #expect(properties?["x"] == .number(0))
        #expect(properties?["w"] == .bool(false))
        #expect(properties?["v"] == .null)
        #expect(properties?["u"] == .string("1"))
        #expect(properties?["t"] == [["a": []]])
    }

    @Test("numbers parse exactly like Double(String) (seeded random oracle)")
    func numberParsingMatchesOracle() throws {
        var generator = SeededGenerator(seed: 28992)
        var texts: [String] = ["0", "-0", "0.1", "1e22", "1e23", "123456789012345678", "0.30000000000000004",
            "4.9e-324", "1.7976931348623157e308", "5.4924859", "-179.9999999", "1E+2", "2.5e-3"]
        for _ in 0..<2_000 {
            let bits = generator.next()
            let value = Double(bitPattern: bits)
            if value.isFinite { texts.append(value.description.replacingOccurrences(of: "e+", with: "e")) }
            let digits = Int(generator.next() % 9) + 1
            let decimal = Double(Int64(bitPattern: generator.next()) % 3_600_000_000) / 10_000_000
            texts.append(String(format: "%.\(digits)f", decimal))
        }
        let json = #"{"type":"Feature","geometry":null,"properties":{"n":["# + texts.joined(separator: ",") + "]}}"
        let parsed = try GeoJSON.read(data: Data(json.utf8)).features.first?.properties["n"]?.arrayValue ?? []
        #expect(parsed.count == texts.count)
        for (text, value) in zip(texts, parsed) {
            #expect(value.doubleValue == Double(text), "\(text)")
        }
    }
}

