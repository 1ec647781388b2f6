import Foundation
import GRDB
import SchouwGeometry

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
        try Self.wrapping {
            try writer.write { db in
                var validator = try ObservationValidator(db: db, folder: folder, options: options)
                let enteredAt = Timestamps.now()
                var accepted: [ObservationValidator.Valid] = []
                var report = IngestReport()
                var problems: [InputIssue] = []
                let results = try validator.validate(drafts, enteredAt: enteredAt)
                for (draft, result) in zip(drafts, results) {
                    switch result {
                    case .success(let valid): accepted.append(valid)
                    case .failure(let failure):
                        problems += failure.issues
                        report.rejected.append(RejectedDraft(draft: draft, issues: failure.issues))
                    }
                }
                if !problems.isEmpty, !options.skipInvalid { throw StoreError.invalidInput(problems) }

                var duplicates = try DuplicateIndex(db: db, radiusMeters: options.duplicateRadiusMeters)
                var insert = try RawInsert(db, sql: Observation.insertSQL)
                var history = try RawInsert(
                    db, sql: "INSERT INTO status_history (observation_id, from_status, to_status, owner, changed_at) VALUES (?, NULL, ?, ?, ?)")
                for valid in accepted {
                    let observation = valid.observation
                    if let match = duplicates.matchAndAdd(observation) {
                        report.duplicates.append(
                            InputIssue(
                                file: valid.file, line: valid.line, field: "text", value: observation.text,
                                reason: .duplicate(of: match.id, distanceMeters: match.distanceMeters)))
                        if !options.allowDuplicates { continue }
                    }
                    observation.bind(to: &insert)
                    try insert.execute()
                    history.bind(observation.id)
                    history.bind(observation.status)
                    history.bind(observation.owner)
                    history.bind(enteredAt)
                    try history.execute()
                    try validator.storePhotos(valid.photos, for: observation.id, db: db)
                    report.insertedIDs.append(observation.id)
                }
                return report
            }
        }
    }
}

/// Finds stored or just-added observations with the same category and text nearby, on a grid of
/// cells as large as the radius.
///
/// Each (category, normalised text) pair is numbered once, so the grid is keyed by three integers.
struct DuplicateIndex {
    let radiusMeters: Double
    private var textIDs: [String: Int] = [:]
    private var cells: [Cell: [(id: String, x: Double, y: Double)]] = [:]

    private struct Cell: Hashable {
        var text: Int
        var cx: Int
        var cy: Int
    }

    init(db: Database, radiusMeters: Double) throws {
        self.radiusMeters = radiusMeters
        let rows = try Row.fetchCursor(db, sql: "SELECT id, category, text, rd_x, rd_y FROM observation WHERE deleted_at IS NULL")
        while let row = try rows.next() {
            let text = textID(category: row[1], text: row[2], creating: true)!
            insert(id: row[0], text: text, x: row[3], y: row[4])
        }
    }

    /// Lowercased, accents removed, punctuation dropped, whitespace collapsed.
    static func normalized(_ text: String) -> String {
        var out: [UInt8] = []
        var space = false
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            out.reserveCapacity(text.utf8.count)
            for var b in text.utf8 {
                if b >= 65, b <= 90 { b += 32 }
                if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                    if space, !out.isEmpty { out.append(32) }
                    space = false
                    out.append(b)
                } else {
                    space = true
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
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

    private mutating func textID(category: String, text: String, creating: Bool) -> Int? {
        let key = category + "\u{1F}" + Self.normalized(text)
        if let id = textIDs[key] { return id }
        guard creating else { return nil }
        let id = textIDs.count
        textIDs[key] = id
        return id
    }

    private func cell(_ v: Double) -> Int { Int((v / radiusMeters).rounded(.down)) }

    private mutating func insert(id: String, text: Int, x: Double, y: Double) {
        cells[Cell(text: text, cx: cell(x), cy: cell(y)), default: []].append((id, x, y))
    }

    /// The nearest earlier observation with the same category and text within the radius; the
    /// observation is then added to the index.
    mutating func matchAndAdd(_ o: Observation) -> (id: String, distanceMeters: Double)? {
        let text = textID(category: o.category, text: o.text, creating: true)!
        let (cx, cy) = (cell(o.rdX), cell(o.rdY))
        var best: (String, Double)?
        for dx in -1...1 {
            for dy in -1...1 {
                for candidate in cells[Cell(text: text, cx: cx + dx, cy: cy + dy)] ?? [] {
                    let d = ((candidate.x - o.rdX) * (candidate.x - o.rdX) + (candidate.y - o.rdY) * (candidate.y - o.rdY)).squareRoot()
                    if d <= radiusMeters, d < (best?.1 ?? .infinity) { best = (candidate.id, d) }
                }
            }
        }
        insert(id: o.id, text: text, x: o.rdX, y: o.rdY)
        return best
    }
}
