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
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw StoreError.unreadableFile(url.path, Phrase(describingFileError: error)) }
        switch url.pathExtension.lowercased() {
        case "csv", "txt": return try csvDrafts(data, fileName: url.lastPathComponent, folder: url.deletingLastPathComponent())
        case "gpx": return try gpxDrafts(data, fileName: url.lastPathComponent)
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

    /// GPX waypoints to drafts: name → category, desc (or cmt) → text, time → observed_at.
    static func gpxDrafts(_ data: Data, fileName: String) throws -> [ObservationDraft] {
        let document: GPXDocument
        do { document = try GPX.read(data: data, fileName: fileName) } catch {
            throw StoreError.invalidInput([InputIssue(file: fileName, field: "gpx", reason: .malformedFile(Phrase(error)))])
        }
        return document.waypoints.map { waypoint in
            var draft = ObservationDraft(file: fileName, line: waypoint.line)
            draft.category = waypoint.name
            draft.text = waypoint.description ?? waypoint.comment
            draft.observedAt = waypoint.time.map { Timestamps.format(epochSeconds: Int($0.timeIntervalSince1970)) }
            draft.position = waypoint.coordinate
            draft.positionSource = .gpx
            return draft
        }
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
    public func importFile(_ url: URL, options: IngestOptions = IngestOptions(), language: Language = .nl) throws -> FileImportReport {
        let drafts = try ObservationFiles.drafts(from: url)
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
