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
        var emitter = emitter(crs: document.crs)
        switch document {
        case .featureCollection(let collection, let crs):
            try emitter.featureCollection(collection.features, crs: crs, to: sink)
        case .feature(let feature, let crs):
            emitter.feature(feature, topLevelCRS: crs, level: 0)
        case .geometry(let geometry, let crs):
            emitter.geometry(geometry.normalizedForWriting, topLevelCRS: crs, level: 0)
        }
        emitter.bytes.append(UInt8(ascii: "\n"))
        emitter.drain(into: sink)
    }

    /// Writes a FeatureCollection of `features` in `crs` into `sink`, one feature at a time, so the
    /// features can be made as they are written (a lazy collection).
    ///
    /// - Throws: the sink's file system error.
    /// - Complexity: O(n), where n is the number of coordinates and property values.
    public func write(features: some Collection<Feature>, crs: CRS, to sink: ByteSink) throws {
        var emitter = emitter(crs: crs)
        try emitter.featureCollection(features, crs: crs, to: sink)
        emitter.bytes.append(UInt8(ascii: "\n"))
        emitter.drain(into: sink)
    }

    private func emitter(crs: CRS) -> JSONEmitter {
        let decimals = min(max(self.decimals ?? (crs.isGeographic ? 7 : 3), 0), 15)
        return JSONEmitter(pretty: layout == .pretty, decimals: decimals, includeBBox: includeBBox)
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
        try ByteSink.writeFile(url) { try write(document, to: $0) }
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
    public var jsonData: Data { jsonData(pretty: false) }

    /// The value as JSON text in UTF-8, indented with `pretty`, else compact as ``jsonData``.
    public func jsonData(pretty: Bool) -> Data {
        var emitter = JSONEmitter(pretty: pretty, decimals: 7, includeBBox: false)
        emitter.value(self, level: 0)
        return Data(emitter.bytes)
    }
}

extension Geometry {
    /// The geometry with every ring closed and wound per RFC 7946, as the writer writes it; the geometry
    /// itself (no copy) when it already is.
    var normalizedForWriting: Geometry {
        switch self {
        case .polygon(let polygon): polygon.isNormalizedForWriting ? self : .polygon(polygon.closed.rfc7946Wound)
        case .multiPolygon(let polygons):
            polygons.allSatisfy(\.isNormalizedForWriting) ? self : .multiPolygon(polygons.map { $0.closed.rfc7946Wound })
        case .geometryCollection(let geometries): .geometryCollection(geometries.map(\.normalizedForWriting))
        default: self
        }
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

    /// Whether every ring is closed and wound per RFC 7946 already.
    var isNormalizedForWriting: Bool {
        rings.allSatisfy { $0.first == $0.last } && hasRFC7946Winding
    }
}

/// Formats numbers for GeoJSON output, as ASCII bytes appended to a buffer (no `String` per number).
enum GeoJSONNumber {
    static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }

    /// Appends a coordinate rounded to `decimals` places in plain decimal notation: no exponent, no
    /// trailing zeros, no `-0`; `null` when not finite.
    static func appendCoordinate(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        guard value.isFinite else { return append("null", to: &bytes) }
        let scaled = (value * powersOfTen[decimals]).rounded()
        // Beyond 1e15 a Double no longer holds every integer of the scaled value; such "coordinates" are nonsense
        // anyway, and the shortest round-trip form is still valid JSON.
        guard abs(scaled) < 1e15 else { return appendProperty(value, to: &bytes) }
        var units = Int64(scaled).magnitude
        guard units != 0 else { return bytes.append(UInt8(ascii: "0")) }
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        var fractionDigits = decimals
        while fractionDigits > 0 && units % 10 == 0 {
            units /= 10
            fractionDigits -= 1
        }
        appendDigits(units, pointBefore: fractionDigits, to: &bytes)
    }

