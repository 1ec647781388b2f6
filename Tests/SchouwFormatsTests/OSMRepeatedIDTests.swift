import Foundation
import SchouwTestSupport
import Testing

import SchouwCore
import SchouwFormats
import SchouwGeometry

/// An id names one node and one way: occurrences that differ are an error listing each id with its lines,
/// exact copies a warning, used once. The lines in the expected values are counted by hand in the fixtures
/// (the body starts on line 3).
@Suite struct OSMRepeatedIDTests {
    @Test func aNodeGivenTwiceAtTwoPositionsIsAnErrorWithBothLines() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "dubbel.osm",
            """
            <node id="1" lat="52.1" lon="5.1"/>
            <node id="2" lat="52.2" lon="5.2"/>
            <node id="1" lat="52.9" lon="5.1"/>
            <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>

            """)
        let error = osmError { _ = try OSMData.load(url: url) }
        #expect(error == .conflictingIDs(file: "dubbel.osm", ids: [OSMRepeatedID(element: "node", id: 1, lines: [3, 5], difference: .position)]))
        #expect(
            error?.message(.nl)
                == "dubbel.osm: 1 id staat meer dan eens in het bestand, met verschillende inhoud: node 1 (regels 3, 5: andere positie). "
                + "Een id hoort bij één object: is het een bestand met geschiedenis, of zijn extracten verkeerd samengevoegd?")
        #expect(
            error?.message(.en)
                == "dubbel.osm: 1 id occurs more than once in the file, with different content: node 1 (lines 3, 5: other position). "
                + "An id belongs to one object: is this a history file, or were extracts merged wrongly?")
    }

    @Test func waysWithOtherNodesAndNodesWithOtherTagsAreListedTogether() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "samengevoegd.osm",
            """
            <node id="1" lat="52.1" lon="5.1"/>
            <node id="2" lat="52.2" lon="5.2"><tag k="highway" v="crossing"/></node>
            <node id="3" lat="52.3" lon="5.3"/>
            <node id="2" lat="52.2" lon="5.2"><tag k="highway" v="traffic_signals"/></node>
            <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
            <way id="10"><nd ref="1"/><nd ref="3"/><tag k="highway" v="footway"/></way>
            <way id="11"><nd ref="2"/><nd ref="3"/><tag k="building" v="yes"/></way>
            <way id="11"><nd ref="2"/><nd ref="3"/><tag k="building" v="house"/></way>

            """)
        // Way 11 is no street, but the file is inconsistent all the same.
        let error = osmError { _ = try OSMData.load(url: url, keepWay: { $0.tags["highway"] != nil }) }
        #expect(
            error
                == .conflictingIDs(
                    file: "samengevoegd.osm",
                    ids: [
                        OSMRepeatedID(element: "node", id: 2, lines: [4, 6], difference: .tags),
                        OSMRepeatedID(element: "way", id: 10, lines: [7, 8], difference: .nodes),
                        OSMRepeatedID(element: "way", id: 11, lines: [9, 10], difference: .tags),
                    ]))
        #expect(
            error?.message(.nl).hasPrefix(
                "samengevoegd.osm: 3 id's staan meer dan eens in het bestand, met verschillende inhoud: "
                    + "node 2 (regels 4, 6: andere tags); way 10 (regels 7, 8: andere nodes); way 11 (regels 9, 10: andere tags).") == true)
    }

    @Test func exactCopiesAreUsedOnceWithAWarning() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "kopie.osm",
            """
            <node id="1" lat="52.1" lon="5.1"/>
            <node id="2" lat="52.2" lon="5.2"><tag k="highway" v="crossing"/></node>
            <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
            <node id="2" lat="52.20" lon="5.2"><tag k="highway" v="crossing"/></node>
            <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
            <node id="2" lat="52.2" lon="5.2"><tag k="highway" v="crossing"/></node>

            """)
        let data = try OSMData.load(url: url, keepNode: { $0.tags["highway"] == "crossing" })
        #expect(data.ways.map(\.id) == [10])
        #expect(data.nodes.map(\.id) == [2])
        #expect(data.coordinates == [1: Coordinate(longitude: 5.1, latitude: 52.1), 2: Coordinate(longitude: 5.2, latitude: 52.2)])
        #expect(
            data.problems == [
                OSMProblem(file: "kopie.osm", line: 4, kind: .repeatedCopies(OSMRepeatedID(element: "node", id: 2, lines: [4, 6, 8], difference: .same))),
                OSMProblem(file: "kopie.osm", line: 5, kind: .repeatedCopies(OSMRepeatedID(element: "way", id: 10, lines: [5, 7], difference: .same))),
            ])
        #expect(data.problems.allSatisfy { !$0.leavesSomethingOut })
        #expect(
            data.problems[0].message(.nl)
                == "kopie.osm: regel 4: node 2 staat 3 keer in het bestand (regels 4, 6, 8), telkens gelijk; hij wordt één keer gebruikt")
        #expect(
            data.problems[1].message(.en)
                == "kopie.osm: line 5: way 10 occurs twice in the file (lines 5, 7), each time the same; it is used once")
    }

    @Test func idsOutOfOrderButUniqueAreFine() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "josm.osm",
            """
            <node id="-2" lat="52.2" lon="5.2"/>
            <node id="5" lat="52.5" lon="5.5"/>
            <node id="-7" lat="52.7" lon="5.7"/>
            <way id="3"><nd ref="-2"/><nd ref="5"/></way>
            <way id="-1"><nd ref="5"/><nd ref="-7"/></way>

            """)
        let data = try OSMData.load(url: url)
        #expect(data.ways.map(\.id) == [3, -1])
        #expect(data.problems.isEmpty)
    }

    @Test func moreThanTenConflictsAreShortened() throws {
        let fixture = try OSMFixture()
        let nodes = (1...12).map { #"<node id="\#($0)" lat="52.1" lon="5.1"/>"# + "\n" }.joined()
        let again = (1...12).map { #"<node id="\#($0)" lat="52.2" lon="5.1"/>"# + "\n" }.joined()
        let url = try fixture.osm("veel.osm", nodes + again)
        let message = osmError { _ = try OSMData.load(url: url) }?.message(.en) ?? ""
        #expect(message.hasPrefix("veel.osm: 12 ids occur more than once in the file, with different content: node 1 (lines 3, 15: other position); "))
        #expect(message.contains("node 10 (lines 12, 24: other position); and 2 more. An id belongs"))
        #expect(!message.contains("node 11 "))
    }
}
