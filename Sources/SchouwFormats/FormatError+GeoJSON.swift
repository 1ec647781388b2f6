import Foundation
import SchouwCore
import SchouwGeometry

extension FormatError {
    /// Why a GeoJSON document could not be read, with the file and the JSON path (or line and column) of
    /// the problem; the payload of ``FormatError/geoJSON(_:)``.
    ///
    /// The message reads like `buurten.geojson: features[12].geometry.coordinates[0]: a linear ring needs at
    /// least 4 positions, found 3`.
    public struct GeoJSONProblem: Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, independent of where.
        public enum Reason: Sendable, Hashable {
            /// The bytes are not JSON; see `line` and `column`.
            case notJSON(Phrase)
            /// The object at the problem's path names this member twice (RFC 8259 leaves the meaning open).
            case duplicateMember(String)
            /// An object was expected (the top level, a feature, a geometry) but something else was found.
            case notAnObject(found: Phrase)
            /// An object has no "type" member.
            case missingType
            /// A member has the wrong JSON kind, such as a numeric "type".
            case wrongMemberKind(member: String, expected: Phrase, found: Phrase)
            /// The "type" is not a GeoJSON type at all.
            case unknownType(String, expected: [String])
            /// The "type" is a GeoJSON type, but not one allowed here (a Feature inside "geometries").
            case unexpectedType(String, expected: [String])
            /// A FeatureCollection without a "features" array; `found` is nil when the member is absent.
            case featuresNotArray(found: Phrase?)
            /// A Feature without a "geometry" member.
            case missingGeometry
            /// "properties" is neither an object nor null.
            case propertiesNotObject(found: Phrase)
            /// "id" is neither a string nor a number.
            case invalidID(found: Phrase)
            /// A geometry without "coordinates".
            case missingCoordinates(geometryType: String)
            /// Coordinates nested to the wrong depth, such as a Polygon given the positions of a LineString.
            case wrongNesting(expected: Phrase, found: Phrase)
            /// A position with fewer than two numbers.
            case positionTooShort(count: Int)
            /// An ordinate that is not a number.
            case nonNumericOrdinate(found: Phrase)
            /// An ordinate too large for a Double (such as `1e400`).
            case nonFiniteOrdinate
            /// A WGS84 position outside ±180° longitude or ±90° latitude.
            case outOfRange(longitude: Double, latitude: Double, looksLikeRDNew: Bool)
            /// A linear ring with fewer than four positions.
            case ringTooShort(count: Int)
            /// A linear ring whose last position differs from its first.
            case ringNotClosed(first: Coordinate, last: Coordinate)
            /// A LineString with fewer than two positions.
            case lineStringTooShort(count: Int)
            /// A legacy "crs" member whose name `CRS(name:)` does not understand, or that PROJ does not know.
            case unknownCRS(String)
            /// A legacy "crs" member of the wrong shape.
            case malformedCRS(Phrase)
            /// A GeometryCollection without a "geometries" array; `found` is nil when the member is absent.
            case geometriesNotArray(found: Phrase?)
            /// A "bbox" that is not an array of 4 or 6 finite numbers.
            case malformedBBox(Phrase)

