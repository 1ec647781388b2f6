import Collections
import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// An attribute field of an output layer.
public struct OutputField: Hashable, Sendable {
    public enum Kind: Sendable, Hashable { case text, integer, real }
    public var name: String
    public var kind: Kind
    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// Writes a polygon layer the way GIS staff want it: RFC 7946 GeoJSON in WGS84, GeoJSON with the legacy
/// `crs` member for RD New, or a GeoPackage; to a file, or into memory for the web app.
public enum OutputLayer {
    /// The file format of a layer.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case geojson, gpkg

        /// GeoPackage for a `.gpkg` file name, else GeoJSON.
        public init(fileExtensionOf url: URL) {
            self = url.pathExtension.lowercased() == "gpkg" ? .gpkg : .geojson
        }
    }

    /// Writes `features` (already in `crs`) to `url`: a GeoPackage when the name ends in `.gpkg`, else GeoJSON.
    ///
    /// - Parameters:
    ///   - layerName: the GeoPackage table name (ignored for GeoJSON).
    ///   - geometryType: the OGC type of every geometry for GeoPackage, e.g. `MULTIPOLYGON`.
    /// - Throws: file system, GeoPackage and PROJ errors.
    public static func write(
        _ features: some Collection<Feature>, fields: [OutputField], crs: CRS, to url: URL, layerName: String,
        geometryType: String = "MULTIPOLYGON"
    ) throws {
        try write(
            features, fields: fields, crs: crs, format: Format(fileExtensionOf: url), file: url, layerName: layerName,
            geometryType: geometryType)
    }

    /// The bytes of the layer that ``write(_:fields:crs:to:layerName:geometryType:)`` writes to a file,
    /// made in memory without any file.
    /// - Throws: GeoPackage and PROJ errors.
    public static func data(
        _ features: some Collection<Feature>, fields: [OutputField], crs: CRS, format: Format, layerName: String,
        geometryType: String = "MULTIPOLYGON"
    ) throws -> Data {
        try write(features, fields: fields, crs: crs, format: format, file: nil, layerName: layerName, geometryType: geometryType)
    }

    /// The one layer writer: to `file`, or into memory when it is nil (returning the bytes).
    private static func write(
        _ features: some Collection<Feature>, fields: [OutputField], crs: CRS, format: Format, file url: URL?, layerName: String,
        geometryType: String
    ) throws -> Data {
        switch format {
        case .gpkg:
            let columns = fields.map { field in
                let type: GeoPackageColumnType =
                    switch field.kind {
                    case .text: .text
                    case .integer: .integer
                    case .real: .real
                    }
                return GeoPackageColumn(field.name, type)
            }
            // Made as the GeoPackage writer takes them, one at a time.
            let rows = features.lazy.map { feature in
                var properties = OrderedDictionary<String, GeoPackageValue>()
                for field in fields {
                    let value = feature.properties[field.name] ?? .null
                    properties[field.name] =
                        switch (field.kind, value) {
                        case (.integer, .number(let n)): .integer(Int64(n))
                        case (.real, .number(let n)): .real(n)
                        case (_, .null): .null
                        default: .text(value.textValue ?? "")
                        }
                }
                // GeoPackage readers expect one geometry type per layer: polygons are stored as multipolygons.
                let geometry = feature.geometry.map { g -> Geometry in
                    geometryType == "MULTIPOLYGON" ? .multiPolygon(g.polygons.map(\.rfc7946Wound)) : g
                }
                return GeoPackageFeature(geometry: geometry, properties: properties)
            }
            guard let url else {
                return try GeoPackage.data(
                    tableName: layerName, geometryTypeName: geometryType, crs: crs, columns: columns, features: rows)
            }
            try GeoPackage.write(
                to: url, tableName: layerName, geometryTypeName: geometryType, crs: crs, columns: columns, features: rows)
            return Data()
        case .geojson:
            let sink = try url.map(ByteSink.file) ?? .memory()
            try GeoJSONWriter().write(features: features, crs: crs, to: sink)
            return try sink.finish()
        }
    }
}
