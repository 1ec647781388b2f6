import Foundation
import Testing
@testable import SchouwCommands
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite(.enabled(if: BinaryRunner.exists, "the schouw binary is not built: run `swift build` before `swift test`"))
struct PlanCommandTests {
    let streets = PackagePaths.geodata.appendingPathComponent("streets.osm").path
    let buurten = PackagePaths.geodata.appendingPathComponent("buurten.geojson").path

    func write(_ text: String, _ name: String) throws -> String {
        let url = try PackagePaths.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func demoPlanWritesEveryFileAndAJSONSummary() throws {
        let out = try PackagePaths.temporaryFolder().path
        let result = try BinaryRunner.run([
            "plan", "--streets", streets, "--area", buurten, "--area-code", "BU03039901", "--start", "Tijmlaan",
            "--groups", "2", "--out", out, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let groups = try #require(summary?["groups"] as? [[String: Any]])
        #expect(groups.count == 2)
        #expect((summary?["total_length_m"] as? Double ?? 0) >= (summary?["street_length_m"] as? Double ?? .infinity))
        for name in ["route.geojson", "route.gpx", "directions.txt"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        let directions = try String(contentsOfFile: out + "/directions.txt", encoding: .utf8)
        #expect(directions.contains("Groep A"))
        #expect(directions.contains("Terug bij het startpunt"))
        let geojson = try GeoJSON.read(contentsOf: URL(fileURLWithPath: out + "/route.geojson"))
        #expect(geojson.features.filter { $0.properties["kind"] == "route" }.count == 2)
        let gpx = try GPX.read(contentsOf: URL(fileURLWithPath: out + "/route.gpx"))
        #expect(gpx.tracks.count == 2)
        #expect(gpx.waypoints.count == geojson.features.filter { $0.properties["kind"] == "checkpoint" }.count + 1)
    }

    @Test func englishDirectionsOnRequest() throws {
        let out = try PackagePaths.temporaryFolder().path
        let result = try BinaryRunner.run(["plan", "--streets", streets, "--start", "Tijmlaan", "--out", out, "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        let directions = try String(contentsOfFile: out + "/directions.txt", encoding: .utf8)
        #expect(directions.contains("Start along Tijmlaan"))
        #expect(directions.contains("Back at the meeting point"))
        #expect(result.stdout.contains("optimal              yes"))
    }

    @Test func truncatedXMLIsBadInputNamingTheLine() throws {
        let file = try write("<osm version=\"0.6\">\n<node id=\"1\" lat=\"52.5\" lon=\"5.7\"/>\n<way id=\"2\">", "cut.osm")
        let result = try BinaryRunner.run(["plan", "--streets", file, "--start", "Tijmlaan", "--out", "/tmp/x", "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cut.osm: line"))
    }

    @Test func missingNodesAreListedPerWay() throws {
        let file = try write(
            """
            <osm version="0.6"><node id="1" lat="52.5" lon="5.7"/>
            <way id="7"><nd ref="1"/><nd ref="404"/><tag k="highway" v="residential"/></way></osm>
            """, "holes.osm")
        let result = try BinaryRunner.run(["plan", "--streets", file, "--start", "5.7,52.5", "--out", "/tmp/x"])
        #expect(result.status == 1)
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
        let strict = try BinaryRunner.run(["plan", "--streets", file, "--start", "Tijmlaan", "--out", "/tmp/x1"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("way 8"))
        #expect(strict.stderr.contains("--lenient"))
        let out = try PackagePaths.temporaryFolder().path
        let lenient = try BinaryRunner.run(["plan", "--streets", file, "--start", "Tijmlaan", "--out", out, "--lenient"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
    }

    @Test func unknownAreaCodeListsTheCodes() throws {
        let result = try BinaryRunner.run([
            "plan", "--streets", streets, "--area", buurten, "--area-code", "BU99", "--start", "Tijmlaan", "--out", "/tmp/x",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("BU03039901"))
        #expect(result.stderr.contains("BU03039904"))
    }

    @Test func areaWithNoStreetsIsBadInput() throws {
        let far = try write(
            """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"BU00000001","buurtnaam":"Leeg"},
            "geometry":{"type":"Polygon","coordinates":[[[5.60,52.40],[5.61,52.40],[5.61,52.41],[5.60,52.41],[5.60,52.40]]]}}]}
            """, "leeg.geojson")
        let result = try BinaryRunner.run([
            "plan", "--streets", streets, "--area", far, "--area-code", "BU00000001", "--start", "Tijmlaan", "--out", "/tmp/x",
            "--lang", "en",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no streets lie inside area"))
    }

    @Test func startFarFromTheStreetsSaysHowFar() throws {
        let result = try BinaryRunner.run(["plan", "--streets", streets, "--start", "5.7220,52.54", "--out", "/tmp/x", "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("m from the nearest street; it must be within 500 m"))
    }

    @Test func conflictingOptionsAreAUsageError() throws {
        let result = try BinaryRunner.run([
            "plan", "--streets", streets, "--start", "Tijmlaan", "--out", "/tmp/x", "--groups", "2", "--max-minutes", "60",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--groups or --max-minutes"))
    }
}

@Suite(.enabled(if: BinaryRunner.exists, "the schouw binary is not built: run `swift build` before `swift test`"))
struct PlanDatabaseTests {
    @Test func planStoredInTheDatabaseGivesWalkersCheckpointNumbers() throws {
        let folder = try PackagePaths.temporaryFolder()
        let db = folder.appendingPathComponent("k.schouw").path
        let geodata = PackagePaths.geodata.path
        let initResult = try BinaryRunner.run([
            "init", db, "--name", "Buurtschouw Kruidentuin", "--date", "2025-09-20",
            "--area", geodata + "/buurten.geojson", "--area-code", "BU03039901",
        ])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        let plan = try BinaryRunner.run([
            "plan", "--streets", geodata + "/streets.osm", "--area", geodata + "/buurten.geojson", "--area-code", "BU03039901",
            "--start", "Tijmlaan", "--groups", "2", "--out", folder.appendingPathComponent("plan").path, "--db", db,
        ])
        #expect(plan.status == 0, "\(plan.stderr)")
        let add = try BinaryRunner.run([
            "observe", "add", db, "--category", "zwerfvuil", "--level", "C", "--text", "Blikjes bij de bank",
            "--checkpoint", "3", "--group", "Groep B",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let list = try BinaryRunner.run(["observe", "list", db])
        #expect(list.stdout.contains("Groep B"))
        #expect(list.stdout.contains("Blikjes bij de bank"))
    }

    @Test func missingDatabaseIsBadInput() throws {
        let result = try BinaryRunner.run([
            "plan", "--streets", PackagePaths.geodata.path + "/streets.osm", "--start", "Tijmlaan",
            "--out", try PackagePaths.temporaryFolder().path, "--db", "/nonexistent/k.schouw",
        ])
        #expect(result.status == 1, "\(result.stderr)")
    }
}
