import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore

/// What `schouw info` reports about a geodata file.
public struct FileReport: Sendable {
    /// A problem found while inspecting, kept structured so it can be told in either language.
    public enum Problem: Sendable, Hashable {
        case invalidPolygon(feature: Int, reason: String)
        case wrongWinding(feature: Int)
        case unclosedRing(feature: Int)
        case other(String)

        public func text(_ language: Language) -> String {
            switch self {
            case .invalidPolygon(let feature, let reason):
                language.pick("feature \(feature): ongeldige polygoon: \(reason)", "feature \(feature): invalid polygon: \(reason)")
            case .wrongWinding(let feature):
                language.pick(
                    "feature \(feature): ringen niet volgens RFC 7946 gedraaid (buitenring tegen de klok in, gaten met de klok mee)",
                    "feature \(feature): rings not wound per RFC 7946 (exterior counter-clockwise, holes clockwise)")
            case .unclosedRing(let feature):
                language.pick("feature \(feature): ring niet gesloten", "feature \(feature): ring not closed")
            case .other(let text): text
            }
        }
    }

    public var fileName: String
    /// e.g. "GeoJSON FeatureCollection" or "OpenStreetMap XML".
    public var kind: String
    public var crs: CRS
    public var featureCount: Int
    /// Geometry type name → count (for OSM: element kind → count).
    public var geometryTypes: [String: Int]
    public var boundingBoxWGS84: BoundingBox?
    public var boundingBoxRD: BoundingBox?
    public var propertyNames: [String]
    /// Extra facts in display order, e.g. ("highway ways", "77").
    public var facts: [(label: String, value: String)]
    public var problems: [Problem]
    /// The layers of a file that holds several (a GeoPackage), each reported on its own.
    public var layers: [FileReport] = []
    /// False for files whose content is not features (a schouw database): the count line is left out.
    public var countsFeatures = true

    public init(
        fileName: String, kind: String, crs: CRS, featureCount: Int, geometryTypes: [String: Int],
        boundingBoxWGS84: BoundingBox?, boundingBoxRD: BoundingBox?, propertyNames: [String],
        facts: [(label: String, value: String)], problems: [Problem]
    ) {
        self.fileName = fileName
        self.kind = kind
        self.crs = crs
        self.featureCount = featureCount
        self.geometryTypes = geometryTypes
        self.boundingBoxWGS84 = boundingBoxWGS84
        self.boundingBoxRD = boundingBoxRD
        self.propertyNames = propertyNames
        self.facts = facts
        self.problems = problems
    }
}

/// Inspects GeoJSON files for `schouw info`.
public enum GeoJSONInspector {
    /// Reads the file and checks its polygons (GEOS validity, RFC 7946 winding, closure).
    public static func inspect(url: URL) throws -> FileReport {
        let document = try GeoJSON.read(contentsOf: url)
        let features = document.features
        var types: [String: Int] = [:]
        var names: [String] = []
        var seen = Set<String>()
        var problems: [FileReport.Problem] = []
        let geos = try GEOSContext()
        for (index, feature) in features.enumerated() {
            for key in feature.properties.keys where seen.insert(key).inserted { names.append(key) }
            guard let geometry = feature.geometry else {
                types["null", default: 0] += 1
                continue
            }
            types[geometry.typeName, default: 0] += 1
            let polygons = geometry.polygons
            guard !polygons.isEmpty else { continue }
            if polygons.contains(where: { !$0.rings.allSatisfy(Ring.isClosed) }) {
                problems.append(.unclosedRing(feature: index))
                continue
            }
            if !polygons.allSatisfy(\.hasRFC7946Winding) { problems.append(.wrongWinding(feature: index)) }
            let report = try geos.validity(of: geometry)
            if !report.isValid { problems.append(.invalidPolygon(feature: index, reason: report.reason ?? "?")) }
        }
        let all = features.compactMap(\.geometry).flatMap(\.allCoordinates)
        let (wgs, rd) = try boundingBoxes(all, crs: document.crs)
        let kind: String =
            switch document {
            case .geometry(let g, _): "GeoJSON \(g.typeName)"
            case .feature: "GeoJSON Feature"
            case .featureCollection: "GeoJSON FeatureCollection"
            }
        return FileReport(
            fileName: url.lastPathComponent, kind: kind, crs: document.crs, featureCount: features.count,
            geometryTypes: types, boundingBoxWGS84: wgs, boundingBoxRD: rd, propertyNames: names, facts: [],
            problems: problems)
    }

