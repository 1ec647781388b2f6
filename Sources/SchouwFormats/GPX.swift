import Foundation
import SchouwCore
import SchouwGeometry

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A GPX waypoint or track/route point (GPX 1.1 `wptType`).
public struct GPXWaypoint: Hashable, Sendable {
    /// WGS84 longitude/latitude.
    public var coordinate: Coordinate
    public var elevationMeters: Double?
    public var time: Date?
    public var name: String?
    public var comment: String?
    public var description: String?
    public var link: String?
    /// The line of the `<wpt>` element in the file it was read from (nil when built in code).
    public var line: Int?

    public init(
        coordinate: Coordinate, elevationMeters: Double? = nil, time: Date? = nil, name: String? = nil,
        comment: String? = nil, description: String? = nil, link: String? = nil, line: Int? = nil
    ) {
        self.coordinate = coordinate
        self.elevationMeters = elevationMeters
        self.time = time
        self.name = name
        self.comment = comment
        self.description = description
        self.link = link
        self.line = line
    }
}

/// A GPX route (`rte`): an ordered list of points to go through.
public struct GPXRoute: Hashable, Sendable {
    public var name: String?
    public var points: [GPXWaypoint]
    public init(name: String? = nil, points: [GPXWaypoint]) {
        self.name = name
        self.points = points
    }
}

/// A GPX track (`trk`) made of segments (`trkseg`).
public struct GPXTrack: Hashable, Sendable {
    public var name: String?
    public var description: String?
    public var segments: [[GPXWaypoint]]
    public init(name: String? = nil, description: String? = nil, segments: [[GPXWaypoint]]) {
        self.name = name
        self.description = description
        self.segments = segments
    }
}

/// A GPX 1.1 document (https://www.topografix.com/GPX/1/1/).
public struct GPXDocument: Hashable, Sendable {
    public var creator: String
    public var name: String?
    public var description: String?
    public var time: Date?
    public var waypoints: [GPXWaypoint]
    public var routes: [GPXRoute]
    public var tracks: [GPXTrack]

    public init(
        creator: String = "Schouw", name: String? = nil, description: String? = nil, time: Date? = nil,
        waypoints: [GPXWaypoint] = [], routes: [GPXRoute] = [], tracks: [GPXTrack] = []
    ) {
        self.creator = creator
        self.name = name
        self.description = description
        self.time = time
        self.waypoints = waypoints
        self.routes = routes
        self.tracks = tracks
    }
}

/// Reads and writes GPX 1.1.
public enum GPX {
    public static let namespace = "http://www.topografix.com/GPX/1/1"

    // MARK: Writing

    /// The document as GPX 1.1 XML, elements in schema order: metadata, wpt, rte, trk.
    /// - Complexity: O(n), where n is the number of points.
    public static func write(_ document: GPXDocument) -> String {
        let sink = ByteSink.memory()
        // A memory sink has no file to fail on.
        try? write(document, to: sink)
        return String(decoding: (try? sink.finish()) ?? Data(), as: UTF8.self)
    }

