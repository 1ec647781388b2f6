import Foundation
import GRDB
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Turns drafts into observations, checking every field against the schouw: taxonomy, plan, area.
///
/// Built inside the write transaction so that what it checks against cannot change before the insert.
/// Not `Sendable` (it owns a GEOS context); lives for one transaction.
struct ObservationValidator {
    struct Valid {
        var observation: Observation
        var photos: [PhotoInput]
        var file: String?
        var line: Int?
    }

    struct Failure: Error {
        var issues: [InputIssue]
    }

    struct PhotoInput {
        var source: URL
        var sha256: String
        var metadata: PhotoMetadata
    }

    let resolver: TaxonomyResolver
    /// The day of the walk (`yyyy-MM-dd`): a time of day alone ("19:30") is on it.
    let schouwDate: String
    let folder: URL?
    let options: IngestOptions
    private let area: AreaCheck?
    private let checkpoints: [CheckpointRecord]
    private let checkpointsByNumber: [Int: [CheckpointRecord]]
    private let streetsByKey: [String: (name: String, rd: Coordinate)]
    /// Whether a stored observation has this id (any schouw of the store).
    private let idExists: (String) throws -> Bool
    /// Ids given in the file so far, to report an id given twice.
    private var givenIDs = Set<String>()
    /// Short ids given in the file so far (normalised), to report one given twice; the import keeps
    /// them from being handed out to other rows.
    private(set) var givenShortIDs = Set<String>()
    /// Whether a stored observation of the schouw has this short id.
    private let shortIDExists: (String) throws -> Bool
    /// Whether photos can be stored: in `folder`'s `photos/` (SQLite) or in the database (PostgreSQL).
    let acceptsPhotos: Bool
    private var uuids = SequentialUUIDs()

    init(db: Database, folder: URL?, options: IngestOptions) throws {
        guard let schouw = try SchouwRecord.fetchOne(db) else { throw StoreError.noDatabase("database") }
        let idStatement = try db.cachedStatement(sql: "SELECT 1 FROM observation WHERE id = ?")
        let shortIDStatement = try db.cachedStatement(sql: "SELECT 1 FROM observation WHERE short_id = ?")
        try self.init(
            schouw: schouw, checkpoints: try CheckpointRecord.fetchAll(db), folder: folder, acceptsPhotos: folder != nil,
            options: options, idExists: { try Bool.fetchOne(idStatement, arguments: [$0]) ?? false },
            shortIDExists: { try Bool.fetchOne(shortIDStatement, arguments: [$0]) ?? false })
    }

    /// A validator from what was read from any store, inside the transaction that will insert.
    init(
        schouw: SchouwRecord, checkpoints: [CheckpointRecord], folder: URL?, acceptsPhotos: Bool, options: IngestOptions,
        idExists: @escaping (String) throws -> Bool, shortIDExists: @escaping (String) throws -> Bool
    ) throws {
        self.acceptsPhotos = acceptsPhotos
        self.idExists = idExists
        self.shortIDExists = shortIDExists
        resolver = TaxonomyResolver(try SchouwDatabase.taxonomy(of: schouw), scale: schouw.levelScale)
        schouwDate = schouw.date
        self.folder = folder
        self.options = options
        if let wkb = schouw.areaWKB {
            area = try AreaCheck(code: schouw.areaCode ?? "", name: schouw.areaName, wkbRD: [UInt8](wkb))
        } else {
            area = nil
        }
        self.checkpoints = checkpoints
        checkpointsByNumber = Dictionary(grouping: checkpoints, by: \.number)
        var streets: [String: (String, [Coordinate])] = [:]
        for checkpoint in checkpoints {
            guard let street = checkpoint.street else { continue }
            streets[TaxonomyResolver.key(street), default: (street, [])].1.append(Coordinate(x: checkpoint.rdX, y: checkpoint.rdY))
        }
        // A street's location is the checkpoint nearest to the middle of its checkpoints.
        streetsByKey = streets.mapValues { name, points in
            let box = BoundingBox(points)?.center ?? points[0]
            let nearest = points.min { Self.planar($0, box) < Self.planar($1, box) } ?? points[0]
            return (name, nearest)
        }
    }

