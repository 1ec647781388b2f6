import Foundation
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwStore

/// Inspects GeoPackages for `schouw info`: every feature layer with its count, geometry types, CRS,
/// bounding box, columns and spatial index.
enum GeoPackageInspector {
    static func inspect(url: URL) throws -> FileReport {
        let indexed = try GeoPackage.spatiallyIndexedTables(at: url)
        var layers: [FileReport] = []
        for info in try GeoPackage.layers(at: url) {
            let layer = try GeoPackage.readLayer(at: url, tableName: info.tableName)
            var types: [String: Int] = [:]
            for feature in layer.features { types[feature.geometry?.typeName ?? "null", default: 0] += 1 }
            let coordinates = layer.features.compactMap(\.geometry).flatMap(\.allCoordinates)
            let crs = info.crs ?? .wgs84
            let (wgs, rd) = info.crs == nil ? (nil, nil) : try GeoJSONInspector.boundingBoxes(coordinates, crs: crs)
            var facts: [(label: String, value: String)] = [("geometry column", "\(info.geometryColumn) (\(info.geometryTypeName))")]
            if info.crs == nil { facts.append(("srs_id", "\(info.srsID)")) }
            facts.append(("spatial index", indexed.contains(info.tableName) ? "rtree_\(info.tableName)_\(info.geometryColumn)" : "-"))
            layers.append(
                FileReport(
                    fileName: info.tableName, kind: "layer", crs: crs, featureCount: layer.features.count, geometryTypes: types,
                    boundingBoxWGS84: wgs, boundingBoxRD: rd,
                    propertyNames: layer.columns.map { "\($0.name) (\($0.type.rawValue))" }, facts: facts, problems: []))
        }
        var report = FileReport(
            fileName: url.lastPathComponent, kind: "GeoPackage", crs: layers.first?.crs ?? .wgs84,
            featureCount: layers.reduce(0) { $0 + $1.featureCount },
            geometryTypes: layers.reduce(into: [:]) { sum, layer in sum.merge(layer.geometryTypes, uniquingKeysWith: +) },
            boundingBoxWGS84: nil, boundingBoxRD: nil, propertyNames: [],
            facts: [("layers", layers.map(\.fileName).joined(separator: ", "))], problems: [])
        report.layers = layers
        return report
    }
}

/// Inspects a schouw database for `schouw info` without changing it (``SchouwDatabase/summary(at:)``).
enum SchouwDatabaseInspector {
    static func inspect(url: URL) throws -> FileReport {
        let summary = try SchouwDatabase.summary(at: url)
        var facts: [(label: String, value: String)] = [("name", summary.name), ("date", summary.date)]
        if let code = summary.areaCode {
            facts.append(("buurt", summary.areaName.map { "\(code) (\($0))" } ?? code))
        }
        facts.append(("groups", summary.groups.isEmpty ? "-" : summary.groups.map { "\($0.name) (\($0.findings))" }.joined(separator: ", ")))
        facts.append(("findings", "\(summary.findings)"))
        if summary.removed > 0 { facts.append(("removed", "\(summary.removed)")) }
        if !summary.byStatus.isEmpty {
            facts.append(("status", summary.byStatus.map { "\($0.status) \($0.count)" }.joined(separator: ", ")))
        }
        facts.append(("last change", summary.lastChangeLocal ?? "-"))
        var report = FileReport(
            fileName: url.lastPathComponent, kind: "Schouw database (SQLite)", crs: .wgs84, featureCount: summary.findings,
            geometryTypes: [:], boundingBoxWGS84: nil, boundingBoxRD: nil, propertyNames: [], facts: facts, problems: [])
        report.countsFeatures = false
        return report
    }
}
