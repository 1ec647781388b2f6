import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// What `schouw observe template` wrote.
public struct TemplateFiles: Sendable, Hashable {
    /// The template: one row per checkpoint, to fill in.
    public var template: URL
    /// Beside it: how to fill it in, the categories with their labels and words, and the levels.
    public var categories: URL
    /// Checkpoint rows in the template.
    public var rows: Int
    /// The groups whose checkpoints it holds.
    public var groups: [String]
}

extension ObservationFiles {
    /// The template's columns in order, with their Dutch and English names (the import takes both).
    static let templateFields: [(field: Field, nl: String, en: String)] = [
        (.checkpoint, "controlepunt", "checkpoint"), (.street, "straat", "street"), (.group, "groep", "group"),
        (.category, "categorie", "category"), (.subcategory, "subcategorie", "subcategory"), (.level, "niveau", "level"),
        (.text, "omschrijving", "text"), (.observedAt, "tijdstip", "observed_at"), (.walker, "loper", "walker"),
        (.photo, "foto", "photo"), (.lon, "lengtegraad", "lon"), (.lat, "breedtegraad", "lat"),
    ]

    /// The fields a template fills in before the walk: a row that holds nothing else is no finding and
    /// is skipped on import, not refused.
    static let prefilledFields: Set<Field> = [.checkpoint, .street, .group]

    /// The checkpoints of a plan written by `schouw plan` (`checkpoints.geojson`, or the plan's folder; an
    /// older plan's `route.geojson` held them too): its Point features with a `group` and a `number`.
    /// - Throws: ``StoreError/unreadableFile(_:_:)`` or ``StoreError/invalidInput(_:)`` naming the file
    ///   when it cannot be read or holds no checkpoints.
    public static func routeCheckpoints(_ url: URL) throws -> [PlanGroup] {
        var isFolder: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
            ? ["checkpoints.geojson", "route.geojson"].map { url.appendingPathComponent($0) }
                .first { FileManager.default.fileExists(atPath: $0.path) } ?? url.appendingPathComponent("checkpoints.geojson")
            : url
        let data: Data
        do { data = try Data(contentsOf: file) } catch { throw StoreError.unreadableFile(file.path, Phrase(describingFileError: error)) }
        let document: GeoJSONDocument
        do { document = try GeoJSONReader().read(data: data, fileName: file.lastPathComponent) } catch {
            throw StoreError.invalidInput([InputIssue(file: file.lastPathComponent, field: "geojson", reason: .malformedFile(Phrase(error)))])
        }
        let wgs84 = try SchouwDatabase.wrapping { try CoordinateTransforms.transform(document.features.map(\.geometry), from: document.crs, to: .wgs84) }
        var groups: [PlanGroup] = []
        for (feature, geometry) in zip(document.features, wgs84) {
            guard case .point(let coordinate)? = geometry, feature.properties["kind"]?.stringValue ?? "checkpoint" == "checkpoint",
                let group = feature.properties["group"]?.stringValue, let number = feature.properties["number"]?.intValue
            else { continue }
            let checkpoint = PlanCheckpoint(number: number, street: feature.properties["street"]?.stringValue, coordinate: coordinate)
            if let index = groups.firstIndex(where: { $0.name == group }) {
                groups[index].checkpoints.append(checkpoint)
            } else {
                groups.append(PlanGroup(name: group, line: [], lengthMeters: 0, minutes: 0, checkpoints: [checkpoint]))
            }
        }
        guard !groups.isEmpty else {
            throw StoreError.invalidInput([InputIssue(file: file.lastPathComponent, field: "features", reason: .noCheckpoints)])
        }
        return groups
    }
}

