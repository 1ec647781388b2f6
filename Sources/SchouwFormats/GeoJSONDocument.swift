import OrderedCollections
import Foundation
import SchouwCore
import SchouwGeometry

/// A GeoJSON Feature (RFC 7946 section 3.2): a geometry, possibly null, with properties.
public struct Feature: Hashable, Sendable {
    /// The feature's "id": a string or a number (RFC 7946 section 3.2), or nil when absent.
    public var id: JSONValue?
    /// The geometry; nil for a feature whose "geometry" is null.
    public var geometry: Geometry?
    /// The properties in document order; empty when the document had null or none.
    public var properties: JSONObject

    /// Creates a feature.
    public init(id: JSONValue? = nil, geometry: Geometry?, properties: JSONObject = [:]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// A GeoJSON FeatureCollection (RFC 7946 section 3.3).
public struct FeatureCollection: Hashable, Sendable {
    /// The features, in document order.
    public var features: [Feature]
    /// The collection's "bbox" as read (RFC 7946 section 5); the writer computes its own when asked to.
    public var bbox: BoundingBox?

    /// Creates a collection.
    public init(features: [Feature] = [], bbox: BoundingBox? = nil) {
        self.features = features
        self.bbox = bbox
    }
}

/// A whole GeoJSON document: its top-level object and the CRS its coordinates are in.
///
/// RFC 7946 documents are always WGS84; `crs` differs only for documents carrying the legacy
/// (GeoJSON 2008) "crs" member, such as RD New files from CBS or GDAL.
public enum GeoJSONDocument: Hashable, Sendable {
    case geometry(Geometry, crs: CRS = .wgs84)
    case feature(Feature, crs: CRS = .wgs84)
    case featureCollection(FeatureCollection, crs: CRS = .wgs84)

    /// The CRS of every coordinate in the document.
    public var crs: CRS {
        get {
            switch self {
            case .geometry(_, let crs), .feature(_, let crs), .featureCollection(_, let crs): crs
            }
        }
        set {
            switch self {
            case .geometry(let geometry, _): self = .geometry(geometry, crs: newValue)
            case .feature(let feature, _): self = .feature(feature, crs: newValue)
            case .featureCollection(let collection, _): self = .featureCollection(collection, crs: newValue)
            }
        }
    }

    /// The document as features: a bare geometry becomes one feature without properties.
    public var features: [Feature] {
        switch self {
        case .geometry(let geometry, _): [Feature(geometry: geometry)]
        case .feature(let feature, _): [feature]
        case .featureCollection(let collection, _): collection.features
        }
    }
}

/// Entry points for reading GeoJSON with default options; see `GeoJSONReader` and `GeoJSONWriter`.
public enum GeoJSON {
    /// Reads a GeoJSON document from `data`; `fileName` only names the source in error messages.
    ///
    /// - Throws: ``FormatError/geoJSON(_:)`` naming the JSON path of the first problem.
    public static func read(data: Data, fileName: String? = nil) throws(FormatError) -> GeoJSONDocument {
        try GeoJSONReader().read(data: data, fileName: fileName)
    }

    /// Reads a GeoJSON file.
    ///
    /// - Throws: ``FormatError`` when the file cannot be read or is not valid GeoJSON.
    public static func read(contentsOf url: URL) throws(FormatError) -> GeoJSONDocument {
        try GeoJSONReader().read(contentsOf: url)
    }
}

extension CoordinateTransforms {
    /// The features with every geometry transformed from `source` to `target` in one PROJ call;
    /// ids and properties are kept.
    /// - Complexity: O(n), where n is the number of coordinates.
    public static func transform(_ features: [Feature], from source: CRS, to target: CRS) throws -> [Feature] {
        let geometries = try transform(features.map(\.geometry), from: source, to: target)
        return zip(features, geometries).map { feature, geometry in
            var moved = feature
            moved.geometry = geometry
            return moved
        }
    }
}
