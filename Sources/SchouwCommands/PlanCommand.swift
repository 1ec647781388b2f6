import ArgumentParser
import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import SchouwStore
import SchouwCore
import SchouwFormats

/// `schouw plan`: the shortest walk(s) from a meeting point that pass every street.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan the shortest walk(s) from a meeting point that pass every street of a buurt.",
        discussion: """
            Streets come from OpenStreetMap XML (.osm) or PBF (.osm.pbf) or GeoJSON lines (.geojson; a `name` property gives \
            the street name). Walkable by default: highway residential, living_street, pedestrian, footway, \
            path, service (not parking aisles or driveways), unclassified, tertiary, secondary, primary, \
            steps, track, and cycleway with foot=yes|designated|permissive; never area=yes, foot=no, or \
            access=private|no without foot access.

            With --area, a street segment must be walked when at least half of its length lies inside the \
            buurt polygon (measured in RD New). Streets outside the buurt may be used to get from one part \
            to another; those metres count as deadhead. Without --area, every street of the largest \
            connected network is walked and the parts left out are reported.

            One group gets the proven shortest closed walk when the streets are connected (Chinese \
            postman with an exact minimum-weight matching); otherwise a heuristic with a lower bound. With \
            --groups K, K walks from the same meeting point share the streets, balanced so the longest is \
            as short as possible. With --max-minutes M, the fewest groups whose longest walk fits; without \
            either, the fewest groups whose walks fit in 120 minutes. A walk's time is its length at \
            --speed-kmh (3) plus --stop-seconds (90) at each checkpoint.

            Footways mapped beside or across a street (footway=sidewalk, crossing, traffic_island) are not \
            walked for their own sake, only used to connect; --include-sidewalks makes them required.

            The exact matching holds memory growing with the square of the number of odd junctions (up \
            to about 3.7 GB at 20,000, a province planned without --area); when its estimate exceeds \
            --max-matching-memory (2G) the plan is refused, suggesting --area.

            Writes route.geojson (the lines, RFC 7946), checkpoints.geojson (the points), route.gpkg (both as two layers), route.gpx (GPX 1.1) and directions.txt to --out, plus \
            sheets.html and sheets.md: per group one A4 sheet to print on both sides (front: map and \
            turn-by-turn table; back: checkpoint checklist), and the same without the map for e-mail.
            Exit codes: 0 planned, 1 bad input, 3 internal failure, 64 usage error.
            """)

    @Option(help: ArgumentHelp("Street network: OSM XML (.osm), OSM PBF (.osm.pbf) or GeoJSON lines.", valueName: "FILE"))
    var streets: String

    @Option(help: ArgumentHelp("Buurt polygons (GeoJSON or GeoPackage, CBS fields).", valueName: "FILE"))
    var area: String?

    @Option(
        name: .customLong("area-code"),
        help: ArgumentHelp(
            "Buurt code in --area, e.g. BU03039901; repeat it, give a gemeente code (GM0303) or `all` to plan several buurten, each into its own folder with an index.",
            valueName: "CODE"))
    var areaCodes: [String] = []

    @Option(
        help: ArgumentHelp(
            "Meeting point per buurt when planning several: CSV with columns code, lon, lat, or GeoJSON points with a `code` property (default: the junction nearest each buurt's centre).",
            valueName: "FILE"))
    var starts: String?

    @Option(name: .customLong("area-name"), help: ArgumentHelp("Buurt name in --area, e.g. Kruidentuin-Noord.", valueName: "NAME"))
    var areaName: String?

    @Option(help: ArgumentHelp(
        "Meeting point: lon,lat (e.g. 5.7220,52.5185), rd:x,y (RD New metres), a street name, or near:lon,lat (the junction nearest that point on the part of the network holding most of the streets to walk); may be left out when planning several buurten.",
        valueName: "LOCATION"))
    var start: String?

    @Option(help: ArgumentHelp("Folder for the route files (created when missing).", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Number of groups walking at the same time.", valueName: "K"))
    var groups: Int?

    @Option(name: .customLong("max-minutes"), help: ArgumentHelp(
        "Use the fewest groups whose longest walk, stops included, fits in this many minutes (the default, with 120, when --groups is not given).",
        valueName: "M"))
    var maxMinutes: Double?

    @Option(name: .customLong("groups-available"), help: ArgumentHelp(
        "Only this many groups turn up: cover what fits in K walks of --max-minutes (120) and list the streets left out.",
        valueName: "K"))
    var groupsAvailable: Int?

    @Option(name: .customLong("speed-kmh"), help: "Walking speed of a schouw group in km/h.")
    var speedKmh: Double = 3

    @Option(name: .customLong("stop-seconds"), help: ArgumentHelp(
        "Time a group stops at each checkpoint (looking, talking, noting), in seconds.", valueName: "S"))
    var stopSeconds: Double = 90

    @Option(name: .customLong("stop-seconds-per-100m"), help: "Extra time for stops per 100 m walked, in seconds.")
    var stopSecondsPer100m: Double = 0

    @Flag(name: .customLong("include-sidewalks"), help: """
        Also walk the footways mapped beside or across a street (footway=sidewalk, crossing, traffic_island); \
        by default they only connect, since the street beside them is walked.
        """)
    var includeSidewalks = false

    @Option(help: ArgumentHelp(
        "GeoJSON points every walk must pass within 25 m of (e.g. last year's problem spots).", valueName: "FILE"))
    var via: String?

    @Option(help: ArgumentHelp(
        "Last year's findings (a schouw database, or GeoJSON points): with --groups-available, a street with one within 25 m is left out only after every street without, and listed first.",
        valueName: "DB-or-FILE"))
    var previous: String?

    @Option(
        help: ArgumentHelp("Walkable highway types, comma-separated, replacing the default list.", valueName: "LIST"),
        transform: PlanCommand.commaList)
    var highways: [String]?

    @Option(
        name: .customLong("groups-names"),
        help: ArgumentHelp("Group names, comma-separated (default Groep A, Groep B, …).", valueName: "NAMES"),
        transform: PlanCommand.commaList)
    var groupNames: [String] = []

    @Option(help: "Title of the route sheets (default: Buurtschouw and the buurt name).")
    var title: String?

    @Option(help: ArgumentHelp(
        "A schouw database (from `schouw init`) to store the groups, routes and checkpoints in.", valueName: "DB"))
    var db: String?

    @Option(help: ArgumentHelp("With a PostgreSQL --db: the schouw, by name (not needed when the database holds one).", valueName: "NAME"))
    var schouw: String?

    @Flag(help: "Skip broken ways (e.g. with a single node) with a warning instead of stopping.")
    var lenient = false

    @Option(
        help: ArgumentHelp("Date of the walk on the route sheets, e.g. 2025-09-20 (default today).", valueName: "DATE"),
        transform: PlanCommand.sheetDate)
    var date: SheetDate?

    @Option(name: .customLong("meeting-point-name"), help: ArgumentHelp(
        "Name of the meeting point on the route sheets, e.g. \"Buurthuis De Kruidentuin\" (default: the streets there).",
        valueName: "NAME"))
    var meetingPointName: String?

    @Option(help: "Quality levels to tick on the route sheets: crow (A+ A B C D) or simple (goed, slecht, plus); default the --db schouw's scale, else crow.")
    var scale: QualityScale?

    @Option(name: .customLong("form-url"), help: ArgumentHelp(
        "Web form where walkers enter their observations, printed on the route sheets.", valueName: "URL"))
    var formURL: String?

    @Option(help: ArgumentHelp(
        "Taxonomy JSON whose main categories the route sheets list (default: the built-in geodata/taxonomy.json).",
        valueName: "FILE"))
    var taxonomy: String?

    @Flag(help: "Print a machine-readable summary (JSON) to standard output.")
    var json = false

    @Option(
        name: .customLong("max-matching-memory"),
        help: ArgumentHelp(
            "Refuse to plan when the exact matching of the odd junctions could need more memory than this: bytes, or with K, M or G (1000s).",
            valueName: "SIZE"))
    var maxMatchingMemory: ByteCount = ByteCount(PerfectMatching.defaultMemoryLimitBytes)

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if groups != nil && maxMinutes != nil { throw ValidationError("give --groups or --max-minutes, not both") }
        if let groups, groups < 1 || groups > 26 { throw ValidationError("--groups must be between 1 and 26") }
        if groupsAvailable != nil && groups != nil {
            throw ValidationError("give --groups-available K with --max-minutes M, not with --groups")
        }
        if previous != nil && groupsAvailable == nil {
            throw ValidationError("--previous ranks the streets --groups-available leaves out; give --groups-available K too")
        }
        if let groupsAvailable, groupsAvailable < 1 || groupsAvailable > 26 {
            throw ValidationError("--groups-available must be between 1 and 26")
        }
        if let maxMinutes, maxMinutes <= 0 || !maxMinutes.isFinite { throw ValidationError("--max-minutes must be positive") }
        if speedKmh <= 0 || speedKmh > 20 || !speedKmh.isFinite { throw ValidationError("--speed-kmh must be between 0 and 20") }
        if stopSecondsPer100m < 0 || !stopSecondsPer100m.isFinite { throw ValidationError("--stop-seconds-per-100m cannot be negative") }
        if stopSeconds < 0 || stopSeconds > 3600 || !stopSeconds.isFinite {
            throw ValidationError("--stop-seconds must be between 0 and 3600")
        }
        if area != nil && areaCodes.isEmpty && areaName == nil {
            throw ValidationError("--area needs --area-code CODE or --area-name NAME")
        }
        if area == nil && (!areaCodes.isEmpty || areaName != nil) {
            throw ValidationError("--area-code and --area-name need --area FILE")
        }
        if !areaCodes.isEmpty && areaName != nil { throw ValidationError("give --area-code or --area-name, not both") }
        if several {
            if db != nil { throw ValidationError("--db stores one plan; plan several buurten without --db") }
        } else {
            if start == nil { throw ValidationError("--start is needed (it may be left out only when planning several buurten)") }
            if starts != nil { throw ValidationError("--starts is for several buurten; give --start for one") }
        }
    }

    /// Several buurten: more than one code, a gemeente code or `all`.
    var several: Bool { PlanAreasJob.isMultiple(areaCodes) }

    func run() async throws {
        if let db, Stores.isServerURL(db) { return try await runWithServer(db) }
        try report(output.lang) {
            var request = PlanRequest(
                streets: URL(fileURLWithPath: streets), area: area.map { URL(fileURLWithPath: $0) }, areaCode: areaCodes.first,
                areaName: areaName, start: start ?? "", via: via.map { URL(fileURLWithPath: $0) }, highways: highways,
                groupNames: groupNames, title: title, language: output.lang, options: options, sheets: try sheetSettings())
            request.lenient = lenient
            request.database = db.map { URL(fileURLWithPath: $0) }
            request.previous = previous.map { URL(fileURLWithPath: $0) }
            if several {
                let result = try PlanAreasJob.run(
                    PlanAreasRequest(base: request, selection: areaCodes, starts: starts.map { URL(fileURLWithPath: $0) }),
                    outputFolder: URL(fileURLWithPath: out), progress: { StandardError.write($0) })
                print(result.report)
                if result.hasFailures { throw PlanAreasFailure(language: output.lang) }
                return
            }
            let result = try PlanJob.run(request, outputFolder: URL(fileURLWithPath: out), progress: StandardError.write)
            print(json ? try result.outputs.summaryJSON() : result.report)
        }
    }

    /// `--db postgresql://…`: the plan is made as for a file and stored through the store interface.
    private func runWithServer(_ location: String) async throws {
        try await report(output.lang) {
            if several { throw StoreError.badStoreURL(location, reason: "several buurten are planned into SQLite files only (for now)") }
            let store = try await Stores.open(location, schouw: schouw)
            do {
                let scale = try await store.schouw().levelScale.flatMap(QualityScale.init(rawValue:))
                var sheets = try sheetSettings(databaseScale: false)
                if self.scale == nil, let scale { sheets.scale = scale }
                var request = PlanRequest(
                    streets: URL(fileURLWithPath: streets), area: area.map { URL(fileURLWithPath: $0) }, areaCode: areaCodes.first,
                    areaName: areaName, start: start ?? "", via: via.map { URL(fileURLWithPath: $0) }, highways: highways,
                    groupNames: groupNames, title: title, language: output.lang, options: options, sheets: sheets)
                request.lenient = lenient
                request.previous = previous.map { URL(fileURLWithPath: $0) }
                let result = try PlanJob.run(request, outputFolder: URL(fileURLWithPath: out), progress: StandardError.write)
                try await store.savePlan(result.outputs.planGroups(), streets: result.outputs.planStreets())
                StandardError.write(output.lang.pick("plan opgeslagen in \(store.storeDescription)", "plan stored in \(store.storeDescription)"))
                print(json ? try result.outputs.summaryJSON() : result.report)
                await store.close()
            } catch {
                await store.close()
                throw error
            }
        }
    }

    /// Parses a comma-separated list, trimming spaces.
    @Sendable static func commaList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Parses `--date` (year-month-day).
    @Sendable static func sheetDate(_ text: String) throws -> SheetDate {
        guard let date = SheetDate(parsing: text) else { throw ValidationError("expected a date like 2025-09-20 (year-month-day)") }
        return date
    }

    func sheetSettings(databaseScale useDatabase: Bool = true) throws -> RouteSheetSettings {
        RouteSheetSettings(
            date: date ?? .today(), meetingPointName: meetingPointName, scale: try scale ?? (useDatabase ? databaseScale() : nil) ?? .crow,
            formURL: formURL, taxonomy: try taxonomy.map { try SheetTaxonomy.read(contentsOf: URL(fileURLWithPath: $0)) } ?? .standard)
    }

    /// The scale of the `--db` schouw, so its route sheets ask for the levels it stores.
    private func databaseScale() throws -> QualityScale? {
        try db.flatMap { try SchouwDatabase.open(at: URL(fileURLWithPath: $0)).schouw().levelScale }.flatMap(QualityScale.init(rawValue:))
    }

    var options: PlanOptions {
        var o = PlanOptions()
        o.groups = .maxMinutes(PlanOptions.defaultMaxMinutes)
        if let groups { o.groups = .count(groups) }
        if let maxMinutes { o.groups = .maxMinutes(maxMinutes) }
        o.speedKmh = speedKmh
        o.stopSecondsPerCheckpoint = stopSeconds
        o.stopSecondsPer100m = stopSecondsPer100m
        o.includeSidewalks = includeSidewalks
        o.groupsAvailable = groupsAvailable
        o.matchingMemoryLimitBytes = maxMatchingMemory.bytes
        return o
    }
}

/// A memory size on the command line: `2000000000`, `500K`, `64M`, `2G` (decimal units, `k`/`m`/`g` too).
struct ByteCount: ExpressibleByArgument, Hashable, Sendable {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let units: [Character: Int] = ["k": 1_000, "m": 1_000_000, "g": 1_000_000_000]
        var digits = Substring(text)
        var factor = 1
        if let last = text.last?.lowercased().first, let unit = units[last] {
            factor = unit
            digits = digits.dropLast()
        }
        guard let count = Int(digits), count > 0 else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        self.bytes = bytes
    }

    var defaultValueDescription: String { "2G" }
}

extension QualityScale: ExpressibleByArgument {}

/// Some buurten of a several-buurten plan could not be planned (each said why on its own line): exit 1.
struct PlanAreasFailure: SchouwError {
    var language: Language
    var exitClass: ExitClass { .badInput }
    func message(_ language: Language) -> String {
        language.pick(
            "niet elke buurt is gepland; zie de regels hierboven en index.csv",
            "not every buurt was planned; see the lines above and index.csv")
    }
}