    /// Writes `document` as GPX 1.1 into `sink`, point by point.
    /// - Throws: the sink's file system error.
    /// - Complexity: O(n), where n is the number of points.
    public static func write(_ document: GPXDocument, to sink: ByteSink) throws {
        sink.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx xmlns="\(namespace)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="\(namespace) \(namespace)/gpx.xsd" version="1.1" creator="\(Markup.escape(document.creator))">

            """)
        if document.name != nil || document.description != nil || document.time != nil {
            sink.write("  <metadata>\n")
            if let name = document.name { sink.write("    <name>\(Markup.escape(name))</name>\n") }
            if let desc = document.description { sink.write("    <desc>\(Markup.escape(desc))</desc>\n") }
            if let time = document.time { sink.write("    <time>\(timestamp(time))</time>\n") }
            sink.write("  </metadata>\n")
        }
        func points(_ list: [GPXWaypoint], element: String, indent: String) throws {
            for p in list {
                sink.write(point(p, element: element, indent: indent))
                try sink.flushIfFull()
            }
        }
        try points(document.waypoints, element: "wpt", indent: "  ")
        for route in document.routes {
            sink.write("  <rte>\n")
            if let name = route.name { sink.write("    <name>\(Markup.escape(name))</name>\n") }
            try points(route.points, element: "rtept", indent: "    ")
            sink.write("  </rte>\n")
        }
        for track in document.tracks {
            sink.write("  <trk>\n")
            if let name = track.name { sink.write("    <name>\(Markup.escape(name))</name>\n") }
            if let desc = track.description { sink.write("    <desc>\(Markup.escape(desc))</desc>\n") }
            for segment in track.segments {
                sink.write("    <trkseg>\n")
                try points(segment, element: "trkpt", indent: "      ")
                sink.write("    </trkseg>\n")
            }
            sink.write("  </trk>\n")
        }
        sink.write("</gpx>\n")
    }

    /// One point; children in the order of `wptType`: ele, time, name, cmt, desc, link.
    private static func point(_ p: GPXWaypoint, element: String, indent: String) -> String {
        var children: [String] = []
        if let ele = p.elevationMeters { children.append("<ele>\(decimal(ele, 2))</ele>") }
        if let time = p.time { children.append("<time>\(timestamp(time))</time>") }
        if let name = p.name { children.append("<name>\(Markup.escape(name))</name>") }
        if let cmt = p.comment { children.append("<cmt>\(Markup.escape(cmt))</cmt>") }
        if let desc = p.description { children.append("<desc>\(Markup.escape(desc))</desc>") }
        if let link = p.link { children.append("<link href=\"\(Markup.escape(link))\"/>") }
        let open = "\(indent)<\(element) lat=\"\(decimal(p.coordinate.latitude, 7))\" lon=\"\(decimal(p.coordinate.longitude, 7))\""
        if children.isEmpty { return open + "/>\n" }
        return open + ">\n" + children.map { "\(indent)  \($0)\n" }.joined() + "\(indent)</\(element)>\n"
    }

    private static func decimal(_ value: Double, _ places: Int) -> String {
        var text = String(format: "%.\(places)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    // MARK: Reading

    /// Reads a GPX 1.0 or 1.1 file's waypoints, routes and tracks.
    /// - Throws: ``FormatError`` naming the file, and the line of malformed XML or a bad point.
    public static func read(contentsOf url: URL) throws -> GPXDocument {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FormatError.unreadable(file: url.lastPathComponent, reason: Phrase(describingFileError: error))
        }
        return try read(data: data, fileName: url.lastPathComponent)
    }

    /// Reads GPX from memory; `fileName` is used in error messages.
    public static func read(data: Data, fileName: String = "GPX") throws -> GPXDocument {
        let parser = XMLParser(data: data)
        let delegate = ParserDelegate(fileName: fileName)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = true
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard ok, parser.parserError == nil else {
            let detail = parser.parserError.map { OSMXMLParserDelegate.explanation(ofLibxml2Code: ($0 as NSError).code) }
                ?? Phrase("onjuiste XML", "malformed XML")
            throw FormatError.invalidGPX(
                file: fileName, line: parser.lineNumber,
                reason: Phrase("geen geldige XML (\(detail.nl))", "not valid XML (\(detail.en))"))
        }
        guard delegate.sawRoot else { throw FormatError.notGPX(file: fileName) }
        return delegate.document
    }

    /// Collects elements during SAX parsing. Used by one parser on one thread.
    private final class ParserDelegate: NSObject, XMLParserDelegate {
        let fileName: String
        var document = GPXDocument(creator: "")
        var failure: FormatError?
        var sawRoot = false
        private var path: [String] = []
        private var text = ""
        private var point: GPXWaypoint?
        private var route: GPXRoute?
        private var track: GPXTrack?
        private var segment: [GPXWaypoint]?

        init(fileName: String) { self.fileName = fileName }

        private func fail(_ parser: XMLParser, _ reason: Phrase) {
            failure = .invalidGPX(file: fileName, line: parser.lineNumber, reason: reason)
            parser.abortParsing()
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            let name = elementName
            text = ""
            if path.isEmpty {
                guard name == "gpx" else { return fail(
                        parser, Phrase("het hoofdelement is <\(name)>, verwacht <gpx>", "the root element is <\(name)>, expected <gpx>")) }
                sawRoot = true
                document.creator = attributes["creator"] ?? ""
            }
            path.append(name)
            switch name {
            case "wpt", "rtept", "trkpt":
                guard let latText = attributes["lat"], let lonText = attributes["lon"] else {
                    return fail(parser, Phrase("<\(name)> heeft de attributen lat en lon nodig", "<\(name)> needs lat and lon attributes"))
                }
                guard let lat = Double(latText), let lon = Double(lonText), (-90...90).contains(lat),
                    (-180...180).contains(lon)
                else {
                    let position = "lat=\"\(latText)\" lon=\"\(lonText)\""
                    return fail(
                        parser, Phrase("<\(name)> heeft een ongeldige positie \(position)", "<\(name)> has an invalid position \(position)"))
                }
                point = GPXWaypoint(coordinate: Coordinate(longitude: lon, latitude: lat), line: parser.lineNumber)
            case "rte": route = GPXRoute(points: [])
            case "trk": track = GPXTrack(segments: [])
            case "trkseg": segment = []
            case "link":
                if point != nil, path.dropLast().last.map(["wpt", "rtept", "trkpt"].contains) == true {
                    point?.link = attributes["href"]
                }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            // libxml2 recovers from some mismatched tags; a GPX file with them is still malformed.
            guard path.last == elementName else {
                let open = "<\(path.last ?? "")>"
                let close = "</\(elementName)>"
                return fail(
                    parser, Phrase("\(close) sluit \(open) niet af: geen geldige XML", "\(close) does not close \(open): not valid XML"))
            }
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            path.removeLast()
            text = ""
            if point != nil, ["wpt", "rtept", "trkpt"].contains(parent) {
                switch elementName {
                case "ele":
                    guard let ele = Double(value) else {
                        return fail(parser, Phrase("<ele> is geen getal: \"\(value)\"", "<ele> is not a number: \"\(value)\""))
                    }
                    point?.elevationMeters = ele
                case "time":
                    guard let time = try? Date(value, strategy: .iso8601) else {
                        return fail(
                            parser, Phrase("<time> is geen ISO 8601-tijd: \"\(value)\"", "<time> is not an ISO 8601 time: \"\(value)\""))
                    }
                    point?.time = time
                case "name": point?.name = value
                case "cmt": point?.comment = value
                case "desc": point?.description = value
                default: break
                }
                return
            }
            switch elementName {
            case "wpt":
                if let point { document.waypoints.append(point) }
                point = nil
            case "rtept":
                if let point { route?.points.append(point) }
                point = nil
            case "trkpt":
                if let point { segment?.append(point) }
                point = nil
            case "trkseg":
                if let segment { track?.segments.append(segment) }
                segment = nil
            case "rte":
                if let route { document.routes.append(route) }
                route = nil
            case "trk":
                if let track { document.tracks.append(track) }
                track = nil
            case "name", "desc":
                switch parent {
                case "rte": if elementName == "name" { route?.name = value }
                case "trk": if elementName == "name" { track?.name = value } else { track?.description = value }
                case "metadata": if elementName == "name" { document.name = value } else { document.description = value }
                default: break
                }
            case "time" where parent == "metadata":
                document.time = try? Date(value, strategy: .iso8601)
            default: break
            }
        }
    }
}
