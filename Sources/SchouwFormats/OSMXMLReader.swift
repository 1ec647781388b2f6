import Foundation
import SchouwCore
import SchouwGeometry

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Streams the nodes and ways of an OpenStreetMap XML (`.osm`) file.
///
/// Foundation's `XMLParser` reads the file from an `InputStream` in chunks, so memory use does not
/// grow with the file: only what the callbacks keep stays alive. Relations, `<bounds>` and unknown
/// elements are skipped, as are nodes and ways marked deleted (`visible="false"` in history files,
/// `action="delete"` in JOSM files). See <https://wiki.openstreetmap.org/wiki/OSM_XML>.
public struct OSMXMLReader: Sendable {
    public init() {}

    /// Calls `onNode` for every node and `onWay` for every way, in file order.
    ///
    /// Ways are passed as they are in the file; resolving their node references is up to the caller
    /// (see ``OSMData/load(url:keepWay:keepNode:missingNodes:)``).
    ///
    /// - Parameters:
    ///   - url: A local `.osm` file.
    ///   - onNode: Called once per node, before later elements are read.
    ///   - onWay: Called once per way, after its `</way>`.
    /// - Throws: ``FormatError`` for unreadable, empty, malformed or invalid input; an error thrown by a
    ///   callback stops the reading and is rethrown unchanged.
    /// - Complexity: O(n) time in the file size; memory O(1) besides what the callbacks keep.
    public func read(
        url: URL,
        onNode: (OSMNode) throws -> Void,
        onWay: (OSMWay) throws -> Void
    ) throws {
        let fileName = url.lastPathComponent
        try Self.checkReadable(url, fileName: fileName)
        guard let stream = InputStream(url: url) else {
            throw FormatError.unreadable(file: fileName, reason: Phrase("kan het niet als stroom openen", "cannot open it as a stream"))
        }
        try withoutActuallyEscaping(onNode) { onNode in
            try withoutActuallyEscaping(onWay) { onWay in
                let handler = OSMXMLParserDelegate(fileName: fileName, onNode: onNode, onWay: onWay)
                let parser = XMLParser(stream: stream)
                parser.shouldResolveExternalEntities = false
                parser.delegate = handler
                _ = parser.parse()  // The result is not enough: truncated input can return true.
                if let failure = handler.failure { throw failure }
                if !handler.sawRoot, Self.isBlank(url) { throw FormatError.emptyFile(file: fileName) }
                if let xmlError = handler.xmlError { throw xmlError }
                // A failing stream shows up as a parser error from another domain. (Not read from
                // `stream.streamError`, whose getter traps on Linux.)
                if let error = parser.parserError as NSError? {
                    guard error.domain == XMLParser.errorDomain else {
                        throw FormatError.unreadable(file: fileName, reason: Phrase(describingFileError: error))
                    }
                    throw FormatError.malformedXML(
                        file: fileName, line: parser.lineNumber, column: parser.columnNumber,
                        reason: OSMXMLParserDelegate.explanation(ofLibxml2Code: error.code))
                }
                if !handler.sawRoot { throw FormatError.emptyFile(file: fileName) }
            }
        }
    }

    private static func checkReadable(_ url: URL, fileName: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw FormatError.unreadable(file: fileName, reason: Phrase("bestand bestaat niet (\(url.path))", "no such file (\(url.path))"))
        }
        guard !isDirectory.boolValue else {
            throw FormatError.unreadable(file: fileName, reason: Phrase("het is een map (\(url.path))", "it is a directory (\(url.path))"))
        }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw FormatError.unreadable(file: fileName, reason: Phrase("geen toegang (\(url.path))", "permission denied (\(url.path))"))
        }
    }

    /// Whether the file holds only white space (false when it cannot be read). Only called when no
    /// element was found, so it usually stops at the first byte.
    private static func isBlank(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        while let chunk = try? handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
            if chunk.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) { return false }
        }
        return true
    }
}

/// The `XMLParser` delegate behind ``OSMXMLReader``: builds one node or way at a time and hands it
/// on when its end tag is read. Used by one `parse()` call on one thread, so it needs no locking.
final class OSMXMLParserDelegate: NSObject, XMLParserDelegate {
    private let fileName: String
    private let onNode: (OSMNode) throws -> Void
    private let onWay: (OSMWay) throws -> Void

    /// The first error raised by validation or by a callback; parsing was aborted.
    private(set) var failure: (any Error)?
    /// The first XML syntax error libxml2 reported, where it was, and which elements were open then.
    /// Later errors are usually consequences of the first, reported while libxml2 recovers.
    private var firstXMLError: (code: Int, line: Int, column: Int, openElements: [(name: String, line: Int)])?
    /// Whether libxml2 also reported that the document ended before its elements were closed.
    private var endedEarly = false
    private(set) var sawRoot = false