            /// The message without file or location.
            public func message(_ language: Language) -> String {
                let l = language
                let none = Phrase("zo'n lid ontbreekt", "no such member")
                switch self {
                case .notJSON(let detail):
                    return l.pick("geen geldige JSON: ", "not valid JSON: ") + detail.text(l)
                case .duplicateMember(let name):
                    return l.pick(
                        #"het lid "\#(name)" staat twee keer in dit object; een naam mag maar één keer voorkomen"#,
                        #"the member "\#(name)" occurs twice in this object; a name may occur only once"#)
                case .notAnObject(let found):
                    return l.pick("verwacht een JSON-object, gevonden ", "expected a JSON object, found ") + found.text(l)
                case .missingType:
                    return l.pick(#"het lid "type" ontbreekt"#, #"missing the "type" member"#)
                case .wrongMemberKind(let member, let expected, let found):
                    return l.pick(
                        #""\#(member)" moet \#(expected.nl) zijn, gevonden \#(found.nl)"#,
                        #""\#(member)" must be \#(expected.en), found \#(found.en)"#)
                case .unknownType(let type, let expected):
                    return l.pick(
                        #"onbekend GeoJSON-type "\#(type)"; verwacht een van "#, #"unknown GeoJSON type "\#(type)"; expected one of "#)
                        + expected.joined(separator: ", ")
                case .unexpectedType(let type, let expected):
                    let list = expected.joined(separator: ", ")
                    return expected.count == 1
                        ? l.pick(#"een \#(type) mag hier niet staan; verwacht een \#(list)"#, #"a \#(type) is not allowed here; expected a \#(list)"#)
                        : l.pick(
                            #"een \#(type) mag hier niet staan; verwacht een van \#(list)"#,
                            #"a \#(type) is not allowed here; expected one of \#(list)"#)
                case .featuresNotArray(let found):
                    return l.pick(#"een FeatureCollection heeft een array "features" nodig, gevonden "#, #"a FeatureCollection needs a "features" array, found "#)
                        + (found ?? none).text(l)
                case .missingGeometry:
                    return l.pick(#"een Feature heeft een lid "geometry" nodig (het mag null zijn)"#, #"a Feature needs a "geometry" member (it may be null)"#)
                case .propertiesNotObject(let found):
                    return l.pick(#""properties" moet een object of null zijn, gevonden "#, #""properties" must be an object or null, found "#)
                        + found.text(l)
                case .invalidID(let found):
                    return l.pick(#""id" moet een tekst of een getal zijn, gevonden "#, #""id" must be a string or a number, found "#)
                        + found.text(l)
                case .missingCoordinates(let type):
                    return l.pick(#"een \#(type) heeft een lid "coordinates" nodig"#, #"a \#(type) needs a "coordinates" member"#)
                case .wrongNesting(let expected, let found):
                    return l.pick(
                        "coördinaten verkeerd genest: verwacht \(expected.nl), gevonden \(found.nl)",
                        "coordinates nested wrongly: expected \(expected.en), found \(found.en)")
                case .positionTooShort(let count):
                    return l.pick("een positie heeft minstens 2 getallen nodig, gevonden \(count)", "a position needs at least 2 numbers, found \(count)")
                case .nonNumericOrdinate(let found):
                    return l.pick("een coördinaat moet een getal zijn, gevonden ", "an ordinate must be a number, found ") + found.text(l)
                case .nonFiniteOrdinate:
                    return l.pick("een coördinaat moet een eindig getal zijn", "an ordinate must be a finite number")
                case .outOfRange(let longitude, let latitude, let looksLikeRDNew):
                    let position = "[\(Self.number(longitude)), \(Self.number(latitude))]"
                    return l.pick(
                        "positie \(position) valt buiten WGS84-lengte/breedte (|lengte| ≤ 180, |breedte| ≤ 90)",
                        "position \(position) is outside WGS84 longitude/latitude (|longitude| ≤ 180, |latitude| ≤ 90)")
                        + (looksLikeRDNew
                            ? l.pick(
                                "; lijkt op RD New-meters — voeg een crs-lid toe of reken om",
                                "; looks like RD New metres — add a crs member or convert") : "")
                case .ringTooShort(let count):
                    return l.pick("een ring heeft minstens 4 posities nodig, gevonden \(count)", "a linear ring needs at least 4 positions, found \(count)")
                case .ringNotClosed(let first, let last):
                    let from = "[\(Self.number(first.x)), \(Self.number(first.y))]"
                    let to = "[\(Self.number(last.x)), \(Self.number(last.y))]"
                    return l.pick(
                        "een ring moet gesloten zijn: hij begint op \(from) maar eindigt op \(to)",
                        "a linear ring must be closed: it starts at \(from) but ends at \(to)")
                case .lineStringTooShort(let count):
                    return l.pick("een LineString heeft minstens 2 posities nodig, gevonden \(count)", "a LineString needs at least 2 positions, found \(count)")
                case .unknownCRS(let name):
                    return l.pick(
                        #"onbekend coördinatenstelsel "\#(name)"; verwacht een naam als "urn:ogc:def:crs:EPSG::28992" of "EPSG:28992" die PROJ kent"#,
                        #"unknown crs name "\#(name)"; expected a name like "urn:ogc:def:crs:EPSG::28992" or "EPSG:28992" that PROJ knows"#)
                case .malformedCRS(let detail):
                    let example = #"{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}"#
                    return l.pick(
                        #"onjuist lid "crs": \#(detail.nl); verwacht \#(example)"#, #"malformed "crs" member: \#(detail.en); expected \#(example)"#)
                case .geometriesNotArray(let found):
                    return l.pick(#"een GeometryCollection heeft een array "geometries" nodig, gevonden "#, #"a GeometryCollection needs a "geometries" array, found "#)
                        + (found ?? none).text(l)
                case .malformedBBox(let detail):
                    return l.pick(#""bbox" moet een array van 4 of 6 eindige getallen zijn, gevonden "#, #""bbox" must be an array of 4 or 6 finite numbers, found "#)
                        + detail.text(l)
                }
            }

            private static func number(_ value: Double) -> String {
                value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            }
        }

        /// The file name given to the reader, if any.
        public var fileName: String?
        /// Where in the document: a JSON path such as `features[12].geometry.coordinates[0]`; empty for the top level.
        public var path: String
        /// For `.notJSON`, the 1-based line of the syntax error.
        public var line: Int?
        /// For `.notJSON`, the 1-based column (in characters) of the syntax error.
        public var column: Int?
        /// What is wrong.
        public var reason: Reason

        /// Creates a problem; `path` is a JSON path, empty for the top level.
        public init(_ reason: Reason, path: String = "", fileName: String? = nil, line: Int? = nil, column: Int? = nil) {
            self.reason = reason
            self.path = path
            self.fileName = fileName
            self.line = line
            self.column = column
        }

        /// The message a user can act on: file, location, what is wrong.
        public func message(_ language: Language) -> String {
            let location =
                if let line, let column {
                    language.pick("regel \(line), kolom \(column)", "line \(line), column \(column)")
                } else {
                    path.isEmpty ? language.pick("hoogste niveau", "top level") : path
                }
            return [fileName, location, reason.message(language)].compactMap { $0 }.joined(separator: ": ")
        }

        public var description: String { message(.en) }
    }

    /// The GeoJSON problem, when this is one.
    public var geoJSONProblem: GeoJSONProblem? {
        if case .geoJSON(let problem) = self { return problem }
        return nil
    }
}

/// A location inside a JSON document, kept as a linked list so that descending costs O(1).
indirect enum JSONPath: Sendable, CustomStringConvertible {
    case root
    case member(JSONPath, String)
    case element(JSONPath, Int)

    /// The path one member deeper.
    func member(_ name: String) -> JSONPath { .member(self, name) }

    /// The path one array element deeper.
    func element(_ index: Int) -> JSONPath { .element(self, index) }

    /// Rendered as `features[12].geometry.coordinates[0]`; empty for the root.
    var description: String {
        switch self {
        case .root: ""
        case .member(.root, let name): name
        case .member(let parent, let name): "\(parent).\(name)"
        case .element(let parent, let index): "\(parent)[\(index)]"
        }
    }
}

extension JSONValue {
    /// What kind of value this is, in words ("a string", "een tekst"), for messages.
    var kindPhrase: Phrase {
        switch self {
        case .null: Phrase(verbatim: "null")
        case .bool: Phrase("een boolean", "a boolean")
        case .number: Phrase("een getal", "a number")
        case .string: Phrase("een tekst", "a string")
        case .array: Phrase("een array", "an array")
        case .object: Phrase("een object", "an object")
        }
    }
}
