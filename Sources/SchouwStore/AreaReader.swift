import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Finds the schouw's buurt in a CBS-style file through the geometry core's buurt reader.
public enum AreaReader {
    /// Reads the polygon of the buurt with `code` from `url` (GeoJSON or GeoPackage, any CBS vintage).
    /// - Throws: ``StoreError/areaNotFound(file:code:suggestion:)`` when no buurt has the code; the
    ///   reader's ``FormatError`` (naming the file) when it cannot be read.
    public static func area(in url: URL, code: String) throws -> SchouwArea {
        let set = try BuurtSet.load(url: url, includeWater: true)
        guard let buurt = set.buurten.first(where: { $0.code.caseInsensitiveCompare(code) == .orderedSame }) else {
            let suggestion = EditDistance.suggestions(for: code.uppercased(), among: set.buurten.map(\.code), limit: 1).first
            throw StoreError.areaNotFound(file: url.lastPathComponent, code: code, suggestion: suggestion)
        }
        return SchouwArea(code: buurt.code, name: buurt.name, polygonRD: buurt.geometryRD)
    }
}
