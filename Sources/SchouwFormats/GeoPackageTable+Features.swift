import Foundation
import OrderedCollections

extension GeoPackageTable {
    /// A table of GeoJSON features: one column per property name, in the order first seen; a column is
    /// INTEGER when every value is a whole number, REAL when every value is a number, and TEXT otherwise
    /// (booleans as `true`/`false`, arrays and objects as JSON text).
    ///
    /// - Parameters:
    ///   - geometryTypeName: the OGC type of every geometry, e.g. `LINESTRING`.
    /// - Complexity: O(n) in the number of property values.
    public init(name: String, geometryTypeName: String, features: [Feature], description: String = "") {
        var kinds = OrderedDictionary<String, GeoPackageColumnType>()
        for feature in features {
            for (key, value) in feature.properties {
                let kind: GeoPackageColumnType? =
                    switch value {
                    case .null: nil
                    case .number(let n): n.rounded() == n && abs(n) < 9e15 ? .integer : .real
                    default: .text
                    }
                guard let kind else {
                    if kinds[key] == nil { kinds[key] = .integer }
                    continue
                }
                kinds[key] = Self.wider(kinds[key], kind)
            }
        }
        let columns = kinds.map { GeoPackageColumn($0.key, $0.value) }
        let rows = features.map { feature in
            var properties = OrderedDictionary<String, GeoPackageValue>()
            for column in columns {
                let value = feature.properties[column.name] ?? .null
                properties[column.name] =
                    switch (column.type, value) {
                    case (_, .null): .null
                    case (.integer, .number(let n)): .integer(Int64(n))
                    case (.real, .number(let n)): .real(n)
                    case (_, .string(let s)): .text(s)
                    default: .text(value.textValue ?? String(describing: value))
                    }
            }
            return GeoPackageFeature(geometry: feature.geometry, properties: properties)
        }
        self.init(name: name, geometryTypeName: geometryTypeName, columns: columns, features: rows, description: description)
    }

    /// The column type that holds values of both types (a column seen only as NULL so far takes the other).
    private static func wider(_ a: GeoPackageColumnType?, _ b: GeoPackageColumnType) -> GeoPackageColumnType {
        switch (a, b) {
        case (nil, _), (.integer?, _): b
        case (.real?, .integer): .real
        case (let a?, _): a == .text || b == .text ? .text : a
        }
    }
}
