import Foundation
import SchouwGeometry

/// Finds one buurt polygon by code in a CBS-style file (GeoJSON or GeoPackage).
///
/// Kept in one small function so the CBS buurt reader of the geometry core can replace it.
public enum AreaReader {
    /// Code and name fields of CBS files across years and sources, matched case-insensitively.
    static let codeFields = ["buurtcode", "bu_code", "statcode"]
    static let nameFields = ["buurtnaam", "bu_naam", "statnaam"]

    /// Reads the polygon of the buurt with `code` from `url`, in RD New.
    /// - Throws: ``StoreError/areaNotFound(file:code:suggestion:)`` when no feature has the code,
    ///   ``StoreError/unreadableFile(_:_:)`` when the file cannot be read.
    public static func area(in url: URL, code: String) throws -> SchouwArea {
        var candidates: [(code: String, name: String?, geometry: Geometry, crs: CRS)] = []
        func field(_ names: [String], in properties: [(String, String?)]) -> String? {
            properties.first { names.contains($0.0.lowercased()) }?.1
        }
        switch url.pathExtension.lowercased() {
        case "gpkg":
            do {
                let layers = try GeoPackage.layers(at: url)
                for info in layers {
                    let layer = try GeoPackage.readLayer(at: url, tableName: info.tableName)
                    for feature in layer.features {
                        let props = feature.properties.map { ($0.key, $0.value.stringValue) }
                        if let c = field(codeFields, in: props), let g = feature.geometry {
                            candidates.append((c, field(nameFields, in: props), g, info.crs ?? .rdNew))
                        }
                    }
                }
            } catch {
                throw StoreError.unreadableFile(url.path, "\(error)")
            }
        default:
            let document: GeoJSONDocument
            do { document = try GeoJSONReader().read(contentsOf: url) } catch { throw StoreError.unreadableFile(url.path, error.description) }
            for feature in document.features {
                let props = feature.properties.map { ($0.key, $0.value.stringValue ?? $0.value.intValue.map(String.init)) }
                if let c = field(codeFields, in: props), let g = feature.geometry {
                    candidates.append((c, field(nameFields, in: props), g, document.crs))
                }
            }
        }
        guard let match = candidates.first(where: { $0.code.caseInsensitiveCompare(code) == .orderedSame }) else {
            let nearest = candidates.min {
                TaxonomyResolver.editDistance($0.code.uppercased(), code.uppercased()) < TaxonomyResolver.editDistance($1.code.uppercased(), code.uppercased())
            }
            let close = nearest.map { TaxonomyResolver.editDistance($0.code.uppercased(), code.uppercased()) <= 2 } ?? false
            throw StoreError.areaNotFound(file: url.lastPathComponent, code: code, suggestion: close ? nearest?.code : nil)
        }
        let rd = try SchouwDatabase.wrapping { try CoordinateTransforms.transform(match.geometry, from: match.crs, to: .rdNew) }
        return SchouwArea(code: match.code, name: match.name, polygonRD: rd)
    }
}
