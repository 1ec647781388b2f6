import Foundation
import Testing
@testable import SchouwGeometry
import SchouwCore
@testable import SchouwFormats

@Suite struct GPXTests {
    let sample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="Phone">
          <wpt lat="52.5079" lon="5.4721">
            <ele>-3.5</ele>
            <time>2017-07-10T19:12:00Z</time>
            <name>zwerfvuil</name>
            <cmt>bij de bank</cmt>
            <desc>Veel blikjes &amp; papier</desc>
            <link href="https://example.org/1"><text>foto</text></link>
          </wpt>
          <wpt lat="52.5101" lon="5.4801"><name>verlichting</name></wpt>
          <trk><name>Groep 1</name><trkseg>
            <trkpt lat="52.5" lon="5.47"/><trkpt lat="52.51" lon="5.48"><ele>1</ele></trkpt>
          </trkseg></trk>
        </gpx>
        """

    @Test func readsWaypointsAndTracks() throws {
        let doc = try GPX.read(data: Data(sample.utf8), fileName: "walk.gpx")
        #expect(doc.creator == "Phone")
        #expect(doc.waypoints.count == 2)
        let first = try #require(doc.waypoints.first)
        #expect(first.coordinate == Coordinate(longitude: 5.4721, latitude: 52.5079))
        #expect(first.elevationMeters == -3.5)
        #expect(first.name == "zwerfvuil")
        #expect(first.comment == "bij de bank")
        #expect(first.description == "Veel blikjes & papier")
        #expect(first.link == "https://example.org/1")
        #expect(first.time == Date(timeIntervalSince1970: 1_499_713_920))
        #expect(first.line == 3)
        #expect(doc.tracks.first?.name == "Groep 1")
        #expect(doc.tracks.first?.segments.first?.count == 2)
    }

    @Test func writtenDocumentReadsBackInSchemaOrder() throws {
        let doc = GPXDocument(
            creator: "Schouw <test>", name: "Buurtschouw", time: Date(timeIntervalSince1970: 0),
            waypoints: [GPXWaypoint(coordinate: Coordinate(longitude: 5.1, latitude: 52.1), name: "1", description: "Tijmlaan")],
            routes: [GPXRoute(name: "r", points: [GPXWaypoint(coordinate: Coordinate(longitude: 5, latitude: 52))])],
            tracks: [GPXTrack(name: "Groep 1", segments: [[
                GPXWaypoint(coordinate: Coordinate(longitude: 5.1, latitude: 52.1)),
                GPXWaypoint(coordinate: Coordinate(longitude: 5.2, latitude: 52.2)),
            ]])])
        let xml = GPX.write(doc)
        let order = ["<metadata>", "<wpt", "<rte>", "<trk>"].compactMap { xml.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted())
        #expect(xml.contains("version=\"1.1\"") && xml.contains("xmlns=\"http://www.topografix.com/GPX/1/1\""))
        var back = try GPX.read(data: Data(xml.utf8))
        back.waypoints = back.waypoints.map { var w = $0; w.line = nil; return w }
        back.routes = back.routes.map { r in GPXRoute(name: r.name, points: r.points.map { var p = $0; p.line = nil; return p }) }
        back.tracks = back.tracks.map { t in GPXTrack(name: t.name, segments: t.segments.map { $0.map { var p = $0; p.line = nil; return p } }) }
        #expect(back == doc)
    }

    @Test(arguments: [
        ("<gpx><wpt lat=\"x\" lon=\"5\"/></gpx>", "walk.gpx, line 1: <wpt> has an invalid position"),
        ("<gpx>\n<wpt lon=\"5\"/></gpx>", "walk.gpx, line 2: <wpt> needs lat and lon"),
        ("<kml/>", "expected <gpx>"),
        ("<gpx>\n\n<wpt lat=\"1\" lon=\"2\"></gpx>", "walk.gpx, line 3: not valid XML"),
    ])
    func errorsNameTheLine(xml: String, expected: String) {
        do {
            _ = try GPX.read(data: Data(xml.utf8), fileName: "walk.gpx")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    /// Seconds since 1970 counted by hand: 2025-09-20 is day 20,351 (55 years with 14 leap days to
    /// 2025-01-01 = 20,089 days, plus 262 days to 20 September).
    static let september20 = 20_351.0 * 86_400

    static let readableTimes: [(String, Double)] = [
        ("2025-09-20T17:31:05Z", september20 + 17 * 3600 + 31 * 60 + 5),
        ("2025-09-20T17:31:05z", september20 + 17 * 3600 + 31 * 60 + 5),
        ("2025-09-20T17:31:05.250Z", september20 + 17 * 3600 + 31 * 60 + 5.25),
        ("2025-09-20T19:31:05+02:00", september20 + 17 * 3600 + 31 * 60 + 5),
        ("2025-09-20T19:31:05+0200", september20 + 17 * 3600 + 31 * 60 + 5),
        ("2025-09-20T00:10:00-03:30", september20 + 3 * 3600 + 40 * 60),
        // No zone: UTC, as GPX requires.
        ("2025-09-20T17:31:05", september20 + 17 * 3600 + 31 * 60 + 5),
        ("2024-02-29T00:00:00Z", 19_782.0 * 86_400),
        ("1969-12-31T23:59:59Z", -1),
    ]

    @Test(arguments: readableTimes)
    func timesAreReadStrictly(text: String, seconds: Double) throws {
        let time = try #require(GPX.time(from: text))
        #expect(time.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "2025-02-29T10:00:00Z", "2025-09-31T10:00:00Z", "2025-09-20T24:00:00Z", "2025-09-20T10:60:00Z",
        "2025-09-20T10:00:60Z", "2025-13-01T10:00:00Z", "2025-09-20 10:00:00Z", "2025-09-20T10:00Z", "20-09-2025T10:00:00Z",
        "2025-09-20T10:00:00+15:00", "2025-09-20T10:00:00.Z", "2025-09-20T10:00:00ZZ", "gisteren", "",
    ])
    func impossibleTimesAreRefused(text: String) {
        #expect(GPX.time(from: text) == nil)
    }

    @Test func typeIsReadAndWrittenInSchemaOrder() throws {
        let gpx = """
            <gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0">
            <wpt lat="52.5" lon="5.7"><name>Losse tegel</name><type>bestrating</type></wpt></gpx>
            """
        let doc = try GPX.read(data: Data(gpx.utf8), fileName: "oud.gpx")
        #expect(doc.waypoints.first?.type == "bestrating")
        let written = GPX.write(GPXDocument(waypoints: [
            GPXWaypoint(coordinate: Coordinate(longitude: 5.7, latitude: 52.5), name: "Losse tegel", link: "https://example.org", type: "bestrating")
        ]))
        #expect(written.contains("""
              <wpt lat="52.5" lon="5.7">
                <name>Losse tegel</name>
                <link href="https://example.org"/>
                <type>bestrating</type>
              </wpt>
            """))
    }

    @Test(arguments: [
        ("", "walk.gpx, line 1: the file is empty; expected GPX starting with <gpx>"),
        ("  \n\t\n", "walk.gpx, line 1: the file is empty; expected GPX starting with <gpx>"),
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [<!ENTITY a \"aaaa\">]>\n<gpx/>",
         "walk.gpx, line 2: a <!DOCTYPE> or <!ENTITY> is not read (GPX needs none; entities can be an XML bomb or point at another file)"),
        ("<gpx>\n<wpt lat=\"52.5\" lon=\"5.7\"/>\n", "walk.gpx, line 2: the file ends before </gpx> (cut off?)"),
        ("<gpx><wpt lat=\"52.5\" lon=\"5.7\"><ele>NaN</ele></wpt></gpx>", "walk.gpx, line 1: <ele> is not a number: \"NaN\""),
        ("<gpx><wpt lat=\"52.5\" lon=\"5.7\"><time>2025-02-30T10:00:00Z</time></wpt></gpx>",
         "walk.gpx, line 1: <time> is not a valid time like 2025-09-20T17:31:05Z: \"2025-02-30T10:00:00Z\""),
    ])
    func refusalsSayWhy(xml: String, expected: String) {
        #expect(throws: FormatError.self) { _ = try GPX.read(data: Data(xml.utf8), fileName: "walk.gpx") }
        do {
            _ = try GPX.read(data: Data(xml.utf8), fileName: "walk.gpx")
        } catch let error as FormatError {
            #expect(error.message(.en) == expected)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func doctypeInUTF16IsFoundToo() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n\n<!DOCTYPE gpx>\n<gpx/>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(GPX.documentTypeLine(in: Data(bytes)) == 3)
    }

    @Test func declaredLatin1AndUTF8WithBOMAreRead() throws {
        // Garmin devices write ISO-8859-1 and say so; "é" is the single byte 0xE9 there.
        let latin1 = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<gpx><wpt lat=\"52.5\" lon=\"5.7\"><name>caf".utf8)
            + Data([0xE9]) + Data(" kapot</name></wpt></gpx>\n".utf8)
        #expect(try GPX.read(data: latin1, fileName: "garmin.gpx").waypoints.first?.name == "café kapot")
        let bom = Data([0xEF, 0xBB, 0xBF]) + Data("<gpx><wpt lat=\"52.5\" lon=\"5.7\"><name>Één lamp</name></wpt></gpx>".utf8)
        #expect(try GPX.read(data: bom, fileName: "bom.gpx").waypoints.first?.name == "Één lamp")
    }
}
