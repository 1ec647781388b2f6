import Foundation
import SchouwCore
import SchouwGeometry

/// Reads GeoJSON (RFC 7946) documents, plus the legacy GeoJSON 2008 "crs" member.
///
/// Every geometry type is read, including GeometryCollection; properties may hold any JSON; foreign members
/// are ignored; a third or further ordinate (elevation) is accepted and dropped. Coordinates are validated
/// (nesting, closed rings of at least four positions, WGS84 ranges) and the first problem is thrown as a
/// ``FormatError/geoJSON(_:)`` naming the JSON path. Winding order is accepted as found (RFC 7946 section 3.1.6 says
/// readers must not reject it); use `Geometry.rfc7946Wound` when it matters.
public struct GeoJSONReader: Sendable {
    /// The CRS assumed when a document has no "crs" member; RFC 7946 says WGS84.
    public var defaultCRS: CRS

    /// Creates a reader; pass `defaultCRS: .rdNew` for files known to be RD New without saying so.
    public init(defaultCRS: CRS = .wgs84) {
        self.defaultCRS = defaultCRS
    }

    /// Reads a document from `data`; `fileName` only names the source in error messages.
    ///
    /// - Throws: ``FormatError/geoJSON(_:)`` for broken JSON (with line and column) or invalid GeoJSON (with the
    ///   JSON path), including an object that names a member twice (two "coordinates" in one geometry, which
    ///   other readers resolve differently).
    /// - Complexity: O(n), where n is the size of `data`.
    public func read(data: Data, fileName: String? = nil) throws(FormatError) -> GeoJSONDocument {
        // A FeatureCollection, the shape of every large file, is read feature by feature, never holding the
        // parsed JSON of all features at once. Anything else, and any error, takes the path below, which
        // parses the whole document first and gives the canonical error.
        if let collection = try? streamedFeatureCollection(data) { return collection }
        do throws(FormatError) {
            switch JSONValue.parse(data) {
            case .success(let json):
                return try readDocument(json)
            case .failure(let syntaxError):
                if case .duplicateMember(let name) = syntaxError.kind {
                    throw problem(.duplicateMember(name), path: syntaxError.path.description)
                }
                let position = lineAndColumn(of: syntaxError.offset, in: data)
                throw problem(.notJSON(syntaxError.message), line: position.line, column: position.column)
            }
        } catch {
            guard var named = error.geoJSONProblem else { throw error }
            named.fileName = fileName
            throw .geoJSON(named)
        }
    }

