import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// What `importFile` did, with the file of rejected rows when there was one.
public struct FileImportReport: Sendable, Hashable {
    public var report: IngestReport
    /// `FILE.rejected.csv` beside the input, written with `skipInvalid` when rows were rejected.
    public var rejectedFile: URL?
    /// The encoding a CSV file was read in (nil for GPX and GeoJSON), to tell the user.
    public var encoding: TextEncoding?
    /// CSV rows that hold no finding (empty, or only a template's checkpoint, street and group), skipped.
    public var skippedRows: Int = 0
}

/// An observation file read into drafts.
public struct ObservationFile: Sendable {
    public var drafts: [ObservationDraft]
    /// A CSV file's delimiter and encoding, in which its rejected rows are written back; nil for GPX
    /// and GeoJSON.
    public var csvDialect: CSV.Dialect?
    /// CSV rows skipped because they hold no finding (see ``ObservationFiles/prefilledFields``).
    public var skippedRows: Int = 0
}

/// Reading observation files (CSV, GPX, GeoJSON) into drafts, and the CSV template.
public enum ObservationFiles {
    /// Every field's English column name, in order: the columns of the rejected-rows file. The
    /// template (``templateFields``) has the walkers' subset, in Dutch by default.
    public static let fieldColumns = [
        "id", "short_id", "group", "walker", "observed_at", "category", "subcategory", "level", "text", "street", "checkpoint",
        "status", "owner", "lon", "lat", "x", "y", "photo",
    ]

    /// A draft field an input column can fill.
    enum Field: String, CaseIterable {
        case id, group, walker, category, subcategory, level, text, street, checkpoint, status, owner, lon, lat, x, y, photo
        case observedAt = "observed_at"
        case shortID = "short_id"
    }

    /// Accepted column names (lowercased) for each field: English, Dutch and the export's names.
    static let aliases: [String: Field] = {
        let table: [Field: [String]] = [
            .id: ["id", "uuid"],
            .shortID: ["short_id", "nummer", "kort_id"],
            .group: ["group", "groep", "group_name"],
            .walker: ["walker", "loper", "wandelaar", "naam"],
            .observedAt: ["observed_at", "time", "tijd", "tijdstip", "datum", "waargenomen"],
            .category: ["category", "categorie"],
            .subcategory: ["subcategory", "subcategorie"],
            .level: ["level", "niveau", "kwaliteit", "score"],
            .text: ["text", "tekst", "omschrijving", "opmerking", "description"],
            .street: ["street", "straat"],
            .checkpoint: ["checkpoint", "controlepunt", "punt"],
            .status: ["status"],
            .owner: ["owner", "eigenaar"],
            .lon: ["lon", "lng", "long", "longitude", "lengtegraad"],
            .lat: ["lat", "latitude", "breedtegraad"],
            .x: ["x", "rd_x", "rdx"],
            .y: ["y", "rd_y", "rdy"],
            .photo: ["photo", "foto"],
        ]
        var result: [String: Field] = [:]
        for (field, names) in table { for name in names { result[name] = field } }
        return result
    }()

    /// Columns the export writes that an import derives itself (the schouw, the time entered, the buurt,
    /// how the location was given, the stored photos' names) and the rejected-rows file's `error`:
    /// known, and not read.
    static let ignoredColumns: Set<String> = [
        "schouw", "entered_at", "buurt_code", "location_source", "photos", "error",
        "actions", "action_status", "action_partner", "action_due",
    ]

    /// What a CSV column holds.
    enum Column: Equatable {
        case field(Field)
        /// A known column that is not read (``ignoredColumns``), or one already reported as a problem.
        case ignored
        /// An empty header cell (Excel leaves one after a trailing delimiter): fine while it stays empty.
        case unnamed
    }

