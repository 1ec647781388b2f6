import Foundation
import SchouwTestSupport
import Testing

/// Sidewalks, crossings and traffic islands mapped as ways of their own (as Dutch OSM does more and more):
/// by default they go with their street and only connect; `--include-sidewalks` walks them too.
@Suite struct SidewalkPlanTests {
    /// A hand-made street of 200 m (Dorpsstraat, A–B) with a sidewalk 10 m north of it (S1–S2), a
    /// crossing at each end (A–S1, B–S2), a traffic island piece on the western crossing, and a school
    /// path of 100 m north from the sidewalk's east end (S2–P): the path can only be reached over the
    /// sidewalk or a crossing.
    static let osm: String = {
        // Metres to degrees near 52° N, by the spherical approximation (independent of the planner's
        // geodesic lengths, which agree to well under a metre over these distances).
        let lat0 = 52.5, lon0 = 5.7
        let metresPerDegreeLat = 111_320.0 * 0.99832  // about 111,133 m on the ellipsoid at 52.5°
        let metresPerDegreeLon = 111_320.0 * cos(lat0 * .pi / 180) * 1.00168
        func node(_ id: Int, _ east: Double, _ north: Double) -> String {
            String(format: "  <node id=\"%d\" lat=\"%.8f\" lon=\"%.8f\"/>\n", id, lat0 + north / metresPerDegreeLat, lon0 + east / metresPerDegreeLon)
        }
        func way(_ id: Int, _ nodes: [Int], _ tags: [String: String]) -> String {
            "  <way id=\"\(id)\">\n" + nodes.map { "    <nd ref=\"\($0)\"/>\n" }.joined()
                + tags.sorted { $0.key < $1.key }.map { "    <tag k=\"\($0.key)\" v=\"\($0.value)\"/>\n" }.joined() + "  </way>\n"
        }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\">\n"
        let nodes: [(Int, Double, Double)] = [(1, 0, 0), (2, 200, 0), (3, 0, 10), (4, 200, 10), (5, 200, 110), (6, 0, 5)]
        for (id, east, north) in nodes { text += node(id, east, north) }
        let ways: [(Int, [Int], [String: String])] = [
            (10, [1, 2], ["highway": "residential", "name": "Dorpsstraat"]),
            (11, [3, 4], ["highway": "footway", "footway": "sidewalk"]),
            (12, [1, 6], ["highway": "footway", "footway": "crossing"]),
            (13, [6, 3], ["highway": "footway", "footway": "traffic_island"]),
            (14, [2, 4], ["highway": "footway", "footway": "crossing"]),
            (15, [4, 5], ["highway": "footway", "name": "Schoolpad"]),
        ]
        for (id, refs, tags) in ways { text += way(id, refs, tags) }
        return text + "</osm>\n"
    }()

    func plan(_ extra: [String]) throws -> (summary: [String: Any], report: String) {
        let streets = try TestPaths.temporaryFile("sidewalks.osm", contents: Self.osm).path
        let out = try TestPaths.temporaryDirectory().path
        let json = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Dorpsstraat", "--groups", "1", "--out", out, "--json"] + extra)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Dorpsstraat", "--groups", "1", "--out", out] + extra)
        #expect(report.status == 0, "\(report.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        return (summary, report.stdout)
    }

    @Test func sidewalksConnectButAreNotRequiredByDefault() throws {
        let (summary, report) = try plan([])
        // Required: Dorpsstraat (200 m) and Schoolpad (100 m).
        #expect(summary["required_edges"] as? Int == 2, "\(summary)")
        let street = try #require(summary["street_length_m"] as? Double)
        #expect(abs(street - 300) < 1, "\(street)")
        // The shortest closed walk, by hand: A→B 200, crossing to S2 10, Schoolpad there and back 200,
        // then back to A over the crossing and the street (210) or the sidewalk and the western crossing
        // (210): 620 m, of which 320 m connect over the street again or the sidewalk.
        let total = try #require(summary["total_length_m"] as? Double)
        let expected = 620.0
        #expect(abs(total - expected) < 2, "\(total)")
        // Set aside: the sidewalk (200 m), two crossings (10 m, 5 m) and the island piece (5 m): 4 segments, 220 m.
        #expect(report.contains("stoepen apart        4 segmenten (220 m)"), "\(report)")
    }

    @Test func includeSidewalksMakesThemRequired() throws {
        let (summary, report) = try plan(["--include-sidewalks"])
        #expect(summary["required_edges"] as? Int == 6, "\(summary)")
        let street = try #require(summary["street_length_m"] as? Double)
        #expect(abs(street - 520) < 1, "\(street)")
        #expect(!report.contains("stoepen apart"), "\(report)")
    }
}
