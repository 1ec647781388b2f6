import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// What `importFile` did, with the file of rejected rows when there was one.
public struct FileImportReport: Sendable, Hashable {
    public var report: IngestReport
    /// `FILE.rejected.csv` beside the input, written with `skipInvalid` when rows were rejected.
    public var rejectedFile: URL?
}

/// Reading observation files (CSV, GPX, GeoJSON) into drafts, and the CSV template.
public enum ObservationFiles {
    /// The template's columns, in order; also the columns of the rejected-rows file.
    public static let templateColumns = [
        "id", "group", "walker", "observed_at", "category", "subcategory", "level", "text", "street", "checkpoint",
        "status", "owner", "lon", "lat", "x", "y", "photo",
    ]

    /// A draft field an input column can fill.
    enum Field: String, CaseIterable {
        case id, group, walker, category, subcategory, level, text, street, checkpoint, status, owner, lon, lat, x, y, photo
        case observedAt = "observed_at"
    }

    /// Accepted column names (lowercased) for each field: English, Dutch and the export's names.
    static let aliases: [String: Field] = {
        let table: [Field: [String]] = [
            .id: ["id", "uuid"],
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

    /// Reads a file's observations as drafts; the format follows the extension (.csv, .gpx, .geojson/.json).
    /// - Throws: ``StoreError/invalidInput(_:)`` when the file's structure is wrong (e.g. no category
    ///   column), ``StoreError/unreadableFile(_:_:)``, ``StoreError/unsupportedFormat(_:)``.
    public static func drafts(from url: URL) throws -> [ObservationDraft] {
        try drafts(from: url, fallbackCategory: nil)
    }

    /// As ``drafts(from:)``; for GPX, `fallbackCategory` is the category of waypoints without one (`--category`).
    static func drafts(from url: URL, fallbackCategory: FallbackCategory?) throws -> [ObservationDraft] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw StoreError.unreadableFile(url.path, Phrase(describingFileError: error)) }
        switch url.pathExtension.lowercased() {
        case "csv", "txt": return try csvDrafts(data, fileName: url.lastPathComponent, folder: url.deletingLastPathComponent())
        case "gpx": return try gpxDrafts(data, fileName: url.lastPathComponent, fallbackCategory: fallbackCategory)
        case "geojson", "json": return try geoJSONDrafts(data, fileName: url.lastPathComponent)
        default: throw StoreError.unsupportedFormat(url.lastPathComponent)
        }
    }

