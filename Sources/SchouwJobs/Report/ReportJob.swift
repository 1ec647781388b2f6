import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwOutputs
import SchouwStore

/// `schouw report`: the report for residents and council.
public struct ReportRequest: Sendable {
    /// The schouw: a file, or a PostgreSQL URL with the schouw's name.
    public var database: StoreAddress
    /// Last year's schouw (a file or a PostgreSQL URL with its name): adds the comparison (and its files) to the report.
    public var previous: StoreAddress?
    /// CBS buurten for the table per buurt; nil for the buurt stored in the database.
    public var areas: URL?
    public var language: Language
    /// The day of the report (`yyyy-MM-dd`), which overdue actions are judged by; nil for today.
    public var date: String?
    /// The folder for `rapport.html` (and `rapport.pdf`, the comparison's files); nil computes the figures only.
    public var destination: JobDestination?
    /// Print `rapport.pdf` with headless Chromium when it is installed.
    public var pdf: Bool

    /// The report of a schouw file (and last year's file).
    public init(
        database: URL, previous: URL? = nil, areas: URL? = nil, language: Language = .nl, date: String? = nil,
        destination: JobDestination?, pdf: Bool = true
    ) {
        self.init(
            database: StoreAddress(file: database), previous: previous.map { StoreAddress(file: $0) }, areas: areas, language: language,
            date: date, destination: destination, pdf: pdf)
    }

    public init(
        database: StoreAddress, previous: StoreAddress? = nil, areas: URL? = nil, language: Language = .nl, date: String? = nil,
        destination: JobDestination?, pdf: Bool = true
    ) {
        self.database = database
        self.previous = previous
        self.areas = areas
        self.language = language
        self.date = date
        self.destination = destination
        self.pdf = pdf
    }
}

/// The figures the report shows; `--json` prints them.
public struct ReportFigures: Sendable, Hashable, Encodable {
    public struct Count: Sendable, Hashable, Encodable {
        public var code: String
        public var label: String
        public var count: Int
    }

    public struct BuurtCount: Sendable, Hashable, Encodable {
        public var code: String
        public var name: String
        public var findings: Int
        public var open: Int
        public var afgehandeld: Int
    }

    public struct Cluster: Sendable, Hashable, Encodable {
        public var size: Int
        /// The streets named by its findings, most findings first.
        public var streets: [String]
        /// The short ids of its findings.
        public var findings: [String]
    }

    public struct Actions: Sendable, Hashable, Encodable {
        public var total = 0
        public var open = 0
        public var inBehandeling = 0
        public var afgehandeld = 0
        public var geannuleerd = 0
        public var overdue = 0

        enum CodingKeys: String, CodingKey {
            case total, open, afgehandeld, geannuleerd, overdue
            case inBehandeling = "in_behandeling"
        }
    }

    public struct ComparisonTotals: Sendable, Hashable, Encodable {
        public var opgelost: Int
        public var blijvend: Int
        public var nieuw: Int
    }

    public var findings: Int
    public var byCategory: [Count]
    public var byLevel: [Count]
    public var afgehandeld: Int
    /// afgehandeld ÷ findings, 0 without findings.
    public var shareAfgehandeld: Double
    public var buurten: [BuurtCount]
    public var clusters: [Cluster]
    public var actions: Actions
    public var comparison: ComparisonTotals?

    enum CodingKeys: String, CodingKey {
        case findings, afgehandeld, buurten, clusters, actions, comparison
        case byCategory = "by_category"
        case byLevel = "by_level"
        case shareAfgehandeld = "share_afgehandeld"
    }

    /// The figures as pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

public struct ReportResult: Sendable {
    public var figures: ReportFigures
    /// `rapport.html`, `rapport.pdf` when printed, and the comparison's files with `--previous`.
    public var files: [JobFile]
    /// Things the user should know: why there is no PDF, a repaired buurt polygon.
    public var warnings: [String]
}

public enum ReportJob {
    /// The number of clusters the report lists.
    static let clusterCount = 10

    /// Counts the figures, draws the map and writes the page (and prints it when Chromium is there), reading
    /// the schouw (and last year's) through the store interface: a file or PostgreSQL alike.
    /// - Throws: ``StoreError`` for the databases and a bad `--date`; reader, GEOS and PROJ errors naming the file.
    public static func run(_ request: ReportRequest) async throws -> ReportResult {
        try await request.database.with { try await run(request, store: $0) }
    }

