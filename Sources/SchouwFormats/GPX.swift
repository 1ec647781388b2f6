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
    /// The point's classification (`<type>`), e.g. the category an app or a walker gave it.
    public var type: String?
    /// The line of the `<wpt>` element in the file it was read from (nil when built in code).
    public var line: Int?

    public init(
        coordinate: Coordinate, elevationMeters: Double? = nil, time: Date? = nil, name: String? = nil,
        comment: String? = nil, description: String? = nil, link: String? = nil, type: String? = nil, line: Int? = nil
    ) {
        self.coordinate = coordinate
        self.elevationMeters = elevationMeters
        self.time = time
        self.name = name
        self.comment = comment
        self.description = description
        self.link = link
        self.type = type
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

    /// One point; children in the order of `wptType`: ele, time, name, cmt, desc, link, type.
    private static func point(_ p: GPXWaypoint, element: String, indent: String) -> String {
        var children: [String] = []
        if let ele = p.elevationMeters { children.append("<ele>\(decimal(ele, 2))</ele>") }
        if let time = p.time { children.append("<time>\(timestamp(time))</time>") }
        if let name = p.name { children.append("<name>\(Markup.escape(name))</name>") }
        if let cmt = p.comment { children.append("<cmt>\(Markup.escape(cmt))</cmt>") }
        if let desc = p.description { children.append("<desc>\(Markup.escape(desc))</desc>") }
        if let link = p.link { children.append("<link href=\"\(Markup.escape(link))\"/>") }
        if let type = p.type { children.append("<type>\(Markup.escape(type))</type>") }
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
    ///
    /// A document type declaration is refused before parsing: GPX needs none, and its entities are how
    /// an XML bomb (entities that expand a billionfold) or a reference to another file gets in.
    public static func read(data: Data, fileName: String = "GPX") throws -> GPXDocument {
        guard data.contains(where: { !Self.isXMLSpace($0) }) else {
            throw FormatError.invalidGPX(
                file: fileName, line: 1,
                reason: Phrase("het bestand is leeg; verwacht GPX die begint met <gpx>", "the file is empty; expected GPX starting with <gpx>"))
        }
        if let (line, reason) = textProblem(in: data) {
            throw FormatError.invalidGPX(file: fileName, line: line, reason: reason)
        }
        if let line = documentTypeLine(in: data) {
            throw FormatError.invalidGPX(
                file: fileName, line: line,
                reason: Phrase(
                    "een <!DOCTYPE> of <!ENTITY> wordt niet gelezen (GPX heeft er geen nodig; entiteiten kunnen een XML-bom zijn of naar een ander bestand wijzen)",
                    "a <!DOCTYPE> or <!ENTITY> is not read (GPX needs none; entities can be an XML bomb or point at another file)"))
        }
        let parser = XMLParser(data: data)
        let delegate = ParserDelegate(fileName: fileName)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard ok, parser.parserError == nil else {
            let code = parser.parserError.map { ($0 as NSError).code }
            // libxml2 has one code for a file that stops early, a root left open and content after the
            // root; a file whose root never closed and which does not end in </gpx> was cut off.
            if code == OSMXMLParserDelegate.documentEndCode, delegate.sawRoot, !delegate.closedRoot, !endsWithRootEndTag(data) {
                throw FormatError.invalidGPX(
                    file: fileName, line: parser.lineNumber,
                    reason: Phrase("het bestand houdt op voordat </gpx> komt (afgebroken?)", "the file ends before </gpx> (cut off?)"))
            }
            let detail = code.map(OSMXMLParserDelegate.explanation(ofLibxml2Code:)) ?? Phrase("onjuiste XML", "malformed XML")
            throw FormatError.invalidGPX(
                file: fileName, line: parser.lineNumber,
                reason: Phrase("geen geldige XML (\(detail.nl))", "not valid XML (\(detail.en))"))
        }
        guard delegate.sawRoot else { throw FormatError.notGPX(file: fileName) }
        return delegate.document
    }

    /// Whether the file's last tag (white space aside) is an end tag of `gpx`, with or without a prefix.
    private static func endsWithRootEndTag(_ data: Data) -> Bool {
        let tail = String(decoding: data.suffix(80), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard tail.hasSuffix("gpx>"), let open = tail.range(of: "</", options: .backwards) else { return false }
        let name = tail[open.upperBound...].dropLast()
        return name == "gpx" || name.hasSuffix(":gpx")
    }

    private static func isXMLSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Elements nested deeper than this are refused; GPX with extensions nests about eight deep.
    static let maximumDepth = 100

    /// For a file in UTF-8 (no UTF-16 byte order mark, and no other encoding in the XML declaration):
    /// the line of the first byte sequence that is not UTF-8, or of a NUL character, which XML does not
    /// allow; libxml2 reports both with a line number that can be far off.
    static func textProblem(in data: Data) -> (line: Int, reason: Phrase)? {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0x3C, 0x00])
            || data.starts(with: [0x00, 0x3C])
        {
            return nil
        }
        if !data.starts(with: [0xEF, 0xBB, 0xBF]), let declared = declaredEncoding(data),
            !["utf-8", "utf8"].contains(declared.lowercased())
        {
            return nil
        }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                guard scalar.count == 1 else { continue }
                if scalar.first == 0x0A { line += 1 }
                if scalar.first == 0 {
                    return (line, Phrase("een NUL-teken, dat XML niet toestaat (een beschadigd bestand?)", "a NUL character, which XML does not allow (a damaged file?)"))
                }
            case .emptyInput: return nil
            case .error:
                return (line, Phrase(
                    "geen geldige UTF-8, en de XML-declaratie noemt geen andere tekencodering; sla het bestand op als UTF-8",
                    "not valid UTF-8, and the XML declaration names no other encoding; save the file as UTF-8"))
            }
        }
    }

    /// The `encoding` of the XML declaration at the start of `bytes`, if it has one.
    private static func declaredEncoding(_ data: Data) -> String? {
        guard data.starts(with: Array("<?xml".utf8)), let end = data.prefix(400).firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: data[data.startIndex..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    /// The line of the first `<!DOCTYPE` or `<!ENTITY` (in UTF-8 or UTF-16), or nil.
    static func documentTypeLine(in data: Data) -> Int? {
        var first: Int?
        for keyword in ["<!DOCTYPE", "<!ENTITY"] {
            let ascii: [UInt8] = Array(keyword.utf8)
            let utf16LE: [UInt8] = ascii.flatMap { [$0, 0] }
            let utf16BE: [UInt8] = ascii.flatMap { [0, $0] }
            for pattern in [ascii, utf16LE, utf16BE] {
                if let range = data.range(of: Data(pattern)), range.lowerBound < (first ?? .max) { first = range.lowerBound }
            }
        }
        guard let first else { return nil }
        return 1 + data[data.startIndex..<first].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// An `xsd:dateTime` as GPX writes it: `2025-09-20T17:31:05Z`, with optional fraction of a second
    /// and a zone `Z`, `+02:00` or `+0200`; without a zone it is UTC, as GPX requires its times to be.
    /// Unlike Foundation's lenient ISO 8601 parsing, an impossible date or time (30 February, 25:00)
    /// is nil rather than moved to another day.
    static func time(from text: String) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= b.count else { return nil }
            var value = 0
            for k in i..<(i + digits) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                value = value * 10 + Int(b[k] - 48)
            }
            i += digits
            return value
        }
        func skip(_ chars: [UInt8]) -> Bool {
            guard i < b.count, chars.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let year = number(4), skip([45]), let month = number(2), skip([45]), let day = number(2), skip([84, 116]),
            let hour = number(2), skip([58]), let minute = number(2), skip([58]), let second = number(2)
        else { return nil }
        var fraction = 0.0
        if skip([46]) {
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start, let value = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) else { return nil }
            fraction = value
        }
        var offsetSeconds = 0
        if skip([90, 122]) {
            // Z: UTC
        } else if i < b.count, b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let hours = number(2) else { return nil }
            _ = skip([58])
            guard let minutes = number(2), hours <= 14, minutes < 60 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard i == b.count, (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...monthDays[month - 1]).contains(day) else { return nil }
        // Days since 1970-01-01 of the proleptic Gregorian date (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Collects elements during SAX parsing. Used by one parser on one thread.
    private final class ParserDelegate: NSObject, XMLParserDelegate {
        let fileName: String
        var document = GPXDocument(creator: "")
        var failure: FormatError?
        var sawRoot = false
        var closedRoot = false
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
            guard path.count < GPX.maximumDepth else {
                return fail(
                    parser,
                    Phrase(
                        "elementen zijn meer dan \(GPX.maximumDepth) lagen diep genest; zo diep gaat geen GPX",
                        "elements are nested more than \(GPX.maximumDepth) levels deep; no GPX goes that deep"))
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
            if path.isEmpty { closedRoot = true }
            text = ""
            if point != nil, ["wpt", "rtept", "trkpt"].contains(parent) {
                switch elementName {
                case "ele":
                    guard let ele = Double(value), ele.isFinite else {
                        return fail(parser, Phrase("<ele> is geen getal: \"\(value)\"", "<ele> is not a number: \"\(value)\""))
                    }
                    point?.elevationMeters = ele
                case "time":
                    guard let time = GPX.time(from: value) else {
                        return fail(
                            parser,
                            Phrase(
                                "<time> is geen geldige tijd zoals 2025-09-20T17:31:05Z: \"\(value)\"",
                                "<time> is not a valid time like 2025-09-20T17:31:05Z: \"\(value)\""))
                    }
                    point?.time = time
                case "name": point?.name = value
                case "cmt": point?.comment = value
                case "desc": point?.description = value
                case "type": point?.type = value
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
                document.time = GPX.time(from: value)
            default: break
            }
        }
    }
}
