import Foundation
import SchouwCore
import SchouwFormats
import SchouwStore

/// `schouw export --format signalen`: per open finding, the body Signalen's private API takes to create a
/// signal (`POST /signals/v1/private/signals/`), and the photos to attach to it afterwards.
///
/// The payload follows Signalen's own description of creating a signal, Amsterdam/signals
/// `docs/topics/api/v1/private/signals/01.creating_a_signal.md`: `text`, `location.geometrie` (a GeoJSON
/// Point, lon/lat), `category.sub_category` (the category's URL path), `reporter`, `incident_date_start`,
/// `source` and the optional `priority.priority` (`low`, `normal`, `high`).
public struct SignalenRequest: Sendable {
    /// The schouw: a file's, or one in PostgreSQL.
    public var database: any ObservationStore
    /// The municipality's mapping from our taxonomy codes to their Signalen sub-categories (see
    /// ``SignalenCategoryMap``).
    public var categoryMap: URL
    /// The JSON file to write, or memory.
    public var destination: JobDestination

    public init(database: any ObservationStore, categoryMap: URL, destination: JobDestination) {
        self.database = database
        self.categoryMap = categoryMap
        self.destination = destination
    }
}

/// A mapping file: a JSON object from `category` or `category/subcategory` (our taxonomy codes) to the
/// Signalen sub-category, as its URL path `/signals/v1/public/terms/categories/<main>/sub_categories/<sub>`
/// or a full URL ending in that path. A finding takes the entry of its category and subcategory, else that
/// of its category.
public struct SignalenCategoryMap: Sendable, Hashable {
    /// Path by key, as written in the file.
    public var paths: [String: String]

    /// The shape of a sub-category path (Django slugs: letters, digits, `-` and `_`).
    static let pathPattern = "^/signals/v1/public/terms/categories/[A-Za-z0-9_-]+/sub_categories/[A-Za-z0-9_-]+$"

    /// Reads a mapping file.
    /// - Throws: ``JobError/badCategoryMap(file:place:problem:)`` naming the key whose value is no
    ///   sub-category path; ``FormatError`` for bad JSON.
    public static func read(_ url: URL) throws -> SignalenCategoryMap {
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw JobError.badCategoryMap(file: name, place: nil, problem: Phrase("niet te lezen", "cannot be read"))
        }
        guard case .object(let object) = try JSONValue.read(data, file: name) else {
            throw JobError.badCategoryMap(
                file: name, place: nil,
                problem: Phrase(
                    "verwacht een JSON-object van categoriecode naar Signalen-subcategorie",
                    "expected a JSON object from category code to Signalen sub-category"))
        }
        var paths: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.stringValue, let path = subCategoryPath(text) else {
                throw JobError.badCategoryMap(
                    file: name, place: key,
                    problem: Phrase(
                        "verwacht een pad als /signals/v1/public/terms/categories/afval/sub_categories/zwerfafval, gevonden \(value.textValue ?? value.kindDescription)",
                        "expected a path like /signals/v1/public/terms/categories/afval/sub_categories/zwerfafval, found \(value.textValue ?? value.kindDescription)"
                    ))
            }
            paths[Self.key(key)] = path
        }
        return SignalenCategoryMap(paths: paths)
    }

    /// The path of a sub-category given as a path or a full URL; nil when it is neither.
    static func subCategoryPath(_ text: String) -> String? {
        var path = text.trimmingCharacters(in: .whitespaces)
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            guard let components = URLComponents(string: path), components.query == nil, components.fragment == nil else { return nil }
            path = components.path
        }
        if path.hasSuffix("/") { path.removeLast() }
        return path.range(of: pathPattern, options: .regularExpression) == nil ? nil : path
    }

    static func key(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces).lowercased() }

    /// The sub-category path of a finding, or nil when neither its subcategory nor its category is mapped.
    public func path(category: String, subcategory: String?) -> String? {
        if let subcategory, let path = paths[Self.key("\(category)/\(subcategory)")] { return path }
        return paths[Self.key(category)]
    }
}

/// A finding with no mapping, left out of the payloads.
public struct UnmappedFinding: Sendable, Hashable {
    public var id: String
    public var shortID: String?
    public var category: String
    public var subcategory: String?
}

public struct SignalenResult: Sendable {
    /// How many payloads were written.
    public var signals: Int
    /// Per sub-category path, how many payloads.
    public var bySubCategory: [String: Int]
    /// Findings without a mapping, in database order.
    public var unmapped: [UnmappedFinding]
    /// Findings left out because they are afgehandeld or geannuleerd already.
    public var settled: Int
    /// Photos to attach, over all payloads.
    public var photos: Int
    /// The file written, or its bytes.
    public var file: JobFile
}

public enum SignalenJob {
    /// The `source` every payload carries; a Signalen administrator adds it to the sources it accepts.
    public static let source = "buurtschouw"

