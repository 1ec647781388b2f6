import Foundation
import SchouwCore
import SchouwFormats
import SchouwTestSupport
import Testing

/// `schouw plan --area-code GM…|all|CODE CODE …`: one folder per buurt with its own plan and sheets, an index,
/// water and street-less buurten listed as skipped, meeting points from --starts or each buurt's centre.
@Suite struct PlanAreasCommandTests {
    let streets = TestPaths.geodata("streets.osm").path

    /// The demo's buurten plus a water buurt (wijk 99, no name) and a buurt far from every street.
    func buurten() throws -> URL {
        let demo = try String(contentsOf: TestPaths.geodata("buurten.geojson"), encoding: .utf8)
        let extra = #"{"type":"Feature","properties":{"buurtcode":"BU03039997","buurtnaam":" ","gemeentecode":"GM0303"},"#
            + #""geometry":{"type":"Polygon","coordinates":[[[5.70,52.50],[5.705,52.50],[5.705,52.505],[5.70,52.505],[5.70,52.50]]]}},"#
            + #"{"type":"Feature","properties":{"buurtcode":"BU03031001","buurtnaam":"Leeg veld","gemeentecode":"GM0303"},"#
            + #""geometry":{"type":"Polygon","coordinates":[[[5.60,52.40],[5.61,52.40],[5.61,52.41],[5.60,52.41],[5.60,52.40]]]}},"#
        let text = demo.replacingOccurrences(of: #""features":["#, with: #""features":["# + extra)
        try #require(text != demo)
        return try TestPaths.temporaryFile("buurten-plus.geojson", contents: text)
    }

    /// index.csv as rows of cells (semicolons, a byte order mark: the Excel dialect).
    func index(_ folder: URL) throws -> [[String]] {
        let table = try CSV.read(Data(contentsOf: folder.appendingPathComponent("index.csv")))
        return table.records.map(\.fields)
    }

    @Test func aListOfCodesGetsAFolderEachAndAnIndexWithTheSkipped() throws {
        let out = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", try buurten().path, "--area-code", "BU03039901", "--area-code", "BU03039902",
            "--area-code", "BU03039997", "--area-code", "BU03031001", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["BU03039901", "BU03039902", "index.csv", "index.html"])
        for code in ["BU03039901", "BU03039902"] {
            for name in ["route.geojson", "checkpoints.geojson", "route.gpx", "sheets.html"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(code)/\(name)").path), "\(code)/\(name)")
            }
        }
        let rows = try index(out)
        #expect(rows.first == ["buurtcode", "buurtnaam", "status", "groepen", "lengte_m", "langste_minuten", "niet_gelopen_segmenten", "map"])
        #expect(rows.dropFirst().map { $0[0] } == ["BU03031001", "BU03039901", "BU03039902", "BU03039997"])
        #expect(rows[1][2] == "overgeslagen: geen straten" && rows[4][2] == "overgeslagen: waterbuurt")
        #expect(rows[2][2] == "gepland" && rows[3][2] == "gepland")
        // The index's length is the buurt's own plan: the sum of its groups' route lengths.
        for (row, code) in [(rows[2], "BU03039901"), (rows[3], "BU03039902")] {
            let routes = try GeoJSON.read(contentsOf: out.appendingPathComponent("\(code)/route.geojson")).features
            let total = routes.compactMap { $0.properties["length_m"]?.doubleValue }.reduce(0, +)
            #expect(abs(Double(row[4])! - total) <= Double(routes.count), "\(code): \(row[4]) vs \(total)")
            #expect(Int(row[3]) == routes.count)
        }
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains(#"<a href="BU03039901/sheets.html">BU03039901</a>"#))
        #expect(result.stdout == "2 van 4 buurten gepland; overzicht: \(out.appendingPathComponent("index.html").path)\n")
    }

    @Test func eachBuurtIsPlannedAsAloneFromTheSameMeetingPoint() throws {
        // The several-buurten run gives each buurt exactly the plan a single run from the same point gives.
        let starts = try TestPaths.temporaryFile("starts.csv", contents: "code;lon;lat\nBU03039901;5,7219607;52,5194066\nBU03039902;5.7220;52.5160\n")
        let several = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", TestPaths.geodata("buurten.geojson").path, "--area-code", "BU03039901",
            "--area-code", "BU03039902", "--starts", starts.path, "--out", several.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        for (code, start) in [("BU03039901", "5.7219607,52.5194066"), ("BU03039902", "5.7220,52.5160")] {
            let single = try TestPaths.temporaryDirectory()
            let alone = try BuiltProducts.run("schouw", [
                "plan", "--streets", streets, "--area", TestPaths.geodata("buurten.geojson").path, "--area-code", code,
                "--start", start, "--out", single.path,
            ])
            #expect(alone.status == 0, "\(alone.stderr)")
            for name in ["route.geojson", "checkpoints.geojson", "directions.txt"] {
                let a = try Data(contentsOf: several.appendingPathComponent("\(code)/\(name)"))
                let b = try Data(contentsOf: single.appendingPathComponent(name))
                #expect(a == b, "\(code)/\(name)")
            }
        }
    }

    @Test func aGemeenteCodeTakesItsBuurtenAndListsItsWater() throws {
        let out = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", try buurten().path, "--area-code", "GM0303", "--out", out.path, "--lang", "en",
        ])
        let rows = try index(out)
        #expect(rows.first?.first == "buurt_code")
        // The four demo buurten, the empty one and the water buurt: six rows, whatever each outcome.
        #expect(rows.dropFirst().map { $0[0] } == ["BU03031001", "BU03039901", "BU03039902", "BU03039903", "BU03039904", "BU03039997"])
        #expect(rows.last?[2] == "skipped: water buurt")
        let planned = rows.dropFirst().filter { $0[2] == "planned" }.map { $0[0] }
        #expect(planned.count >= 3)
        for code in planned { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(code)/route.gpx").path)) }
        // Exit 0 when every buurt is planned or skipped; 1 (bad input) when one could not be planned, said on its line.
        let failed = rows.dropFirst().filter { $0[2].hasPrefix("not planned") }
        #expect(result.status == (failed.isEmpty ? 0 : 1), "\(result.stderr)")
        for row in failed { #expect(result.stderr.contains("\(row[0]) \(row[1]): not planned: ")) }
    }

    /// Karhula (a real town) cut into four squares: each is planned from its centroid's nearest junction on
    /// the part of the network holding most of its streets. Planned from the plain nearest junction, the
    /// fourth square's walk would start on a loose path and leave 3 km of its streets out.
    @Test(.sharedData("karhula.osm"))
    func aRealTownInFourSquaresIsPlannedFromEachCentre() throws {
        var features: [String] = []
        let (x0, x1, y0, y1) = (26.941, 26.959, 60.5255, 60.5345)
        for (k, (a, b, c, d)) in [(x0, 26.95, y0, 60.53), (x0, 26.95, 60.53, y1), (26.95, x1, y0, 60.53), (26.95, x1, 60.53, y1)].enumerated() {
            features.append(#"{"type":"Feature","properties":{"buurtcode":"BU0999000\#(k + 1)","buurtnaam":"Karhula \#(k + 1)"},"#
                + #""geometry":{"type":"Polygon","coordinates":[[[\#(a),\#(c)],[\#(b),\#(c)],[\#(b),\#(d)],[\#(a),\#(d)],[\#(a),\#(c)]]]}}"#)
        }
        let tiles = try TestPaths.temporaryFile("karhula-vakken.geojson", contents: #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}")
        let karhula = TestPaths.shared("karhula.osm").path
        let out = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", karhula, "--area", tiles.path, "--area-code", "all", "--out", out.path, "--lenient"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try index(out)
        #expect(rows.dropFirst().map { $0[0] } == ["BU09990001", "BU09990002", "BU09990003", "BU09990004"])
        #expect(rows.dropFirst().allSatisfy { $0[2] == "gepland" && FileManager.default.fileExists(atPath: out.appendingPathComponent("\($0[0])/sheets.html").path) })
        // The fourth square from its centroid (26.9545, 60.53225): the plain nearest junction against near:.
        func summary(_ start: String) throws -> [String: Any] {
            let folder = try TestPaths.temporaryDirectory()
            let run = try BuiltProducts.run("schouw", [
                "plan", "--streets", karhula, "--area", tiles.path, "--area-code", "BU09990004", "--start", start, "--out", folder.path,
                "--lenient", "--json",
            ])
            try #require(run.status == 0, "\(run.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        }
        let plain = try summary("26.9545,60.53225")
        let near = try summary("near:26.9545,60.53225")
        let plainStreets = try #require(plain["street_length_m"] as? Double)
        let nearStreets = try #require(near["street_length_m"] as? Double)
        #expect(plainStreets < 100 && nearStreets > 3000, "plain \(plainStreets) m, near \(nearStreets) m")
        #expect(Double(rows[4][4]) == (near["groups"] as? [[String: Any]])?.compactMap { $0["length_m"] as? Double }.reduce(0, +))
    }

    @Test func usageErrorsForSeveralBuurten() throws {
        let out = try TestPaths.temporaryDirectory().path
        let withDB = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", TestPaths.geodata("buurten.geojson").path, "--area-code", "all", "--out", out,
            "--db", "x.schouw",
        ])
        #expect(withDB.status == 64 && withDB.stderr.contains("--db stores one plan"))
        let noStart = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", TestPaths.geodata("buurten.geojson").path, "--area-code", "BU03039901", "--out", out,
        ])
        #expect(noStart.status == 64 && noStart.stderr.contains("--start is needed"))
        let badStarts = try TestPaths.temporaryFile("starts.csv", contents: "code,lon,lat\nBU03039901,oost,52.5\n")
        let refused = try BuiltProducts.run("schouw", [
            "plan", "--streets", streets, "--area", TestPaths.geodata("buurten.geojson").path, "--area-code", "all",
            "--starts", badStarts.path, "--out", out,
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr == "schouw plan: starts.csv: regel 2 / line 2: geen ontmoetingspunt; verwacht CSV met de kolommen code, lon, lat of GeoJSON-punten met een eigenschap code\n")
    }
}
