import Foundation
import SchouwStore
import SchouwTestSupport
import Testing

/// `schouw info` on the files a schouw makes: a schouw database (read without changing it), a
/// GeoPackage and a route GPX. Expected counts come from the demo CSV (counted with Python's csv
/// module) and from GDAL's ogrinfo.
@Suite struct InfoCommandTests {
    /// A database made as an organizer would (`init`, `observe import` of the demo's 150 rows), with the
    /// first row (Groep A, gemeld) removed; closed again when this returns.
    static func demoDatabase(_ folder: URL, name: String = "demo.schouw") throws -> URL {
        let url = folder.appendingPathComponent(name)
        let made = try BuiltProducts.run("schouw", ["init", url.path, "--name", "Buurtschouw De Kruidentuin", "--date", "2025-09-20"])
        try #require(made.status == 0, "\(made.stderr)")
        let imported = try BuiltProducts.run("schouw", ["observe", "import", url.path, TestPaths.geodata("observations.csv").path])
        try #require(imported.status == 0, "\(imported.stderr)")
        let database = try SchouwDatabase.open(at: url)
        try database.remove(id: "6891e74b-9445-43d4-9b9f-cd8a50f69242")
        return url
    }

    /// Every file in the folder with its bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[name] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func databaseIsDescribedInDutchAndEnglishAndLeftUntouched() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.demoDatabase(folder, name: "mijn schouw #1.schouw")
        let before = try Self.snapshot(folder)
        let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date

        let dutch = try BuiltProducts.run("schouw", ["info", url.path])
        #expect(dutch.status == 0, "\(dutch.stderr)")
        let lines = dutch.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 9, "\(dutch.stdout)")
        #expect(Array(lines.prefix(7)) == [
            "mijn schouw #1.schouw: schouw-database (SQLite)",
            "  naam                  Buurtschouw De Kruidentuin",
            "  datum                 2025-09-20",
            "  groepen               Groep A (52), Groep B (51), Groep C (46)",
            "  bevindingen           149",
            "  verwijderd            1",
            "  status                afgehandeld 34, gemeld 39, in_behandeling 22, open 54",
        ])
        // The removal just now, in Dutch local time.
        #expect(lines[7].range(of: #"^  laatste wijziging     20\d\d-\d\d-\d\d \d\d:\d\d:\d\d$"#, options: .regularExpression) != nil, "\(lines[7])")

        let english = try BuiltProducts.run("schouw", ["info", url.path, "--lang", "en"])
        #expect(english.status == 0)
        #expect(english.stdout.hasPrefix("mijn schouw #1.schouw: Schouw database (SQLite)\n  name                  Buurtschouw De Kruidentuin\n"))
        #expect(english.stdout.contains("\n  findings              149\n  removed               1\n"))

        // Not a byte changed, and no journal, -wal or -shm file left beside it.
        #expect(try Self.snapshot(folder) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date == modified)
    }

    @Test func databaseOpenByAnotherProcessIsReadWithoutChangingIt() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.demoDatabase(folder)
        // Held open (write-ahead log beside it) while info reads.
        let database = try SchouwDatabase.open(at: url)
        let before = try Data(contentsOf: url)
        let result = try BuiltProducts.run("schouw", ["info", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\n  bevindingen           149\n"))
        #expect(try Data(contentsOf: url) == before)
        _ = try database.schouw()
    }

    @Test func aFileThatIsNoSchouwDatabaseIsRefusedNamingIt() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("kapot.schouw")
        try Data("geen database".utf8).write(to: text)
        let result = try BuiltProducts.run("schouw", ["info", text.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("kapot.schouw"))
        #expect(try Data(contentsOf: text) == Data("geen database".utf8))
    }

    /// A GeoPackage from `schouw group --gpkg`: layer, count, CRS and extent as ogrinfo gives them.
    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed; run scripts/setup.sh --tests"))
    func geoPackageLayersAgreeWithOgrinfo() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let grouped = try BuiltProducts.run(
            "schouw",
            ["group", "--areas", TestPaths.geodata("buurten.geojson").path, "--points", TestPaths.geodata("observations.geojson").path,
             "--out", folder.path, "--gpkg"])
        try #require(grouped.status == 0, "\(grouped.stderr)")
        let gpkg = folder.appendingPathComponent("buurten.gpkg")
        let gdal = try OgrInfo.run(gpkg).output
        // "Extent: (5.712345, 52.512345) - (5.734567, 52.523456)"
        let extent = try #require(gdal.split(separator: "\n").first { $0.hasPrefix("Extent: ") })
        let numbers = extent.split(whereSeparator: { "(), -:".contains($0) }).compactMap { Double($0) }
        try #require(numbers.count == 4)
        let count = try #require(gdal.split(separator: "\n").first { $0.hasPrefix("Feature Count: ") }).dropFirst("Feature Count: ".count)

        let english = try BuiltProducts.run("schouw", ["info", gpkg.path, "--lang", "en"])
        #expect(english.status == 0, "\(english.stderr)")
        let text = english.stdout
        #expect(text.hasPrefix("buurten.gpkg: GeoPackage\n"))
        #expect(text.contains("\n  layers                buurten\n  layer buurten\n    features              \(count) (MultiPolygon \(count))\n"))
        #expect(text.contains("\n    CRS                   EPSG:4326 (WGS84)\n"))
        let box = String(format: "%.6f, %.6f … %.6f, %.6f", numbers[0], numbers[1], numbers[2], numbers[3])
        #expect(text.contains("\n    bbox WGS84            \(box)\n"), "\(text)\n\(extent)")
        #expect(text.contains("\n    spatial index         rtree_buurten_geom\n"))

        let dutch = try BuiltProducts.run("schouw", ["info", gpkg.path])
        #expect(dutch.stdout.contains("\n  lagen                 buurten\n  laag buurten\n    objecten              \(count) (MultiPolygon \(count))\n"))
        #expect(dutch.stdout.contains("\n    ruimtelijke index     rtree_buurten_geom\n"))
        #expect(dutch.stdout.contains(box.replacingOccurrences(of: ", ", with: "; ").replacingOccurrences(of: ".", with: ",")))
    }

    /// A route GPX from `schouw plan` holds checkpoints, not findings.
    @Test func routeGPXIsARouteWithCheckpoints() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let planned = try BuiltProducts.run(
            "schouw",
            ["plan", "--streets", TestPaths.geodata("streets.osm").path, "--start", "Tijmlaan", "--groups", "2", "--out", folder.path])
        try #require(planned.status == 0, "\(planned.stderr)")
        let checkpoints = try String(contentsOf: folder.appendingPathComponent("checkpoints.geojson"), encoding: .utf8)
            .components(separatedBy: "\"kind\":\"checkpoint\"").count - 1
        let result = try BuiltProducts.run("schouw", ["info", folder.appendingPathComponent("route.gpx").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("route.gpx: GPX-route van schouw plan (controlepunten, geen bevindingen)\n"))
        #expect(result.stdout.contains("(ander punt 1, controlepunt \(checkpoints), route 2)"), "\(result.stdout)")
        #expect(!result.stdout.contains("GPX-waypoints") && !result.stdout.lowercased().contains("observation"))
    }
}
