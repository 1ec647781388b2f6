import Foundation
import SchouwCore
import SchouwGeometry

/// Writes GeoJSON: RFC 7946 for WGS84, the legacy GeoJSON 2008 "crs" member for any other CRS.
///
/// The writer never transforms coordinates: they must already be in the CRS being declared (transform first
/// with the PROJ wrapper). It always closes rings and winds polygons per RFC 7946 section 3.1.6 (exterior
/// counter-clockwise, holes clockwise), rounds coordinates to `decimals` and writes them without exponents,
/// writes properties in their order, and writes non-finite numbers as `null`.
public struct GeoJSONWriter: Sendable {
    /// How the text is laid out.
    public enum Layout: Sendable, Hashable {
        /// No insignificant whitespace, except one feature per line in a FeatureCollection (small git diffs).
        case compact
        /// Indented objects; coordinate arrays stay on one line.
        case pretty
    }

    /// The CRS declared for a `FeatureCollection` written directly; a `GeoJSONDocument` declares its own `crs`.
    public var crs: CRS
    /// Digits after the decimal point; nil means 7 for degrees (about 1 cm) and 3 (millimetres) for projected CRSs.
    public var decimals: Int?
    /// Whether to write a "bbox" on the collection, every feature and a bare geometry.
    public var includeBBox: Bool
    /// Text layout.
    public var layout: Layout

    /// Creates a writer; the defaults give compact RFC 7946 GeoJSON with 7 decimals.
    public init(crs: CRS = .wgs84, decimals: Int? = nil, includeBBox: Bool = false, layout: Layout = .compact) {
        self.crs = crs
        self.decimals = decimals
        self.includeBBox = includeBBox
        self.layout = layout
    }

    /// Writes `document` into `sink`, declaring `document.crs` (a "crs" member unless it is WGS84); the
    /// features of a collection are written one at a time.
    ///
    /// - Throws: the sink's file system error.
    /// - Complexity: O(n), where n is the number of coordinates and property values.
    public func write(_ document: GeoJSONDocument, to sink: ByteSink) throws {
        switch document {
        case .featureCollection(let collection, let crs): try write(features: collection.features, crs: crs, to: sink)
        case .feature(let feature, let crs):
            var emitter = emitter(crs: crs, sink: sink)
            emitter.feature(feature, topLevelCRS: crs, level: 0)
            sink.write("\n")
        case .geometry(let geometry, let crs):
            var emitter = emitter(crs: crs, sink: sink)
            emitter.geometry(geometry.normalizedForWriting, topLevelCRS: crs, level: 0)
            sink.write("\n")
        }
    }

    /// Writes a FeatureCollection of `features` in `crs` into `sink`, one feature at a time, so the
    /// features can be made as they are written (a lazy collection).
    ///
    /// - Throws: the sink's file system error.
    /// - Complexity: O(n), where n is the number of coordinates and property values.
    public func write(features: some Collection<Feature>, crs: CRS, to sink: ByteSink) throws {
        var emitter = emitter(crs: crs, sink: sink)
        try emitter.featureCollection(features, crs: crs)
        sink.write("\n")
    }

    private func emitter(crs: CRS, sink: ByteSink) -> JSONEmitter {
        let decimals = min(max(self.decimals ?? (crs.isGeographic ? 7 : 3), 0), 15)
        return JSONEmitter(sink: sink, pretty: layout == .pretty, decimals: decimals, includeBBox: includeBBox)
    }

    /// The UTF-8 GeoJSON of `document`, declaring `document.crs`.
    public func data(_ document: GeoJSONDocument) -> Data {
        let sink = ByteSink.memory()
        // A memory sink has no file to fail on.
        try? write(document, to: sink)
        return (try? sink.finish()) ?? Data()
    }

    /// The UTF-8 GeoJSON of `collection`, declaring the writer's `crs`.
    public func data(_ collection: FeatureCollection) -> Data {
        data(.featureCollection(collection, crs: crs))
    }

    /// The GeoJSON text of `document`, declaring `document.crs` (a "crs" member unless it is WGS84).
    public func string(_ document: GeoJSONDocument) -> String {
        String(decoding: data(document), as: UTF8.self)
    }

    /// The GeoJSON text of `collection`, declaring the writer's `crs`.
    public func string(_ collection: FeatureCollection) -> String {
        string(.featureCollection(collection, crs: crs))
    }

    /// Writes `document` to a file, which appears whole or not at all.
    ///
    /// - Throws: the file system's error when the file cannot be written.
    public func write(_ document: GeoJSONDocument, to url: URL) throws {
        let sink = try ByteSink.file(url)
        try write(document, to: sink)
        try sink.finish()
    }

    /// Writes `collection` to a file, declaring the writer's `crs`.
    ///
    /// - Throws: the file system's error when the file cannot be written.
    public func write(_ collection: FeatureCollection, to url: URL) throws {
        try write(.featureCollection(collection, crs: crs), to: url)
    }
}

