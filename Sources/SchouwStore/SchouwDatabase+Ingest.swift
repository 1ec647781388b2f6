import Foundation
import GRDB
import SchouwGeometry
import SchouwCore
import SchouwFormats

extension SchouwDatabase {
    /// Validates and stores observations in one transaction: all or nothing.
    ///
    /// Every draft is checked (taxonomy, level, coordinates, checkpoint, street, photos, area); with any
    /// problem nothing is stored and ``StoreError/invalidInput(_:)`` lists them all, unless
    /// `options.skipInvalid`. Likely duplicates (same category and text within 10 m of a stored or
    /// earlier observation) are skipped and reported unless `options.allowDuplicates`.
    /// - Throws: ``StoreError/invalidInput(_:)`` for bad input, ``StoreError/library(_:)`` when SQLite,
    ///   GEOS or PROJ fails.
    /// - Complexity: O(n + m), where n is the number of drafts and m the number of stored observations.
    public func ingest(_ drafts: [ObservationDraft], options: IngestOptions = IngestOptions()) throws -> IngestReport {
        // Photos are copied inside the transaction; if it fails after copying some, they are deleted again.
        try cleaningUpPhotosOnFailure {
            try Self.wrapping {
                try writer.write { db in
                    try Self.withImportCache(db) {
                        try TestHooks.beforeImport(db)
                        try Self.checkPhotoQuota(options.photoQuota, drafts: drafts, db: db, folder: folder)
                        let report = try store(drafts, options: options, db: db)
                        TestHooks.holdBeforeCommit()
                        return report
                    }
                }
            }
        }
    }

    /// Pages SQLite may cache while an import runs, in KiB (64 MiB, an upper bound, not an allocation).
    ///
    /// Observation ids are random UUIDs, so the id index and status history's index grow at random
    /// places. With SQLite's default 2 MB cache a large import keeps evicting dirty pages to the WAL
    /// mid-transaction and reading them back (a third of the import's time at 100,000 rows). Only
    /// the cache size changes; journal mode and synchronous stay as they are.
    private static let importCacheKiB = 65_536

    /// Runs `body` with the larger import cache, restoring the connection's own size afterwards.
    private static func withImportCache<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = \(-importCacheKiB)")
        do {
            let result = try body()
            try db.execute(sql: "PRAGMA cache_size = \(previous)")
            return result
        } catch {
            // The import's own error is the one to report; a failed restore only leaves a larger cache.
            try? db.execute(sql: "PRAGMA cache_size = \(previous)")
            throw error
        }
    }

    /// Rows per INSERT statement in a bulk import.
    ///
    /// With one row per statement about a third of SQLite's insert time went to starting and ending
    /// statements (cursors on the table and its four indexes, AUTOINCREMENT's sequence row, the
    /// foreign-key check); one statement for 32 rows pays that once. 32 rows of 23 values stay well
    /// under SQLite's limit of 32,766 parameters.
    static let rowsPerInsert = 32

    /// The prepared INSERTs of a bulk import for a given number of rows each.
    private struct InsertStatements {
        var observation: RawInsert
        var history: RawInsert

        init(_ db: Database, rows: Int) throws {
            observation = try RawInsert(db, sql: Observation.insertSQL(rows: rows))
            history = try RawInsert(
                db,
                sql: "INSERT INTO status_history (observation_id, from_status, to_status, owner, changed_at) VALUES "
                    + Array(repeating: "(?, NULL, ?, ?, ?)", count: rows).joined(separator: ", "))
        }
    }

    /// The body of ``ingest(_:options:)``, inside its write transaction.
    private func store(_ drafts: [ObservationDraft], options: IngestOptions, db: Database) throws -> IngestReport {
        var validator = try ObservationValidator(db: db, folder: folder, options: options)
        let enteredAt = Timestamps.now()
        var (results, report) = try validator.validateBatch(drafts, enteredAt: enteredAt, skipInvalid: options.skipInvalid)

        // Ids given in the file (an export imported again) are never handed out to the other rows.
        var shortIDs = try ShortIDCounter(db)
        for given in validator.givenShortIDs { shortIDs.reserve(given) }
        var duplicates = try DuplicateIndex(
            db: db, radiusMeters: options.duplicateRadiusMeters, expected: results.count - report.rejected.count)
        var pending: [(observation: Observation, photos: [ObservationValidator.PhotoInput])] = []
        pending.reserveCapacity(Self.rowsPerInsert)
        let fullInserts = try InsertStatements(db, rows: Self.rowsPerInsert)
        // Stores the pending observations: their rows, then their first status, then their photos
        // (the last two refer to the rows, so the order matters).
        func flush() throws {
            guard !pending.isEmpty else { return }
            var statements = pending.count == Self.rowsPerInsert ? fullInserts : try InsertStatements(db, rows: pending.count)
            for (observation, _) in pending { observation.bind(to: &statements.observation) }
            try statements.observation.execute()
            for (observation, _) in pending {
                statements.history.bind(observation.id)
                statements.history.bind(observation.status)
                statements.history.bind(observation.owner)
                statements.history.bind(enteredAt)
            }
            try statements.history.execute()
            for (observation, photos) in pending { try validator.storePhotos(photos, for: observation.id, db: db) }
            pending.removeAll(keepingCapacity: true)
        }
        for result in results {
            guard case .success(let valid) = result else { continue }
            guard let observation = duplicates.admit(valid, options: options, shortIDs: &shortIDs, report: &report) else { continue }
            pending.append((observation, valid.photos))
            if pending.count == Self.rowsPerInsert { try flush() }
        }
        try flush()
        return report
    }
}

