import Foundation
import SchouwTestSupport
import Testing

/// What the commands write for GIS staff, checked with GDAL: every GeoPackage has its spatial index, and
/// Dutch output uses the decimal comma.
@Suite struct LayerOutputCommandTests {
    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed; run scripts/setup.sh --tests"))
    func everyGeoPackageTheCommandsWriteHasASpatialIndex() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let points = TestPaths.geodata("observations.geojson").path
        let database = folder.appendingPathComponent("k.schouw").path
        let steps: [[String]] = [
            ["init", database, "--name", "Buurtschouw", "--date", "2025-09-20"],
            ["observe", "import", database, points],
            ["export", database, "--format", "gpkg", "--out", folder.appendingPathComponent("bevindingen.gpkg").path],
            ["group", "--areas", TestPaths.geodata("buurten.geojson").path, "--points", points, "--out", folder.path, "--gpkg"],
            ["heatmap", "--points", points, "--format", "bands", "--out", folder.appendingPathComponent("warmte.gpkg").path],
        ]
        for step in steps {
            let result = try BuiltProducts.run("schouw", step)
            try #require(result.status == 0, "\(step[0]): \(result.stderr)")
        }
        for (file, layer, count) in [("bevindingen.gpkg", "observations", 150), ("buurten.gpkg", "buurten", 4), ("warmte.gpkg", "warmte", 5)] {
            let url = folder.appendingPathComponent(file)
            let info = try OgrInfo.run(url)
            #expect(info.status == 0 && info.errors.isEmpty, "\(file): \(info.errors)")
            #expect(info.output.contains("Feature Count: \(count)"), "\(file)")
            #expect(try OgrInfo.values(url, sql: "SELECT HasSpatialIndex('\(layer)', 'geom')") == ["1"], "\(file)")
            #expect(try OgrInfo.values(url, sql: "SELECT count(*) FROM rtree_\(layer)_geom") == ["\(count)"], "\(file)")
        }
    }

    @Test func thePlanReportHasADecimalCommaInDutch() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["plan", "--streets", TestPaths.geodata("streets.osm").path, "--start", "Tijmlaan", "--groups", "2", "--out", folder.path]
        let dutch = try BuiltProducts.run("schouw", arguments)
        #expect(dutch.status == 0, "\(dutch.stderr)")
        #expect(dutch.stdout.range(of: #"\n  balans               \d,\d\d \(langste / kortste\)\n"#, options: .regularExpression) != nil, "\(dutch.stdout)")
        // No decimal point anywhere but in the file paths.
        let numbers = dutch.stdout.split(separator: "\n").filter { !$0.hasPrefix("  bestanden") }
        #expect(numbers.allSatisfy { $0.range(of: #"\d\.\d"#, options: .regularExpression) == nil }, "\(dutch.stdout)")
        let english = try BuiltProducts.run("schouw", arguments + ["--lang", "en"])
        #expect(english.stdout.range(of: #"\n  balance              \d\.\d\d \(longest / shortest\)\n"#, options: .regularExpression) != nil)
    }
}