    private static func planar(_ a: Coordinate, _ b: Coordinate) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }

    private struct Partial {
        var observation: Observation
        var wgs84: Coordinate?
        var rd: Coordinate?
        var photos: [PhotoInput]
        var file: String?
        var line: Int?
    }

    /// Validates every draft; the results are in draft order.
    /// - Complexity: O(n) plus one PROJ call per direction for all coordinates together.
    mutating func validate(_ drafts: [ObservationDraft], enteredAt: String) throws -> [Result<Valid, Failure>] {
        // Partials are kept as optionals and their coordinates gathered on the way, so that nothing
        // below copies a partial (each copy retains a dozen strings; at 100,000 rows that showed).
        var partials: [Partial?] = []
        var failures: [Int: Failure] = [:]
        partials.reserveCapacity(drafts.count)
        // Batch transforms: all WGS84 points to RD in one PROJ call, all RD points to WGS84 in another.
        var toRD: [(index: Int, point: Coordinate)] = []
        var toWGS: [(index: Int, point: Coordinate)] = []
        for (index, draft) in drafts.enumerated() {
            var issues: [InputIssue] = []
            let partial = try validateFields(draft, enteredAt: enteredAt, issues: &issues)
            if issues.isEmpty, let partial {
                if let wgs84 = partial.wgs84 { toRD.append((index, wgs84)) } else { toWGS.append((index, partial.rd!)) }
                partials.append(partial)
            } else {
                failures[index] = Failure(issues: issues)
                partials.append(nil)
            }
        }
        let rdPoints = try CoordinateTransforms.transform(toRD.map(\.point), from: .wgs84, to: .rdNew)
        let wgsPoints = try CoordinateTransforms.transform(toWGS.map(\.point), from: .rdNew, to: .wgs84)
        for (k, item) in toRD.enumerated() { partials[item.index]!.rd = rdPoints[k] }
        for (k, item) in toWGS.enumerated() { partials[item.index]!.wgs84 = wgsPoints[k] }

        var results: [Result<Valid, Failure>] = []
        results.reserveCapacity(drafts.count)
        for index in partials.indices {
            // `take()` moves the partial out rather than copying it.
            guard var p = partials[index].take() else {
                results.append(.failure(failures[index]!))
                continue
            }
            let wgs = p.wgs84!
            let rd = p.rd!
            p.observation.lon = wgs.longitude
            p.observation.lat = wgs.latitude
            p.observation.rdX = rd.x
            p.observation.rdY = rd.y
            if let area {
                let distance = area.distanceOutside(rd)
                if distance == 0 {
                    p.observation.buurtCode = area.code
                } else if distance > options.areaToleranceMeters {
                    let issue = InputIssue(
                        file: p.file, line: p.line, field: "location",
                        value: "\(Decimal7.format(wgs.longitude)),\(Decimal7.format(wgs.latitude))",
                        reason: .outOfArea(distanceMeters: distance, area: area.label))
                    results.append(.failure(Failure(issues: [issue])))
                    continue
                }
            }
            if p.observation.street == nil { p.observation.street = nearestStreet(rd) }
            results.append(.success(Valid(observation: p.observation, photos: p.photos, file: p.file, line: p.line)))
        }
        return results
    }

    /// The street of the nearest checkpoint within 150 m.
    private func nearestStreet(_ rd: Coordinate) -> String? {
        var best: (String, Double)?
        for c in checkpoints {
            guard let street = c.street else { continue }
            let d = Self.planar(rd, Coordinate(x: c.rdX, y: c.rdY))
            if d <= 150, d < (best?.1 ?? .infinity) { best = (street, d) }
        }
        return best?.0
    }

    /// Checks every field of one draft; appends an issue per bad field.
    private mutating func validateFields(_ d: ObservationDraft, enteredAt: String, issues: inout [InputIssue]) throws -> Partial? {
        func issue(_ field: String, _ value: String?, _ reason: IssueReason, suggestion: String? = nil) {
            issues.append(InputIssue(file: d.file, line: d.line, field: field, value: value, reason: reason, suggestion: suggestion))
        }
        var observation = Observation(
            id: "", groupName: d.group.nonBlank, walker: d.walker.nonBlank, observedAt: nil, enteredAt: enteredAt,
            category: "", subcategory: nil, level: nil, text: d.text.nonBlank ?? "", lon: 0, lat: 0, rdX: 0, rdY: 0,
            locationSource: .coordinates, street: d.street.nonBlank, checkpoint: nil, buurtCode: nil, status: "open",
            owner: nil, deletedAt: nil, sourceFile: d.file ?? "cli", sourceLine: d.line)

        // Identity
        if let given = d.id.nonBlank {
            if let uuid = UUID(uuidString: given) {
                observation.id = uuid.uuidString.lowercased()
                let stored = try idExists(observation.id)
                if stored || !givenIDs.insert(observation.id).inserted {
                    issue("id", given, .idExists)
                }
            } else {
                issue("id", given, .badID)
            }
        } else {
            // Not remembered in `givenIDs`: a generated id meeting a given or stored one is as unlikely
            // as any UUID clash (2^-122), and the primary key would still refuse it, rolling back the
            // whole import. Hashing every generated id took about 3% of a 100,000-row import.
            observation.id = uuids.uuidString()
        }

        if let given = d.shortID.nonBlank {
            if let shortID = ShortID.normalized(given) {
                observation.shortID = shortID
                let stored = try shortIDExists(shortID)
                if stored || !givenShortIDs.insert(shortID).inserted { issue("short_id", given, .shortIDExists) }
            } else {
                issue("short_id", given, .badShortID)
            }
        }

        // Category, subcategory, level
        if let category = d.category.nonBlank {
            switch resolver.resolve(category: category, subcategory: d.subcategory.nonBlank) {
            case .success(let codes):
                observation.category = codes.category
                observation.subcategory = codes.subcategory
                // A waypoint named in the walker's words ("Kapotte lantaarnpaal") keeps them as the text.
                if d.categoryOrigin == .waypointName, resolver.isSynonym(category) {
                    observation.text = ObservationFiles.joinedText([category, observation.text]) ?? ""
                }
            case .failure(.category(let suggestion)):
                switch d.categoryOrigin {
                case .field(let field): issue(field, category, .unknownCategory, suggestion: suggestion)
                case .waypointName: issue("name", category, .waypointWithoutCategory, suggestion: suggestion)
                }
            case .failure(.subcategory(let parent, let suggestion)):
                issue("subcategory", d.subcategory, .unknownSubcategory(category: parent), suggestion: suggestion)
            case .failure(.level), .failure(.ambiguousLevel), .failure(.levelOffScale): break
            }
        } else if d.categoryOrigin == .waypointName {
            issue("name", nil, .waypointWithoutCategory)
        } else {
            issue("category", nil, .missingField)
        }
        if let level = d.level.nonBlank {
            switch resolver.resolveLevel(level) {
            case .success(let code): observation.level = code
            case .failure(.level(let suggestion)): issue("level", level, .unknownLevel, suggestion: suggestion)
            case .failure(.ambiguousLevel(_, let candidates)):
                issue("level", level, .ambiguousLevel(candidates: candidates, codes: resolver.scaleCodes))
            case .failure(.levelOffScale(_, let codes, let suggestion)): issue("level", level, .levelOffScale(codes: codes), suggestion: suggestion)
            case .failure: break
            }
        }

        // Status, owner, time
        if let status = d.status.nonBlank {
            if let parsed = ObservationStatus(input: status) { observation.status = parsed.rawValue } else { issue("status", status, .unknownStatus) }
        }
        if let owner = d.owner.nonBlank {
            if let parsed = FollowUpOwner(input: owner) { observation.owner = parsed.rawValue } else { issue("owner", owner, .unknownOwner) }
        }
        if let time = d.observedAt.nonBlank {
            if let parsed = Timestamps.normalize(time, onDay: schouwDate) { observation.observedAt = parsed } else { issue("observed_at", time, .badTime) }
        }

        // Photos
        var photos: [PhotoInput] = []
        if !d.photos.isEmpty, !acceptsPhotos { issue("photo", d.photos[0].path, .photosNeedFileDatabase) }
        for url in d.photos {
            do {
                let data = try Data(contentsOf: url)
                photos.append(PhotoInput(source: url, sha256: ContentHash.sha256Hex(of: data), metadata: EXIF.metadata(ofJPEG: data)))
            } catch {
                issue("photo", url.path, .photoUnreadable((error as NSError).localizedDescription))
            }
        }
        if observation.observedAt == nil, let taken = photos.lazy.compactMap(\.metadata.takenAt).first {
            observation.observedAt = Timestamps.normalize(taken)
        }

        // Checkpoint reference (also when coordinates are given)
        var checkpointRecord: CheckpointRecord?
        if let text = d.checkpoint.nonBlank {
            if let number = Int(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) {
                observation.checkpoint = number
                let candidates = (checkpointsByNumber[number] ?? []).filter {
                    observation.groupName == nil || TaxonomyResolver.key($0.groupName) == TaxonomyResolver.key(observation.groupName!)
                }
                if candidates.count == 1 {
                    checkpointRecord = candidates[0]
                    observation.groupName = candidates[0].groupName
                } else if candidates.count > 1 {
                    issue("checkpoint", text, .ambiguousCheckpoint(groups: candidates.map(\.groupName).sorted()))
                } else if !checkpoints.isEmpty || !d.hasCoordinates {
                    // Without a plan a checkpoint number is kept as a reference when coordinates are given.
                    issue("checkpoint", text, .unknownCheckpoint(group: observation.groupName))
                }
            } else {
                issue("checkpoint", text, .badNumber)
            }
        }

        // Location: coordinates, RD, a read position, checkpoint, street, photo, in that order.
        var partial = Partial(observation: observation, wgs84: nil, rd: nil, photos: photos, file: d.file, line: d.line)
        if d.lon.nonBlank != nil || d.lat.nonBlank != nil {
            partial.observation.locationSource = .coordinates
            partial.wgs84 = parseWGS84(d, issue: issue)
        } else if d.rdX.nonBlank != nil || d.rdY.nonBlank != nil {
            partial.observation.locationSource = .rd
            partial.rd = parseRD(d, issue: issue)
        } else if let position = d.position {
            partial.observation.locationSource = d.positionSource ?? .coordinates
            partial.wgs84 = position
        } else if let checkpointRecord {
            partial.observation.locationSource = .checkpoint
            partial.rd = Coordinate(x: checkpointRecord.rdX, y: checkpointRecord.rdY)
            partial.observation.street = partial.observation.street ?? checkpointRecord.street
        } else if d.checkpoint.nonBlank != nil {
            // Already reported as an unknown or ambiguous checkpoint.
        } else if let street = d.street.nonBlank {
            if let match = streetsByKey[TaxonomyResolver.key(street)] {
                partial.observation.locationSource = .street
                partial.observation.street = match.name
                partial.rd = match.rd
            } else {
                let names = streetsByKey.values.map(\.name)
                let nearest = names.min { EditDistance.between(street.lowercased(), $0.lowercased()) < EditDistance.between(street.lowercased(), $1.lowercased()) }
                let close = nearest.map { EditDistance.between(street.lowercased(), $0.lowercased()) <= max(2, street.count / 4) } ?? false
                issue("street", street, .unknownStreet, suggestion: close ? nearest : nil)
            }
        } else if !photos.isEmpty {
            if let photo = photos.first(where: { $0.metadata.coordinate != nil }) {
                partial.observation.locationSource = .photo
                partial.wgs84 = photo.metadata.coordinate
            } else {
                issue("photo", photos[0].source.lastPathComponent, .photoWithoutPosition)
            }
        } else if let type = d.nonPointGeometry {
            issue("geometry", nil, .notAPoint(type))
        } else if d.photos.isEmpty {
            issue("location", nil, .missingLocation)
        }
        guard issues.isEmpty, partial.wgs84 != nil || partial.rd != nil else { return nil }
        return partial
    }

    private func parseWGS84(_ d: ObservationDraft, issue: (String, String?, IssueReason, String?) -> Void) -> Coordinate? {
        guard let lonText = d.lon.nonBlank else {
            issue("lon", nil, .missingField, nil)
            return nil
        }
        guard let latText = d.lat.nonBlank else {
            issue("lat", nil, .missingField, nil)
            return nil
        }
        guard let lon = DecimalText.parse(lonText) else {
            issue("lon", lonText, .badNumber, nil)
            return nil
        }
        guard let lat = DecimalText.parse(latText) else {
            issue("lat", latText, .badNumber, nil)
            return nil
        }
        // Dutch points typed as lat,lon: latitude 50-54 in the longitude field.
        if (50...54).contains(lon), (3...8).contains(lat) {
            issue("lon", "\(lonText),\(latText)", .coordinatesSwapped, "\(latText),\(lonText)")
            return nil
        }
        guard (-180...180).contains(lon) else {
            issue("lon", lonText, .coordinateOutOfRange(expected: "-180…180"), nil)
            return nil
        }
        guard (-90...90).contains(lat) else {
            issue("lat", latText, .coordinateOutOfRange(expected: "-90…90"), nil)
            return nil
        }
        return Coordinate(longitude: lon, latitude: lat)
    }

    private func parseRD(_ d: ObservationDraft, issue: (String, String?, IssueReason, String?) -> Void) -> Coordinate? {
        guard let xText = d.rdX.nonBlank else {
            issue("x", nil, .missingField, nil)
            return nil
        }
        guard let yText = d.rdY.nonBlank else {
            issue("y", nil, .missingField, nil)
            return nil
        }
        guard let x = DecimalText.parse(xText) else {
            issue("x", xText, .badNumber, nil)
            return nil
        }
        guard let y = DecimalText.parse(yText) else {
            issue("y", yText, .badNumber, nil)
            return nil
        }
        // The RD New area of use, in metres.
        guard (-7_000...300_000).contains(x) else {
            issue("x", xText, .coordinateOutOfRange(expected: "-7000…300000 (RD New)"), nil)
            return nil
        }
        guard (289_000...629_000).contains(y) else {
            issue("y", yText, .coordinateOutOfRange(expected: "289000…629000 (RD New)"), nil)
            return nil
        }
        return Coordinate(x: x, y: y)
    }

    /// Copies photos into `photos/` under their SHA-256 names (once per content) and records them.
    func storePhotos(_ photos: [PhotoInput], for observationID: String, db: Database, startPosition: Int = 0) throws {
        guard !photos.isEmpty, let folder else { return }
        for (position, photo) in photos.enumerated() {
            let fileName = try Self.copyPhoto(photo.source, sha256: photo.sha256, into: folder)
            var record = ObservationPhoto(
                observationID: observationID, position: startPosition + position, sha256: photo.sha256, fileName: fileName,
                originalName: photo.source.lastPathComponent, takenAt: photo.metadata.takenAt.flatMap(Timestamps.normalize),
                lon: photo.metadata.coordinate?.longitude, lat: photo.metadata.coordinate?.latitude)
            try record.insert(db)
        }
    }

    /// Copies a photo into `folder/photos/` under its SHA-256 name (once per content).
    /// - Returns: its path relative to `folder`, e.g. `photos/3a7b….jpg`.
    static func copyPhoto(_ source: URL, sha256: String, into folder: URL) throws -> String {
        let directory = folder.appendingPathComponent("photos")
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = String(storedPhotoName(sha256: sha256, source: source).dropFirst("photos/".count))
        let target = directory.appendingPathComponent(name)
        if !fm.fileExists(atPath: target.path) {
            // Copy to a temporary name first so a crash never leaves a half-written photo under its hash.
            let partial = directory.appendingPathComponent(".\(name).\(UUID().uuidString).part")
            do {
                try TestHooks.beforePhotoCopy(partial)
                try fm.copyItem(at: source, to: partial)
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: partial) } else { try fm.moveItem(at: partial, to: target) }
            } catch {
                // A full disk or a vanished source: no half-written `.part` stays behind.
                try? fm.removeItem(at: partial)
                throw StoreError.library("photo \(source.lastPathComponent) could not be copied to \(partial.path): \(error)")
            }
        }
        return "photos/\(name)"
    }

    /// `photos/SHA256.jpg`: the name every store gives a photo (the file in `photos/`, the row in `photo_blob`),
    /// its content hash with the source's extension in lowercase.
    static func storedPhotoName(sha256: String, source: URL) -> String {
        let ext = source.pathExtension.lowercased()
        return "photos/" + sha256 + (ext.isEmpty ? "" : "." + ext)
    }
}

