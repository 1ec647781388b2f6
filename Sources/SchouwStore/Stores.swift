import Foundation
import SchouwGeometry

/// Opens a store from what the user typed where a database is asked: a file path (SQLite, the
/// embedded default) or a `postgresql://` URL (a shared PostgreSQL + PostGIS database of many schouwen).
public enum Stores {
    /// Whether `location` is a server URL rather than a file path.
    public static func isServerURL(_ location: String) -> Bool { PostgresURL.isURL(location) }

    /// The store of an existing schouw: the file's, or in a PostgreSQL database the one named `schouw`
    /// (or its only one). For a file, a given `schouw` must be the file's own name.
    /// - Throws: ``StoreError`` (no database, no such schouw, server unavailable, …).
    public static func open(_ location: String, schouw: String? = nil) async throws -> any ObservationStore {
        if PostgresURL.isURL(location) {
            let server = try await PostgresServer.connect(try PostgresURL(location))
            do {
                return try await server.open(schouw: schouw)
            } catch {
                await server.close()
                throw error
            }
        }
        let database = try SchouwDatabase.open(at: URL(fileURLWithPath: location))
        if let schouw {
            let name = try database.schouw().name
            guard name.lowercased() == schouw.lowercased() else {
                throw StoreError.noSchouw(store: location, name: schouw, available: [name])
            }
        }
        return database
    }

    /// Creates a schouw: a new file, or a new schouw in a PostgreSQL database (named by the definition).
    public static func create(_ location: String, schouw definition: SchouwDefinition) async throws -> any ObservationStore {
        if PostgresURL.isURL(location) {
            let server = try await PostgresServer.connect(try PostgresURL(location))
            do {
                return try await server.create(definition)
            } catch {
                await server.close()
                throw error
            }
        }
        return try SchouwDatabase.create(at: URL(fileURLWithPath: location), schouw: definition)
    }

    /// Removes a schouw that ``create(_:schouw:)`` just made and that could not be filled (a failed
    /// `schouw copy`), so running the command again finds nothing in the way: the schouw's rows in
    /// PostgreSQL, or the new file (photos already copied beside it stay: they are named by their
    /// SHA-256 and may be another schouw's). Call it before ``ObservationStore/close()``.
    public static func discard(_ store: any ObservationStore) async {
        if let postgres = store as? PostgresStore {
            try? await postgres.server.dropSchouw(id: postgres.schouwID)
        } else if let database = store as? SchouwDatabase, let path = database.path {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    /// The schouwen a store holds (a file holds one), with dates and counts.
    public static func list(_ location: String) async throws -> [SchouwListing] {
        if PostgresURL.isURL(location) {
            let server = try await PostgresServer.connect(try PostgresURL(location))
            do {
                let result = try await server.schouwen()
                await server.close()
                return result
            } catch {
                await server.close()
                throw error
            }
        }
        let summary = try SchouwDatabase.summary(at: URL(fileURLWithPath: location))
        return [
            SchouwListing(
                name: summary.name, date: summary.date, findings: summary.findings, removed: summary.removed,
                groups: summary.groups.count)
        ]
    }
}

/// Where one schouw is: a file path (SQLite), or a PostgreSQL URL with the schouw's name (nil for the
/// database's only schouw), as commands take it (`DATABASE [--schouw NAME]`).
public struct StoreAddress: Sendable, Hashable, CustomStringConvertible {
    /// The file path or the URL.
    public var location: String
    /// With a URL: the schouw's name; with a file it must be the file's schouw when given.
    public var schouw: String?

    public init(_ location: String, schouw: String? = nil) {
        self.location = location
        self.schouw = schouw
    }

    /// A schouw file.
    public init(file: URL) {
        self.init(file.path)
    }

    /// The path, or the URL with `--schouw NAME`.
    public var description: String { schouw.map { "\(location) --schouw \($0)" } ?? location }

    /// Runs `body` with the open store, closing a server's connections afterwards (also when it throws).
    public func with<T>(_ body: (any ObservationStore) async throws -> T) async throws -> T {
        let store = try await Stores.open(location, schouw: schouw)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}

extension SchouwRecord {
    /// What `schouw init` would need to make this schouw again (name, date, area, taxonomy, scale), for copying.
    public func definition() throws -> SchouwDefinition {
        let taxonomy = try SchouwDatabase.taxonomy(of: self)
        let area = try areaWKB.map { wkb in
            SchouwArea(code: areaCode ?? "", name: areaName, polygonRD: try SchouwDatabase.wrapping { try GEOSContext().geometry(wkb: [UInt8](wkb)) })
        }
        return SchouwDefinition(name: name, date: date, area: area, taxonomy: taxonomy, scale: levelScale)
    }
}
