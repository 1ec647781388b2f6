import Foundation
import OrderedCollections
import SchouwGeometry
import Testing
import SchouwCore
import SchouwFormats

/// A named geometry, so parameterised test cases read well in the test log.
struct NamedGeometry: CustomTestStringConvertible, Sendable {
    var name: String
    var geometry: Geometry?
    var testDescription: String { name }
}

private func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x: x, y: y) }

/// A counter-clockwise square from (x, y) with side `size`, corners on whole 1e-7 degrees so they survive rounding.
private func square(_ x: Double, _ y: Double, _ size: Double) -> [Coordinate] {
    let far = c(((x + size) * 1e7).rounded() / 1e7, ((y + size) * 1e7).rounded() / 1e7)
    return [c(x, y), c(far.x, y), far, c(x, far.y), c(x, y)]
}

private let squareWithHole = Polygon([
    square(5.47, 52.5, 0.01),
    square(5.472, 52.502, 0.002).reversed(),
])

let roundTripGeometries: [NamedGeometry] = [
    NamedGeometry(name: "Point", geometry: .point(c(5.4924859, 52.5252084))),
    NamedGeometry(name: "MultiPoint", geometry: .multiPoint([c(5.1, 52.1), c(-0.0000001, -89.9999999)])),
    NamedGeometry(name: "LineString", geometry: .lineString(LineString([c(5.1, 52.1), c(5.2, 52.15), c(5.3, 52.1)]))),
    NamedGeometry(
        name: "MultiLineString",
        geometry: .multiLineString([LineString([c(5, 52), c(6, 53)]), LineString([c(-179.9999999, 0), c(180, 0.5)])])),
    NamedGeometry(name: "Polygon with hole", geometry: .polygon(squareWithHole)),
    NamedGeometry(
        name: "MultiPolygon",
        geometry: .multiPolygon([squareWithHole, Polygon([square(5.5, 52.6, 0.001)])])),
    NamedGeometry(
        name: "GeometryCollection",
        geometry: .geometryCollection([
            .point(c(5, 52)), .lineString(LineString([c(5, 52), c(5.5, 52.5)])), .polygon(squareWithHole),
            .geometryCollection([]),
        ])),
    NamedGeometry(name: "null geometry", geometry: nil),
]

@Suite("GeoJSON write → read round trips")
struct GeoJSONRoundTripTests {
    @Test("every geometry type survives write → read unchanged", arguments: roundTripGeometries)
    func roundTrip(_ named: NamedGeometry) throws {
        let feature = Feature(id: "f1", geometry: named.geometry, properties: ["name": "Centrum"])
        for layout in [GeoJSONWriter.Layout.compact, .pretty] {
            let data = GeoJSONWriter(layout: layout).data(FeatureCollection(features: [feature]))
            let document = try GeoJSON.read(data: data)
            #expect(document.features == [feature])
            #expect(document.crs == .wgs84)
        }
    }

    @Test("a bare geometry document round-trips and reads as one feature without properties")
    func bareGeometry() throws {
        let geometry = Geometry.polygon(squareWithHole)
        let data = GeoJSONWriter().data(.geometry(geometry))
        let document = try GeoJSON.read(data: data)
        #expect(document == .geometry(geometry))
        #expect(document.features == [Feature(geometry: geometry)])
    }

    @Test("clockwise exteriors and counter-clockwise holes are written the RFC 7946 way, rings closed")
    func windingIsNormalised() throws {
        let clockwiseExterior = Array(square(0, 0, 10).reversed())
        let counterClockwiseHole = square(2, 2, 2)
        let unclosed = Array(square(20, 20, 1).reversed().dropLast())
        let input = Geometry.multiPolygon([
            Polygon([clockwiseExterior, counterClockwiseHole]), Polygon([unclosed]),
        ])
        #expect(input.polygons.allSatisfy { !$0.hasRFC7946Winding })

        let document = try GeoJSON.read(data: GeoJSONWriter().data(.geometry(input)))
        let polygons = document.features.first?.geometry?.polygons ?? []
        #expect(polygons.count == 2)
        #expect(polygons.allSatisfy { $0.hasRFC7946Winding })
        #expect(polygons.allSatisfy { $0.rings.allSatisfy(Ring.isClosed) })
        #expect(polygons.first?.exterior == square(0, 0, 10))
        #expect(polygons.last?.exterior.count == 5)
    }

