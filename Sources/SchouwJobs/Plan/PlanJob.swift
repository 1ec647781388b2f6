import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore

/// Everything `schouw plan` was asked, as plain values.
public struct PlanRequest: Sendable {
    public var streets: URL
    public var area: URL?
    public var areaCode: String?
    public var areaName: String?
    public var start: String
    public var via: URL?
    /// Last year's findings (a schouw database or a GeoJSON/CSV of points), for the priority of
    /// ``PlanOptions/previousFindings``.
    public var previous: URL?
    public var highways: [String]?
    public var groupNames: [String]
    public var title: String?
    public var language: Language
    public var options: PlanOptions
    /// Skip broken ways (e.g. with one node) with a warning instead of stopping.
    public var lenient = false
    /// A schouw database (made by `schouw init`) to store the groups, routes and checkpoints in.
    public var database: URL?
    /// Date, meeting point, scale, form address and taxonomy of the route sheets; the buurt and the
    /// title are filled in from the request.
    public var sheets: RouteSheetSettings

    public init(
        streets: URL, area: URL? = nil, areaCode: String? = nil, areaName: String? = nil, start: String, via: URL? = nil,
        highways: [String]? = nil, groupNames: [String] = [], title: String? = nil, language: Language = .nl,
        options: PlanOptions = PlanOptions(), sheets: RouteSheetSettings = RouteSheetSettings()
    ) {
        self.streets = streets
        self.area = area
        self.areaCode = areaCode
        self.areaName = areaName
        self.start = start
        self.via = via
        self.highways = highways
        self.groupNames = groupNames
        self.title = title
        self.language = language
        self.options = options
        self.sheets = sheets
    }
}

/// Runs a plan request end to end: read, plan, write the files, and describe the result.
public enum PlanJob {
    public struct Result: Sendable {
        public var plan: WalkPlan
        public var outputs: PlanOutputs
        public var files: [URL]
        /// The human-readable report for the terminal.
        public var report: String
    }

    /// How far around the buurt's box streets are kept for walking between its streets (metres).
    static let connectingMargin = 1000.0

    /// `box` (degrees) widened by `meters` on every side (a metre of latitude is 1/111,320 degree; of
    /// longitude, that divided by the cosine of the latitude).
    static func widened(_ box: BoundingBox, byMeters meters: Double) -> BoundingBox {
        let dLat = meters / 111_320
        let latitude = max(abs(box.minY), abs(box.maxY))
        let dLon = dLat / max(cos(latitude * .pi / 180), 0.01)
        return BoundingBox(minX: box.minX - dLon, minY: box.minY - dLat, maxX: box.maxX + dLon, maxY: box.maxY + dLat)
    }