/// Finds stored or just-added observations with the same category and text nearby.
///
/// Observations are grouped by (category, normalised text), so a row costs one hash lookup of its
/// text key; most texts occur once or a few times, and a small group is simply scanned. A group
/// that grows past ``gridThreshold`` points (e.g. hundreds of rows saying "zwerfvuil") also gets a
/// grid of radius-sized cells, so each row stays O(1) rather than O(group size).
struct DuplicateIndex {
    let radiusMeters: Double
    private var groups: [Key: Group] = [:]

    /// Points a group holds before it is indexed by cell.
    static let gridThreshold = 32

    private struct Key: Hashable {
        var category: String
        var text: String
    }

    private struct Cell: Hashable {
        var cx: Int
        var cy: Int
    }

    private struct Point {
        var id: String
        var x: Double
        var y: Double
    }

    private struct Group {
        var points: [Point] = []
        /// Indices into `points` by cell; nil while the group is small enough to scan.
        var cells: [Cell: [Int]]?

        mutating func append(_ point: Point, radius: Double) {
            points.append(point)
            if cells != nil {
                cells![DuplicateIndex.cell(point.x, point.y, radius: radius), default: []].append(points.count - 1)
            } else if points.count > DuplicateIndex.gridThreshold {
                var grid: [Cell: [Int]] = [:]
                for (index, p) in points.enumerated() { grid[DuplicateIndex.cell(p.x, p.y, radius: radius), default: []].append(index) }
                cells = grid
            }
        }

        /// The nearest point within `radius` of `point`, before `point` joins the group.
        mutating func nearestThenAppend(_ point: Point, radius: Double) -> (id: String, distanceMeters: Double)? {
            let best = nearest(to: point, radius: radius)
            append(point, radius: radius)
            return best
        }

