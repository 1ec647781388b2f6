import Foundation
import SchouwTestSupport
import Testing
@testable import SchouwNetwork
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct WalkableFilterTests {
    let filter = WalkableFilter()

    @Test(arguments: [
        (["highway": "residential"], true),
        (["highway": "footway"], true),
        (["highway": "motorway"], false),
        (["highway": "cycleway"], false),
        (["highway": "cycleway", "foot": "yes"], true),
        (["highway": "cycleway", "foot": "designated"], true),
        (["highway": "service", "service": "parking_aisle"], false),
        (["highway": "service", "service": "driveway"], false),
        (["highway": "service", "service": "alley"], true),
        (["highway": "pedestrian", "area": "yes"], false),
        (["highway": "residential", "foot": "no"], false),
        (["highway": "residential", "access": "private"], false),
        (["highway": "residential", "access": "private", "foot": "permissive"], true),
        (["highway": "track", "access": "no"], false),
        (["building": "yes"], false),
    ])
    func defaultRules(_ tags: [String: String], _ walkable: Bool) {
        #expect(filter.accepts(tags) == walkable, "\(tags)")
    }

    @Test func highwaysOverrideReplacesTheList() {
        let custom = WalkableFilter(highways: ["footway"])
        #expect(custom.accepts(["highway": "footway"]))
        #expect(!custom.accepts(["highway": "residential"]))
    }
}

@Suite struct StreetNetworkTests {
    @Test func waysAreSplitAtEverySharedNode() throws {
        // A plus sign: two ways crossing at node 5, plus a dead end hanging off node 3.
        let url = try GridStreets.osm(
            nodes: [1: (0, 1), 2: (1, 1), 5: (2, 1), 3: (3, 1), 4: (2, 0), 6: (2, 2), 7: (3, 2)],
            ways: [
                (10, [1, 2, 5, 3], ["highway": "residential", "name": "Tijmlaan"]),
                (11, [4, 5, 6], ["highway": "residential", "name": "Salieweg"]),
                (12, [3, 7], ["highway": "footway"]),
            ])
        let network = try StreetNetwork.load(url: url)
        // Tijmlaan splits at 5 (shared) → 2 edges; node 2 is interior and not shared; Salieweg → 2; footway → 1.
        #expect(network.edges.count == 5)
        #expect(network.vertices.count == 6)
        #expect(network.edges.filter { $0.name == "Tijmlaan" }.count == 2)
        #expect(network.edges.first { $0.name == "Tijmlaan" }?.coordinates.count == 3)
        #expect(network.components().count == 1)
        // Lengths on the WGS84 ellipsoid, by hand: Tijmlaan runs along the parallel of row 1 (two grid
        // steps, then one), Salieweg and the footway along meridians (one step each).
        let row1 = GridStreets.position(column: 0, row: 1).latitude
        let expected: [String: [Double]] = [
            "Tijmlaan": [2, 1].map { Ellipsoid.parallelArcMeters(latitude: row1, degrees: $0 * GridStreets.longitudeStep) },
            "Salieweg": [0, 1].map {
                Ellipsoid.meridianArcMeters(from: GridStreets.position(column: 2, row: $0).latitude, degrees: GridStreets.latitudeStep)
            },
            "footway": [Ellipsoid.meridianArcMeters(from: row1, degrees: GridStreets.latitudeStep)],
        ]
        for (street, lengths) in expected {
            let actual = network.edges.filter { ($0.name ?? $0.highway) == street }.map(\.lengthMeters).sorted()
            #expect(actual.count == lengths.count, "\(street)")
            for (a, e) in zip(actual, lengths.sorted()) {
                #expect(abs(a - e) < 1e-4, "\(street): \(a) m, by hand \(e) m")
            }
        }
    }

    @Test func aWayTouchingItselfIsSplitThere() throws {
        // A lollipop: 1-2-3-4-2 returns to node 2.
        let url = try GridStreets.osm(
            nodes: [1: (0, 0), 2: (1, 0), 3: (2, 0), 4: (2, 1)],
            ways: [(10, [1, 2, 3, 4, 2], ["highway": "residential"])])
        let network = try StreetNetwork.load(url: url)
        #expect(network.edges.count == 2)
        #expect(network.edges.contains { $0.u == $0.v })
    }

