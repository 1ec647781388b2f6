import Foundation
import SchouwTestSupport
import Testing

@testable import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Small `.osm` files written to a fresh temporary folder, removed when the fixture is released.
final class OSMFixture {
    let folder: URL

    init() throws {
        folder = try TestPaths.temporaryDirectory()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes `text` to `name` as UTF-8 and returns its URL.
    func file(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Wraps `body` in an XML declaration and an `<osm>` root; the body starts on line 3.
    func osm(_ name: String, _ body: String) throws -> URL {
        try file(name, "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n\(body)</osm>\n")
    }
}

/// Reads everything the reader reports, for checking.
func readAll(_ url: URL) throws -> (nodes: [OSMNode], ways: [OSMWay]) {
    var nodes: [OSMNode] = []
    var ways: [OSMWay] = []
    try OSMXMLReader().read(url: url, onNode: { nodes.append($0) }, onWay: { ways.append($0) })
    return (nodes, ways)
}

/// The `FormatError` thrown by `body`, or nil (recorded as an issue) when it throws something else or nothing.
func osmError(_ body: () throws -> Void) -> FormatError? {
    do {
        try body()
        Issue.record("expected a FormatError, nothing was thrown")
    } catch let error as FormatError {
        return error
    } catch {
        Issue.record("expected a FormatError, got \(error)")
    }
    return nil
}

@Suite struct OSMXMLReaderTests {
    @Test func nodesAndWaysParseWithTagsCoordinatesAndLines() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "streets.osm",
            """
              <bounds minlat="52.0" minlon="5.0" maxlat="52.1" maxlon="5.1"/>
              <node id="1" lat="52.0101" lon="5.0102"/>
              <node id="2" lat="52.0201" lon="5.0202">
                <tag k="highway" v="crossing"/>
              </node>
              <node id="-3" lat="-0.5" lon="180"/>
              <way id="10">
                <nd ref="1"/>
                <nd ref="2"/>
                <nd ref="-3"/>
                <tag k="highway" v="residential"/>
                <tag k="name" v="Tijmlaan &amp; Zoon"/>
              </way>
              <relation id="99">
                <member type="way" ref="10" role="outer"/>
                <tag k="type" v="multipolygon"/>
              </relation>

            """)
        let (nodes, ways) = try readAll(url)
        #expect(
            nodes == [
                OSMNode(id: 1, coordinate: Coordinate(longitude: 5.0102, latitude: 52.0101), line: 4),
                OSMNode(id: 2, coordinate: Coordinate(longitude: 5.0202, latitude: 52.0201), tags: ["highway": "crossing"], line: 5),
                OSMNode(id: -3, coordinate: Coordinate(longitude: 180, latitude: -0.5), line: 8),
            ])
        #expect(
            ways == [
                OSMWay(
                    id: 10, nodeIDs: [1, 2, -3], tags: ["highway": "residential", "name": "Tijmlaan & Zoon"], line: 9)
            ])
    }

    @Test func deletedObjectsAreSkipped() throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "history.osm",
            """
            <node id="1" lat="1" lon="1"/>
            <node id="2" visible="false"/>
            <node id="3" action="delete" lat="1" lon="1"><tag k="a" v="b"/></node>
            <way id="4" visible="false"><nd ref="1"/></way>
            <way id="5"><nd ref="1"/><nd ref="1"/></way>

            """)
        let (nodes, ways) = try readAll(url)
        #expect(nodes.map(\.id) == [1])
        #expect(ways.map(\.id) == [5])
    }

    @Test func truncatedFileNamesTheLineAndTheOpenElement() throws {
        let fixture = try OSMFixture()
        let url = try fixture.file(
            "karhula.osm",
            """
            <?xml version='1.0' encoding='UTF-8'?>
            <osm version="0.6">
              <node id="1" lat="60.5" lon="26.9"/>
              <way id="7">
                <nd ref="1"/>
                <nd re
            """)
        let error = osmError { _ = try readAll(url) }
        guard case .malformedXML = error else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
        #expect(
            error?.description
                == "karhula.osm: line 6, column 11: XML error: an attribute without a value; "
                + "the file ends inside <way> (opened on line 4); is it truncated?")
    }

    @Test(arguments: [
        ("<osm><node id='1' lat='1' lon='1'></osm>", 1, "an end tag that does not match the open element"),
        ("<osm>\n<node id='1' lat='1' lat='2' lon='1'/></osm>", 2, "an attribute given twice in one element"),
        ("<osm>\n\n<tag k='a&b' v=''/></osm>", 3, "an entity reference without ; (an & that is not escaped as &amp;?)"),
        ("<osm>\n<tag k='&b;' v=''/></osm>", 2, "an undeclared entity (an & that is not escaped as &amp;?)"),
        ("<osm></osm>\n<osm></osm>", 2, "unexpected content after the root element, or the file ends early"),
    ])
    func malformedXMLIsExplained(xml: String, line: Int, reason: String) throws {
        let fixture = try OSMFixture()
        let url = try fixture.file("bad.osm", xml)
        let error = osmError { _ = try readAll(url) }
        guard case .malformedXML(_, let errorLine, _, let errorReason) = error else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
        #expect(errorLine == line)
        #expect(errorReason.en == reason)
    }

    @Test(arguments: [
        (#"<node id="42" lat="abc" lon="5"/>"#, #"line 3: node 42: lat "abc" is not a number"#),
        (#"<node id="42" lat="nan" lon="5"/>"#, #"line 3: node 42: lat "nan" is not a number"#),
        (#"<node id="42" lat="52" lon="inf"/>"#, #"line 3: node 42: lon "inf" is not a number"#),
        (#"<node id="42" lat="90.5" lon="5"/>"#, "line 3: node 42: lat 90.5 is outside -90…90 degrees"),
        (#"<node id="42" lat="52" lon="-180.1"/>"#, "line 3: node 42: lon -180.1 is outside -180…180 degrees"),
        (#"<node id="42" lon="5"/>"#, "line 3: node 42: no lat"),
        (#"<node lat="52" lon="5"/>"#, "line 3: node: no id"),
        (#"<node id="4x" lat="52" lon="5"/>"#, #"line 3: node: id "4x" is not an integer"#),
        (#"<way id="7"><nd ref="x"/></way>"#, #"line 3: way 7: <nd> ref "x" is not an integer"#),
        (#"<way id="7"><nd/></way>"#, "line 3: way 7: <nd> has no ref"),
        (#"<way id="7"><tag v="x"/></way>"#, "line 3: way 7: <tag> has no k"),
        (#"<node id="1" lat="1" lon="1"><tag k="a"/></node>"#, #"line 3: node 1: <tag k="a"> has no v"#),
    ])
    func invalidElementIsReportedWithLine(element: String, message: String) throws {
        let fixture = try OSMFixture()
        let url = try fixture.osm("bad.osm", element + "\n")
        let error = osmError { _ = try readAll(url) }
        guard case .invalidElement = error else {
            Issue.record("expected invalidElement, got \(String(describing: error))")
            return
        }
        #expect(error?.description == "bad.osm: " + message)
    }

    @Test func otherRootElementIsNotOSM() throws {
        let fixture = try OSMFixture()
        let url = try fixture.file("change.osc", "<?xml version='1.0'?>\n<osmChange version=\"0.6\"><create/></osmChange>\n")
        let error = osmError { _ = try readAll(url) }
        #expect(error == .notOSM(file: "change.osc", line: 2, root: "osmChange"))
        #expect(error?.description == "change.osc: line 2: the root element is <osmChange>, expected <osm> (OpenStreetMap XML)")
    }

    @Test(arguments: ["", "  \n\t\r\n"])
    func emptyFileIsReported(text: String) throws {
        let fixture = try OSMFixture()
        let url = try fixture.file("empty.osm", text)
        #expect(osmError { _ = try readAll(url) } == .emptyFile(file: "empty.osm"))
    }

    @Test func missingFileAndFolderAreUnreadable() throws {
        let fixture = try OSMFixture()
        let missing = osmError { _ = try readAll(fixture.folder.appendingPathComponent("nowhere.osm")) }
        guard case .unreadable(let file, let reason) = missing else {
            Issue.record("expected unreadable, got \(String(describing: missing))")
            return
        }
        #expect(file == "nowhere.osm")
        #expect(reason.en.hasPrefix("no such file"))
        let folder = osmError { _ = try readAll(fixture.folder) }
        guard case .unreadable(_, let folderReason) = folder else {
            Issue.record("expected unreadable, got \(String(describing: folder))")
            return
        }
        #expect(folderReason.en.hasPrefix("it is a directory"))
    }

    @Test func callbackErrorStopsReadingAndIsRethrownUnchanged() throws {
        struct Enough: Error, Equatable {}
        let fixture = try OSMFixture()
        let url = try fixture.osm(
            "three.osm", "<node id='1' lat='1' lon='1'/><node id='2' lat='1' lon='1'/><node id='3' lat='1' lon='1'/>\n")
        var seen: [Int64] = []
        #expect(throws: Enough()) {
            try OSMXMLReader().read(
                url: url,
                onNode: { node in
                    seen.append(node.id)
                    if node.id == 2 { throw Enough() }
                },
                onWay: { _ in })
        }
        #expect(seen == [1, 2])
    }
}
