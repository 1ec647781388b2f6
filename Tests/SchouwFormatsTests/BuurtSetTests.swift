import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct BuurtSetTests {
    static let sharedBuurtFiles = ["lelystad_buurten_2017_rd.geojson", "lelystad_buurten_2017_wgs84.geojson", "lelystad_buurten_cbs_style.gpkg"]

    @Test(.sharedData(sharedBuurtFiles), arguments: sharedBuurtFiles)
    func sharedBuurtFilesLoad(name: String) throws {
        let set = try BuurtSet.load(url: TestPaths.shared(name))
        #expect(set.buurten.count == 141)
        #expect(set.buurten.allSatisfy { $0.gemeente == "GM0995" && $0.code.hasPrefix("BU0995") })
        #expect(set.buurten.allSatisfy { $0.geometryRD.polygons.allSatisfy(\.hasRFC7946Winding) })
        let first = set.buurten[0]
        #expect(try set.buurt(code: first.code.lowercased()).code == first.code)
        #expect(try BuurtSet.load(url: TestPaths.shared(name), gemeente: "GM0303").buurten.isEmpty)
        #expect(try BuurtSet.load(url: TestPaths.shared(name), gemeente: "0995").buurten.count == 141)
    }

    @Test func lookupErrorsListTheCodes() throws {
        let set = try BuurtSet.load(url: TestPaths.geodata("buurten.geojson"))
        #expect(set.buurten.map(\.code) == ["BU03039901", "BU03039902", "BU03039903", "BU03039904"])
        #expect(try set.buurt(name: "kruidenpark").code == "BU03039903")
        do {
            _ = try set.buurt(code: "BU99999999")
            Issue.record("expected an error")
        } catch let error as FormatError {
            guard case .unknownBuurtCode("buurten.geojson", "BU99999999", let known) = error else {
                Issue.record("expected unknownBuurtCode, got \(error)")
                return
            }
            #expect(known.first == "BU03039901 (Kruidentuin-Noord)" && known.count == 4)
            #expect(error.description.contains("BU03039901") && error.description.contains("BU03039904"))
        }
    }

    @Test func invalidPolygonsAreRepairedWithAWarningAndWaterIsSkipped() throws {
        let text = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
            {"type":"Feature","properties":{"BU_CODE":"BU00010001","BU_NAAM":"Strik","GM_CODE":"GM0001","WATER":"NEE"},
             "geometry":{"type":"Polygon","coordinates":[[[150000,450000],[150100,450100],[150100,450000],[150000,450100],[150000,450000]]]}},
            {"type":"Feature","properties":{"BU_CODE":"BU00010002","BU_NAAM":"Meer","GM_CODE":"GM0001","WATER":"JA"},
             "geometry":{"type":"Polygon","coordinates":[[[150200,450000],[150300,450000],[150300,450100],[150200,450000]]]}}]}
            """
        let url = try TestPaths.temporaryFile("bowtie.geojson", contents: text)
        let set = try BuurtSet.load(url: url)
        #expect(set.buurten.map(\.code) == ["BU00010001"])
        #expect(set.warnings.count == 1 && set.warnings[0].contains("BU00010001") && set.warnings[0].contains("Strik"))
        let geos = try GEOSContext()
        #expect(try geos.validity(of: set.buurten[0].geometryRD).isValid)
        #expect(try BuurtSet.load(url: url, includeWater: true).buurten.count == 2)
    }
}
