import Foundation
import SchouwAnalysis
import SchouwFormats
import SchouwGeometry
import SchouwStore

/// Where findings come from: a points file or a schouw database.
public enum FindingSource: Sendable {
    /// GeoJSON points (RFC 7946 or with a legacy crs) or a GeoPackage point layer.
    case file(URL)
    /// A schouw database file (`schouw init`); removed observations are left out.
    case database(URL)
    /// An open schouw database (the web app's); removed observations are left out.
    case store(SchouwDatabase)
}

extension Finding {
    /// Loads findings from either source, positions in RD New.
    public static func load(_ source: FindingSource) throws -> [Finding] {
        switch source {
        case .file(let url): return try load(url: url)
        case .database(let url): return try load(database: SchouwDatabase.open(at: url), name: url.lastPathComponent)
        case .store(let database): return try load(database: database, name: "database")
        }
    }

    /// The observations of a schouw database, with the same field names as its GeoJSON export.
    static func load(database: SchouwDatabase, name: String) throws -> [Finding] {
        let observations = try database.observations()
        return observations.map { o in
            var properties: JSONObject = [
                "id": .string(o.id), "group": o.groupName.map { .string($0) } ?? .null,
                "category": .string(o.category), "subcategory": o.subcategory.map { .string($0) } ?? .null,
                "level": o.level.map { .string($0) } ?? .null, "text": .string(o.text),
                "street": o.street.map { .string($0) } ?? .null, "status": .string(o.status),
            ]
            if let checkpoint = o.checkpoint { properties["checkpoint"] = .number(Double(checkpoint)) }
            return Finding(
                rd: Coordinate(x: o.rdX, y: o.rdY), properties: properties,
                source: "\(name): observation \(o.id)")
        }
    }
}