extension JSONValue {
    /// The value as compact JSON text (RFC 8259) in UTF-8, members in their order; numbers as the
    /// GeoJSON writer writes properties (shortest round-trip form, integers without ".0").
    public var jsonData: Data {
        let sink = ByteSink.memory()
        var emitter = JSONEmitter(sink: sink, pretty: false, decimals: 7, includeBBox: false)
        emitter.value(self, level: 0)
        return (try? sink.finish()) ?? Data()
    }
}

extension Geometry {
    /// The geometry with every ring closed and wound per RFC 7946, as the writer writes it.
    var normalizedForWriting: Geometry {
        let closed: Geometry
        switch self {
        case .polygon(let polygon): closed = .polygon(polygon.closed)
        case .multiPolygon(let polygons): closed = .multiPolygon(polygons.map(\.closed))
        case .geometryCollection(let geometries): return .geometryCollection(geometries.map(\.normalizedForWriting))
        default: return self
        }
        return closed.rfc7946Wound
    }
}

extension Polygon {
    /// The polygon with every non-empty ring ending at its first coordinate.
    var closed: Polygon {
        Polygon(rings.map { ring in
            guard let first = ring.first, ring.last != first else { return ring }
            return ring + [first]
        })
    }
}

/// Formats numbers for GeoJSON output.
enum GeoJSONNumber {
    static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }
    static let integerPowersOfTen: [Int64] = (0...15).map { exponent in
        (0..<exponent).reduce(Int64(1)) { product, _ in product * 10 }
    }

    /// A coordinate rounded to `decimals` places in plain decimal notation: no exponent, no trailing zeros, no `-0`.
    static func coordinate(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "null" }
        let scaled = (value * powersOfTen[decimals]).rounded()
        // Beyond 1e15 a Double no longer holds every integer of the scaled value; such "coordinates" are nonsense
        // anyway, and the shortest round-trip form is still valid JSON.
        guard abs(scaled) < 1e15 else { return property(value) }
        let units = Int64(scaled)
        if units == 0 { return "0" }
        let magnitude = units.magnitude
        let divisor = UInt64(integerPowersOfTen[decimals])
        var text = units < 0 ? "-" : ""
        text += String(magnitude / divisor)
        let fraction = magnitude % divisor
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: decimals - digits.count) + digits
            while digits.last == "0" { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// A property number in its shortest round-trip form; integers without ".0", non-finite as `null`.
    static func property(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}

/// Writes the JSON text of one document into a sink.
struct JSONEmitter {
    let sink: ByteSink
    let pretty: Bool
    let decimals: Int
    let includeBBox: Bool

    mutating func newline(level: Int) {
        guard pretty else { return }
        sink.write("\n")
        sink.write(String(repeating: "  ", count: level))
    }

    /// Starts the next member of an object: comma, indentation, quoted name, colon.
    mutating func member(_ name: String, first: inout Bool, level: Int) {
        if !first { sink.write(",") }
        first = false
        newline(level: level + 1)
        string(name)
        sink.write(pretty ? ": " : ":")
    }

    mutating func endObject(level: Int) {
        newline(level: level)
        sink.write("}")
    }

    mutating func featureCollection(_ features: some Collection<Feature>, crs: CRS) throws {
        sink.write("{")
        var first = true
        member("type", first: &first, level: 0)
        string("FeatureCollection")
        crsMember(crs, first: &first, level: 0)
        if includeBBox, let box = features.compactMap({ $0.geometry?.boundingBox }).reduce(nil, { $0?.union($1) ?? $1 }) {
            member("bbox", first: &first, level: 0)
            bbox(box)
        }
        member("features", first: &first, level: 0)
        sink.write("[")
        for (index, feature) in features.enumerated() {
            if index > 0 { sink.write(",") }
            if pretty { newline(level: 2) } else { sink.write("\n") }
            self.feature(feature, topLevelCRS: nil, level: pretty ? 2 : 0)
            try sink.flushIfFull()
        }
        if !features.isEmpty {
            if pretty { newline(level: 1) } else { sink.write("\n") }
        }
        sink.write("]")
        endObject(level: 0)
    }

    /// A feature; `topLevelCRS` is nil inside a collection, which declares the CRS instead.
    mutating func feature(_ feature: Feature, topLevelCRS crs: CRS?, level: Int) {
        let geometry = feature.geometry?.normalizedForWriting
        sink.write("{")
        var first = true
        member("type", first: &first, level: level)
        string("Feature")
        if let crs { crsMember(crs, first: &first, level: level) }
        if let id = feature.id {
            member("id", first: &first, level: level)
            value(id, level: level + 1)
        }
        if includeBBox, let box = geometry?.boundingBox {
            member("bbox", first: &first, level: level)
            bbox(box)
        }
        member("properties", first: &first, level: level)
        value(.object(feature.properties), level: level + 1)
        member("geometry", first: &first, level: level)
        if let geometry {
            self.geometry(geometry, topLevelCRS: nil, level: level + 1)
        } else {
            sink.write("null")
        }
        endObject(level: level)
    }

    /// A geometry already normalised for writing. Only a bare top-level geometry (`topLevelCRS` not nil) declares
    /// a CRS and gets a bbox; inside a feature or collection the enclosing object carries them.
    mutating func geometry(_ geometry: Geometry, topLevelCRS crs: CRS?, level: Int) {
        sink.write("{")
        var first = true
        member("type", first: &first, level: level)
        string(geometry.typeName)
        if let crs { crsMember(crs, first: &first, level: level) }
        if includeBBox, crs != nil, let box = geometry.boundingBox {
            member("bbox", first: &first, level: level)
            bbox(box)
        }
        switch geometry {
        case .geometryCollection(let members):
            member("geometries", first: &first, level: level)
            sink.write("[")
            for (index, child) in members.enumerated() {
                if index > 0 { sink.write(",") }
                newline(level: level + 2)
                self.geometry(child, topLevelCRS: nil, level: level + 2)
            }
            if pretty && !members.isEmpty { newline(level: level + 1) }
            sink.write("]")
        case .point(let c):
            member("coordinates", first: &first, level: level)
            position(c)
        case .multiPoint(let cs):
            member("coordinates", first: &first, level: level)
            positions(cs)
        case .lineString(let line):
            member("coordinates", first: &first, level: level)
            positions(line.coordinates)
        case .multiLineString(let lines):
            member("coordinates", first: &first, level: level)
            array(lines) { $0.positions($1.coordinates) }
        case .polygon(let polygon):
            member("coordinates", first: &first, level: level)
            array(polygon.rings) { $0.positions($1) }
        case .multiPolygon(let polygons):
            member("coordinates", first: &first, level: level)
            array(polygons) { emitter, polygon in emitter.array(polygon.rings) { $0.positions($1) } }
        }
        endObject(level: level)
    }

    mutating func crsMember(_ crs: CRS, first: inout Bool, level: Int) {
        guard crs != .wgs84 else { return }
        member("crs", first: &first, level: level)
        let name: JSONValue = .string("urn:ogc:def:crs:EPSG::\(crs.epsg)")
        value(["type": "name", "properties": ["name": name]], level: level + 1)
    }

    mutating func array<T>(_ elements: [T], _ element: (inout JSONEmitter, T) -> Void) {
        sink.write("[")
        for (index, item) in elements.enumerated() {
            if index > 0 { sink.write(",") }
            element(&self, item)
        }
        sink.write("]")
    }

    mutating func positions(_ coordinates: [Coordinate]) {
        array(coordinates) { $0.position($1) }
    }

    mutating func position(_ c: Coordinate) {
        sink.write("[")
        sink.write(GeoJSONNumber.coordinate(c.x, decimals: decimals))
        sink.write(",")
        sink.write(GeoJSONNumber.coordinate(c.y, decimals: decimals))
        sink.write("]")
    }

    mutating func bbox(_ box: BoundingBox) {
        let decimals = decimals
        array([box.minX, box.minY, box.maxX, box.maxY]) { $0.sink.write(GeoJSONNumber.coordinate($1, decimals: decimals)) }
    }

    /// Any JSON value; in pretty layout objects and arrays holding containers are indented.
    mutating func value(_ value: JSONValue, level: Int) {
        switch value {
        case .null: sink.write("null")
        case .bool(let flag): sink.write(flag ? "true" : "false")
        case .number(let number): sink.write(GeoJSONNumber.property(number))
        case .string(let text): string(text)
        case .array(let elements):
            let nested = elements.contains { $0.arrayValue != nil || $0.objectValue != nil }
            sink.write("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { sink.write(pretty && !nested ? ", " : ",") }
                if nested { newline(level: level + 1) }
                self.value(element, level: level + 1)
            }
            if nested && !elements.isEmpty { newline(level: level) }
            sink.write("]")
        case .object(let members):
            guard !members.isEmpty else {
                sink.write("{}")
                return
            }
            sink.write("{")
            var first = true
            for (name, member) in members {
                self.member(name, first: &first, level: level)
                self.value(member, level: level + 1)
            }
            endObject(level: level)
        }
    }

    /// A JSON string literal (RFC 8259 section 7): quotes, backslashes and control characters escaped.
    mutating func string(_ text: String) {
        sink.write("\"")
        var plainStart = text.unicodeScalars.startIndex
        var index = plainStart
        let scalars = text.unicodeScalars
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case "\u{08}": "\\b"
                case "\u{0C}": "\\f"
                case "\u{00}"..."\u{1F}":
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                default: nil
                }
            if let escape {
                sink.write(scalars[plainStart..<index])
                sink.write(escape)
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        sink.write(scalars[plainStart..<index])
        sink.write("\"")
    }
}
