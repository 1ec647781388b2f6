import Foundation
import SchouwCore
import SchouwGeometry

/// Features read from a GeoJSON or GeoPackage file, in the file's own CRS.
public struct VectorLayer: Sendable {
    /// The CRS of the geometries (a GeoJSON file's `crs` member, a GeoPackage layer's `srs_id`).
    public var crs: CRS
    /// The features; GeoPackage attributes become JSON values (integers and reals as numbers).
    public var features: [Feature]
    /// The file name, for messages.
    public var fileName: String

    public init(crs: CRS, features: [Feature], fileName: String) {
        self.crs = crs
        self.features = features
        self.fileName = fileName
    }
}

/// Reads feature files by their extension: `.gpkg` as GeoPackage, anything else as GeoJSON.
public enum VectorFile {
    /// Reads the features of a file.
    ///
    /// - Parameters:
    ///   - url: a `.geojson`/`.json` file (RFC 7946, or with a legacy `crs` member) or a `.gpkg` file.
    ///   - layer: the GeoPackage feature table; nil takes the only one, or the first whose name starts with
    ///     `prefer` when there are several.
    /// - Throws: ``FormatError`` naming the file (and for GeoJSON the JSON path, line and column).
    public static func read(_ url: URL, layer: String? = nil, prefer: String? = nil) throws -> VectorLayer {
        guard url.pathExtension.lowercased() == "gpkg" else {
            let document = try GeoJSON.read(contentsOf: url)
            return VectorLayer(crs: document.crs, features: document.features, fileName: url.lastPathComponent)
        }
        var table = layer
        if table == nil, let prefer {
            let names = try GeoPackage.layers(at: url).map(\.tableName)
            if names.count > 1 { table = names.first { $0.lowercased().hasPrefix(prefer.lowercased()) } }
        }
        let gpkg = try GeoPackage.readLayer(at: url, tableName: table)
        guard let crs = gpkg.info.crs else {
            throw FormatError.noEPSGCode(file: url.lastPathComponent, layer: gpkg.info.tableName, srsID: Int(gpkg.info.srsID))
        }
        guard crs.isKnownToPROJ else {
            throw FormatError.unknownLayerCRS(file: url.lastPathComponent, layer: gpkg.info.tableName, crs: "\(crs)")
        }
        let features = gpkg.features.map { feature in
            var properties = JSONObject()
            for (name, value) in feature.properties {
                properties[name] =
                    switch value {
                    case .null: .null
                    case .integer(let i): .number(Double(i))
                    case .real(let d): .number(d)
                    case .text(let s): .string(s)
                    }
            }
            return Feature(id: feature.id.map { .number(Double($0)) }, geometry: feature.geometry, properties: properties)
        }
        return VectorLayer(crs: crs, features: features, fileName: url.lastPathComponent)
    }
}

extension JSONObject {
    /// The value of the first of `aliases` present, matching names case-insensitively.
    public func value(forAnyOf aliases: [String]) -> (name: String, value: JSONValue)? {
        for alias in aliases {
            if let key = keys.first(where: { $0.caseInsensitiveCompare(alias) == .orderedSame }), let value = self[key] {
                return (key, value)
            }
        }
        return nil
    }
}

extension JSONValue {
    /// A string for a text or number value (integral numbers without ".0"); nil for others.
    public var textValue: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): String(b)
        default: nil
        }
    }
}