    @Test("coordinates are rounded to 7 decimals without exponents, trailing zeros or -0")
    func sevenDecimalRounding() {
        let text = GeoJSONWriter().string(
            .geometry(.multiPoint([c(5.123456789, 52.00000004), c(-0.00000001, 0.0000001), c(180, -90)])))
        #expect(text == #"{"type":"MultiPoint","coordinates":[[5.1234568,52],[0,0.0000001],[180,-90]]}"# + "\n")
    }

    @Test("projected CRSs get a legacy crs member and 3 decimals; WGS84 gets no crs member")
    func crsMemberAndDecimals() throws {
        let point = Geometry.point(c(155000.12345, 463000))
        let rd = GeoJSONWriter().string(.geometry(point, crs: .rdNew))
        #expect(
            rd == #"{"type":"Point","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"#
                + #""coordinates":[155000.123,463000]}"# + "\n")
        #expect(try GeoJSON.read(data: Data(rd.utf8)).crs == .rdNew)

        let collection = FeatureCollection(features: [Feature(geometry: point)])
        let viaOption = GeoJSONWriter(crs: .rdNew, decimals: 1).string(collection)
        #expect(viaOption.contains(#""name":"urn:ogc:def:crs:EPSG::28992""#))
        #expect(viaOption.contains("[155000.1,463000]"))
        #expect(!GeoJSONWriter().string(.geometry(.point(c(5, 52)))).contains("crs"))
    }

    @Test("compact layout puts one feature per line")
    func oneFeaturePerLine() {
        let features = (0..<3).map { Feature(id: .number(Double($0)), geometry: .point(c(5, 52))) }
        let lines = GeoJSONWriter().string(FeatureCollection(features: features)).split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[1] == #"{"type":"Feature","id":0,"properties":{},"geometry":{"type":"Point","coordinates":[5,52]}},"#)
        #expect(lines[4] == "]}")
    }

    @Test("includeBBox writes boxes on the collection and every feature, and the reader keeps the collection's")
    func boundingBoxes() throws {
        let features = [
            Feature(geometry: .point(c(5, 52))), Feature(geometry: .point(c(6, 53.5))), Feature(geometry: nil),
        ]
        let text = GeoJSONWriter(includeBBox: true).string(FeatureCollection(features: features))
        #expect(text.hasPrefix(#"{"type":"FeatureCollection","bbox":[5,52,6,53.5],"features":["#))
        #expect(text.contains(#"{"type":"Feature","bbox":[6,53.5,6,53.5],"properties""#))
        #expect(text.contains(#""geometry":{"type":"Point","coordinates":[6,53.5]}"#))
        let document = try GeoJSON.read(data: Data(text.utf8))
        guard case .featureCollection(let collection, _) = document else {
            Issue.record("expected a FeatureCollection")
            return
        }
        #expect(collection.bbox == BoundingBox(minX: 5, minY: 52, maxX: 6, maxY: 53.5))
    }

    @Test("property kinds, nesting, order and string escapes survive a round trip")
    func propertiesRoundTrip() throws {
        let properties: JSONObject = [
            "zeta": true, "alpha": 1, "flag": false, "zero": 0, "nothing": nil, "ratio": 0.1, "big": 1e300,
            "tiny": 1.5e-9, "negative": -42, "text": "Zuiderzeelaan. \"Waddenlaan\"\n\t\\ / ĳ 🚶 \u{1}",
            "list": [1, "two", [true, nil], ["k": "v"]], "nested": ["b": ["c": [1.25]], "a": [:]],
        ]
        let feature = Feature(id: 224301, geometry: nil, properties: properties)
        for layout in [GeoJSONWriter.Layout.compact, .pretty] {
            let document = try GeoJSON.read(data: GeoJSONWriter(layout: layout).data(.feature(feature)))
            let read = document.features.first
            #expect(read == feature)
            #expect(Array(read?.properties.keys ?? []) == Array(properties.keys))
            #expect(read?.properties["zeta"] == .bool(true))
            #expect(read?.properties["alpha"] == .number(1))
            #expect(read?.properties["nothing"] == .null)
        }
    }

    @Test("numbers are written in their shortest form and non-finite ones become null")
    func propertyNumbers() {
        let feature = Feature(
            geometry: nil,
            properties: ["int": 224301, "half": 0.5, "inf": .number(.infinity), "nan": .number(.nan), "neg0": -0.0])
        let text = GeoJSONWriter().string(.feature(feature))
        #expect(text.contains(#""properties":{"int":224301,"half":0.5,"inf":null,"nan":null,"neg0":0}"#))
    }
}

