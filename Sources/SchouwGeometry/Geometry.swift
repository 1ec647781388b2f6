import Foundation
import SchouwCore

/// A two-dimensional coordinate. In WGS84 `x` is the longitude and `y` the latitude (degrees,
/// RFC 7946 order); in a projected CRS such as RD New `x` is the easting and `y` the northing in metres.
public struct Coordinate: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// A WGS84 position in RFC 7946 order.
    public init(longitude: Double, latitude: Double) {
        self.init(x: longitude, y: latitude)
    }

    public var longitude: Double { x }
    public var latitude: Double { y }
}

/// A coordinate reference system named by its EPSG code.
public struct CRS: Hashable, Sendable, CustomStringConvertible {
    public var epsg: Int

    public init(epsg: Int) { self.epsg = epsg }

    /// WGS84 longitude/latitude, the only CRS of RFC 7946 GeoJSON.
    public static let wgs84 = CRS(epsg: 4326)
    /// Amersfoort / RD New, the Dutch national grid in metres.
    public static let rdNew = CRS(epsg: 28992)

    public var description: String { "EPSG:\(epsg)" }

    /// Whether coordinates are degrees (geographic) rather than metres.
    public var isGeographic: Bool { epsg == 4326 || epsg == 4258 || epsg == 4289 }

    /// Parses `EPSG:28992`, `28992`, `urn:ogc:def:crs:EPSG::28992`, `urn:ogc:def:crs:OGC:1.3:CRS84` and similar names.
    public init?(name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let upper = trimmed.uppercased()
        if upper.hasSuffix("CRS84") || upper == "WGS84" {
            self = .wgs84
            return
        }
        if upper == "RD" || upper == "RDNEW" || upper == "RD NEW" {
            self = .rdNew
            return
        }
        let digits = upper.reversed().prefix { $0.isNumber }
        guard !digits.isEmpty, let code = Int(String(digits.reversed())) else { return nil }
        let rest = upper.dropLast(digits.count)
        guard rest.isEmpty || rest.hasSuffix("EPSG:") || rest.hasSuffix("EPSG::") || rest.hasSuffix("EPSG:6.6:")
            || rest.hasSuffix("EPSG/0/")
        else { return nil }
        self.init(epsg: code)
    }
}

/// A line through two or more coordinates.
public struct LineString: Hashable, Sendable {
    public var coordinates: [Coordinate]
    public init(_ coordinates: [Coordinate]) { self.coordinates = coordinates }
}

/// A polygon: the exterior ring first, then its holes. Every ring is closed (first == last).
public struct Polygon: Hashable, Sendable {
    public var rings: [[Coordinate]]
    public init(_ rings: [[Coordinate]]) { self.rings = rings }

    public var exterior: [Coordinate] { rings.first ?? [] }
    public var holes: ArraySlice<[Coordinate]> { rings.dropFirst() }
}

/// Any geometry of the OGC simple-features model as used by GeoJSON (RFC 7946 section 3.1).
public indirect enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString(LineString)
    case multiLineString([LineString])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case geometryCollection([Geometry])

    /// The GeoJSON / OGC type name.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// Every coordinate, in order.
    public var allCoordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .multiPoint(let cs): cs
        case .lineString(let l): l.coordinates
        case .multiLineString(let ls): ls.flatMap(\.coordinates)
        case .polygon(let p): p.rings.flatMap { $0 }
        case .multiPolygon(let ps): ps.flatMap { $0.rings.flatMap { $0 } }
        case .geometryCollection(let gs): gs.flatMap(\.allCoordinates)
        }
    }

    /// The polygons of a Polygon or MultiPolygon (empty for other types).
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let p): [p]
        case .multiPolygon(let ps): ps
        case .geometryCollection(let gs): gs.flatMap(\.polygons)
        default: []
        }
    }

    /// The line strings of a LineString or MultiLineString (empty for other types).
    public var lineStrings: [LineString] {
        switch self {
        case .lineString(let l): [l]
        case .multiLineString(let ls): ls
        case .geometryCollection(let gs): gs.flatMap(\.lineStrings)
        default: []
        }
    }

    /// The same geometry with `transform` applied to every coordinate.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        switch self {
        case .point(let c): return .point(try transform(c))
        case .multiPoint(let cs): return .multiPoint(try cs.map(transform))
        case .lineString(let l): return .lineString(LineString(try l.coordinates.map(transform)))
        case .multiLineString(let ls):
            return .multiLineString(try ls.map { LineString(try $0.coordinates.map(transform)) })
        case .polygon(let p): return .polygon(Polygon(try p.rings.map { try $0.map(transform) }))
        case .multiPolygon(let ps):
            return .multiPolygon(try ps.map { Polygon(try $0.rings.map { try $0.map(transform) }) })
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    /// The bounding box, or nil for an empty geometry.
    public var boundingBox: BoundingBox? { BoundingBox(allCoordinates) }
}

/// An axis-aligned box in the coordinates' own units.
public struct BoundingBox: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The smallest box around `coordinates`, or nil when there are none.
    public init?<S: Sequence>(_ coordinates: S) where S.Element == Coordinate {
        var iterator = coordinates.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let c = iterator.next() { box.extend(c) }
        self = box
    }

    public mutating func extend(_ c: Coordinate) {
        minX = Swift.min(minX, c.x)
        minY = Swift.min(minY, c.y)
        maxX = Swift.max(maxX, c.x)
        maxY = Swift.max(maxY, c.y)
    }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
            maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    public func contains(_ c: Coordinate) -> Bool {
        c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
    public var center: Coordinate { Coordinate(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }
}