    /// The open elements with the line of each start tag, to explain where a truncated file ends.
    private var openElements: [(name: String, line: Int)] = []
    private var node: OSMNode?
    private var way: OSMWay?
    /// The depth of an element whose content is ignored (relations, deleted objects), if inside one.
    private var skippedDepth: Int?

    init(fileName: String, onNode: @escaping (OSMNode) throws -> Void, onWay: @escaping (OSMWay) throws -> Void) {
        self.fileName = fileName
        self.onNode = onNode
        self.onWay = onWay
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        // After an XML error libxml2 may report made-up elements (a truncated `<nd re` becomes `<nd>`).
        guard failure == nil, firstXMLError == nil else { return }
        let line = parser.lineNumber
        openElements.append((elementName, line))
        let depth = openElements.count
        if skippedDepth != nil { return }
        do {
            switch (depth, elementName) {
            case (1, "osm"):
                sawRoot = true
            case (1, _):
                throw FormatError.notOSM(file: fileName, line: line, root: elementName)
            case (2, "node"):
                if Self.isDeleted(attributes) { skippedDepth = depth; return }
                let id = try objectID(attributes, element: "node", line: line)
                let element = "node \(id)"
                let latitude = try degrees(attributes, "lat", limit: 90, element: element, line: line)
                let longitude = try degrees(attributes, "lon", limit: 180, element: element, line: line)
                node = OSMNode(id: id, coordinate: Coordinate(longitude: longitude, latitude: latitude), line: line)
            case (2, "way"):
                if Self.isDeleted(attributes) { skippedDepth = depth; return }
                way = OSMWay(id: try objectID(attributes, element: "way", line: line), nodeIDs: [], line: line)
            case (2, "relation"):
                skippedDepth = depth
            case (3, "tag"):
                guard node != nil || way != nil else { return }
                let owner = node.map { "node \($0.id)" } ?? way.map { "way \($0.id)" } ?? ""
                guard let key = attributes["k"] else {
                    throw FormatError.invalidElement(file: fileName, line: line, element: owner, reason: Phrase("<tag> heeft geen k", "<tag> has no k"))
                }
                guard let value = attributes["v"] else {
                    throw FormatError.invalidElement(
                        file: fileName, line: line, element: owner, reason: Phrase("<tag k=\"\(key)\"> heeft geen v", "<tag k=\"\(key)\"> has no v"))
                }
                node?.tags[key] = value
                way?.tags[key] = value
            case (3, "nd"):
                guard let wayID = way?.id else { return }
                guard let text = attributes["ref"] else {
                    throw FormatError.invalidElement(
                        file: fileName, line: line, element: "way \(wayID)", reason: Phrase("<nd> heeft geen ref", "<nd> has no ref"))
                }
                guard let ref = Int64(text) else {
                    throw FormatError.invalidElement(
                        file: fileName, line: line, element: "way \(wayID)",
                        reason: Phrase("<nd> ref \"\(text)\" is geen geheel getal", "<nd> ref \"\(text)\" is not an integer"))
                }
                way?.nodeIDs.append(ref)
            default:
                return
            }
        } catch {
            stop(parser, error)
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard failure == nil, firstXMLError == nil else { return }
        let depth = openElements.count
        guard openElements.popLast() != nil else { return }
        if let skipped = skippedDepth {
            if depth == skipped { skippedDepth = nil }
            return
        }
        guard depth == 2 else { return }
        do {
            if elementName == "node", let finished = node {
                node = nil
                try onNode(finished)
            } else if elementName == "way", let finished = way {
                way = nil
                try onWay(finished)
            }
        } catch {
            stop(parser, error)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil else { return }
        let code = (parseError as NSError).code
        if firstXMLError == nil {
            firstXMLError = (code, parser.lineNumber, parser.columnNumber, openElements)
        }
        if code == Self.documentEndCode, firstXMLError?.openElements.isEmpty == false {
            endedEarly = true
        }
    }

    /// The XML syntax error to report, if libxml2 found one. On Linux `XMLParser` errors carry only a
    /// libxml2 code, no text, so the explanation is ours.
    var xmlError: FormatError? {
        guard let first = firstXMLError else { return nil }
        var reason = Self.explanation(ofLibxml2Code: first.code)
        if endedEarly, let open = first.openElements.last {
            let ending = Phrase(
                "het bestand eindigt binnen <\(open.name)> (geopend op regel \(open.line)); is het afgekapt?",
                "the file ends inside <\(open.name)> (opened on line \(open.line)); is it truncated?")
            reason =
                first.code == Self.documentEndCode
                ? ending : Phrase(reason.nl + "; " + ending.nl, reason.en + "; " + ending.en)
        }
        return FormatError.malformedXML(file: fileName, line: first.line, column: first.column, reason: reason)
    }

    private func stop(_ parser: XMLParser, _ error: any Error) {
        failure = error
        parser.abortParsing()
    }

    private static func isDeleted(_ attributes: [String: String]) -> Bool {
        attributes["visible"] == "false" || attributes["action"] == "delete"
    }

    private func objectID(_ attributes: [String: String], element: String, line: Int) throws -> Int64 {
        guard let text = attributes["id"] else {
            throw FormatError.invalidElement(file: fileName, line: line, element: element, reason: Phrase("geen id", "no id"))
        }
        guard let id = Int64(text) else {
            throw FormatError.invalidElement(
                file: fileName, line: line, element: element, reason: Phrase("id \"\(text)\" is geen geheel getal", "id \"\(text)\" is not an integer"))
        }
        return id
    }

    /// A latitude or longitude in degrees, finite and within ±`limit`.
    private func degrees(
        _ attributes: [String: String], _ name: String, limit: Double, element: String, line: Int
    ) throws -> Double {
        guard let text = attributes[name] else {
            throw FormatError.invalidElement(file: fileName, line: line, element: element, reason: Phrase("geen \(name)", "no \(name)"))
        }
        // Double("nan") and Double("inf") succeed, but are no position.
        guard let value = Double(text), value.isFinite else {
            throw FormatError.invalidElement(
                file: fileName, line: line, element: element, reason: Phrase("\(name) \"\(text)\" is geen getal", "\(name) \"\(text)\" is not a number"))
        }
        guard abs(value) <= limit else {
            throw FormatError.invalidElement(
                file: fileName, line: line, element: element,
                reason: Phrase(
                    "\(name) \(text) valt buiten -\(Int(limit))…\(Int(limit)) graden",
                    "\(name) \(text) is outside -\(Int(limit))…\(Int(limit)) degrees"))
        }
        return value
    }

    /// The libxml2 code for a document that ends before its elements are closed, or has content
    /// after the root element (`XML_ERR_DOCUMENT_END`).
    static let documentEndCode = 5

    /// Plain words for the libxml2 error codes (`xmlParserErrors` in libxml/xmlerror.h) that real
    /// files produce; the code for the rest. The codes are matched as numbers because
    /// swift-corelibs-foundation's `XMLParser.ErrorCode` raw values do not line up with them.
    static func explanation(ofLibxml2Code code: Int) -> Phrase {
        switch code {
        case 4:
            Phrase(
                "geen hoofdelement; het document is leeg of begint niet met <",
                "no root element; the document is empty or does not start with <")
        case documentEndCode:
            Phrase(
                "onverwachte inhoud na het hoofdelement, of het bestand eindigt te vroeg",
                "unexpected content after the root element, or the file ends early")
        case 9: Phrase("een teken dat XML niet toestaat", "a character that XML does not allow")
        case 23:
            Phrase(
                "een entiteit zonder ; (een & die niet als &amp; geschreven is?)",
                "an entity reference without ; (an & that is not escaped as &amp;?)")
        case 26:
            Phrase(
                "een onbekende entiteit (een & die niet als &amp; geschreven is?)",
                "an undeclared entity (an & that is not escaped as &amp;?)")
        case 29:
            Phrase(
                "een verwijzing naar een externe entiteit; die wordt niet gelezen",
                "a reference to an external entity, which is not read")
        case 31, 32: Phrase("een tekencodering die niet ondersteund wordt", "an unsupported character encoding")
        case 38: Phrase("een < in een attribuutwaarde", "a < inside an attribute value")
        case 39, 40: Phrase("een attribuutwaarde zonder passende aanhalingstekens", "an attribute value without matching quotes")
        case 41: Phrase("een attribuut zonder waarde", "an attribute without a value")
        case 42: Phrase("een attribuut dat twee keer in één element staat", "an attribute given twice in one element")
        case 65: Phrase("er ontbreekt een spatie tussen attributen", "a space is missing between attributes")
        case 68:
            Phrase(
                "er ontbreekt een naam na < of & (een & die niet als &amp; geschreven is?)",
                "a name is missing after < or & (an & that is not escaped as &amp;?)")
        case 73: Phrase("een tag die niet met > gesloten wordt", "a tag that is not closed with >")
        case 76: Phrase("een eindtag die niet bij het open element past", "an end tag that does not match the open element")
        case 77: Phrase("een tag die niet af is", "a tag that is not finished")
        case 89:
            Phrase(
                "entiteiten die naar elkaar verwijzen of zich tot een enorme tekst uitvouwen (een 'billion laughs'?); ze worden niet uitgevouwen",
                "entities that refer to each other or expand into a huge text (a 'billion laughs'?); they are not expanded")
        default: Phrase(verbatim: "libxml2 error \(code)")
        }
    }
}