    /// Reads a file's observations as drafts; the format follows the extension (.csv, .gpx, .geojson/.json).
    /// - Throws: ``StoreError/invalidInput(_:)`` when the file's structure is wrong (e.g. no category
    ///   column, an unknown or duplicate column), ``StoreError/unreadableFile(_:_:)``,
    ///   ``StoreError/unsupportedFormat(_:)``; a CSV file's ``FormatError`` (its encoding, a NUL byte, an
    ///   open quote, no lines at all), naming the file and line.
    public static func read(from url: URL) throws -> ObservationFile {
        try read(from: url, fallbackCategory: nil)
    }

    /// As ``read(from:)``; for GPX, `fallbackCategory` is the category of waypoints without one (`--category`).
    static func read(from url: URL, fallbackCategory: FallbackCategory?) throws -> ObservationFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw StoreError.unreadableFile(url.path, Phrase(describingFileError: error)) }
        switch url.pathExtension.lowercased() {
        case "csv", "txt": return try csv(data, fileName: url.lastPathComponent, folder: url.deletingLastPathComponent())
        case "gpx": return ObservationFile(drafts: try gpxDrafts(data, fileName: url.lastPathComponent, fallbackCategory: fallbackCategory))
        case "geojson", "json": return ObservationFile(drafts: try geoJSONDrafts(data, fileName: url.lastPathComponent))
        default: throw StoreError.unsupportedFormat(url.lastPathComponent)
        }
    }

    /// CSV rows to drafts; photo paths are relative to the CSV's folder.
    ///
    /// The header must name every column the import knows (``aliases``, ``ignoredColumns``), each field
    /// once, and values may only stand under a named column: a column the import would skip is
    /// reported, never dropped silently. A row holding nothing but a template's pre-filled checkpoint,
    /// street and group (``prefilledFields``), or nothing at all, is no finding: it is skipped and counted.
    static func csv(_ data: Data, fileName: String, folder: URL) throws -> ObservationFile {
        // Encoding, NUL bytes, open quotes and empty files are told by the reader, naming file and line.
        // Each record becomes a draft as it is read, so the records are never all held at once.
        var columns: [Column] = []
        var headerIssues: [InputIssue]?
        var unnamedValues: [Int: InputIssue] = [:]
        var drafts: [ObservationDraft] = []
        // Whether a value in each column makes a row a finding: not in a template's pre-filled columns.
        var tellsAFinding: [Bool] = []
        var skipped = 0
        let dialect = try CSV.forEachRecord(data, fileName: fileName) { record in
            guard headerIssues != nil else {
                (columns, headerIssues) = Self.columns(of: record, fileName: fileName)
                tellsAFinding = columns.map { column -> Bool in
                    if case .field(let field) = column { !Self.prefilledFields.contains(field) } else { false }
                }
                return
            }
            var draft = ObservationDraft(file: fileName, line: record.line)
            var holdsAFinding = false
            for (index, value) in record.fields.enumerated() where !value.isEmpty {
                if !holdsAFinding, index < tellsAFinding.count, tellsAFinding[index], value.nonBlank != nil { holdsAFinding = true }
                switch index < columns.count ? columns[index] : .unnamed {
                case .field(.photo):
                    draft.photos = value.split(separator: "|").compactMap { String($0).nonBlank }.map {
                        $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : folder.appendingPathComponent($0)
                    }
                case .field(let field): draft.set(field, value)
                case .ignored: break
                case .unnamed:
                    // Once per column: the first line where it holds something is enough to find it.
                    guard unnamedValues[index] == nil, value.nonBlank != nil else { break }
                    let letter = columnLetter(index)
                    unnamedValues[index] = InputIssue(
                        file: fileName, line: record.line, field: letter, value: shortened(value),
                        reason: .valueWithoutColumn(column: letter))
                }
            }
            // An empty row, or a template's row a walker left as it was: no finding, skipped.
            if holdsAFinding { drafts.append(draft) } else { skipped += 1 }
        }
        let issues = (headerIssues ?? []) + unnamedValues.sorted { $0.key < $1.key }.map(\.value)
        guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
        return ObservationFile(drafts: drafts, csvDialect: dialect, skippedRows: skipped)
    }

    /// What each header cell names, and the header's problems: unknown columns (with the nearest known
    /// name), columns filling a field an earlier column fills, and a missing category column.
    static func columns(of header: CSV.Record, fileName: String) -> (columns: [Column], issues: [InputIssue]) {
        var columns: [Column] = []
        var issues: [InputIssue] = []
        var firstColumn: [Field: (index: Int, name: String)] = [:]
        for (index, cell) in header.fields.enumerated() {
            // A stray byte order mark (a file saved twice with one) is no part of the name.
            let name = cell.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"]))
            let key = name.lowercased()
            if name.isEmpty {
                columns.append(.unnamed)
            } else if ignoredColumns.contains(key) {
                columns.append(.ignored)
            } else if let field = aliases[key] {
                if let earlier = firstColumn[field] {
                    issues.append(InputIssue(
                        file: fileName, line: header.line, field: shortened(name),
                        reason: .duplicateColumn(column: columnLetter(index), earlier: columnLetter(earlier.index), earlierName: earlier.name)))
                    columns.append(.ignored)
                } else {
                    firstColumn[field] = (index, name)
                    columns.append(.field(field))
                }
            } else {
                // Suggestions only for names of a plausible length (edit distance is quadratic).
                let suggestion = key.count <= 40 ? EditDistance.suggestions(for: key, among: Array(aliases.keys), limit: 1).first : nil
                issues.append(InputIssue(
                    file: fileName, line: header.line, field: shortened(name), reason: .unknownColumn(column: columnLetter(index)),
                    suggestion: suggestion))
                columns.append(.ignored)
            }
        }
        if firstColumn[.category] == nil {
            issues.append(InputIssue(file: fileName, line: header.line, field: "category", reason: .missingField))
        }
        return (columns, issues)
    }

    /// The spreadsheet letter of a 0-based column index: A … Z, AA, AB, …
    static func columnLetter(_ index: Int) -> String {
        var letters = ""
        var n = index + 1
        while n > 0 {
            n -= 1
            letters = String(UnicodeScalar(UInt8(ascii: "A") + UInt8(n % 26))) + letters
            n /= 26
        }
        return letters
    }

    /// A value or name as shown in a message: at most 40 characters, so that a huge cell does not
    /// swamp it.
    private static func shortened(_ text: String) -> String {
        text.count <= 40 ? text : text.prefix(40) + "…"
    }

    /// `--category`: the category of GPX waypoints that have none, and the taxonomy that tells which
    /// waypoint names are categories.
    struct FallbackCategory {
        /// As given (a code or label); the validator resolves it like any category.
        let category: String
        let resolver: TaxonomyResolver

        func isCategory(_ name: String) -> Bool {
            if case .success = resolver.resolve(category: name, subcategory: nil) { true } else { false }
        }
    }

    /// GPX waypoints to drafts, time → observed_at (whole seconds, UTC). The category is `<type>` when
    /// given, else the name when it is a category (name, desc and cmt as schouw writes them), else
    /// `fallbackCategory`, the walker's name then being the start of the text. Without a fallback such a
    /// name is reported as no category. A route written by `schouw plan` and a file without waypoints
    /// are refused whole.
    static func gpxDrafts(_ data: Data, fileName: String, fallbackCategory: FallbackCategory? = nil) throws -> [ObservationDraft] {
        let document: GPXDocument
        do { document = try GPX.read(data: data, fileName: fileName) } catch {
            // The issue names the file and line itself, so the reader's reason is given without them.
            let (line, reason): (Int?, Phrase) =
                switch error {
                case FormatError.invalidGPX(_, let line, let reason): (line, reason)
                case FormatError.notGPX: (nil, Phrase("geen GPX: er is geen <gpx>-element", "not GPX: there is no <gpx> element"))
                default: (nil, Phrase(error))
                }
            throw StoreError.invalidInput([InputIssue(file: fileName, line: line, field: "gpx", reason: .malformedFile(reason))])
        }
        if isPlannedRoute(document) {
            throw StoreError.invalidInput([InputIssue(file: fileName, field: "gpx", reason: .plannedRoute)])
        }
        guard !document.waypoints.isEmpty else {
            throw StoreError.invalidInput([InputIssue(file: fileName, field: "wpt", reason: .noWaypoints)])
        }
        return document.waypoints.map { waypoint in
            var draft = ObservationDraft(file: fileName, line: waypoint.line)
            let name = waypoint.name.nonBlank
            if let type = waypoint.type.nonBlank {
                draft.category = type
                draft.categoryOrigin = .field("type")
                draft.text = joinedText([name, waypoint.description, waypoint.comment])
            } else if let fallbackCategory, !(name.map(fallbackCategory.isCategory) ?? false) {
                draft.category = fallbackCategory.category
                draft.categoryOrigin = .field("--category")
                draft.text = joinedText([name, waypoint.description, waypoint.comment])
            } else {
                draft.category = name
                draft.categoryOrigin = .waypointName
                draft.text = joinedText([waypoint.description, waypoint.comment])
            }
            draft.observedAt = waypoint.time.map { Timestamps.format(epochSeconds: Int($0.timeIntervalSince1970.rounded(.down))) }
            draft.position = waypoint.coordinate
            draft.positionSource = .gpx
            return draft
        }
    }

    /// Whether a GPX file is a route from `schouw plan`: tracks, and waypoints that are its checkpoints
    /// ("A-03") and meeting point, whether schouw wrote it (creator) or an app passed it on.
    public static func isPlannedRoute(_ document: GPXDocument) -> Bool {
        guard !document.tracks.isEmpty, !document.waypoints.isEmpty else { return false }
        if document.creator == "Schouw" { return true }
        let checkpoints = document.waypoints.filter { isCheckpointLabel($0.name ?? "") }.count
        return checkpoints > 0 && checkpoints >= document.waypoints.count - 1
    }

    /// A checkpoint name on a route sheet: a group letter or number, a dash and a number ("A-03", "12-07").
    public static func isCheckpointLabel(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...3).contains(parts[0].count), (2...3).contains(parts[1].count) else { return false }
        return parts[0].allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } && parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The non-blank parts, each once, as sentences: "Zwerfvuil bij de speeltuin. Veel blikjes".
    /// A part that another part contains (a name repeated in the description) is left out.
    static func joinedText(_ parts: [String?]) -> String? {
        let texts = parts.compactMap(\.nonBlank)
        var kept: [String] = []
        for (index, text) in texts.enumerated() {
            let key = text.lowercased()
            let covered = texts.indices.contains { other in
                let otherKey = texts[other].lowercased()
                // Of two equal parts the first is kept; a shorter part inside a longer one goes.
                return other != index && otherKey.contains(key) && (otherKey.count > key.count || other < index)
            }
            if !covered { kept.append(text) }
        }
        guard var result = kept.first else { return nil }
        for text in kept.dropFirst() {
            result += (result.last.map { ".!?:;…".contains($0) } ?? false) ? " " + text : ". " + text
        }
        return result
    }

    /// GeoJSON Point features to drafts; properties use the CSV's column names. Other geometries are reported.
    static func geoJSONDrafts(_ data: Data, fileName: String) throws -> [ObservationDraft] {
        let document: GeoJSONDocument
        do { document = try GeoJSONReader().read(data: data, fileName: fileName) } catch {
            let path = error.geoJSONProblem?.path ?? ""
            throw StoreError.invalidInput([
                InputIssue(
                    file: fileName, line: error.geoJSONProblem?.line, field: path.isEmpty ? "geojson" : path,
                    reason: .malformedFile(Phrase(error)))
            ])
        }
        let features = document.features
        // Only points are positions; other geometries are reported per feature, not transformed.
        let points = features.map { feature -> Geometry? in
            if case .point = feature.geometry { feature.geometry } else { nil }
        }
        let positions = try SchouwDatabase.wrapping {
            try CoordinateTransforms.transform(points, from: document.crs, to: .wgs84)
        }.map { geometry -> Coordinate? in
            if case .point(let c)? = geometry { c } else { nil }
        }
        return features.enumerated().map { index, feature in
            // GeoJSON has no line numbers per feature; the feature's index names it instead.
            var draft = ObservationDraft(file: "\(fileName) features[\(index)]", line: nil)
            for (key, value) in feature.properties {
                let text: String? =
                    switch value {
                    case .string(let s): s
                    case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
                    case .bool(let b): String(b)
                    default: nil
                    }
                // Positions come from the geometry and photos are not read from GeoJSON.
                guard let text, let field = aliases[key.lowercased()], ![.lon, .lat, .x, .y, .photo].contains(field) else { continue }
                draft.set(field, text)
            }
            if let position = positions[index] {
                draft.position = position
                draft.positionSource = .geojson
            } else {
                draft.nonPointGeometry = feature.geometry?.typeName ?? "null"
            }
            return draft
        }
    }

    /// Writes `FILE.rejected.csv`: every field's column plus `error`, one row per rejected draft, in
    /// `dialect` (the input's delimiter and encoding, so Dutch Excel opens it in columns as it did the input).
    static func writeRejected(_ rejected: [RejectedDraft], beside input: URL, dialect: CSV.Dialect, language: Language) throws -> URL {
        let url = input.deletingLastPathComponent().appendingPathComponent(input.lastPathComponent + ".rejected.csv")
        let rows = rejected.lazy.map { r -> [String] in
            let d = r.draft
            let coordinate = d.position
            return [
                d.id, d.shortID, d.group, d.walker, d.observedAt, d.category, d.subcategory, d.level, d.text, d.street, d.checkpoint,
                d.status, d.owner, d.lon ?? coordinate.map { Decimal7.format($0.longitude) },
                d.lat ?? coordinate.map { Decimal7.format($0.latitude) }, d.rdX, d.rdY,
                d.photos.map(\.path).joined(separator: "|"),
            ].map { $0 ?? "" } + [r.issues.map { $0.message(language) }.joined(separator: " | ")]
        }
        // A file system error (e.g. no permission in the folder) names the file itself; on any error no half file is left.
        try ByteSink.writeFile(url) { try CSV.write(header: fieldColumns + ["error"], rows: rows, dialect: dialect, to: $0) }
        return url
    }
}

