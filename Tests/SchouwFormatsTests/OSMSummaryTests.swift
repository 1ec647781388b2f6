import Foundation
import SchouwTestSupport
import Testing

@testable import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct OSMSummaryTests {
    @Test func countsWaysHighwaysTagKeysExtentAndProblems() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "buurt.osm",
            """
            <node id="1" lat="52.5" lon="5.4"/>
            <node id="2" lat="52.6" lon="5.3"/>
            <node id="3" lat="52.4" lon="5.6"/>
            <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="name" v="Tijmlaan"/></way>
            <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="footway"/></way>
            <way id="12"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="building" v="yes"/><tag k="name" v="School"/></way>
            <way id="13"><nd ref="3"/><tag k="highway" v="path"/></way>
            <way id="14"><nd ref="3"/><nd ref="4"/><nd ref="4"/></way>
            <relation id="20"><member type="way" ref="12" role="outer"/><tag k="type" v="multipolygon"/></relation>

            """)
        let summary = try OSMSummary.scan(url: url, topTagKeys: 2)
        #expect(summary.nodeCount == 3)
        #expect(summary.wayCount == 5)
        #expect(summary.highwayWayCount == 3)
        #expect(summary.namedHighwayWayCount == 1)
        #expect(
            summary.wayTagKeys == [
                OSMSummary.TagKeyCount(key: "highway", wayCount: 3), OSMSummary.TagKeyCount(key: "name", wayCount: 2),
            ])
        #expect(summary.distinctWayTagKeyCount == 3)
        #expect(summary.boundingBox == BoundingBox(minX: 5.3, minY: 52.4, maxX: 5.6, maxY: 52.6))
        #expect(
            summary.problems == [
                OSMProblem(file: "buurt.osm", line: 9, kind: .tooFewNodes(wayID: 13, nodeCount: 1)),
                OSMProblem(
                    file: "buurt.osm", line: 10,
                    kind: .missingNodes(OSMMissingNodes(wayID: 14, line: 10, nodeIDs: [4]))),
            ])
    }

    @Test func nodesAfterWaysStillCount() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "unsorted.osm",
            """
            <way id="10"><nd ref="1"/><nd ref="2"/></way>
            <node id="1" lat="52.5" lon="5.4"/>
            <node id="2" lat="52.6" lon="5.3"/>

            """)
        let summary = try OSMSummary.scan(url: url)
        #expect(summary.problems.isEmpty)
        #expect(try OSMData.load(url: url).ways.count == 1)
    }

    @Test func emptyOSMHasNoExtent() throws {
        let fixture = try OSMFixture()
        let summary = try OSMSummary.scan(url: try fixture.osm("none.osm", ""))
        #expect(summary.nodeCount == 0)
        #expect(summary.boundingBox == nil)
        #expect(summary.wayTagKeys.isEmpty)
    }

    @Test(.sharedData("karhula.osm"))
    func karhulaSummaryMatchesTheFile() throws {
        // Numbers checked against the file with grep and a Python regex count.
        let summary = try OSMSummary.scan(url: TestPaths.shared("karhula.osm"))
        #expect(summary.nodeCount == 14_222)
        #expect(summary.wayCount == 2_650)
        #expect(summary.highwayWayCount == 331)
        #expect(summary.namedHighwayWayCount == 127)
        #expect(summary.distinctWayTagKeyCount == 55)
        #expect(
            summary.wayTagKeys.prefix(3).map(\.key) == ["building", "mml:class", "highway"])
        #expect(summary.wayTagKeys.first?.wayCount == 2_222)
        #expect(summary.problems.isEmpty)
        // Karhula, Kotka, Finland.
        #expect(
            summary.boundingBox
                == BoundingBox(minX: 26.9300016, minY: 60.5200026, maxX: 26.9699986, maxY: 60.5399913))
    }
}