    /// Reads a GeoJSON file; errors name it by its last path component.
    ///
    /// - Throws: ``FormatError/unreadable(file:reason:)`` when the file cannot be read,
    ///   ``FormatError/geoJSON(_:)`` when it is not valid GeoJSON.
    public func read(contentsOf url: URL) throws(FormatError) -> GeoJSONDocument {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: url.lastPathComponent, reason: Phrase(describingFileError: error))
        }
        return try read(data: data, fileName: url.lastPathComponent)
    }

    /// A FeatureCollection read with ``JSONValue/streamObject(_:arrayMember:members:element:)``; nil when the
    /// document is not a FeatureCollection with a "features" array.
    private func streamedFeatureCollection(_ data: Data) throws -> GeoJSONDocument? {
        struct NotAFeatureCollection: Error {}
        var decoder = GeoJSONDecoder(crs: defaultCRS)
        var crs = defaultCRS
        var bbox: BoundingBox?
        var features: [Feature] = []
        var keys = SharedPropertyKeys()
        let streamed = try JSONValue.streamObject(data, arrayMember: "features") { member, value in
            // A Feature or a geometry is left to the whole-document parser as soon as its type is read.
            member != "type" || value == "FeatureCollection"
        } members: { object, count in
            guard try Self.typeName(of: object, at: .root) == "FeatureCollection" else { throw NotAFeatureCollection() }
            crs = try Self.crs(object["crs"], at: JSONPath.root.member("crs")) ?? defaultCRS
            decoder = GeoJSONDecoder(crs: crs)
            bbox = try GeoJSONDecoder.bbox(object["bbox"], at: JSONPath.root.member("bbox"))
            features.reserveCapacity(count)
        } element: { element in
            features.append(keys.share(try decoder.collectionMember(element, index: features.count, of: .root)))
        }
        return streamed ? .featureCollection(FeatureCollection(features: features, bbox: bbox), crs: crs) : nil
    }

    private func readDocument(_ json: JSONValue) throws(FormatError) -> GeoJSONDocument {
        let object = try Self.object(json, at: .root)
        let type = try Self.typeName(of: object, at: .root)
        let crs = try Self.crs(object["crs"], at: JSONPath.root.member("crs")) ?? defaultCRS
        let decoder = GeoJSONDecoder(crs: crs)
        switch type {
        case "FeatureCollection":
            return .featureCollection(try decoder.featureCollection(object, at: .root), crs: crs)
        case "Feature":
            return .feature(try decoder.feature(object, at: .root), crs: crs)
        default:
            return .geometry(try decoder.geometry(object, type: type, at: .root), crs: crs)
        }
    }

    /// The legacy crs member: `{"type": "name", "properties": {"name": …}}`, or the older
    /// `{"type": "EPSG", "properties": {"code": …}}`; null or absent means none.
    private static func crs(_ value: JSONValue?, at path: JSONPath) throws(FormatError) -> CRS? {
        guard let value, value != .null else { return nil }
        guard case .object(let object) = value else {
            throw problem(
                .malformedCRS(Phrase("gevonden \(value.kindPhrase.nl)", "found \(value.kindPhrase.en)")), path: path.description)
        }
        guard case .object(let properties)? = object["properties"] else {
            throw problem(
                .malformedCRS(Phrase(#"geen object "properties""#, #"no "properties" object"#)), path: path.description)
        }
        switch object["type"]?.stringValue?.lowercased() {
        case "name":
            guard case .string(let name)? = properties["name"] else {
                throw problem(
                    .malformedCRS(Phrase(#"geen tekst "name" in "properties""#, #"no "name" string in "properties""#)),
                    path: path.description)
            }
            guard let crs = CRS(name: name), crs.isKnownToPROJ else {
                throw problem(.unknownCRS(name), path: path.member("properties").member("name").description)
            }
            return crs
        case "epsg":
            guard let code = properties["code"]?.intValue, code > 0 else {
                throw problem(
                    .malformedCRS(Phrase(#"geen getal "code" in "properties""#, #"no numeric "code" in "properties""#)),
                    path: path.description)
            }
            guard CRS(epsg: code).isKnownToPROJ else {
                throw problem(.unknownCRS("EPSG:\(code)"), path: path.member("properties").member("code").description)
            }
            return CRS(epsg: code)
        default:
            throw problem(.malformedCRS(Phrase(#""type" is niet "name""#, #""type" is not "name""#)), path: path.description)
        }
    }

    static func object(_ value: JSONValue, at path: JSONPath) throws(FormatError) -> JSONObject {
        guard case .object(let object) = value else {
            throw problem(.notAnObject(found: value.kindPhrase), path: path.description)
        }
        return object
    }

    static func typeName(of object: JSONObject, at path: JSONPath) throws(FormatError) -> String {
        guard let value = object["type"] else { throw problem(.missingType, path: path.description) }
        guard case .string(let type) = value else {
            throw problem(
                .wrongMemberKind(member: "type", expected: Phrase("een tekst", "a string"), found: value.kindPhrase),
                path: path.member("type").description)
        }
        guard GeoJSONDecoder.geometryTypes.contains(type) || type == "Feature" || type == "FeatureCollection" else {
            throw problem(
                .unknownType(type, expected: ["FeatureCollection", "Feature"] + GeoJSONDecoder.geometryTypes),
                path: path.member("type").description)
        }
        return type
    }
}

/// Lets consecutive features whose properties have the same names in the same order (a table exported as
/// GeoJSON) share one copy of the names: a million points then keep one array of property names, not a
/// million.
private struct SharedPropertyKeys {
    private var template = JSONObject()

    mutating func share(_ feature: Feature) -> Feature {
        let properties = feature.properties
        guard !properties.isEmpty, properties.keys.elementsEqual(template.keys) else {
            template = properties
            return feature
        }
        // Setting the values by position copies the template's values only; its keys stay shared.
        var shared = template
        for (index, value) in properties.values.enumerated() { shared.values[index] = value }
        var copy = feature
        copy.properties = shared
        return copy
    }
}

/// Turns parsed JSON into GeoJSON values, validating coordinates against one CRS.
private struct GeoJSONDecoder {
    let crs: CRS

    static let position = Phrase("een positie [x, y]", "a position [x, y]")

    static let geometryTypes = [
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
    ]

    func featureCollection(_ object: JSONObject, at path: JSONPath) throws(FormatError) -> FeatureCollection {
        let bbox = try Self.bbox(object["bbox"], at: path.member("bbox"))
        let featuresPath = path.member("features")
        guard case .array(let elements)? = object["features"] else {
            throw problem(
                .featuresNotArray(found: object["features"]?.kindPhrase), path: featuresPath.description)
        }
        var features: [Feature] = []
        features.reserveCapacity(elements.count)
        var keys = SharedPropertyKeys()
        for (index, element) in elements.enumerated() {
            features.append(keys.share(try collectionMember(element, index: index, of: path)))
        }
        return FeatureCollection(features: features, bbox: bbox)
    }

    /// Element `index` of the "features" array of the collection at `path`, which must be a Feature.
    func collectionMember(_ element: JSONValue, index: Int, of path: JSONPath) throws(FormatError) -> Feature {
        let elementPath = path.member("features").element(index)
        let featureObject = try GeoJSONReader.object(element, at: elementPath)
        let type = try GeoJSONReader.typeName(of: featureObject, at: elementPath)
        guard type == "Feature" else {
            throw problem(.unexpectedType(type, expected: ["Feature"]), path: elementPath.member("type").description)
        }
        return try feature(featureObject, at: elementPath)
    }

    func feature(_ object: JSONObject, at path: JSONPath) throws(FormatError) -> Feature {
        _ = try Self.bbox(object["bbox"], at: path.member("bbox"))
        let id: JSONValue?
        switch object["id"] {
        case nil: id = nil
        case .string?, .number?: id = object["id"]
        case let other?:
            throw problem(.invalidID(found: other.kindPhrase), path: path.member("id").description)
        }
        let properties: JSONObject
        switch object["properties"] {
        case nil, .null?: properties = [:]
        case .object(let members)?: properties = members
        case let other?:
            throw problem(
                .propertiesNotObject(found: other.kindPhrase), path: path.member("properties").description)
        }
        guard let geometryValue = object["geometry"] else {
            throw problem(.missingGeometry, path: path.description)
        }
        let geometryPath = path.member("geometry")
        let geometry: Geometry?
        if geometryValue == .null {
            geometry = nil
        } else {
            geometry = try self.geometry(geometryValue, at: geometryPath)
        }
        return Feature(id: id, geometry: geometry, properties: properties)
    }

    func geometry(_ value: JSONValue, at path: JSONPath) throws(FormatError) -> Geometry {
        let object = try GeoJSONReader.object(value, at: path)
        let type = try GeoJSONReader.typeName(of: object, at: path)
        return try geometry(object, type: type, at: path)
    }

    func geometry(_ object: JSONObject, type: String, at path: JSONPath) throws(FormatError) -> Geometry {
        guard Self.geometryTypes.contains(type) else {
            throw problem(.unexpectedType(type, expected: Self.geometryTypes), path: path.member("type").description)
        }
        _ = try Self.bbox(object["bbox"], at: path.member("bbox"))
        if type == "GeometryCollection" {
            let geometriesPath = path.member("geometries")
            guard case .array(let elements)? = object["geometries"] else {
                throw problem(
                    .geometriesNotArray(found: object["geometries"]?.kindPhrase),
                    path: geometriesPath.description)
            }
            var geometries: [Geometry] = []
            for (index, element) in elements.enumerated() {
                geometries.append(try geometry(element, at: geometriesPath.element(index)))
            }
            return .geometryCollection(geometries)
        }
        guard let coordinates = object["coordinates"] else {
            throw problem(.missingCoordinates(geometryType: type), path: path.description)
        }
        let at = path.member("coordinates")
        switch type {
        case "Point":
            return .point(try position(coordinates, at: at))
        case "MultiPoint":
            return .multiPoint(try positions(coordinates, at: at))
        case "LineString":
            return .lineString(try lineString(coordinates, at: at))
        case "MultiLineString":
            return .multiLineString(try Self.elements(of: coordinates, expected: Phrase("een array van LineStrings", "an array of LineStrings"), at: at) {
                (value, path) throws(FormatError) in try lineString(value, at: path)
            })
        case "Polygon":
            return .polygon(try polygon(coordinates, at: at))
        default:
            return .multiPolygon(try Self.elements(of: coordinates, expected: Phrase("een array van Polygons", "an array of Polygons"), at: at) {
                (value, path) throws(FormatError) in try polygon(value, at: path)
            })
        }
    }

    func lineString(_ value: JSONValue, at path: JSONPath) throws(FormatError) -> LineString {
        let coordinates = try positions(value, at: path)
        guard coordinates.count >= 2 else {
            throw problem(.lineStringTooShort(count: coordinates.count), path: path.description)
        }
        return LineString(coordinates)
    }

    func polygon(_ value: JSONValue, at path: JSONPath) throws(FormatError) -> Polygon {
        Polygon(try Self.elements(of: value, expected: Phrase("een array van ringen", "an array of linear rings"), at: path) {
            (value, path) throws(FormatError) in try ring(value, at: path)
        })
    }

    func ring(_ value: JSONValue, at path: JSONPath) throws(FormatError) -> [Coordinate] {
        let coordinates = try positions(value, at: path)
        guard coordinates.count >= 4 else {
            throw problem(.ringTooShort(count: coordinates.count), path: path.description)
        }
        guard let first = coordinates.first, let last = coordinates.last, first == last else {
            throw problem(
                .ringNotClosed(first: coordinates[0], last: coordinates[coordinates.count - 1]),
                path: path.description)
        }
        return coordinates
    }

    func positions(_ value: JSONValue, at path: JSONPath) throws(FormatError) -> [Coordinate] {
        try Self.elements(of: value, expected: Phrase("een array van posities", "an array of positions"), at: path) {
            (value, path) throws(FormatError) in try position(value, at: path)
        }
    }

    func position(_ value: JSONValue, at path: JSONPath) throws(FormatError) -> Coordinate {
        guard case .array(let ordinates) = value else {
            throw problem(
                .wrongNesting(expected: Self.position, found: value.kindPhrase), path: path.description)
        }
        for (index, ordinate) in ordinates.enumerated() {
            switch ordinate {
            case .number(let number):
                guard number.isFinite else {
                    throw problem(.nonFiniteOrdinate, path: path.element(index).description)
                }
            case .array:
                throw problem(
                    .wrongNesting(expected: Self.position, found: Phrase("een array van arrays", "an array of arrays")), path: path.description)
            default:
                throw problem(
                    .nonNumericOrdinate(found: ordinate.kindPhrase), path: path.element(index).description)
            }
        }
        guard ordinates.count >= 2, case .number(let x) = ordinates[0], case .number(let y) = ordinates[1] else {
            throw problem(.positionTooShort(count: ordinates.count), path: path.description)
        }
        if crs.isGeographic && (abs(x) > 180 || abs(y) > 90) {
            throw problem(
                .outOfRange(longitude: x, latitude: y, looksLikeRDNew: Self.looksLikeRDNew(x: x, y: y)),
                path: path.description)
        }
        return Coordinate(x: x, y: y)
    }

    /// Whether a point lies in the RD New validity area (EPSG:28992 bounds), the usual cause of "degrees" in metres.
    static func looksLikeRDNew(x: Double, y: Double) -> Bool {
        (-7_000...300_000).contains(x) && (289_000...629_000).contains(y)
    }

    /// Maps each element of an array, failing with `wrongNesting` when `value` is not an array.
    static func elements<T>(
        of value: JSONValue, expected: Phrase, at path: JSONPath,
        _ transform: (JSONValue, JSONPath) throws(FormatError) -> T
    ) throws(FormatError) -> [T] {
        guard case .array(let elements) = value else {
            throw problem(.wrongNesting(expected: expected, found: value.kindPhrase), path: path.description)
        }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            result.append(try transform(element, path.element(index)))
        }
        return result
    }

    /// Validates a "bbox" member (RFC 7946 section 5): 2n finite numbers, n ≥ 2; returns its 2D extent.
    static func bbox(_ value: JSONValue?, at path: JSONPath) throws(FormatError) -> BoundingBox? {
        guard let value else { return nil }
        guard case .array(let elements) = value else {
            throw problem(.malformedBBox(value.kindPhrase), path: path.description)
        }
        var numbers: [Double] = []
        for element in elements {
            guard case .number(let number) = element, number.isFinite else {
                throw problem(
                    .malformedBBox(
                        Phrase("een array met \(element.kindPhrase.nl)", "an array containing \(element.kindPhrase.en)")),
                    path: path.description)
            }
            numbers.append(number)
        }
        guard numbers.count == 4 || numbers.count == 6 else {
            throw problem(.malformedBBox(Phrase("\(numbers.count) getallen", "\(numbers.count) numbers")), path: path.description)
        }
        let half = numbers.count / 2
        return BoundingBox(minX: numbers[0], minY: numbers[1], maxX: numbers[half], maxY: numbers[half + 1])
    }
}

/// A GeoJSON problem at `path` as the formats module's error.
private func problem(
    _ reason: FormatError.GeoJSONProblem.Reason, path: String = "", fileName: String? = nil, line: Int? = nil, column: Int? = nil
) -> FormatError {
    .geoJSON(FormatError.GeoJSONProblem(reason, path: path, fileName: fileName, line: line, column: column))
}
