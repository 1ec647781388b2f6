import Foundation
import SchouwTestSupport
import Testing

/// The 2017 CBS file of Lelystad has a water buurt (BU09959997, name " ") and no water field at all in its
/// GeoJSON form; `schouw group` skips it and says so.
@Suite struct WaterBuurtCommandTests {
    /// One point inside BU09951111 and one inside the water, both from GDAL's PointOnSurface (SpatiaLite
    /// dialect) on the shared GeoPackage transformed to WGS84.
    static let points = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"category":"afval"},"geometry":{"type":"Point","coordinates":[5.485066,52.522963]}},
        {"type":"Feature","properties":{"category":"afval"},"geometry":{"type":"Point","coordinates":[5.307226,52.569896]}}]}
        """

    @Test(
        .sharedData("lelystad_buurten_2017_wgs84.geojson", "lelystad_buurten_cbs_style.gpkg"),
        arguments: ["lelystad_buurten_2017_wgs84.geojson", "lelystad_buurten_cbs_style.gpkg"])
    func groupSkipsTheWaterBuurtAndListsIt(file: String) throws {
        let points = try TestPaths.temporaryFile("punten.geojson", contents: Self.points)
        let areas = TestPaths.shared(file).path
        let result = try BuiltProducts.run("schouw", ["group", "--areas", areas, "--points", points.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 waterbuurt(en) overgeslagen (--include-water houdt ze): BU09959997\n"))
        #expect(!result.stdout.contains("BU09959997"))
        #expect(result.stdout.contains("\"outside\" : 1\n"))

        let kept = try BuiltProducts.run(
            "schouw", ["group", "--areas", areas, "--points", points.path, "--json", "--include-water", "--lang", "en"])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(!kept.stderr.contains("skipped"))
        #expect(kept.stdout.contains("BU09959997"))
        #expect(kept.stdout.contains("\"outside\" : 0\n"))
    }

    @Test(.sharedData("lelystad_buurten_2017_rd.geojson"))
    func planRefusesTheWaterBuurtByName() throws {
        let folder = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run(
            "schouw",
            [
                "plan", "--streets", TestPaths.geodata("streets.osm").path, "--area", TestPaths.shared("lelystad_buurten_2017_rd.geojson").path,
                "--area-code", "BU09959997", "--start", "Tijmlaan", "--out", folder.path,
            ])
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("schouw plan: lelystad_buurten_2017_rd.geojson: BU09959997 is een waterbuurt en wordt overgeslagen\n"))
    }

    /// `group --excel` on the real buurten: buurten.csv for Dutch Excel, and a summary that lists the one
    /// buurt with a finding and counts the 139 others (140 land buurten) in one line.
    @Test(.sharedData("lelystad_buurten_cbs_style.gpkg"))
    func groupExcelAndASummaryOfTheBuurtenWithFindings() throws {
        let points = try TestPaths.temporaryFile("punten.geojson", contents: Self.points)
        let out = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run(
            "schouw",
            ["group", "--areas", TestPaths.shared("lelystad_buurten_cbs_style.gpkg").path, "--points", points.path, "--out", out.path, "--excel"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try Data(contentsOf: out.appendingPathComponent("buurten.csv"))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("code;name;gemeente;total;"))
        #expect(text.contains("\r\nBU09951111;Zuiderzeelaan. Waddenlaan;GM0995;1;"))
        #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 141)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        let rows = summary.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Buurt") }
        #expect(rows == ["| Zuiderzeelaan. Waddenlaan | BU09951111 | 1 | 1 | 0 | – |", "| Zuiderzeelaan. Waddenlaan | 1 |"])
        #expect(summary.contains("\n139 van de 140 buurten hebben geen bevindingen.\n"))
        #expect(summary.contains("2 bevindingen, waarvan 1 buiten alle buurten."))
    }
}
