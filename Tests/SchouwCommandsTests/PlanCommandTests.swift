import Foundation
import SchouwTestSupport
import Testing
@testable import SchouwCommands
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite
struct PlanCommandTests {
    let streets = TestPaths.geodata("streets.osm").path
    let buurten = TestPaths.geodata("buurten.geojson").path

    func write(_ text: String, _ name: String) throws -> String {
        try TestPaths.temporaryFile(name, contents: text).path
    }

    /// A fresh output folder for a plan that must fail; `expectUntouched` checks it stayed empty.
    func unusedOutput() throws -> String { try TestPaths.temporaryDirectory().path }

    func expectUntouched(_ folder: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? ["(unreadable)"]
        #expect(contents.isEmpty, "a failed plan wrote \(contents)", sourceLocation: sourceLocation)
    }

    @Test func demoPlanWritesEveryFileAndAJSONSummary() throws {
        let out = try TestPaths.temporaryDirectory().path
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", buurten, "--area-code", "BU03039901", "--start", "Tijmlaan",
            "--groups", "2", "--out", out, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let groups = try #require(summary?["groups"] as? [[String: Any]])
        #expect(groups.count == 2)
        #expect((summary?["total_length_m"] as? Double ?? 0) >= (summary?["street_length_m"] as? Double ?? .infinity))
        for name in ["route.geojson", "checkpoints.geojson", "route.gpx", "directions.txt"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        let directions = try String(contentsOfFile: out + "/directions.txt", encoding: .utf8)
        #expect(directions.contains("Groep A"))
        #expect(directions.contains("Terug bij het startpunt"))
        // Lines and points are two layers, so QGIS loads each without asking for a sublayer.
        let geojson = try GeoJSON.read(contentsOf: URL(fileURLWithPath: out + "/route.geojson"))
        #expect(geojson.features.count == 2 && geojson.features.allSatisfy { $0.properties["kind"] == "route" })
        #expect(geojson.features.allSatisfy { if case .lineString = $0.geometry { true } else { false } })
        let points = try GeoJSON.read(contentsOf: URL(fileURLWithPath: out + "/checkpoints.geojson"))
        #expect(points.features.allSatisfy { if case .point = $0.geometry { true } else { false } })
        #expect(points.features.filter { $0.properties["kind"] == "start" }.count == 1)
        let gpx = try GPX.read(contentsOf: URL(fileURLWithPath: out + "/route.gpx"))
        #expect(gpx.tracks.count == 2)
        #expect(gpx.waypoints.count == points.features.count)
        if OgrInfo.isInstalled {
            for (name, type) in [("route.geojson", "Geometry: Line String"), ("checkpoints.geojson", "Geometry: Point")] {
                let info = try OgrInfo.run(URL(fileURLWithPath: out + "/" + name))
                #expect(info.status == 0 && info.errors.isEmpty && info.output.contains(type), "\(name): \(info.output)")
            }
            // The same two layers in one GeoPackage, each with its spatial index and typed fields.
            let gpkg = URL(fileURLWithPath: out + "/route.gpkg")
            let info = try OgrInfo.run(gpkg)
            #expect(info.status == 0 && info.errors.isEmpty, "\(info.errors)")
            #expect(info.output.contains("Layer name: route\nGeometry: Line String\nFeature Count: 2\n"), "\(info.output)")
            #expect(info.output.contains("Layer name: checkpoints\nGeometry: Point\nFeature Count: \(points.features.count)\n"))
            #expect(info.output.contains("number: Integer64") || info.output.contains("number: Integer"))
            #expect(info.output.contains("street: String"))
            #expect(try OgrInfo.values(gpkg, sql: "SELECT HasSpatialIndex('route','geom'), HasSpatialIndex('checkpoints','geom')") == ["1", "1"])
        }
    }

    @Test func englishDirectionsOnRequest() throws {
        let out = try TestPaths.temporaryDirectory().path
        let result = try BuiltProducts.run(
            "schouw", ["plan", "--streets", streets, "--start", "Tijmlaan", "--groups", "1", "--out", out, "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        let directions = try String(contentsOfFile: out + "/directions.txt", encoding: .utf8)
        #expect(directions.contains("Start along Tijmlaan"))
        #expect(directions.contains("Back at the meeting point"))
        #expect(result.stdout.contains("optimal              yes"))
    }

    @Test func withoutGroupsOrMaxMinutesEveryWalkFitsTwoHours() throws {
        let out = try TestPaths.temporaryDirectory().path
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Tijmlaan", "--out", out, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let groups = try #require(summary?["groups"] as? [[String: Any]])
        // The whole demo (about 14.5 km) is more than one 2-hour walk.
        #expect(groups.count >= 2)
        for group in groups {
            let meters = try #require(group["length_m"] as? Double)
            let checkpoints = try #require(group["checkpoints"] as? Int)
            // 3 km/h is 50 m a minute; 90 s per checkpoint.
            // (The summary rounds to whole metres and minutes.)
            #expect(meters / 50 + 1.5 * Double(checkpoints) <= 120.01, "\(group)")
            #expect(abs((group["minutes"] as? Double ?? 0) - (meters / 50 + 1.5 * Double(checkpoints))) <= 0.51, "\(group)")
        }
        // One group fewer would leave a walk over two hours.
        let fewer = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--start", "Tijmlaan", "--out", out, "--groups", "\(groups.count - 1)",
        ])
        #expect(fewer.status == 0, "\(fewer.stderr)")
        #expect(fewer.stdout.contains("langer dan 2 uur"), "\(fewer.stdout)")
    }

    @Test func aWalkOverTwoHoursIsWarnedInTheSummary() throws {
        let out = try TestPaths.temporaryDirectory().path
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Tijmlaan", "--groups", "1", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("let op: Groep A duurt "), "\(result.stdout)")
        // The whole demo as one walk takes 6 h 39 min: four walks of two hours.
        #expect(result.stdout.contains("Groep A: 14,5 km, 6 u 39 min"), "\(result.stdout)")
        #expect(result.stdout.contains("langer dan 2 uur; geef meer groepen (--groups 4)"), "\(result.stdout)")
        #expect(result.stdout.contains("lopen met 3 km/u, 90 s stilstaan per controlepunt"), "\(result.stdout)")
        let quick = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--start", "Tijmlaan", "--groups", "1", "--out", out, "--speed-kmh", "20",
            "--stop-seconds", "0", "--lang", "en",
        ])
        #expect(quick.status == 0, "\(quick.stderr)")
        #expect(!quick.stdout.contains("over 2 hours"), "\(quick.stdout)")
    }

    @Test func anUnnamedWayTooFarIsFoundByItsPosition() throws {
        // A footway 2 km east of the only street: a 4 km round trip, 80 minutes at 3 km/h.
        let osm = """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="52.50000" lon="5.70000"/>
              <node id="2" lat="52.50000" lon="5.70100"/>
              <node id="3" lat="52.50000" lon="5.72947"/>
              <node id="4" lat="52.50000" lon="5.73000"/>
              <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="name" v="Dorpsstraat"/></way>
              <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="Lange Weg"/></way>
              <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
            </osm>
            """
        let streets = try write(osm, "far.osm")
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Dorpsstraat", "--max-minutes", "60", "--out", out])
        #expect(result.status == 1)
        let line = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        // The footway beyond the Lange Weg is the farthest; unnamed, it is named by its type and a position on it.
        #expect(line.hasPrefix("schouw plan: een naamloos voetpad bij 52.50000, 5.73000 ligt "), "\(line)")
        #expect(line.contains(" van het startpunt: heen, erlangs en terug is al 4,"), "\(line)")
        #expect(!line.contains("segment"), "\(line)")
        expectUntouched(out)
    }

    @Test func groupsAvailableListsTheStreetsLeftOut() throws {
        let out = try TestPaths.temporaryDirectory().path
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--start", "Tijmlaan", "--out", out, "--groups-available", "2", "--max-minutes", "60",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("passen niet in 2 wandelingen van 60 min; dichtst bij het startpunt eerst: "), "\(result.stdout)")
        #expect(!result.stdout.contains("let op:"), "\(result.stdout)")
        let both = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--start", "Tijmlaan", "--out", out, "--groups-available", "2", "--groups", "2",
        ])
        #expect(both.status == 64)
    }

    /// The streets `--groups-available` left out, as the summary lists them.
    func leftOutStreets(_ stdout: String) -> [String] {
        guard let line = stdout.split(separator: "\n").first(where: { $0.contains("niet gelopen") }),
            let list = line.components(separatedBy: "eerst: ").last
        else { return [] }
        return list.components(separatedBy: "), ").map { String($0.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces) }
    }

    @Test func lastYearsFindingsKeepTheirStreetUntilEveryOtherIsLeftOut() throws {
        let arguments = [
            "plan", "--streets", streets, "--area", buurten, "--area-code", "BU03039901", "--start", "Tijmlaan",
            "--groups-available", "1", "--max-minutes", "45",
        ]
        let base = try BuiltProducts.run("schouw", arguments + ["--out", try TestPaths.temporaryDirectory().path])
        #expect(base.status == 0, "\(base.stderr)")
        let without = leftOutStreets(base.stdout)
        try #require(without.count >= 3 && without.contains("Venkelweg"), "\(base.stdout)")
        // Last year's finding on the Venkelweg: a point on the middle segment of the middle of its three ways
        // (the one inside Kruidentuin-Noord), read from the OSM file itself.
        let data = try OSMData.load(url: URL(fileURLWithPath: streets), keepWay: { $0.tags["name"] == "Venkelweg" })
        try #require(data.ways.count == 3)
        let way = data.ways.sorted { $0.id < $1.id }[1]
        let middle = way.nodeIDs.count / 2
        let a = try #require(data.coordinates[way.nodeIDs[middle - 1]])
        let b = try #require(data.coordinates[way.nodeIDs[middle]])
        let previous = try write(
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"category":"verlichting"},"geometry":{"type":"Point","coordinates":["#
                + "\((a.x + b.x) / 2),\((a.y + b.y) / 2)]}}]}", "vorig-jaar.geojson")
        let ranked = try BuiltProducts.run("schouw", arguments + ["--previous", previous, "--out", try TestPaths.temporaryDirectory().path])
        #expect(ranked.status == 0, "\(ranked.stderr)")
        let with = leftOutStreets(ranked.stdout)
        // The Venkelweg is now walked; other streets (farther ones first) are left out in its place, which
        // takes more of them: it is 514 m long.
        #expect(!with.contains("Venkelweg") && !with.isEmpty, "\(ranked.stdout)")
        #expect(with.count > without.count - 1, "\(ranked.stdout)")
        // With time for almost nothing, the Venkelweg is left out too, after all others, and listed first.
        let short = Array(arguments.dropLast(2)) + ["--max-minutes", "8", "--previous", previous, "--out", try TestPaths.temporaryDirectory().path]
        let little = try BuiltProducts.run("schouw", short)
        #expect(little.status == 0, "\(little.stderr)")
        let dropped = leftOutStreets(little.stdout)
        if dropped.contains("Venkelweg") {
            #expect(dropped.first == "Venkelweg", "\(little.stdout)")
            #expect(little.stdout.contains("Venkelweg (514 m, bevindingen vorige schouw)"), "\(little.stdout)")
            #expect(little.stdout.contains("die met bevindingen van de vorige schouw eerst, dan dichtst bij het startpunt eerst"), "\(little.stdout)")
        }
        #expect(dropped.contains("Venkelweg"), "8 minutes should not reach the Venkelweg: \(little.stdout)")
        let misuse = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--start", "Tijmlaan", "--previous", previous, "--out", try TestPaths.temporaryDirectory().path,
        ])
        #expect(misuse.status == 64 && misuse.stderr.contains("--previous ranks the streets --groups-available leaves out"))
    }

    @Test func aStreetTooFarForTheTimeIsNamedWithItsDistance() throws {
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Tijmlaan", "--max-minutes", "3", "--out", out])
        #expect(result.status == 1)
        let line = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(line.hasPrefix("schouw plan: '") || line.hasPrefix("schouw plan: een naamloos"), "\(line)")
        #expect(line.contains(" van het startpunt: heen, erlangs en terug is al "), "\(line)")
        #expect(line.contains("meer dan de 3 minuten die een wandeling mag duren (--max-minutes)"), "\(line)")
        #expect(!line.contains("segment") && !line.contains("edge") && !line.contains("rand "), "\(line)")
        expectUntouched(out)
    }

    @Test func gridTooLargeForTheMatchingMemoryLimitIsRefused() throws {
        // A full 12 × 12 grid: 2·10 + 2·10 = 40 junctions on its edges meet three streets. The estimate
        // for 40: 8·780 + 8·40·1 + 4·19·60 + 4·19·41 + 128·41 = 19,484 bytes, over a limit of 10K.
        let grid = try GridStreets.fullGrid(columns: 12, rows: 12).path
        let out = try unusedOutput()
        let refused = try BuiltProducts.run("schouw", [
            "plan", "--streets", grid, "--start", "Rij 6", "--out", out, "--max-matching-memory", "10K",
        ])
        #expect(refused.status == 1)
        // 12 rows and 12 columns of 11 segments each; then the refusal, as the last line.
        let lines = refused.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("straten: 264 segmenten") == true, "\(refused.stderr)")
        #expect(lines.last == """
            schouw plan: de te lopen straten hebben 40 kruispunten met een oneven aantal straten; die exact koppelen \
            kan tot ongeveer 19,5 kB geheugen vragen, meer dan de grens van 10,0 kB. Plan één buurt met \
            --area FILE --area-code CODE, of gebruik een kleiner stratenbestand (--max-matching-memory verhoogt de grens)
            """)
        expectUntouched(out)
        // With room for it (and by default) the same grid is planned.
        let planned = try BuiltProducts.run("schouw", [
            "plan", "--streets", grid, "--start", "Rij 6", "--out", try TestPaths.temporaryDirectory().path,
            "--max-matching-memory", "19484", "--json",
        ])
        #expect(planned.status == 0, "\(planned.stderr)")
    }

    @Test(arguments: ["0", "-5", "2T", "G", "1.5G", "99999999999999999G"])
    func badMemoryLimitIsAUsageError(value: String) throws {
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--start", "Tijmlaan", "--out", out, "--max-matching-memory", value,
        ])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--max-matching-memory"), "\(result.stderr)")
        expectUntouched(out)
    }

    @Test func memoryLimitTakesDecimalUnits() throws {
        let parsed = try PlanCommand.parse(["--streets", "s.osm", "--start", "x", "--out", "o", "--max-matching-memory", "64M"])
        #expect(parsed.options.matchingMemoryLimitBytes == 64_000_000)
        let bytes = try PlanCommand.parse(["--streets", "s.osm", "--start", "x", "--out", "o", "--max-matching-memory", "512k"])
        #expect(bytes.options.matchingMemoryLimitBytes == 512_000)
        let fallback = try PlanCommand.parse(["--streets", "s.osm", "--start", "x", "--out", "o"])
        #expect(fallback.options.matchingMemoryLimitBytes == 2_000_000_000)
    }

    @Test func truncatedXMLIsBadInputNamingTheLine() throws {
        let file = try write("<osm version=\"0.6\">\n<node id=\"1\" lat=\"52.5\" lon=\"5.7\"/>\n<way id=\"2\">", "cut.osm")
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", file, "--start", "Tijmlaan", "--out", out, "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cut.osm: line 3"), "\(result.stderr)")
        expectUntouched(out)
    }

    @Test func missingNodesAreListedPerWay() throws {
        let file = try write(
            """
            <osm version="0.6"><node id="1" lat="52.5" lon="5.7"/>
            <way id="7"><nd ref="1"/><nd ref="404"/><tag k="highway" v="residential"/></way></osm>
            """, "holes.osm")
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", file, "--start", "5.7,52.5", "--out", out])
        #expect(result.status == 1)
        expectUntouched(out)
        #expect(result.stderr.contains("way 7"))
        #expect(result.stderr.contains("404"))
    }

    @Test func oneNodeWaysStopThePlanUnlessLenient() throws {
        let file = try write(
            """
            <osm version="0.6"><node id="1" lat="52.5" lon="5.7"/><node id="2" lat="52.5" lon="5.701"/>
            <way id="7"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="name" v="Tijmlaan"/></way>
            <way id="8"><nd ref="2"/><tag k="highway" v="residential"/></way></osm>
            """, "lonely.osm")
        let strictOut = try unusedOutput()
        let strict = try BuiltProducts.run("schouw", ["plan", "--streets", file, "--start", "Tijmlaan", "--out", strictOut])
        #expect(strict.status == 1)
        expectUntouched(strictOut)
        #expect(strict.stderr.contains("way 8"))
        #expect(strict.stderr.contains("--lenient"))
        let out = try TestPaths.temporaryDirectory().path
        let lenient = try BuiltProducts.run("schouw", ["plan", "--streets", file, "--start", "Tijmlaan", "--out", out, "--lenient"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
    }

    @Test func unknownAreaCodeListsTheCodes() throws {
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", buurten, "--area-code", "BU99", "--start", "Tijmlaan", "--out", out,
        ])
        #expect(result.status == 1)
        expectUntouched(out)
        #expect(result.stderr.contains("BU03039901"))
        #expect(result.stderr.contains("BU03039904"))
    }

    @Test func areaWithNoStreetsIsBadInput() throws {
        let far = try write(
            """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"BU00000001","buurtnaam":"Leeg"},
            "geometry":{"type":"Polygon","coordinates":[[[5.60,52.40],[5.61,52.40],[5.61,52.41],[5.60,52.41],[5.60,52.40]]]}}]}
            """, "leeg.geojson")
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", far, "--area-code", "BU00000001", "--start", "Tijmlaan", "--out", out,
            "--lang", "en",
        ])
        #expect(result.status == 1)
        expectUntouched(out)
        #expect(result.stderr.contains("no streets lie inside area"))
    }

    @Test func startFarFromTheStreetsSaysHowFar() throws {
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "5.7220,52.54", "--out", out, "--lang", "en"])
        #expect(result.status == 1)
        expectUntouched(out)
        #expect(result.stderr.contains("m from the nearest street; it must be within 500 m"))
    }

    @Test func conflictingOptionsAreAUsageError() throws {
        let out = try unusedOutput()
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--start", "Tijmlaan", "--out", out, "--groups", "2", "--max-minutes", "60",
        ])
        #expect(result.status == 64)
        expectUntouched(out)
        #expect(result.stderr.contains("--groups or --max-minutes"))
    }
}

@Suite
struct PlanDatabaseTests {
    @Test func planStoredInTheDatabaseGivesWalkersCheckpointNumbers() throws {
        let folder = try TestPaths.temporaryDirectory()
        let db = folder.appendingPathComponent("k.schouw").path
        let geodata = TestPaths.geodata.path
        let initResult = try BuiltProducts.run("schouw", [
            "init", db, "--name", "Buurtschouw Kruidentuin", "--date", "2025-09-20",
            "--area", geodata + "/buurten.geojson", "--area-code", "BU03039901",
        ])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        let plan = try BuiltProducts.run("schouw", [
            "plan", "--streets", geodata + "/streets.osm", "--area", geodata + "/buurten.geojson", "--area-code", "BU03039901",
            "--start", "Tijmlaan", "--groups", "2", "--out", folder.appendingPathComponent("plan").path, "--db", db,
        ])
        #expect(plan.status == 0, "\(plan.stderr)")
        let add = try BuiltProducts.run("schouw", [
            "observe", "add", db, "--category", "zwerfvuil", "--level", "C", "--text", "Blikjes bij de bank",
            "--checkpoint", "3", "--group", "Groep B",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let list = try BuiltProducts.run("schouw", ["observe", "list", db])
        #expect(list.stdout.contains("Groep B"))
        #expect(list.stdout.contains("Blikjes bij de bank"))
    }

    @Test func missingDatabaseIsBadInput() throws {
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", TestPaths.geodata.path + "/streets.osm", "--start", "Tijmlaan",
            "--out", try TestPaths.temporaryDirectory().path, "--db", "/nonexistent/k.schouw",
        ])
        #expect(result.status == 1, "\(result.stderr)")
    }
}
