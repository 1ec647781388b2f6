import Foundation
import Testing
@testable import SchouwJobs
import SchouwTestSupport
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct InfoJobTests {
    @Test(arguments: ["streets.osm", "buurten.geojson", "observations.geojson"])
    func infoReadsEveryDemoGeodataFile(_ name: String) throws {
        let report = try FileInspector.inspect(url: TestPaths.geodata.appendingPathComponent(name))
        #expect(report.featureCount > 0)
        #expect(report.problems.isEmpty)
        // The demo lies near Dronten, so both boxes exist and the RD box is in Flevoland.
        let rd = try #require(report.boundingBoxRD)
        #expect(rd.minX > 170_000 && rd.maxX < 185_000)
        #expect(rd.minY > 495_000 && rd.maxY < 510_000)
    }

    @Test func infoReadsEveryFileInGeodata() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestPaths.geodata.path)
        #expect(files.count >= 6)
        for name in files {
            let url = TestPaths.geodata.appendingPathComponent(name)
            let report = try StoreFileInspector.inspect(url: url) ?? FileInspector.inspect(url: url)
            #expect(report.problems.isEmpty, "\(name)")
        }
        let csv = try #require(try StoreFileInspector.inspect(url: TestPaths.geodata.appendingPathComponent("observations.csv")))
        #expect(csv.featureCount == 150)
        #expect(csv.geometryTypes["with position"] == 150)
        #expect(csv.facts.contains { $0.label == "encoding" && $0.value == "UTF-8, ','" })
        let taxonomy = try #require(try StoreFileInspector.inspect(url: TestPaths.geodata.appendingPathComponent("taxonomy.json")))
        #expect(taxonomy.featureCount == 12)
        #expect(taxonomy.facts.contains { $0.label == "levels crow" && $0.value == "A+ A B C D" })
    }

    @Test func demoStreetsCountHighways() throws {
        let report = try FileInspector.inspect(url: TestPaths.geodata.appendingPathComponent("streets.osm"))
        #expect(report.kind == "OpenStreetMap XML")
        #expect(report.facts.first { $0.label == "highway ways" }?.value == "89")
    }

    @Test(.sharedData("karhula.osm", "lelystad_buurten_2017_rd.geojson"))
    func infoReadsTheSharedRealData() throws {
        let karhula = try FileInspector.inspect(url: TestPaths.shared("karhula.osm"))
        #expect(karhula.featureCount == 2650)
        #expect(karhula.boundingBoxRD == nil)
        let lelystad = try FileInspector.inspect(
            url: TestPaths.shared("lelystad_buurten_2017_rd.geojson"))
        #expect(lelystad.crs == .rdNew)
        #expect(lelystad.featureCount == 141)
        #expect(lelystad.propertyNames.contains("statcode"))
    }

    @Test func wrongWindingAndInvalidPolygonsAreReported() throws {
        let folder = try TestPaths.temporaryDirectory()
        let url = folder.appendingPathComponent("bad.geojson")
        let json = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"n":1},"geometry":{"type":"Polygon","coordinates":[[[5.7,52.5],[5.7,52.51],[5.71,52.51],[5.71,52.5],[5.7,52.5]]]}},
            {"type":"Feature","properties":{"n":2},"geometry":{"type":"Polygon","coordinates":[[[5.7,52.5],[5.71,52.51],[5.71,52.5],[5.7,52.51],[5.7,52.5]]]}}
            ]}
            """
        try Data(json.utf8).write(to: url)
        let report = try FileInspector.inspect(url: url)
        #expect(report.problems.contains(.wrongWinding(feature: 0)))
        #expect(report.problems.contains { if case .invalidPolygon(1, let reason) = $0 { reason.contains("Self-intersection") } else { false } })
        let text = ReportFormatter(language: .en).format(report)
        #expect(text.contains("feature 0: rings not wound per RFC 7946"))
    }

    @Test func unknownFileTypeNamesTheFile() throws {
        let error = JobError.unknownFileType(file: "notes.docx", fileExtension: "docx")
        #expect(throws: error) { try FileInspector.inspect(url: TestPaths.temporaryDirectory().appendingPathComponent("notes.docx")) }
        #expect(error.message(.en) == "notes.docx: unknown file type '.docx'; expected .geojson, .json, .gpkg, .osm, .osm.pbf, .csv, .gpx, .schouw or .md")
        #expect(error.message(.nl) == "notes.docx: onbekend bestandstype '.docx'; verwacht .geojson, .json, .gpkg, .osm, .osm.pbf, .csv, .gpx, .schouw of .md")
    }
}