    public static func run(
        _ request: PlanRequest, outputFolder: URL, progress: (String) -> Void = { _ in }
    ) throws -> Result {
        let l = request.language
        // The buurt first: from an OSM file only the ways that reach its box (plus a margin for walking
        // between its streets) are read into the graph, so one buurt plans fast from a province file.
        var area: PlanArea?
        var region: BoundingBox?
        var sheets = request.sheets
        sheets.title = sheets.title ?? request.title
        if let areaURL = request.area {
            let set = try BuurtSet.load(url: areaURL)
            for warning in set.warnings { progress(warning) }
            let buurt = try request.areaCode.map { try set.buurt(code: $0) } ?? set.buurt(name: request.areaName ?? "")
            area = PlanArea(label: "\(buurt.name) (\(buurt.code))", geometry: buurt.geometryWGS84)
            region = buurt.geometryWGS84.boundingBox.map { Self.widened($0, byMeters: Self.connectingMargin) }
            sheets.buurtName = buurt.name
            sheets.buurtCode = buurt.code
        }
        let network: StreetNetwork
        do {
            network = try StreetNetwork.load(
                url: request.streets, filter: WalkableFilter(highways: request.highways), region: region)
        } catch SchouwNetworkError.noStreets where region != nil {
            // Nothing walkable near the buurt. Read the whole file: with no walkable street at all that
            // throws noStreets for the file; else the buurt is what has none, as the planner would say.
            _ = try StreetNetwork.load(url: request.streets, filter: WalkableFilter(highways: request.highways))
            throw SchouwNetworkError.noStreetsInArea(area: area?.label ?? "")
        }
        for warning in network.warnings { progress(l.pick("waarschuwing: ", "warning: ") + warning.text(l)) }
        if !network.problems.isEmpty {
            guard request.lenient else {
                throw JobError.brokenWays(file: request.streets.lastPathComponent, problems: network.problems)
            }
            for problem in network.problems { progress(l.pick("overgeslagen: ", "skipped: ") + problem.text(l)) }
        }
        progress(l.pick(
            "straten: \(network.edges.count) segmenten, \(Int(network.totalLengthMeters.rounded())) m",
            "streets: \(network.edges.count) segments, \(Int(network.totalLengthMeters.rounded())) m"))
        var options = request.options
        if let viaURL = request.via {
            options.via = try GeoJSON.read(contentsOf: viaURL).features.enumerated().map { index, feature in
                guard case .point(let c)? = feature.geometry else {
                    throw JobError.viaNotAPoint(
                        file: viaURL.lastPathComponent, feature: index, found: feature.geometry?.typeName ?? "null")
                }
                return c
            }
        }
        if let previousURL = request.previous {
            let source: FindingSource = previousURL.pathExtension.lowercased() == "schouw" ? .database(previousURL) : .file(previousURL)
            let findings = try Finding.load(source)
            options.previousFindings = try CoordinateTransforms.transform(findings.map(\.rd), from: .rdNew, to: .wgs84)
        }
        let start = try StartLocation(parsing: request.start)
        let plan = try WalkPlanner(network: network).plan(area: area, start: start, options: options)
        let outputs = PlanOutputs(
            plan: plan, language: l, groupNames: request.groupNames, title: request.title, sheetSettings: sheets)
        let routeFiles = try outputs.write(to: outputFolder)
        let sheetFiles = try SheetsJob.run(SheetsRequest(outputs: outputs, destination: .disk(outputFolder))).files
        let files = routeFiles + sheetFiles.compactMap(\.url)
        if let database = request.database {
            try SchouwDatabase.open(at: database).savePlan(outputs.planGroups(), streets: outputs.planStreets())
            progress(l.pick("plan opgeslagen in \(database.path)", "plan stored in \(database.path)"))
        }
        return Result(plan: plan, outputs: outputs, files: files, report: report(outputs, files: files))
    }