        private func nearest(to point: Point, radius: Double) -> (id: String, distanceMeters: Double)? {
            var best: (id: String, distanceMeters: Double)?
            func consider(_ candidate: Point) {
                let d = ((candidate.x - point.x) * (candidate.x - point.x) + (candidate.y - point.y) * (candidate.y - point.y)).squareRoot()
                if d <= radius, d < (best?.distanceMeters ?? .infinity) { best = (candidate.id, d) }
            }
            if let cells {
                let center = DuplicateIndex.cell(point.x, point.y, radius: radius)
                for dx in -1...1 {
                    for dy in -1...1 {
                        for index in cells[Cell(cx: center.cx + dx, cy: center.cy + dy)] ?? [] { consider(points[index]) }
                    }
                }
            } else {
                points.forEach(consider)
            }
            return best
        }
    }

    /// - Parameter expected: how many observations the import will add (only reserves room for them).
    init(db: Database, radiusMeters: Double, expected: Int = 0) throws {
        self.init(radiusMeters: radiusMeters, expected: expected)
        let rows = try Row.fetchCursor(db, sql: "SELECT id, category, text, rd_x, rd_y FROM observation WHERE deleted_at IS NULL")
        while let row = try rows.next() { add(id: row[0], category: row[1], text: row[2], x: row[3], y: row[4]) }
    }

    /// An empty index; ``add(id:category:text:x:y:)`` the stored observations (not removed ones) next.
    init(radiusMeters: Double, expected: Int = 0) {
        self.radiusMeters = radiusMeters
        groups.reserveCapacity(expected)
    }

    /// Adds a stored observation (RD New position).
    mutating func add(id: String, category: String, text: String, x: Double, y: Double) {
        add(Point(id: id, x: x, y: y), to: Key(category: category, text: Self.normalized(text)))
    }

    /// Lowercased, accents removed, punctuation dropped, whitespace collapsed.
    static func normalized(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly every row): written straight into the string's storage, one allocation.
            return String(unsafeUninitializedCapacity: text.utf8.count) { out in
                var count = 0
                var space = false
                for var b in text.utf8 {
                    if b >= 65, b <= 90 { b += 32 }
                    if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                        if space, count > 0 {
                            out[count] = 32
                            count += 1
                        }
                        space = false
                        out[count] = b
                        count += 1
                    } else {
                        space = true
                    }
                }
                return count
            }
        }
        var space = false
        var result = ""
        for scalar in TaxonomyResolver.key(text).unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if space, !result.isEmpty { result.append(" ") }
                space = false
                result.unicodeScalars.append(scalar)
            } else {
                space = true
            }
        }
        return result
    }

    private static func cell(_ x: Double, _ y: Double, radius: Double) -> Cell {
        Cell(cx: Int((x / radius).rounded(.down)), cy: Int((y / radius).rounded(.down)))
    }

    private mutating func add(_ point: Point, to key: Key) {
        groups[key, default: Group()].append(point, radius: radiusMeters)
    }

    /// What an ingest stores of `valid`, with its short id (both stores): nil when it is a likely duplicate
    /// and duplicates are not allowed. A likely duplicate is reported either way; a stored one's id is
    /// added to the report.
    mutating func admit(
        _ valid: ObservationValidator.Valid, options: IngestOptions, shortIDs: inout ShortIDCounter, report: inout IngestReport
    ) -> Observation? {
        var observation = valid.observation
        if let match = matchAndAdd(observation) {
            report.duplicates.append(
                InputIssue(
                    file: valid.file, line: valid.line, field: "text", value: observation.text,
                    reason: .duplicate(of: match.id, distanceMeters: match.distanceMeters)))
            if !options.allowDuplicates { return nil }
        }
        if observation.shortID == nil { observation.shortID = shortIDs.next(group: observation.groupName) }
        report.insertedIDs.append(observation.id)
        return observation
    }

    /// The nearest earlier observation with the same category and text within the radius; the
    /// observation is then added to the index.
    mutating func matchAndAdd(_ o: Observation) -> (id: String, distanceMeters: Double)? {
        let radius = radiusMeters
        return groups[Key(category: o.category, text: Self.normalized(o.text)), default: Group()]
            .nearestThenAppend(Point(id: o.id, x: o.rdX, y: o.rdY), radius: radius)
    }
}