    /// Signalen's priority by level: a CROW D (or simple `slecht`) is urgent, C needs doing, the rest can wait;
    /// no level or an unknown one is `normal`, Signalen's default.
    public static func priority(level: String?) -> String {
        switch (level ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
        case "d", "slecht": "high"
        case "a+", "a", "b", "goed", "plus": "low"
        default: "normal"
        }
    }

    /// Writes the payloads of every open finding (not removed, not afgehandeld or geannuleerd) whose
    /// category is mapped, and lists the rest.
    ///
    /// The attachments are photo files: those in `photos/` beside a schouw file; for a schouw in PostgreSQL
    /// the photos are written out of the database into `photos/` beside the JSON file (in memory: their names).
    /// - Throws: ``JobError/badCategoryMap(file:place:problem:)``, ``StoreError`` for the database and the file.
    public static func run(_ request: SignalenRequest) async throws -> SignalenResult {
        let map = try SignalenCategoryMap.read(request.categoryMap)
        let store = request.database
        let schouw = try await store.schouw()
        let photos = try await store.photoNames()
        let photoFolder: URL?
        if let file = store as? SchouwDatabase {
            photoFolder = file.folder
        } else if case .disk(let url) = request.destination {
            photoFolder = url.deletingLastPathComponent()
        } else {
            photoFolder = nil
        }
        var written = Set<String>()
        var signals: [JSONValue] = []
        var unmapped: [UnmappedFinding] = []
        var bySubCategory: [String: Int] = [:]
        var settled = 0
        var photoCount = 0
        for observation in try await store.observations(ObservationFilter()) {
            if ["afgehandeld", "geannuleerd"].contains(observation.status.lowercased()) {
                settled += 1
                continue
            }
            guard let path = map.path(category: observation.category, subcategory: observation.subcategory) else {
                unmapped.append(UnmappedFinding(
                    id: observation.id, shortID: observation.shortID, category: observation.category,
                    subcategory: observation.subcategory))
                continue
            }
            bySubCategory[path, default: 0] += 1
            var attachments: [String] = []
            for photo in photos[observation.id] ?? [] {
                // Only names of the stores' own shape become files (`photos/NAME`: nothing outside the folder).
                guard let photoFolder, SchouwDatabase.isPhotoName(photo) else { attachments.append(photo); continue }
                let file = photoFolder.appendingPathComponent(photo)
                if !(store is SchouwDatabase), written.insert(photo).inserted {
                    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try ByteSink.write(try await store.photoData(named: photo), to: file)
                }
                attachments.append(file.path)
            }
            photoCount += attachments.count
            signals.append([
                "finding": .string(observation.id),
                "short_id": observation.shortID.map(JSONValue.string) ?? .null,
                "payload": payload(observation, subCategory: path, schouw: schouw),
                "attachments": .array(attachments.map(JSONValue.string)),
            ])
        }
        let document: JSONValue = [
            "endpoint": "/signals/v1/private/signals/",
            "signals": .array(signals),
            "unmapped": .array(unmapped.map { finding in
                [
                    "finding": .string(finding.id), "short_id": finding.shortID.map(JSONValue.string) ?? .null,
                    "category": .string(finding.category), "subcategory": finding.subcategory.map(JSONValue.string) ?? .null,
                ]
            }),
        ]
        var data = document.jsonData(pretty: true)
        data.append(0x0A)
        let file: JobFile
        switch request.destination {
        case .disk(let url):
            try ByteSink.write(data, to: url)
            file = JobFile(name: url.lastPathComponent, mediaType: "application/json", url: url)
        case .memory:
            file = JobFile(name: "signalen.json", mediaType: "application/json", data: data)
        }
        return SignalenResult(
            signals: signals.count, bySubCategory: bySubCategory, unmapped: unmapped, settled: settled, photos: photoCount,
            file: file)
    }

    /// The body of `POST /signals/v1/private/signals/` for one finding.
    static func payload(_ o: Observation, subCategory: String, schouw: SchouwRecord) -> JSONValue {
        var text = o.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { text = [o.category, o.subcategory].compactMap { $0 }.joined(separator: " / ") }
        var context = "\(schouw.name), \(schouw.date)"
        if let street = o.street, !street.isEmpty { context += ", \(street)" }
        if let shortID = o.shortID { context += ", bevinding \(shortID)" }
        return [
            "text": .string("\(text)\n\n(\(context))"),
            "location": ["geometrie": ["type": "Point", "coordinates": [.number(o.lon), .number(o.lat)]]],
            "category": ["sub_category": .string(subCategory)],
            "reporter": ["sharing_allowed": false],
            // The walk's own time when the walker gave one, else the day of the walk at noon UTC.
            "incident_date_start": .string(o.observedAt ?? "\(schouw.date)T12:00:00Z"),
            "source": .string(source),
            "priority": ["priority": .string(priority(level: o.level))],
        ]
    }
}
