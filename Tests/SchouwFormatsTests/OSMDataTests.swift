import Foundation
import SchouwTestSupport
import Testing

@testable import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct OSMDataTests {
    @Test func loadKeepsFilteredWaysAndOnlyTheirCoordinates() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "streets.osm",
            """
            <node id="1" lat="52.1" lon="5.1"/>
            <node id="2" lat="52.2" lon="5.2"><tag k="highway" v="crossing"/></node>
            <node id="3" lat="52.3" lon="5.3"/>
            <node id="4" lat="52.4" lon="5.4"/>
            <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
            <way id="11"><nd ref="3"/><nd ref="4"/><nd ref="3"/><tag k="building" v="yes"/></way>

            """)
        let data = try OSMData.load(url: url, keepWay: { $0.tags["highway"] != nil })
        #expect(data.ways.map(\.id) == [10])
        #expect(
            data.coordinates == [
                1: Coordinate(longitude: 5.1, latitude: 52.1), 2: Coordinate(longitude: 5.2, latitude: 52.2),
            ])
        #expect(data.nodes.isEmpty)
        #expect(data.problems.isEmpty)

        let withCrossings = try OSMData.load(url: url, keepNode: { $0.tags["highway"] == "crossing" })
        #expect(withCrossings.ways.map(\.id) == [10, 11])
        #expect(withCrossings.coordinates.count == 4)
        #expect(withCrossings.nodes.map(\.id) == [2])
        #expect(withCrossings.nodes.first?.tags == ["highway": "crossing"])
    }

    /// Three ways refer to five missing nodes, one of them twice; another way is complete.
    private static let danglingBody = """
        <node id="1" lat="52.1" lon="5.1"/>
        <node id="2" lat="52.2" lon="5.2"/>
        <node id="3" lat="52.3" lon="5.3"/>
        <way id="17"><nd ref="1"/><nd ref="991"/><nd ref="992"/><nd ref="2"/><nd ref="3"/></way>
        <way id="18"><nd ref="993"/><nd ref="1"/><nd ref="993"/></way>
        <way id="19"><nd ref="1"/><nd ref="2"/></way>
        <way id="20"><nd ref="994"/><nd ref="995"/></way>

        """

    @Test func danglingReferencesAreAllReportedTogether() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm("streets.osm", Self.danglingBody)
        let error = osmError { _ = try OSMData.load(url: url) }
        #expect(
            error
                == .missingNodes(
                    file: "streets.osm",
                    ways: [
                        OSMMissingNodes(wayID: 17, line: 6, nodeIDs: [991, 992]),
                        OSMMissingNodes(wayID: 18, line: 7, nodeIDs: [993]),
                        OSMMissingNodes(wayID: 20, line: 9, nodeIDs: [994, 995]),
                    ]))
        #expect(
            error?.description
                == "streets.osm: 3 ways refer to 5 missing nodes: way 17 (line 6) → nodes 991, 992; "
                + "way 18 (line 7) → node 993; way 20 (line 9) → nodes 994, 995")
    }

    @Test func danglingReferencesOfIgnoredWaysDoNotMatter() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm("streets.osm", Self.danglingBody)
        let data = try OSMData.load(url: url, keepWay: { $0.id == 19 })
        #expect(data.ways.map(\.id) == [19])
        #expect(data.problems.isEmpty)
    }

    @Test func cutWaysKeepsTheRunsInsideTheFile() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm("streets.osm", Self.danglingBody)
        let data = try OSMData.load(url: url, missingNodes: .cutWays)
        #expect(data.ways.map(\.id) == [17, 19])
        #expect(data.ways.map(\.nodeIDs) == [[2, 3], [1, 2]])
        #expect(data.ways.allSatisfy { $0.nodeIDs.allSatisfy { data.coordinates[$0] != nil } })
        #expect(data.problems.map(\.line) == [6, 7, 9])
        #expect(data.problems.first?.description == "streets.osm: line 6: way 17 refers to missing nodes 991, 992")
    }

    @Test func longListsOfMissingNodesAreShortened() throws {
        let fixture = try OSMFixture()
        let ways = (1...12).map { id in
            "<way id=\"\(id)\">" + (1...12).map { "<nd ref=\"\(id * 100 + $0)\"/>" }.joined() + "</way>\n"
        }
        let url = try fixture.osm("clipped.osm", ways.joined())
        let error = osmError { _ = try OSMData.load(url: url) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("clipped.osm: 12 ways refer to 144 missing nodes: way 1 (line 3) → nodes 101, 102,"))
        #expect(message.contains("110 and 2 more; way 2 (line 4)"))
        #expect(message.hasSuffix("; and 2 more ways"))
        #expect(!message.contains("way 11 "))
    }

    @Test func waysWithFewerThanTwoNodesAreLeftOutAndReported() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "short.osm",
            """
            <node id="1" lat="52.1" lon="5.1"/>
            <node id="2" lat="52.2" lon="5.2"/>
            <way id="5"><nd ref="1"/><tag k="highway" v="path"/></way>
            <way id="6"><nd ref="1"/><nd ref="2"/></way>
            <way id="7"></way>

            """)
        let data = try OSMData.load(url: url)
        #expect(data.ways.map(\.id) == [6])
        #expect(
            data.problems == [
                OSMProblem(file: "short.osm", line: 5, kind: .tooFewNodes(wayID: 5, nodeCount: 1)),
                OSMProblem(file: "short.osm", line: 7, kind: .tooFewNodes(wayID: 7, nodeCount: 0)),
            ])
        #expect(data.problems.first?.description == "short.osm: line 5: way 5 has 1 node, a way needs at least 2; it is left out")
    }

    @Test(.sharedData("karhula.osm"))
    func karhulaHighwaysLoadWithAllTheirNodes() throws {
        let data = try OSMData.load(url: TestPaths.shared("karhula.osm"), keepWay: { $0.tags["highway"] != nil })
        #expect(data.ways.count == 331)
        #expect(data.coordinates.count == 1515)
        #expect(data.problems.isEmpty)
        #expect(data.ways.filter { $0.tags["highway"] == "residential" }.count == 124)
    }
}
