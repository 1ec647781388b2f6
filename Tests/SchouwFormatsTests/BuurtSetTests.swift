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
        // BU09959997 is the 2017 file's water (name " "; the GeoPackage's water field says NEE).
        #expect(set.buurten.count == 140)
        #expect(set.skippedWater == ["BU09959997"])
        #expect(try BuurtSet.load(url: TestPaths.shared(name), includeWater: true).buurten.count == 141)
        #expect(set.buurten.allSatisfy { $0.gemeente == "GM0995" && $0.code.hasPrefix("BU0995") })
        #expect(set.buurten.allSatisfy { $0.geometryRD.polygons.allSatisfy(\.hasRFC7946Winding) })
        let first = set.buurten[0]
        #expect(try set.buurt(code: first.code.lowercased()).code == first.code)
        #expect(try BuurtSet.load(url: TestPaths.shared(name), gemeente: "GM0303").buurten.isEmpty)
        #expect(try BuurtSet.load(url: TestPaths.shared(name), gemeente: "0995").buurten.count == 140)
    }

    @Test func lookupErrorsListTheCodes() throws {
        let set = try BuurtSet.load(url: TestPaths.geodata("buurten.geojson"))
        #expect(set.buurten.map(\.code) == ["BU03039901", "BU03039902", "BU03039903", "BU03039904"])
        #expect(try set.buurt(name: "kruidenpark").code == "BU03039903")
        do {
            _ = try set.buurt(code: "BU99999999")
            Issue.record("expected an error")
        } catch let error as FormatError {
            guard case .unknownBuurtCode("buurten.geojson", "BU99999999", let known, let skippedWater) = error else {
                Issue.record("expected unknownBuurtCode, got \(error)")
                return
            }
            #expect(known.first == "BU03039901 (Kruidentuin-Noord)" && known.count == 4 && skippedWater.isEmpty)
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

    /// Water by field or by CBS code, decided by hand: (code, name, water field) → water?
    @Test(arguments: [
        ("BU09959997", " ", nil, true),  // the 2017 Lelystad water: wijk 99, blank name
        ("BU09959901", "Water", nil, true),
        ("BU09959902", "Water Markermeer", "NEE", true),  // the code decides even when the field says NEE
        ("BU09959903", "", nil, true),
        ("BU09959904", nil, nil, true),  // no name field at all
        ("BU09959905", "Havenkwartier", nil, false),  // wijk 99 on land keeps its name
        ("BU09950199", " ", nil, false),  // 99 as the buurt digits, not the wijk
        ("BU0995990", " ", nil, false),  // too short to be a CBS code
        ("WK099599", " ", nil, false),
        ("BU09950101", "Centrum", "JA", true),
        ("BU09950102", "Centrum", "nee", false),
    ] as [(String, String?, String?, Bool)])
    func waterIsRecognisedByFieldOrCBSCode(code: String, name: String?, field: String?, expected: Bool) {
        #expect(Buurt.isWater(code: code, name: name, waterField: field.map { .string($0) }) == expected)
    }

    @Test func waterBuurtWithoutWaterFieldIsSkippedAndNamedInLookupErrors() throws {
        let square = { (x: Int) in
            "[[[\(x),450000],[\(x + 100),450000],[\(x + 100),450100],[\(x),450100],[\(x),450000]]]"
        }
        let text = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
            {"type":"Feature","properties":{"statcode":"BU00010101","statnaam":"Dorp"},
             "geometry":{"type":"Polygon","coordinates":\(square(150000))}},
            {"type":"Feature","properties":{"statcode":"BU00019997","statnaam":" "},
             "geometry":{"type":"Polygon","coordinates":\(square(150200))}},
            {"type":"Feature","properties":{"statcode":"BU00019901","statnaam":"Water"},
             "geometry":{"type":"Polygon","coordinates":\(square(150400))}}]}
            """
        let url = try TestPaths.temporaryFile("water.geojson", contents: text)
        let set = try BuurtSet.load(url: url)
        #expect(set.buurten.map(\.code) == ["BU00010101"])
        #expect(set.skippedWater == ["BU00019901", "BU00019997"])
        let kept = try BuurtSet.load(url: url, includeWater: true)
        #expect(kept.buurten.map(\.code) == ["BU00010101", "BU00019901", "BU00019997"] && kept.skippedWater.isEmpty)
        #expect(kept.buurten.map(\.isWater) == [false, true, true])
        #expect(throws: FormatError.self) { try set.buurt(code: "BU00019997") }
        do {
            _ = try set.buurt(code: "bu00019997")
        } catch let error as FormatError {
            #expect(error.message(.nl) == "water.geojson: bu00019997 is een waterbuurt en wordt overgeslagen")
        }
        do {
            _ = try set.buurt(code: "BU00010102")
        } catch let error as FormatError {
            #expect(
                error.message(.en)
                    == "water.geojson: no buurt with code BU00010102; the codes are: BU00010101 (Dorp); "
                    + "water buurten skipped: BU00019901, BU00019997")
        }
    }
}
