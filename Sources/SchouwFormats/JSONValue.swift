import SchouwCore
import OrderedCollections
import SchouwGeometry

/// A JSON object whose members keep their order, so files we write list fields as they were read or built.
public typealias JSONObject = OrderedDictionary<String, JSONValue>

/// Any JSON value (RFC 8259). Used for GeoJSON feature properties and ids.
///
/// Booleans and numbers are distinct cases: `true` never reads back as `1`.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, or nil for other kinds.
    public var stringValue: String? {
        if case .string(let s) = self { s } else { nil }
    }

    /// The number, or nil for other kinds.
    public var doubleValue: Double? {
        if case .number(let n) = self { n } else { nil }
    }

    /// The number as an `Int` when it is integral and fits, else nil.
    public var intValue: Int? {
        guard case .number(let n) = self, n.rounded() == n, abs(n) < 0x1p63 else { return nil }
        return Int(n)
    }

    /// The boolean, or nil for other kinds.
    public var boolValue: Bool? {
        if case .bool(let b) = self { b } else { nil }
    }

    /// The elements of an array, or nil for other kinds.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { a } else { nil }
    }

    /// The members of an object, or nil for other kinds.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { o } else { nil }
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool { self == .null }

    /// The member `key` of an object; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// A short phrase naming the kind of value, for error messages ("a number", "an array").
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// An object literal; a repeated key keeps its first position and its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