    @Test func nothingWalkableIsAnError() throws {
        let url = try GridStreets.osm(nodes: [1: (0, 0), 2: (1, 0)], ways: [(10, [1, 2], ["highway": "motorway"])])
        #expect(throws: SchouwNetworkError.noStreets(file: "streets.osm")) { try StreetNetwork.load(url: url) }
    }

    @Test func danglingNodeReferencesAreReportedWithTheWay() throws {
        let url = try TestPaths.temporaryFile("broken.osm", contents: """
            <osm version="0.6"><node id="1" lat="52.5" lon="5.7"/>
            <way id="10"><nd ref="1"/><nd ref="99"/><tag k="highway" v="residential"/></way></osm>
            """)
        #expect {
            try StreetNetwork.load(url: url)
        } throws: { error in
            "\(error)".contains("way 10") && "\(error)".contains("99")
        }
    }

    @Test func truncatedXMLNamesTheLine() throws {
        let url = try TestPaths.temporaryFile("cut.osm", contents: "<osm version=\"0.6\">\n<node id=\"1\" lat=\"52.5\" lon=\"5.7\"/>\n<way id=\"10\"><nd ref=\"1\"/>")
        #expect {
            try StreetNetwork.load(url: url)
        } throws: { error in
            "\(error)".contains("cut.osm: line 3")
        }
    }

    @Test func geoJSONLinesMeetAtSharedCoordinates() throws {
        let url = try TestPaths.temporaryFile("streets.geojson", contents: """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Tijmlaan"},"geometry":{"type":"LineString","coordinates":[[5.72,52.51],[5.721,52.51],[5.722,52.51]]}},
            {"type":"Feature","properties":{"name":"Salieweg"},"geometry":{"type":"LineString","coordinates":[[5.721,52.509],[5.721,52.51],[5.721,52.511]]}}
            ]}
            """)
        let network = try StreetNetwork.load(url: url)
        #expect(network.edges.count == 4)
        #expect(network.vertices.count == 5)
        #expect(network.streetNames == ["Salieweg", "Tijmlaan"])
    }

    @Test func demoNetworkIsOneNetworkPlusTheLoosePath() throws {
        let network = try StreetNetwork.load(url: TestPaths.geodata("streets.osm"))
        let components = network.components()
        #expect(components.count == 2)
        #expect(network.streetNames.contains("Tijmlaan"))
        // The parking aisle, the private driveway, the foot=no cycleway and the square's area are filtered out.
        let all = try OSMData.load(url: TestPaths.geodata("streets.osm"))
        let excluded = Set(all.ways.filter { !WalkableFilter().accepts($0.tags) }.map(\.id))
        #expect(excluded.count >= 4)
        #expect(all.ways.contains { excluded.contains($0.id) && $0.tags["service"] == "parking_aisle" })
        #expect(all.ways.contains { excluded.contains($0.id) && $0.tags["access"] == "private" })
        #expect(all.ways.contains { excluded.contains($0.id) && $0.tags["area"] == "yes" })
        #expect(all.ways.contains { excluded.contains($0.id) && $0.tags["highway"] == "cycleway" })
        #expect(!network.edges.contains { excluded.contains($0.sourceID) })
        #expect(network.totalLengthMeters > 10_000 && network.totalLengthMeters < 12_000)
    }
}

@Suite struct StartLocationTests {
    @Test func parsesTheThreeForms() throws {
        #expect(try StartLocation(parsing: "5.7220,52.5185") == .wgs84(Coordinate(longitude: 5.722, latitude: 52.5185)))
        #expect(try StartLocation(parsing: "rd:177724.6, 503478") == .rd(Coordinate(x: 177_724.6, y: 503_478)))
        #expect(try StartLocation(parsing: "Tijmlaan") == .street("Tijmlaan"))
    }

    @Test(arguments: ["", "200,100", "5.7", "rd:abc,1", "52,5185"])
    func rejectsWhatIsNoLocation(_ text: String) {
        #expect(throws: SchouwNetworkError.badLocation(text)) { try StartLocation(parsing: text) }
    }
}