    static func run(_ request: ReportRequest, store database: any ObservationStore) async throws -> ReportResult {
        let l = request.language
        let schouw = try await database.schouw()
        let taxonomy = try await database.taxonomy()
        let today = try request.date.map { text in
            guard let day = CalendarDay.normalize(text) else {
                throw StoreError.invalidInput([InputIssue(field: "--date", value: text, reason: .badDate)])
            }
            return day
        } ?? CalendarDay.today()
        let observations = try await database.observations(ObservationFilter())
        let findings = try Finding.load(.observations(observations, name: "database"))
        var warnings: [String] = []

        // Key figures.
        func categoryLabel(_ code: String) -> String {
            taxonomy.categories.first { $0.code == code }.map { l == .nl ? $0.nl : $0.en } ?? code
        }
        var categoryCounts: [String: Int] = [:]
        for o in observations { categoryCounts[o.category, default: 0] += 1 }
        let byCategory = categoryCounts.map { ReportFigures.Count(code: $0.key, label: categoryLabel($0.key), count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
        let levels = taxonomy.levels[schouw.levelScale ?? "crow"] ?? taxonomy.allLevels
        var levelCounts: [String: Int] = [:]
        for o in observations { levelCounts[o.level ?? "", default: 0] += 1 }
        var byLevel = levels.compactMap { level in
            levelCounts[level.code].map { ReportFigures.Count(code: level.code, label: "\(level.code) (\(l == .nl ? level.nl : level.en))", count: $0) }
        }
        for (code, count) in levelCounts.sorted(by: { $0.key < $1.key }) where !levels.contains(where: { $0.code == code }) {
            byLevel.append(ReportFigures.Count(code: code, label: code.isEmpty ? l.pick("geen niveau", "no level") : code, count: count))
        }
        let afgehandeld = observations.filter { $0.status == ObservationStatus.afgehandeld.rawValue }.count

        // Per buurt.
        let buurtSet = try CompareJob.buurtSet(areas: request.areas, schouw: schouw)
        warnings += buurtSet?.warnings ?? []
        var buurten: [ReportFigures.BuurtCount] = []
        var buurtRows: [ReportPage.BuurtRow] = []
        var outlines: [[Coordinate]] = []
        if let buurtSet, !findings.isEmpty {
            let grouping = try Grouping.group(findings, into: buurtSet)
            for area in grouping.areas where area.total > 0 {
                buurten.append(ReportFigures.BuurtCount(
                    code: area.buurt.code, name: area.buurt.name, findings: area.total, open: area.open, afgehandeld: area.afgehandeld))
                let top = area.byCategory.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
                buurtRows.append(ReportPage.BuurtRow(
                    code: area.buurt.code, name: area.buurt.name, total: area.total, open: area.open, afgehandeld: area.afgehandeld,
                    topCategory: top.map { "\(categoryLabel($0.key)) (\($0.value))" } ?? ""))
                outlines += area.buurt.geometryRD.polygons.flatMap(\.rings)
            }
        }

        // Clusters of findings within 25 m.
        let shortIDs = observations.map { $0.shortID ?? String($0.id.prefix(8)) }
        let clusterIndices = FindingClusters.clusters(observations.map { Coordinate(x: $0.rdX, y: $0.rdY) })
            .filter { $0.count >= 2 }.prefix(clusterCount)
        func ranked(_ values: [String]) -> [(String, Int)] {
            var counts: [String: Int] = [:]
            for value in values { counts[value, default: 0] += 1 }
            return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        }
        let clusters = clusterIndices.map { indices in
            ReportFigures.Cluster(
                size: indices.count, streets: ranked(indices.compactMap { observations[$0].street }).map(\.0),
                findings: indices.map { shortIDs[$0] })
        }
        let clusterRows = zip(clusterIndices, clusters).map { indices, cluster in
            ReportPage.ClusterRow(
                size: cluster.size,
                streets: ranked(indices.compactMap { observations[$0].street }).map { "\($0.0) (\($0.1))" }.joined(separator: ", "),
                categories: ranked(indices.map { categoryLabel(observations[$0].category) }).map { "\($0.0) (\($0.1))" }.joined(separator: ", "))
        }

        // Actions by partner; what was achieved.
        let actions = try await database.actions(status: nil, partner: nil)
        var actionFigures = ReportFigures.Actions()
        for details in actions {
            actionFigures.total += 1
            switch details.action.actionStatus {
            case .open: actionFigures.open += 1
            case .inBehandeling: actionFigures.inBehandeling += 1
            case .afgehandeld: actionFigures.afgehandeld += 1
            case .geannuleerd: actionFigures.geannuleerd += 1
            }
            if details.action.isOverdue(on: today) { actionFigures.overdue += 1 }
        }
        let kindOrder = PartnerKind.allCases
        let byPartner = Dictionary(grouping: actions) { $0.action.partner.label(l) }
        let partnerNames = byPartner.keys.sorted { a, b in
            let ka = kindOrder.firstIndex(of: byPartner[a]![0].action.partner.kind) ?? 0
            let kb = kindOrder.firstIndex(of: byPartner[b]![0].action.partner.kind) ?? 0
            return ka != kb ? ka < kb : a < b
        }
        let partnerActions = partnerNames.map { name in
            ReportPage.PartnerActions(
                partner: name,
                actions: byPartner[name]!.map { details in
                    let a = details.action
                    var status = a.actionStatus.label(l)
                    if a.actionStatus != .open { status += " (\(a.statusDate))" }
                    return ReportPage.ActionRow(
                        number: a.number, what: a.what, findings: details.findings.map { $0.shortID ?? String($0.id.prefix(8)) }.joined(separator: ", "),
                        due: a.dueDate ?? "–", status: status, overdue: a.isOverdue(on: today))
                })
        }
        // Photos are read through the store (files beside a schouw file, bytes in PostgreSQL); a missing one is left out.
        func photoURI(_ name: String) async -> String? {
            guard let data = try? await database.photoData(named: name) else { return nil }
            return dataURI(name: name, data: data)
        }
        let photoNames = try await database.photoNames()
        var achievements: [ReportPage.Achievement] = []
        for details in actions where details.action.actionStatus == .afgehandeld {
            let a = details.action
            var before: [String] = []
            for finding in details.findings {
                for name in photoNames[finding.id] ?? [] {
                    if let uri = await photoURI(name) { before.append(uri) }
                }
            }
            let ids = details.findings.map { $0.shortID ?? String($0.id.prefix(8)) }.joined(separator: ", ")
            var detail = l.pick("Afgehandeld op \(a.statusDate) door \(a.partner.label(l))", "Done on \(a.statusDate) by \(a.partner.label(l))")
            if !ids.isEmpty { detail += l.pick(" · bevindingen \(ids)", " · findings \(ids)") }
            if let note = a.note { detail += " · " + note }
            var after: String?
            if let name = a.afterPhoto { after = await photoURI(name) }
            achievements.append(ReportPage.Achievement(title: "\(a.number). \(a.what)", detail: detail, before: before, after: after))
        }

        // The comparison with last year (its files go beside the report).
        var files: [JobFile] = []
        var comparison: ReportFigures.ComparisonTotals?
        var comparisonPart: ReportPage.ComparisonPart?
        if let previous = request.previous {
            let compared = try await CompareJob.run(CompareRequest(
                old: previous, new: request.database, areas: request.areas, language: l, destination: request.destination))
            files += compared.files
            let s = compared.summary
            comparison = ReportFigures.ComparisonTotals(opgelost: s.total.opgelost, blijvend: s.total.blijvend, nieuw: s.total.nieuw)
            func row(_ label: String, _ c: ComparisonCounts) -> ReportPage.ComparisonRow {
                ReportPage.ComparisonRow(label: label, old: c.old, new: c.new, opgelost: c.opgelost, blijvend: c.blijvend, nieuw: c.nieuw)
            }
            let previousSchouw = try await previous.with { try await $0.schouw() }
            comparisonPart = ReportPage.ComparisonPart(
                previous: "\(previousSchouw.name), \(SheetDate(parsing: previousSchouw.date)?.formatted(l) ?? previousSchouw.date)",
                total: row(l.pick("totaal", "total"), s.total),
                byCategory: s.byCategory.map { row(categoryLabel($0.key), $0.counts) },
                byBuurt: s.byBuurt.map { row($0.name ?? ($0.key == "outside" ? l.pick("buiten de buurten", "outside the buurten") : $0.key), $0.counts) })
        }

        let figures = ReportFigures(
            findings: observations.count, byCategory: byCategory, byLevel: byLevel, afgehandeld: afgehandeld,
            shareAfgehandeld: observations.isEmpty ? 0 : Double(afgehandeld) / Double(observations.count), buurten: buurten,
            clusters: Array(clusters), actions: actionFigures, comparison: comparison)
        guard let destination = request.destination else { return ReportResult(figures: figures, files: files, warnings: warnings) }

        // The map: the sheets' map of every walk, with bands, outlines and findings over it.
        let legendCodes = byCategory.map(\.code)
        let plan = try await database.plan()
        let map = try mapSVG(
            plan: plan, streets: try await database.streets(), observations: observations, legendCodes: legendCodes, outlines: outlines,
            language: l)
        let groups = plan.map(\.name)
        let page = ReportPage(
            language: l, title: l.pick("Rapport ", "Report ") + schouw.name,
            date: SheetDate(parsing: schouw.date)?.formatted(l) ?? schouw.date,
            reportDate: SheetDate(parsing: today)?.formatted(l) ?? today,
            buurten: buurten.isEmpty ? [schouw.areaName ?? schouw.areaCode].compactMap { $0 } : buurten.map { "\($0.name) (\($0.code))" },
            groups: groups.isEmpty ? Array(Set(observations.compactMap(\.groupName))).sorted() : groups,
            partners: partnerNames, findings: observations.count,
            byCategory: byCategory.map { ReportPage.Count(label: $0.label, count: $0.count) },
            byLevel: byLevel.map { ReportPage.Count(label: $0.label, count: $0.count) }, afgehandeld: afgehandeld,
            map: map?.svg, legend: byCategory.map(\.label), heatmapNote: map?.note, buurtRows: buurtRows, clusters: clusterRows,
            actions: partnerActions, achievements: achievements, comparison: comparisonPart)
        let out = try destination.folder()
        let html = try JobFile.store(Data(page.html().utf8), name: "rapport.html", in: out)
        files.insert(html, at: 0)
        if request.pdf, let out {
            switch ReportPrinter.print(out.appendingPathComponent("rapport.html"), to: out.appendingPathComponent("rapport.pdf")) {
            case .printed(let url): files.insert(JobFile(name: "rapport.pdf", mediaType: "application/pdf", url: url), at: 1)
            case .noChromium: warnings.append(l.pick("rapport.pdf niet gemaakt: Chromium is niet geïnstalleerd", "rapport.pdf not made: Chromium is not installed"))
            case .failed(let reason): warnings.append(l.pick("rapport.pdf niet gemaakt: \(reason)", "rapport.pdf not made: \(reason)"))
            }
        }
        return ReportResult(figures: figures, files: files, warnings: warnings)
    }

    /// The report's map, or nil when there is nothing to draw.
    static func mapSVG(
        plan: [PlanGroup], streets: [PlanStreet], observations: [Observation], legendCodes: [String], outlines: [[Coordinate]],
        language: Language
    ) throws -> (svg: String, note: String?)? {
        let positions = observations.map { Coordinate(longitude: $0.lon, latitude: $0.lat) }
        guard let start = plan.first?.line.first ?? positions.first else { return nil }
        let content = RouteMapContent(
            streets: streets.map { RouteMapContent.Street(name: $0.name, line: $0.line, lengthMeters: $0.lengthMeters) },
            groups: plan.map { group in
                RouteMapContent.Group(
                    line: group.line, checkpoints: group.checkpoints.map { RouteMapContent.Checkpoint(number: $0.number, coordinate: $0.coordinate) },
                    walkedMeters: [:])
            },
            areaRings: [], start: start)
        // The map frames the findings, the walks and the outlines of the buurten with findings.
        let outlinePoints = try CoordinateTransforms.transform(outlines.flatMap { $0 }, from: .rdNew, to: .wgs84)
        let map = try SheetMap(content: content, alsoShowing: positions + outlinePoints)
        let rd = observations.map { Coordinate(x: $0.rdX, y: $0.rdY) }
        var bands: [ReportMapLayers.Band] = []
        var note: String?
        let classes = 4
        // A density surface needs a few findings; with fewer the map shows the points alone.
        if rd.count >= 5, let layer = try? Heatmap.make(
            points: rd, weights: rd.map { _ in 1 }, request: HeatmapRequest(kernel: try Kernel(.quartic), format: .bands, classes: classes))
        {
            for feature in layer.features {
                guard let geometry = feature.geometry, let densityClass = feature.properties["class"]?.intValue else { continue }
                bands.append(ReportMapLayers.Band(rings: geometry.polygons.flatMap { (polygon: Polygon) in polygon.rings }, densityClass: densityClass))
            }
            note = language.pick(
                "Grijs: dichtheid van de bevindingen (\(classes) klassen, straal \(Int(layer.radiusMeters.rounded())) m); hoe donkerder, hoe meer.",
                "Grey: density of the findings (\(classes) classes, radius \(Int(layer.radiusMeters.rounded())) m); the darker, the more.")
        }
        let points = observations.map { o in
            ReportMapLayers.Point(rd: Coordinate(x: o.rdX, y: o.rdY), category: legendCodes.firstIndex(of: o.category) ?? 0)
        }
        let svg = map.reportSVG(
            layers: ReportMapLayers(findings: points, bands: bands, bandClasses: classes, buurtOutlines: outlines), language: language)
        return (svg, note)
    }

    /// A photo as a `data:` URL, or nil when it is not a JPEG or PNG (by its name's extension).
    static func dataURI(name: String, data: Data) -> String? {
        let type: String
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "jpg", "jpeg": type = "image/jpeg"
        case "png": type = "image/png"
        default: return nil
        }
        return "data:\(type);base64," + data.base64EncodedString()
    }
}
