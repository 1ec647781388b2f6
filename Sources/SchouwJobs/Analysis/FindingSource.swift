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
    /// Observations already read from a store (e.g. a schouw in PostgreSQL, read through ``ObservationStore``),
    /// named `name` in messages; removed ones should be left out by the caller.
    case observations([Observation], name: String)
}

extension FindingSource {
    /// The findings of a store's schouw (removed ones left out), read through the store interface.
    public static func loading(_ store: any ObservationStore) async throws -> FindingSource {
        .observations(try await store.observations(ObservationFilter()), name: store.storeDescription)
    }
}

extension Finding {
    /// Loads findings from either source, positions in RD New.
    public static func load(_ source: FindingSource) throws -> [Finding] {
        switch source {
        case .file(let url): return try load(url: url)
        case .database(let url): return try load(database: SchouwDatabase.open(at: url), name: url.lastPathComponent)
        case .store(let database): return try load(database: database, name: "database")
        case .observations(let observations, let name): return load(observations: observations, name: name)
        }
    }

    /// The observations of a schouw database, with the same field names as its GeoJSON export.
    static func load(database: SchouwDatabase, name: String) throws -> [Finding] {
        load(observations: try database.observations(), name: name)
    }

    static func load(observations: [Observation], name: String) -> [Finding] {
        observations.map { o in
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