extension ObservationStore {
    /// Writes the template to fill in after the walk, for Dutch Excel (semicolons, UTF-8 byte order mark,
    /// CRLF): one row per checkpoint of the group (or of every group), with checkpoint number, street and
    /// group filled in, so a walker only fills in categorie, niveau and omschrijving where something was
    /// found. There is no example row. Beside it, `FILE.categorieen.csv` (`--lang en`:
    /// `FILE.categories.csv`) tells how to fill it in and lists the categories, subcategories and the
    /// schouw's levels with their labels and the words the import also takes.
    ///
    /// - Parameters:
    ///   - group: a group name or its short prefix ("Groep A", "a"); nil for every group.
    ///   - route: the checkpoints when the database holds no plan (``ObservationFiles/routeCheckpoints(_:)``).
    ///   - language: the column names and instructions; the import takes both languages.
    /// - Throws: ``StoreError/invalidInput(_:)`` when there is no plan, or no group by that name.
    public func writeTemplate(to url: URL, group: String? = nil, route: [PlanGroup]? = nil, language: Language = .nl) async throws -> TemplateFiles {
        let taxonomy = try await taxonomy()
        let schouw = try await schouw()
        let stored = try await plan()
        let groups = stored.contains { !$0.checkpoints.isEmpty } ? stored : route ?? []
        guard groups.contains(where: { !$0.checkpoints.isEmpty }) else {
            throw StoreError.invalidInput([InputIssue(field: "plan", reason: .noPlan)])
        }
        var chosen = groups
        if let group {
            let key = TaxonomyResolver.key(group)
            let matches = groups.enumerated().filter { index, g in
                TaxonomyResolver.key(g.name) == key || ShortID.prefix(group: g.name, planPosition: index) == group.uppercased()
            }.map(\.element)
            guard !matches.isEmpty else {
                throw StoreError.invalidInput([InputIssue(field: "--group", value: group, reason: .unknownGroup(known: groups.map(\.name)))])
            }
            chosen = matches
        }
        let nl = language == .nl
        let header = ObservationFiles.templateFields.map { nl ? $0.nl : $0.en }
        let rows = chosen.flatMap { g in
            g.checkpoints.sorted { $0.number < $1.number }.map { checkpoint in
                ObservationFiles.templateFields.map { column -> String in
                    switch column.field {
                    case .checkpoint: String(checkpoint.number)
                    case .street: checkpoint.street ?? ""
                    case .group: g.name
                    default: ""
                    }
                }
            }
        }
        let categoriesURL = url.deletingPathExtension().appendingPathExtension(nl ? "categorieen.csv" : "categories.csv")
        let scale = schouw.levelScale.flatMap { taxonomy.levels[$0] } ?? taxonomy.allLevels
        // A file system error (e.g. no permission in the folder) names the file itself; on any error no half file is left.
        try ByteSink.writeFile(url) { try CSV.write(header: header, rows: rows, dialect: .excel, to: $0) }
        try ByteSink.writeFile(categoriesURL) {
            try CSV.write(
                header: nl ? ["soort", "categorie", "code", "nl", "en", "ook goed"] : ["kind", "category", "code", "nl", "en", "also taken"],
                rows: Self.templateHelp(taxonomy: taxonomy, levels: scale, date: schouw.date, templateName: url.lastPathComponent, nl: nl),
                dialect: .excel, to: $0)
        }
        return TemplateFiles(template: url, categories: categoriesURL, rows: rows.count, groups: chosen.map(\.name))
    }

    /// The rows of the file beside the template: instructions, then categories, subcategories and levels.
    private static func templateHelp(taxonomy: Taxonomy, levels: [Taxonomy.Label], date: String, templateName: String, nl: Bool) -> [[String]] {
        let dateParts = date.split(separator: "-")
        let dutchDate = dateParts.count == 3 ? "\(Int(dateParts[2]) ?? 0)-\(Int(dateParts[1]) ?? 0)-\(dateParts[0])" : date
        let steps =
            nl
            ? [
                "\(templateName): elke regel is een controlepunt van de route; controlepunt, straat en groep staan er al.",
                "Zag u iets bij een controlepunt? Vul categorie (of subcategorie), niveau en omschrijving in. Regels die u leeg laat, worden overgeslagen.",
                "Twee dingen bij één punt: kopieer de regel. Iets tussen twee punten: een nieuwe regel met straat of lengtegraad/breedtegraad.",
                "Categorie: een code of omschrijving hieronder, of een gewoon woord uit de laatste kolom (bijv. lantaarnpaal).",
                "Niveau: \(levels.map(\.code).joined(separator: ", ")). Tijdstip: bijv. \(dutchDate) 19:30 of alleen 19:30 (Nederlandse tijd).",
                "Sla op als CSV (puntkomma's) en lever het bestand in; de organisator leest het in met `schouw observe import`.",
            ]
            : [
                "\(templateName): each row is a checkpoint of the route; checkpoint, street and group are filled in.",
                "Saw something at a checkpoint? Fill in category (or subcategory), level and text. Rows left empty are skipped.",
                "Two things at one point: copy the row. Something between points: a new row with street or lon/lat.",
                "Category: a code or label below, or a plain word from the last column (e.g. lantaarnpaal).",
                "Level: \(levels.map(\.code).joined(separator: ", ")). Time: e.g. \(date) 19:30 or just 19:30 (Dutch local time).",
                "Save as CSV (semicolons) and hand it in; the organizer reads it with `schouw observe import`.",
            ]
        var rows = steps.enumerated().map { [nl ? "uitleg \($0 + 1)" : "how \($0 + 1)", "", "", $1, "", ""] }
        for category in taxonomy.categories {
            rows.append([nl ? "categorie" : "category", category.code, category.code, category.nl, category.en, category.synonyms.joined(separator: ", ")])
            for sub in category.subcategories {
                rows.append([nl ? "subcategorie" : "subcategory", category.code, sub.code, sub.nl, sub.en, sub.synonyms.joined(separator: ", ")])
            }
        }
        for level in levels { rows.append([nl ? "niveau" : "level", "", level.code, level.nl, level.en, ""]) }
        return rows
    }
}
