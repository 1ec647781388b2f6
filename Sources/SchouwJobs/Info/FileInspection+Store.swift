import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore

/// `schouw info` for the files of a schouw that are not geometry files: taxonomies and observation tables.
enum StoreFileInspector {
    /// A report for `.csv`/`.gpx` observation files and taxonomy `.json` files; nil for other files.
    static func inspect(url: URL) throws -> FileReport? {
        switch url.pathExtension.lowercased() {
        case "gpx":
            let document = try GPX.read(contentsOf: url)
            return try ObservationFiles.isPlannedRoute(document) ? route(url, document) : observations(url)
        case "csv": return try observations(url)
        case "json" where isTaxonomy(url): return try taxonomy(url)
        default: return nil
        }
    }

    /// A JSON object with "categories" and no GeoJSON "type"; a file that is not JSON is left to the
    /// geodata inspector, which says what is wrong with it.
    private static func isTaxonomy(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url), let object = (try? JSONValue.read(data))?.objectValue else { return false }
        return object["categories"] != nil && object["type"] == nil
    }

    private static func taxonomy(_ url: URL) throws -> FileReport {
        let taxonomy = try Taxonomy.read(contentsOf: url)
        let subcategories = taxonomy.categories.reduce(0) { $0 + $1.subcategories.count }
        var facts: [(label: String, value: String)] = [
            ("taxonomy", "\(taxonomy.name) (version \(taxonomy.version))"),
            ("categories", taxonomy.categories.map(\.code).joined(separator: ", ")),
        ]
        for (scale, levels) in taxonomy.levels.sorted(by: { $0.key < $1.key }) {
            facts.append(("levels \(scale)", levels.map(\.code).joined(separator: " ")))
        }
        return FileReport(
            fileName: url.lastPathComponent, kind: "Schouw taxonomy (JSON)", crs: .wgs84,
            featureCount: taxonomy.categories.count,
            geometryTypes: ["category": taxonomy.categories.count, "subcategory": subcategories],
            boundingBoxWGS84: nil, boundingBoxRD: nil, propertyNames: [], facts: facts, problems: [])
    }

    /// A route from `schouw plan`: its waypoints are checkpoints to look at, not findings.
    private static func route(_ url: URL, _ document: GPXDocument) throws -> FileReport {
        let checkpoints = document.waypoints.filter { ObservationFiles.isCheckpointLabel($0.name ?? "") }.count
        var types = ["track": document.tracks.count, "checkpoint": checkpoints]
        if document.waypoints.count > checkpoints { types["other waypoint"] = document.waypoints.count - checkpoints }
        let points = document.waypoints.map(\.coordinate) + document.tracks.flatMap { $0.segments.flatMap { $0.map(\.coordinate) } }
        let (wgs, rd) = try GeoJSONInspector.boundingBoxes(points, crs: .wgs84)
        return FileReport(
            fileName: url.lastPathComponent, kind: "GPX route (schouw plan)", crs: .wgs84,
            featureCount: document.tracks.count + document.waypoints.count, geometryTypes: types,
            boundingBoxWGS84: wgs, boundingBoxRD: rd, propertyNames: [],
            facts: [("tracks", document.tracks.compactMap(\.name).joined(separator: ", "))], problems: [])
    }

    private static func observations(_ url: URL) throws -> FileReport {
        let file = try ObservationFiles.read(from: url)
        let drafts = file.drafts
        var positions: [Coordinate] = []
        var problems: [FileReport.Problem] = []
        for draft in drafts {
            if let position = draft.position {
                positions.append(position)
            } else if let lon = draft.lon.flatMap(number), let lat = draft.lat.flatMap(number) {
                positions.append(Coordinate(longitude: lon, latitude: lat))
            } else if draft.checkpoint == nil && draft.street == nil {
                problems.append(.other("line \(draft.line ?? 0): no position, checkpoint or street"))
            }
        }
        let (wgs, rd) = try GeoJSONInspector.boundingBoxes(positions, crs: .wgs84)
        var categories: [String: Int] = [:]
        for draft in drafts { categories[draft.category ?? "-", default: 0] += 1 }
        var facts: [(label: String, value: String)] = [
            ("categories", categories.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
        ]
        if let dialect = file.csvDialect {
            let delimiter = dialect.delimiter == 0x09 ? "tab" : "'\(UnicodeScalar(dialect.delimiter))'"
            facts.append(("encoding", "\(dialect.encoding.name), \(delimiter)"))
        }
        return FileReport(
            fileName: url.lastPathComponent,
            kind: url.pathExtension.lowercased() == "gpx" ? "GPX waypoints (observations)" : "Observations table (CSV)",
            crs: .wgs84, featureCount: drafts.count, geometryTypes: ["row": drafts.count, "with position": positions.count],
            boundingBoxWGS84: wgs, boundingBoxRD: rd, propertyNames: [], facts: facts, problems: problems)
    }

    /// Reads a number with a decimal point or a Dutch decimal comma.
    private static func number(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
    }
}