    /// The bounding box in WGS84 and in RD New of coordinates given in `crs`. The RD box is nil when
    /// the data lie outside the range where RD New means anything (it is a Dutch grid).
    public static func boundingBoxes(_ coordinates: [Coordinate], crs: CRS) throws -> (BoundingBox?, BoundingBox?) {
        guard !coordinates.isEmpty else { return (nil, nil) }
        let wgs = try CoordinateTransforms.transform(coordinates, from: crs, to: .wgs84)
        guard let wgsBox = BoundingBox(wgs) else { return (nil, nil) }
        let rdArea = BoundingBox(minX: 2.5, minY: 50.5, maxX: 7.5, maxY: 54)
        guard rdArea.contains(Coordinate(x: wgsBox.minX, y: wgsBox.minY)),
            rdArea.contains(Coordinate(x: wgsBox.maxX, y: wgsBox.maxY))
        else { return (wgsBox, nil) }
        let rd = try CoordinateTransforms.transform(coordinates, from: crs, to: .rdNew)
        return (wgsBox, BoundingBox(rd))
    }
}

/// Inspects OpenStreetMap XML and PBF files for `schouw info`, in one streaming pass.
public enum OSMInspector {
    public static func inspect(url: URL) throws -> FileReport {
        let summary = try OSMSummary.scan(url: url)
        var wgs: BoundingBox?
        var rd: BoundingBox?
        if let box = summary.boundingBox {
            (wgs, rd) = try GeoJSONInspector.boundingBoxes(
                [Coordinate(x: box.minX, y: box.minY), Coordinate(x: box.maxX, y: box.maxY)], crs: .wgs84)
        }
        var facts: [(label: String, value: String)] = [
            ("highway ways", "\(summary.highwayWayCount)"),
            ("named highway ways", "\(summary.namedHighwayWayCount)"),
        ]
        if !summary.wayTagKeys.isEmpty {
            facts.append(("way tags", summary.wayTagKeys.map { "\($0.key) (\($0.wayCount))" }.joined(separator: ", ")))
        }
        return FileReport(
            fileName: url.lastPathComponent, kind: OSMFile.isPBF(url) ? "OpenStreetMap PBF" : "OpenStreetMap XML", crs: .wgs84,
            featureCount: summary.wayCount, geometryTypes: ["node": summary.nodeCount, "way": summary.wayCount],
            boundingBoxWGS84: wgs, boundingBoxRD: rd, propertyNames: [], facts: facts,
            problems: summary.problems.map { .other($0.description) })
    }
}

/// Chooses the inspector by file content type (extension).
public enum FileInspector {
    /// Documentation beside the data (e.g. geodata/README.md): says so, with its size.
    static func textDocument(_ url: URL) throws -> FileReport {
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        return FileReport(
            fileName: url.lastPathComponent, kind: "text document (no geodata)", crs: .wgs84, featureCount: 0,
            geometryTypes: ["line": lines], boundingBoxWGS84: nil, boundingBoxRD: nil, propertyNames: [], facts: [],
            problems: [])
    }

    public static func inspect(url: URL) throws -> FileReport {
        switch url.pathExtension.lowercased() {
        case "osm", "xml", "pbf": try OSMInspector.inspect(url: url)
        case "geojson", "json": try GeoJSONInspector.inspect(url: url)
        case "md", "txt": try textDocument(url)
        case "gpkg": try GeoPackageInspector.inspect(url: url)
        case "schouw", "sqlite", "db": try SchouwDatabaseInspector.inspect(url: url)
        default:
            throw JobError.unknownFileType(file: url.lastPathComponent, fileExtension: url.pathExtension)
        }
    }
}