    /// Appends a property number in its shortest round-trip form; integers without ".0", non-finite as `null`.
    static func appendProperty(_ value: Double, to bytes: inout [UInt8]) {
        guard value.isFinite else { return append("null", to: &bytes) }
        guard value.rounded() == value && abs(value) < 1e15 else { return append(value.description, to: &bytes) }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(abs(value)), pointBefore: 0, to: &bytes)
    }

    /// "00", "01", … "99": two digits per division by 100.
    private static let digitPairs: [UInt8] = {
        var pairs: [UInt8] = []
        for n in 0..<100 {
            pairs.append(UInt8(ascii: "0") + UInt8(n / 10))
            pairs.append(UInt8(ascii: "0") + UInt8(n % 10))
        }
        return pairs
    }()

    /// Appends the decimal digits of `units` with a decimal point `pointBefore` digits from the right
    /// (and a leading "0" when no integer digit is left).
    private static func appendDigits(_ units: UInt64, pointBefore fractionDigits: Int, to bytes: inout [UInt8]) {
        let pairs = digitPairs
        // 20 digits for UInt64.max, a point and a leading zero.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            var rest = units
            func pair() {
                let index = Int(rest % 100) &* 2
                rest /= 100
                start -= 2
                buffer[start] = pairs[index]
                buffer[start + 1] = pairs[index + 1]
            }
            func digit() {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            if fractionDigits > 0 {
                for _ in 0..<fractionDigits / 2 { pair() }
                if fractionDigits % 2 == 1 { digit() }
                start -= 1
                buffer[start] = UInt8(ascii: ".")
            }
            while rest >= 100 { pair() }
            if rest >= 10 { pair() } else { digit() }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: text.utf8)
    }
}

/// Writes the JSON text of one document as UTF-8 into a byte array of its own, handed to a sink after each
/// feature (``drain(into:)``): appending to a local array needs no runtime exclusivity check, where every
/// small write to the sink (a class) would.
struct JSONEmitter {
    var bytes: [UInt8] = []
    let pretty: Bool
    let decimals: Int
    let includeBBox: Bool

    init(pretty: Bool, decimals: Int, includeBBox: Bool) {
        self.pretty = pretty
        self.decimals = decimals
        self.includeBBox = includeBBox
        bytes.reserveCapacity(1 << 12)
    }

