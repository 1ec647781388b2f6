import Foundation
import SchouwGeometry
import SchouwTestSupport
import Testing
import SchouwCore
import SchouwFormats

private let lelystadWGS84 = TestPaths.shared("lelystad_buurten_2017_wgs84.geojson")
private let lelystadRD = TestPaths.shared("lelystad_buurten_2017_rd.geojson")

@Suite(
    "GeoJSON on real CBS buurten of Lelystad",
    .sharedData("lelystad_buurten_2017_wgs84.geojson", "lelystad_buurten_2017_rd.geojson"))
struct GeoJSONRealDataTests {
    @Test("the WGS84 file reads as 141 buurten in WGS84")
    func readWGS84() throws {
        let document = try GeoJSON.read(contentsOf: lelystadWGS84)
        #expect(document.crs == .wgs84)
        #expect(document.features.count == 141)
        let first = document.features.first
        #expect(first?.id == "BU09951111")
        #expect(first?.properties["statnaam"] == "Zuiderzeelaan. Waddenlaan")
        #expect(document.features.allSatisfy { !($0.geometry?.polygons.isEmpty ?? true) })
    }

    @Test("the RD file reads as 141 buurten in EPSG:28992 with properties in file order")
    func readRD() throws {
        let document = try GeoJSON.read(contentsOf: lelystadRD)
        #expect(document.crs == CRS(epsg: 28992))
        #expect(document.features.count == 141)
        let first = document.features.first
        #expect(first.map { Array($0.properties.keys) } == ["id", "statcode", "statnaam", "jrstatcode", "rubriek", "FID"])
        #expect(first?.properties["id"] == 224301)
        #expect(first?.geometry?.boundingBox?.contains(Coordinate(x: 161500, y: 504000)) == true)
    }

    @Test("both files survive write → read, apart from RFC 7946 winding", arguments: [lelystadWGS84, lelystadRD])
    func rewrite(_ url: URL) throws {
        let original = try GeoJSON.read(contentsOf: url)
        let rewritten = try GeoJSON.read(data: GeoJSONWriter().data(original), fileName: "rewritten")
        #expect(rewritten.crs == original.crs)
        let expected = original.features.map { feature in
            Feature(id: feature.id, geometry: feature.geometry?.rfc7946Wound, properties: feature.properties)
        }
        #expect(rewritten.features == expected)
    }
}