extension ObservationValidator {
    /// Validates every draft and collects the refused ones in a new report; unless `skipInvalid`, any
    /// refused draft makes the whole batch fail (all or nothing), in every store.
    mutating func validateBatch(
        _ drafts: [ObservationDraft], enteredAt: String, skipInvalid: Bool
    ) throws -> (results: [Result<Valid, Failure>], report: IngestReport) {
        var report = IngestReport()
        var problems: [InputIssue] = []
        let results = try validate(drafts, enteredAt: enteredAt)
        for (index, result) in results.enumerated() {
            if case .failure(let failure) = result {
                problems += failure.issues
                report.rejected.append(RejectedDraft(draft: drafts[index], issues: failure.issues))
            }
        }
        if !problems.isEmpty, !skipInvalid { throw StoreError.invalidInput(problems) }
        return (results, report)
    }
}

extension ObservationDraft {
    var hasCoordinates: Bool {
        [lon, lat, rdX, rdY].contains { $0.nonBlank != nil } || position != nil
    }
}

/// The schouw area in RD New: inside test by GEOS, distance to the boundary in metres.
struct AreaCheck {
    let code: String
    let name: String?
    private let prepared: PreparedGeometry
    private let rings: [[Coordinate]]

    init(code: String, name: String?, wkbRD: [UInt8]) throws {
        self.code = code
        self.name = name
        let context = try GEOSContext()
        let geometry = try context.geometry(wkb: wkbRD)
        prepared = try context.prepare(geometry)
        rings = geometry.polygons.flatMap(\.rings)
    }

    var label: String { name.map { "\(code) (\($0))" } ?? code }

    /// 0 inside (or on the boundary), else the distance in metres to the nearest boundary.
    /// - Complexity: O(v) for a point outside, where v is the number of vertices.
    func distanceOutside(_ p: Coordinate) -> Double {
        if prepared.intersects(p) { return 0 }
        var best = Double.infinity
        for ring in rings where ring.count > 1 {
            for i in 1..<ring.count { best = min(best, Self.segmentDistance(p, ring[i - 1], ring[i])) }
        }
        return best
    }

    static func segmentDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared == 0 ? 0 : max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared))
        let cx = a.x + t * dx - p.x
        let cy = a.y + t * dy - p.y
        return (cx * cx + cy * cy).squareRoot()
    }
}