    /// CSV rows to drafts; photo paths are relative to the CSV's folder.
    static func csvDrafts(_ data: Data, fileName: String, folder: URL) throws -> [ObservationDraft] {
        let parsed: (delimiter: UInt8, records: [CSV.Record])
        do {
            parsed = try CSV.parse(data)
        } catch {
            let line = if case .unterminatedQuote(_, let line) = error { line } else { nil as Int? }
            throw StoreError.invalidInput([InputIssue(file: fileName, line: line, field: "\"", reason: .malformedFile(Phrase(error)))])
        }
        guard let header = parsed.records.first else {
            throw StoreError.invalidInput([InputIssue(file: fileName, line: 1, field: "category", reason: .missingField)])
        }
        // Columns are matched to fields once, so each value costs a switch over an enum, not string compares.
        let fields = header.fields.map { aliases[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
        guard fields.contains(.category) else {
            throw StoreError.invalidInput([InputIssue(file: fileName, line: 1, field: "category", reason: .missingField)])
        }
        var drafts: [ObservationDraft] = []
        drafts.reserveCapacity(parsed.records.count - 1)
        for record in parsed.records.dropFirst() {
            var draft = ObservationDraft(file: fileName, line: record.line)
            for (index, value) in record.fields.enumerated() where index < fields.count && !value.isEmpty {
                switch fields[index] {
                case .photo:
                    draft.photos = value.split(separator: "|").compactMap { String($0).nonBlank }.map {
                        $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : folder.appendingPathComponent($0)
                    }
                case .some(let field): draft.set(field, value)
                case nil: break
                }
            }
            drafts.append(draft)
        }
        return drafts
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
    static func isPlannedRoute(_ document: GPXDocument) -> Bool {
        guard !document.tracks.isEmpty, !document.waypoints.isEmpty else { return false }
        if document.creator == "Schouw" { return true }
        let checkpoints = document.waypoints.filter { isCheckpointLabel($0.name ?? "") }.count
        return checkpoints > 0 && checkpoints >= document.waypoints.count - 1
    }

    /// A checkpoint name on a route sheet: a group letter or number, a dash and a number ("A-03", "12-07").
    private static func isCheckpointLabel(_ name: String) -> Bool {
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

    /// Writes `FILE.rejected.csv`: the template columns plus `error`, one row per rejected draft.
    static func writeRejected(_ rejected: [RejectedDraft], beside input: URL, language: Language) throws -> URL {
        let url = input.deletingLastPathComponent().appendingPathComponent(input.lastPathComponent + ".rejected.csv")
        let rows = rejected.lazy.map { r -> [String] in
            let d = r.draft
            let coordinate = d.position
            return [
                d.id, d.group, d.walker, d.observedAt, d.category, d.subcategory, d.level, d.text, d.street, d.checkpoint,
                d.status, d.owner, d.lon ?? coordinate.map { Decimal7.format($0.longitude) },
                d.lat ?? coordinate.map { Decimal7.format($0.latitude) }, d.rdX, d.rdY,
                d.photos.map(\.path).joined(separator: "|"),
            ].map { $0 ?? "" } + [r.issues.map { $0.message(language) }.joined(separator: " | ")]
        }
        // A file system error (e.g. no permission in the folder) names the file itself.
        let sink = try ByteSink.file(url)
        try CSV.write(header: templateColumns + ["error"], rows: rows, excel: false, to: sink)
        try sink.finish()
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
        let drafts = try ObservationFiles.drafts(from: url, fallbackCategory: fallback)
        let report = try ingest(drafts, options: options)
        let rejectedFile = report.rejected.isEmpty ? nil : try ObservationFiles.writeRejected(report.rejected, beside: url, language: language)
        return FileImportReport(report: report, rejectedFile: rejectedFile)
    }

    /// Writes the CSV template (one example row) and, beside it, `…categories.csv` listing the
    /// categories, subcategories and levels the walker can use.
    /// - Returns: the URLs of the template and of the category list.
    public func writeTemplate(to url: URL, excel: Bool = false) throws -> (template: URL, categories: URL) {
        let taxonomy = try taxonomy()
        let schouw = try schouw()
        let group = try plan().first?.name ?? "Groep 1"
        let example = [
            "", group, "Anja", "\(schouw.date)T19:30", taxonomy.categories.first?.code ?? "", taxonomy.categories.first?.subcategories.first?.code ?? "",
            "B", "Voorbeeld: veel zwerfvuil bij het bankje (deze regel weghalen)", "", "", "open", "gemeente",
            excel ? "5,7239880" : "5.7239880", excel ? "52,5188470" : "52.5188470", "", "", "",
        ]
        var categoryRows: [[String]] = []
        for category in taxonomy.categories {
            categoryRows.append(["category", category.code, "", category.nl, category.en, category.theme ?? ""])
            for sub in category.subcategories { categoryRows.append(["subcategory", category.code, sub.code, sub.nl, sub.en, ""]) }
        }
        for level in taxonomy.allLevels { categoryRows.append(["level", "", level.code, level.nl, level.en, ""]) }
        let categoriesURL = url.deletingPathExtension().appendingPathExtension("categories.csv")
        // A file system error (e.g. no permission in the folder) names the file itself.
        try CSV.write(header: ObservationFiles.templateColumns, rows: [example], excel: excel).write(to: url, options: .atomic)
        try CSV.write(header: ["kind", "category", "code", "nl", "en", "theme"], rows: categoryRows, excel: excel)
            .write(to: categoriesURL, options: .atomic)
        return (url, categoriesURL)
    }
}