    /// Hands the text so far to `sink`.
    mutating func drain(into sink: ByteSink) {
        sink.write(bytes: bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func byte(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func raw(_ text: StaticString) {
        // withUTF8Buffer also serves a one-character literal, which StaticString may keep as a scalar.
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func newline(level: Int) {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// Starts the next member of an object: comma, indentation, quoted name, colon.
    mutating func member(_ name: String, first: inout Bool, level: Int) {
        if !first { byte(UInt8(ascii: ",")) }
        first = false
        newline(level: level + 1)
        string(name)
        if pretty { raw(": ") } else { byte(UInt8(ascii: ":")) }
    }

    mutating func endObject(level: Int) {
        newline(level: level)
        byte(UInt8(ascii: "}"))
    }

    /// A FeatureCollection, each feature handed to `sink` as soon as it is written.
    mutating func featureCollection(_ features: some Collection<Feature>, crs: CRS, to sink: ByteSink) throws {
        byte(UInt8(ascii: "{"))
        var first = true
        member("type", first: &first, level: 0)
        string("FeatureCollection")
        crsMember(crs, first: &first, level: 0)
        if includeBBox, let box = features.compactMap({ $0.geometry?.boundingBox }).reduce(nil, { $0?.union($1) ?? $1 }) {
            member("bbox", first: &first, level: 0)
            bbox(box)
        }
        member("features", first: &first, level: 0)
        byte(UInt8(ascii: "["))
        var isFirstFeature = true
        for feature in features {
            if !isFirstFeature { byte(UInt8(ascii: ",")) }
            isFirstFeature = false
            if pretty { newline(level: 2) } else { raw("\n") }
            self.feature(feature, topLevelCRS: nil, level: pretty ? 2 : 0)
            drain(into: sink)
            try sink.flushIfFull()
        }
        if !isFirstFeature {
            if pretty { newline(level: 1) } else { raw("\n") }
        }
        byte(UInt8(ascii: "]"))
        endObject(level: 0)
    }

    /// A feature; `topLevelCRS` is nil inside a collection, which declares the CRS instead.
    mutating func feature(_ feature: Feature, topLevelCRS crs: CRS?, level: Int) {
        let geometry = feature.geometry?.normalizedForWriting
        byte(UInt8(ascii: "{"))
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
        object(feature.properties, level: level + 1)
        member("geometry", first: &first, level: level)
        if let geometry {
            self.geometry(geometry, topLevelCRS: nil, level: level + 1)
        } else {
            raw("null")
        }
        endObject(level: level)
    }

    /// A geometry already normalised for writing. Only a bare top-level geometry (`topLevelCRS` not nil) declares
    /// a CRS and gets a bbox; inside a feature or collection the enclosing object carries them.
    mutating func geometry(_ geometry: Geometry, topLevelCRS crs: CRS?, level: Int) {
        byte(UInt8(ascii: "{"))
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
            byte(UInt8(ascii: "["))
            for (index, child) in members.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                newline(level: level + 2)
                self.geometry(child, topLevelCRS: nil, level: level + 2)
            }
            if pretty && !members.isEmpty { newline(level: level + 1) }
            byte(UInt8(ascii: "]"))
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
        byte(UInt8(ascii: "["))
        for (index, item) in elements.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            element(&self, item)
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func positions(_ coordinates: [Coordinate]) {
        byte(UInt8(ascii: "["))
        for (index, c) in coordinates.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            position(c)
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func position(_ c: Coordinate) {
        byte(UInt8(ascii: "["))
        GeoJSONNumber.appendCoordinate(c.x, decimals: decimals, to: &bytes)
        byte(UInt8(ascii: ","))
        GeoJSONNumber.appendCoordinate(c.y, decimals: decimals, to: &bytes)
        byte(UInt8(ascii: "]"))
    }

    mutating func bbox(_ box: BoundingBox) {
        let decimals = decimals
        array([box.minX, box.minY, box.maxX, box.maxY]) { GeoJSONNumber.appendCoordinate($1, decimals: decimals, to: &$0.bytes) }
    }

    /// Any JSON value; in pretty layout objects and arrays holding containers are indented.
    mutating func value(_ value: JSONValue, level: Int) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): if flag { raw("true") } else { raw("false") }
        case .number(let number): GeoJSONNumber.appendProperty(number, to: &bytes)
        case .string(let text): string(text)
        case .array(let elements):
            let nested = elements.contains { $0.arrayValue != nil || $0.objectValue != nil }
            byte(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { if pretty && !nested { raw(", ") } else { byte(UInt8(ascii: ",")) } }
                if nested { newline(level: level + 1) }
                self.value(element, level: level + 1)
            }
            if nested && !elements.isEmpty { newline(level: level) }
            byte(UInt8(ascii: "]"))
        case .object(let members): object(members, level: level)
        }
    }

    mutating func object(_ members: JSONObject, level: Int) {
        guard !members.isEmpty else { return raw("{}") }
        byte(UInt8(ascii: "{"))
        var first = true
        for (name, member) in members {
            self.member(name, first: &first, level: level)
            self.value(member, level: level + 1)
        }
        endObject(level: level)
    }

    /// A JSON string literal (RFC 8259 section 7): quotes, backslashes and control characters escaped.
    mutating func string(_ text: String) {
        var text = text
        // A native string's UTF-8 is contiguous; bridged or lazily made ones are made so once.
        text.withUTF8 { string(utf8: $0) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        var plainStart = 0
        for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<index]))
            plainStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            default:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart...]))
        byte(UInt8(ascii: "\""))
    }
}