extension SchouwDatabase {
    /// Imports a CSV, GPX or GeoJSON file in one transaction (see ``ingest(_:options:)``); with
    /// `skipInvalid` the rejected rows are written to `FILE.rejected.csv` beside the input.
    /// - Throws: ``StoreError/invalidInput(_:)`` also for an `options.defaultCategory` the taxonomy
    ///   does not know, with the nearest category as suggestion, before the file is read.
    public func importFile(_ url: URL, options: IngestOptions = IngestOptions(), language: Language = .nl) throws -> FileImportReport {
        var fallback: ObservationFiles.FallbackCategory?
        if let category = options.defaultCategory {
            let resolver = TaxonomyResolver(try taxonomy())
            if case .failure(let miss) = resolver.resolve(category: category, subcategory: nil) {
                let suggestion = if case .category(let suggestion) = miss { suggestion } else { nil as String? }
                throw StoreError.invalidInput([
                    InputIssue(field: "--category", value: category, reason: .unknownCategory, suggestion: suggestion)
                ])
            }
            fallback = ObservationFiles.FallbackCategory(category: category, resolver: resolver)
        }
        let file = try ObservationFiles.read(from: url, fallbackCategory: fallback)
        let report = try ingest(file.drafts, options: options)
        let rejectedFile =
            report.rejected.isEmpty
            ? nil
            : try ObservationFiles.writeRejected(report.rejected, beside: url, dialect: file.csvDialect ?? .standard, language: language)
        return FileImportReport(report: report, rejectedFile: rejectedFile, encoding: file.csvDialect?.encoding, skippedRows: file.skippedRows)
    }

}
