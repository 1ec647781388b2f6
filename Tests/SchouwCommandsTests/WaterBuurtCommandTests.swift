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
        #expect(result.stderr.hasSuffix("\nschouw plan: lelystad_buurten_2017_rd.geojson: BU09959997 is een waterbuurt en wordt overgeslagen\n"))
    }
}