    /// "3" or "3,5" (Dutch) / "3.5" (English).
    static func number(_ value: Double, _ language: Language) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func report(_ outputs: PlanOutputs, files: [URL]) -> String {
        let plan = outputs.plan
        let l = outputs.language
        let w = StreetWording(language: l)
        var lines = [outputs.title]
        lines.append(l.pick("  straten om te lopen  ", "  streets to walk      ")
            + "\(w.distance(plan.streetLengthMeters)) (\(plan.requiredEdges.count) " + l.pick("segmenten)", "segments)"))
        lines.append(l.pick("  totaal gelopen       ", "  total walked         ") + w.distance(plan.totalLengthMeters)
            + l.pick(", waarvan \(w.distance(plan.deadheadMeters)) dubbel of verbindend",
                ", of which \(w.distance(plan.deadheadMeters)) repeated or connecting"))
        if plan.groups.count == 1 {
            lines.append(plan.isOptimal
                ? l.pick("  optimaal             ja (bewezen kortste rondgang)", "  optimal              yes (proven shortest closed walk)")
                : l.pick("  ondergrens           ", "  lower bound          ") + w.distance(plan.lowerBoundMeters))
        } else {
            lines.append(l.pick("  balans               ", "  balance              ")
                + l.decimal(plan.balance, places: 2) + l.pick(" (langste / kortste)", " (longest / shortest)"))
        }
        if !plan.leftOutEdges.isEmpty {
            let meters = plan.leftOutEdges.reduce(0) { $0 + plan.network.edges[$1].lengthMeters }
            lines.append(l.pick(
                "  niet verbonden       \(plan.leftOutEdges.count) " + (plan.leftOutEdges.count == 1 ? "segment" : "segmenten")
                    + " (\(w.distance(meters))) los van het netwerk, overgeslagen",
                "  not connected        \(plan.leftOutEdges.count) segment" + (plan.leftOutEdges.count == 1 ? "" : "s")
                    + " (\(w.distance(meters))) not connected to the network, left out"))
        }
        if !plan.leftOutForTime.isEmpty, case .maxMinutes(let minutes) = plan.options.groups {
            let meters = plan.leftOutForTime.reduce(0) { $0 + $1.lengthMeters }
            let count = plan.leftOutForTime.count
            let list = plan.leftOutForTime.map {
                "\(w.label($0.name, highway: $0.highway)) (\(w.distance($0.lengthMeters))"
                    + ($0.hadFindings ? l.pick(", bevindingen vorige schouw", ", findings last time") : "") + ")"
            }.joined(separator: ", ")
            lines.append(l.pick(
                "  niet gelopen         \(count) " + (count == 1 ? "straat" : "straten") + " (\(w.distance(meters))) passen niet in "
                    + "\(plan.groups.count) " + (plan.groups.count == 1 ? "wandeling" : "wandelingen") + " van \(Int(minutes.rounded())) min; "
                    + (plan.leftOutForTime.contains(where: \.hadFindings) ? "die met bevindingen van de vorige schouw eerst, dan " : "")
                    + "dichtst bij het startpunt eerst: \(list)",
                "  not walked           \(count) street" + (count == 1 ? "" : "s") + " (\(w.distance(meters))) do not fit in "
                    + "\(plan.groups.count) walk" + (plan.groups.count == 1 ? "" : "s") + " of \(Int(minutes.rounded())) min; "
                    + (plan.leftOutForTime.contains(where: \.hadFindings) ? "those with findings last time first, then " : "")
                    + "nearest to the meeting point first: \(list)"))
        }
        if !plan.setAsideSidewalks.isEmpty {
            let count = plan.setAsideSidewalks.count
            let meters = plan.setAsideSidewalks.reduce(0) { $0 + plan.network.edges[$1].lengthMeters }
            lines.append(l.pick(
                "  stoepen apart        \(count) " + (count == 1 ? "segment" : "segmenten")
                    + " (\(w.distance(meters))) stoep, oversteek of vluchtheuvel: niet apart gelopen, alleen om te verbinden (--include-sidewalks loopt ze wel)",
                "  sidewalks            \(count) segment" + (count == 1 ? "" : "s")
                    + " (\(w.distance(meters))) of sidewalk, crossing or traffic island: set aside, used only to connect (--include-sidewalks walks them)"))
        }
        for (index, group) in plan.groups.enumerated() {
            lines.append("  \(outputs.groupNames[index]): \(w.distance(group.lengthMeters)), \(w.duration(group.minutes)), "
                + "\(group.checkpoints.count) " + l.pick("controlepunten", "checkpoints"))
        }
        lines.append(l.pick("  tijd                 ", "  time                 ")
            + l.pick("lopen met \(Self.number(plan.options.speedKmh, l)) km/u, \(Int(plan.options.stopSecondsPerCheckpoint.rounded())) s stilstaan per controlepunt",
                "walking at \(Self.number(plan.options.speedKmh, l)) km/h, \(Int(plan.options.stopSecondsPerCheckpoint.rounded())) s stop per checkpoint"))
        // Enough groups for the whole work at two hours each, at least one more than now.
        let suggested = max(plan.groups.count + 1, Int((plan.groups.reduce(0) { $0 + $1.minutes } / PlanOptions.defaultMaxMinutes).rounded(.up)))
        for (index, group) in plan.groups.enumerated() where group.minutes > PlanOptions.defaultMaxMinutes {
            lines.append(l.pick(
                "  let op: \(outputs.groupNames[index]) duurt \(w.duration(group.minutes)), langer dan 2 uur; "
                    + "geef meer groepen (--groups \(suggested)) of laat --groups weg",
                "  note: \(outputs.groupNames[index]) takes \(w.duration(group.minutes)), over 2 hours; "
                    + "ask for more groups (--groups \(suggested)) or leave --groups out"))
        }
        lines.append(l.pick("  bestanden            ", "  files                ") + files.map(\.path).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

