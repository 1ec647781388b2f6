import Foundation
import SchouwCore
import SchouwGeometry

/// Why a GeoJSON document could not be read, with the file and the JSON path (or line and column) of the problem.
///
/// The description reads like `buurten.geojson: features[12].geometry.coordinates[0]: a linear ring needs at
/// least 4 positions, found 3`.
public struct GeoJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, independent of where.
    public enum Reason: Sendable, Hashable {
        /// The file could not be read at all.
        case unreadable(String)
        /// The bytes are not JSON; see `line` and `column`.
        case notJSON(String)
        /// An object was expected (the top level, a feature, a geometry) but something else was found.
        case notAnObject(found: String)
        /// An object has no "type" member.
        case missingType
        /// A member has the wrong JSON kind, such as a numeric "type".
        case wrongMemberKind(member: String, expected: String, found: String)
        /// The "type" is not a GeoJSON type at all.
        case unknownType(String, expected: [String])
        /// The "type" is a GeoJSON type, but not one allowed here (a Feature inside "geometries").
        case unexpectedType(String, expected: [String])
        /// A FeatureCollection without a "features" array; `found` is nil when the member is absent.
        case featuresNotArray(found: String?)
        /// A Feature without a "geometry" member.
        case missingGeometry
        /// "properties" is neither an object nor null.
        case propertiesNotObject(found: String)
        /// "id" is neither a string nor a number.
        case invalidID(found: String)
        /// A geometry without "coordinates".
        case missingCoordinates(geometryType: String)
        /// Coordinates nested to the wrong depth, such as a Polygon given the positions of a LineString.
        case wrongNesting(expected: String, found: String)
        /// A position with fewer than two numbers.
        case positionTooShort(count: Int)
        /// An ordinate that is not a number.
        case nonNumericOrdinate(found: String)
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
        /// A legacy "crs" member whose name `CRS(name:)` does not understand.
        case unknownCRS(String)
        /// A legacy "crs" member of the wrong shape.
        case malformedCRS(String)
        /// A GeometryCollection without a "geometries" array; `found` is nil when the member is absent.
        case geometriesNotArray(found: String?)
        /// A "bbox" that is not an array of 4 or 6 finite numbers.
        case malformedBBox(String)

        /// The message without file or location.
        public var message: String {
            switch self {
            case .unreadable(let detail):
                "cannot read the file: \(detail)"
            case .notJSON(let detail):
                "not valid JSON: \(detail)"
            case .notAnObject(let found):
                "expected a JSON object, found \(found)"
            case .missingType:
                #"missing the "type" member"#
            case .wrongMemberKind(let member, let expected, let found):
                #""\#(member)" must be \#(expected), found \#(found)"#
            case .unknownType(let type, let expected):
                #"unknown GeoJSON type "\#(type)"; expected one of \#(expected.joined(separator: ", "))"#
            case .unexpectedType(let type, let expected):
                #"a \#(type) is not allowed here; expected \#(Self.oneOf(expected))"#
            case .featuresNotArray(let found):
                #"a FeatureCollection needs a "features" array, found \#(found ?? "no such member")"#
            case .missingGeometry:
                #"a Feature needs a "geometry" member (it may be null)"#
            case .propertiesNotObject(let found):
                #""properties" must be an object or null, found \#(found)"#
            case .invalidID(let found):
                #""id" must be a string or a number, found \#(found)"#
            case .missingCoordinates(let type):
                #"a \#(type) needs a "coordinates" member"#
            case .wrongNesting(let expected, let found):
                "coordinates nested wrongly: expected \(expected), found \(found)"
            case .positionTooShort(let count):
                "a position needs at least 2 numbers, found \(count)"
            case .nonNumericOrdinate(let found):
                "an ordinate must be a number, found \(found)"
            case .nonFiniteOrdinate:
                "an ordinate must be a finite number"
            case .outOfRange(let longitude, let latitude, let looksLikeRDNew):
                "position [\(Self.number(longitude)), \(Self.number(latitude))] is outside WGS84 longitude/latitude "
                    + "(|longitude| ≤ 180, |latitude| ≤ 90)"
                    + (looksLikeRDNew ? "; looks like RD New metres — add a crs member or convert" : "")
            case .ringTooShort(let count):
                "a linear ring needs at least 4 positions, found \(count)"
            case .ringNotClosed(let first, let last):
                "a linear ring must be closed: it starts at [\(Self.number(first.x)), \(Self.number(first.y))] "
                    + "but ends at [\(Self.number(last.x)), \(Self.number(last.y))]"
            case .lineStringTooShort(let count):
                "a LineString needs at least 2 positions, found \(count)"
            case .unknownCRS(let name):
                #"unknown crs name "\#(name)"; expected a name like "urn:ogc:def:crs:EPSG::28992" or "EPSG:28992""#
            case .malformedCRS(let detail):
                #"malformed "crs" member: \#(detail); expected {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}"#
            case .geometriesNotArray(let found):
                #"a GeometryCollection needs a "geometries" array, found \#(found ?? "no such member")"#
            case .malformedBBox(let detail):
                #""bbox" must be an array of 4 or 6 finite numbers, found \#(detail)"#
            }
        }

        private static func oneOf(_ names: [String]) -> String {
            names.count == 1 ? "a \(names[0])" : "one of \(names.joined(separator: ", "))"
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

    /// Creates an error; `path` is a JSON path, empty for the top level.
    public init(_ reason: Reason, path: String = "", fileName: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.reason = reason
        self.path = path
        self.fileName = fileName
        self.line = line
        self.column = column
    }

    /// The message a user can act on: file, location, what is wrong.
    public var description: String {
        let location: String?
        if let line, let column {
            location = "line \(line), column \(column)"
        } else if case .unreadable = reason {
            location = nil
        } else {
            location = path.isEmpty ? "top level" : path
        }
        return [fileName, location, reason.message].compactMap { $0 }.joined(separator: ": ")
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
