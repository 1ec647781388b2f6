import Foundation
import Testing
@testable import SchouwGeometry
import SchouwCore
import SchouwFormats

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
}
