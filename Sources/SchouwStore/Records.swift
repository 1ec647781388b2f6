import Foundation
import GRDB

/// The one schouw a database holds: name, date, area and taxonomy.
public struct SchouwRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "schouw"
    public var id: Int64 = 1
    public var name: String
    /// The day of the walk, `yyyy-MM-dd`.
    public var date: String
    public var areaCode: String?
    public var areaName: String?
    /// The area polygon in RD New as little-endian WKB.
    public var areaWKB: Data?
    public var taxonomyJSON: String
    public var createdAt: String
    /// The taxonomy's quality scale findings are stored on (`crow`, `simple`); nil for a schouw whose
    /// findings mixed scales before schouws had one, which accepts every scale.
    public var levelScale: String?

    enum CodingKeys: String, CodingKey {
        case id, name, date
        case levelScale = "level_scale"
        case areaCode = "area_code"
        case areaName = "area_name"
        case areaWKB = "area_wkb_rd"
        case taxonomyJSON = "taxonomy_json"
        case createdAt = "created_at"
    }

    public enum Columns {
        static let name = Column(CodingKeys.name)
    }
}

/// A walking group ("Groep A").
public struct GroupRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "groups"
    public var name: String
    public var position: Int

    public enum Columns {
        static let name = Column(CodingKeys.name)
        static let position = Column(CodingKeys.position)
    }
}

/// A group's planned route.
public struct RouteRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "route"
    public var groupName: String
    /// The walk as a GeoJSON LineString (WGS84).
    public var lineGeoJSON: String
    public var lengthMeters: Double
    public var minutes: Double

    enum CodingKeys: String, CodingKey {
        case groupName = "group_name"
        case lineGeoJSON = "line_geojson"
        case lengthMeters = "length_m"
        case minutes
    }
}

/// A numbered point on a group's route sheet.
public struct CheckpointRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "checkpoint"
    public var id: Int64?
    public var groupName: String
    public var number: Int
    public var street: String?
    public var lon: Double
    public var lat: Double
    public var rdX: Double
    public var rdY: Double

    enum CodingKeys: String, CodingKey {
        case id
        case groupName = "group_name"
        case number, street, lon, lat
        case rdX = "rd_x"
        case rdY = "rd_y"
    }

    public enum Columns {
        static let groupName = Column(CodingKeys.groupName)
        static let number = Column(CodingKeys.number)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// How an observation's location was given.
public enum LocationSource: String, Codable, Hashable, Sendable, CaseIterable {
    case coordinates, rd, checkpoint, street, photo, gpx, geojson
}

/// A finding of the walk.
public struct Observation: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "observation"
    /// A UUID, lowercase.
    public var id: String
    public var groupName: String?
    public var walker: String?
    /// When it was seen: ISO 8601 UTC (`2017-07-10T17:30:00Z`), or nil when not given.
    public var observedAt: String?
    /// When it was entered: ISO 8601 UTC.
    public var enteredAt: String
    public var category: String
    public var subcategory: String?
    public var level: String?
    public var text: String
    public var lon: Double
    public var lat: Double
    public var rdX: Double
    public var rdY: Double
    public var locationSource: LocationSource
    /// The nearest street name (given, or from the nearest checkpoint).
    public var street: String?
    public var checkpoint: Int?
    /// The buurt code of the schouw area when the point lies inside it.
    public var buurtCode: String?
    public var status: String
    public var owner: String?
    public var deletedAt: String?
    /// Where it came from: `cli`, or the imported file's name and line.
    public var sourceFile: String?
    public var sourceLine: Int?
    /// The short id people type (`A-12`, see ``ShortID``), unique within the schouw; set when stored.
    public var shortID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case groupName = "group_name"
        case walker
        case observedAt = "observed_at"
        case enteredAt = "entered_at"
        case category, subcategory, level, text, lon, lat
        case rdX = "rd_x"
        case rdY = "rd_y"
        case locationSource = "location_source"
        case street, checkpoint
        case buurtCode = "buurt_code"
        case status, owner
        case deletedAt = "deleted_at"
        case sourceFile = "source_file"
        case sourceLine = "source_line"
        case shortID = "short_id"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let shortID = Column(CodingKeys.shortID)
        static let groupName = Column(CodingKeys.groupName)
        static let category = Column(CodingKeys.category)
        static let status = Column(CodingKeys.status)
        static let buurtCode = Column(CodingKeys.buurtCode)
        static let deletedAt = Column(CodingKeys.deletedAt)
        static let observedAt = Column(CodingKeys.observedAt)
        static let enteredAt = Column(CodingKeys.enteredAt)
    }

    /// `INSERT INTO observation (…) VALUES (?, …), (?, …), …` for `rows` rows.
    static func insertSQL(rows: Int) -> String {
        let names = CodingKeys.allCases.map(\.rawValue)
        let row = "(" + names.map { _ in "?" }.joined(separator: ", ") + ")"
        return "INSERT INTO observation (\(names.joined(separator: ", "))) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Binds the values in `CodingKeys.allCases` order, for the prepared bulk insert (one row of it).
    func bind(to insert: inout RawInsert) {
        insert.bind(id); insert.bind(groupName); insert.bind(walker); insert.bind(observedAt); insert.bind(enteredAt)
        insert.bind(category); insert.bind(subcategory); insert.bind(level); insert.bind(text)
        insert.bind(lon); insert.bind(lat); insert.bind(rdX); insert.bind(rdY); insert.bind(locationSource.rawValue)
        insert.bind(street); insert.bind(checkpoint); insert.bind(buurtCode); insert.bind(status); insert.bind(owner)
        insert.bind(deletedAt); insert.bind(sourceFile); insert.bind(sourceLine); insert.bind(shortID)
    }
}

/// A photo of an observation, stored in `photos/` beside the database under its SHA-256.
public struct ObservationPhoto: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "observation_photo"
    public var id: Int64?
    public var observationID: String
    public var position: Int
    public var sha256: String
    /// The path relative to the database's folder, e.g. `photos/3a7b….jpg`.
    public var fileName: String
    public var originalName: String
    public var takenAt: String?
    public var lon: Double?
    public var lat: Double?

    enum CodingKeys: String, CodingKey {
        case id
        case observationID = "observation_id"
        case position, sha256
        case fileName = "file_name"
        case originalName = "original_name"
        case takenAt = "taken_at"
        case lon, lat
    }

    public enum Columns {
        static let observationID = Column(CodingKeys.observationID)
        static let position = Column(CodingKeys.position)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One status change of an observation (the first row records the initial status).
public struct StatusChange: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "status_history"
    public var id: Int64?
    public var observationID: String
    public var fromStatus: String?
    public var toStatus: String
    public var owner: String?
    public var note: String?
    public var changedAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case observationID = "observation_id"
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case owner, note
        case changedAt = "changed_at"
    }

    public enum Columns {
        static let observationID = Column(CodingKeys.observationID)
        static let id = Column(CodingKeys.id)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
