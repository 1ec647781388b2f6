import Foundation
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwOutputs
import Synchronization

/// `schouw plan` over several buurten at once: every buurt of a municipality (`--area-code GM0303`), all
/// buurten of the file (`all`) or a list of codes, each planned into its own folder with an index beside them.
public struct PlanAreasRequest: Sendable {
    /// What every buurt's plan shares (streets, grouping, sheets); `area` is the buurt file, `start` the
    /// meeting point for every buurt when given (empty: each buurt's own, see ``starts``).
    public var base: PlanRequest
    /// Buurt codes, municipality codes (`GM0303`) or `all`.
    public var selection: [String]
    /// A file naming each buurt's meeting point: CSV `code,lon,lat` or GeoJSON points with a `code`.
    public var starts: URL?
    /// How many buurten are planned at the same time (the cores, by default).
    public var parallel: Int

    public init(base: PlanRequest, selection: [String], starts: URL? = nil, parallel: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.base = base
        self.selection = selection
        self.starts = starts
        self.parallel = max(1, parallel)
    }
}

public enum PlanAreasJob {
    /// What became of one buurt.
    public struct Entry: Sendable, Hashable {
        public enum Outcome: Sendable, Hashable {
            /// Planned: per group its length (m) and estimated minutes.
            case planned(lengths: [Double], minutes: [Double], leftOutSegments: Int)
            /// Not planned, and no error: water, or no streets inside.
            case skipped(Phrase)
            /// Not planned because of the input (a meeting point too far from the streets, …).
            case failed(String)
        }

        public var code: String
        public var name: String
        public var outcome: Outcome
    }

    public struct Result: Sendable {
        public var entries: [Entry]
        /// index.csv and index.html.
        public var files: [URL]
        public var report: String
        /// Whether some buurt could not be planned for a reason other than water or having no streets.
        public var hasFailures: Bool { entries.contains { if case .failed = $0.outcome { true } else { false } } }
    }

    /// Whether `selection` asks for more than one buurt (a municipality, `all`, or several codes).
    public static func isMultiple(_ selection: [String]) -> Bool {
        selection.count > 1 || selection.contains { $0.lowercased() == "all" || $0.uppercased().hasPrefix("GM") }
    }

    public static func run(
        _ request: PlanAreasRequest, outputFolder: URL, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> Result {
        let l = request.base.language
        guard let areaURL = request.base.area else { preconditionFailure("the command checks that --area is given") }
        let set = try BuurtSet.load(url: areaURL)
        for warning in set.warnings { progress(warning) }
        var entries: [Entry] = []
        var chosen: [Buurt] = []
        for item in request.selection {
            let text = item.trimmingCharacters(in: .whitespaces)
            if text.lowercased() == "all" {
                chosen += set.buurten
            } else if text.uppercased().hasPrefix("GM") {
                let gemeente = text.uppercased()
                let inside = set.buurten.filter { ($0.gemeente ?? "GM" + $0.code.dropFirst(2).prefix(4)) == gemeente }
                guard !inside.isEmpty else {
                    throw JobError.noBuurten(file: areaURL.lastPathComponent, gemeente: gemeente, waterSkipped: !set.skippedWater.isEmpty)
                }
                chosen += inside
            } else if set.skippedWater.contains(text) {
                entries.append(Entry(code: text, name: "", outcome: .skipped(Phrase("waterbuurt", "water buurt"))))
            } else {
                chosen.append(try set.buurt(code: text))
            }
        }
        // Water buurten of the municipality or file asked for are listed too.
        if request.selection.contains(where: { $0.lowercased() == "all" || $0.uppercased().hasPrefix("GM") }) {
            for code in set.skippedWater where !entries.contains(where: { $0.code == code }) {
                let wanted = request.selection.contains { $0.lowercased() == "all" || code.dropFirst(2).hasPrefix($0.uppercased().dropFirst(2)) }
                if wanted { entries.append(Entry(code: code, name: "", outcome: .skipped(Phrase("waterbuurt", "water buurt")))) }
            }
        }
        var seen = Set<String>()
        chosen = chosen.filter { seen.insert($0.code).inserted }
        let starts = try request.starts.map { try meetingPoints($0) } ?? [:]

        let results = Mutex<[String: Entry]>([:])
        let next = Mutex(0)
        let buurten = chosen
        let workers = min(request.parallel, max(buurten.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < buurten.count else { return }
                let buurt = buurten[index]
                let entry = plan(buurt, request, start: starts[buurt.code], folder: outputFolder.appendingPathComponent(buurt.code))
                results.withLock { $0[buurt.code] = entry }
                progress(line(entry, l))
            }
        }
        let planned = results.withLock { $0 }
        entries = (buurten.compactMap { planned[$0.code] } + entries).sorted { $0.code < $1.code }
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let csv = outputFolder.appendingPathComponent("index.csv")
        try ByteSink.write(indexCSV(entries, l), to: csv)
        let html = outputFolder.appendingPathComponent("index.html")
        try ByteSink.write(Data(indexHTML(entries, l, title: request.base.title).utf8), to: html)
        let count = entries.filter { if case .planned = $0.outcome { true } else { false } }.count
        let report = l.pick(
            "\(count) van \(entries.count) buurten gepland; overzicht: \(html.path)",
            "\(count) of \(entries.count) buurten planned; index: \(html.path)")
        return Result(entries: entries, files: [csv, html], report: report)
    }

    /// One buurt's plan into `folder`, as ``PlanJob`` makes it; what went wrong becomes the entry's outcome.
    static func plan(_ buurt: Buurt, _ request: PlanAreasRequest, start: String?, folder: URL) -> Entry {
        var single = request.base
        single.areaCode = buurt.code
        single.areaName = nil
        if let start {
            single.start = start
        } else if single.start.isEmpty {
            // The buurt's centroid: the planner starts at the junction nearest to it on the part of the
            // streets that holds most of the buurt's (not on a loose path that happens to be nearer).
            let c = centroid(buurt.geometryWGS84)
            single.start = "near:\(c.x),\(c.y)"
        }
        do {
            let result = try PlanJob.run(single, outputFolder: folder)
            let summary = result.outputs.summary()
            return Entry(
                code: buurt.code, name: buurt.name,
                outcome: .planned(
                    lengths: summary.groups.map(\.length_m), minutes: summary.groups.map(\.minutes), leftOutSegments: summary.left_out_edges))
        } catch SchouwNetworkError.noStreetsInArea {
            try? FileManager.default.removeItem(at: folder)
            return Entry(code: buurt.code, name: buurt.name, outcome: .skipped(Phrase("geen straten", "no streets")))
        } catch {
            try? FileManager.default.removeItem(at: folder)
            let report = ErrorReport(error, language: request.base.language)
            return Entry(code: buurt.code, name: buurt.name, outcome: .failed(report.message))
        }
    }

    /// The area-weighted centroid of the outer rings (shoelace formula; degrees are near enough to planar
    /// over a buurt), or the mean of the vertices when the area is zero.
    static func centroid(_ geometry: Geometry) -> Coordinate {
        var area = 0.0, x = 0.0, y = 0.0
        for polygon in geometry.polygons {
            let ring = polygon.exterior
            guard ring.count > 2 else { continue }
            for (a, b) in zip(ring, ring.dropFirst() + [ring[0]]) {
                let cross = a.x * b.y - b.x * a.y
                area += cross
                x += (a.x + b.x) * cross
                y += (a.y + b.y) * cross
            }
        }
        if abs(area) > 1e-15 { return Coordinate(x: x / (3 * area), y: y / (3 * area)) }
        let all: [Coordinate] = geometry.polygons.flatMap(\.exterior)
        guard !all.isEmpty else { return Coordinate(x: 0, y: 0) }
        let n = Double(all.count)
        let sumX: Double = all.reduce(0) { $0 + $1.x }
        let sumY: Double = all.reduce(0) { $0 + $1.y }
        return Coordinate(x: sumX / n, y: sumY / n)
    }

    /// `--starts`: CSV `code,lon,lat` (a header naming them, any delimiter Excel writes) or GeoJSON points with
    /// a `code` property; the values are meeting points `lon,lat`.
    static func meetingPoints(_ url: URL) throws -> [String: String] {
        let file = url.lastPathComponent
        var points: [String: String] = [:]
        if ["geojson", "json"].contains(url.pathExtension.lowercased()) {
            for (index, feature) in try GeoJSON.read(contentsOf: url).features.enumerated() {
                guard case .point(let c)? = feature.geometry, let code = feature.properties["code"]?.stringValue else {
                    throw JobError.badMeetingPoint(file: file, place: "features[\(index)]")
                }
                points[code] = "\(c.x),\(c.y)"
            }
            return points
        }
        let table = try CSV.read(try Data(contentsOf: url), fileName: file)
        let header = table.records[0].fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let code = header.firstIndex(of: "code"), let lon = header.firstIndex(of: "lon"), let lat = header.firstIndex(of: "lat") else {
            throw JobError.badMeetingPoint(file: file, place: "regel 1 / line 1: code, lon, lat")
        }
        for record in table.records.dropFirst() {
            let fields = record.fields
            guard fields.count > max(code, lon, lat),
                let x = Double(fields[lon].replacingOccurrences(of: ",", with: ".")),
                let y = Double(fields[lat].replacingOccurrences(of: ",", with: ".")), x.isFinite, y.isFinite
            else { throw JobError.badMeetingPoint(file: file, place: "regel \(record.line) / line \(record.line)") }
            points[fields[code].trimmingCharacters(in: .whitespaces)] = "\(x),\(y)"
        }
        return points
    }

    static func line(_ entry: Entry, _ l: Language) -> String {
        let name = entry.name.isEmpty ? entry.code : "\(entry.code) \(entry.name)"
        switch entry.outcome {
        case .planned(let lengths, let minutes, let leftOut):
            let km = l.decimal(lengths.reduce(0, +) / 1000, places: 1)
            let longest = Int((minutes.max() ?? 0).rounded())
            let skipped = leftOut == 0 ? "" : l.pick("; \(leftOut) segmenten niet gelopen (zie de samenvatting)", "; \(leftOut) segments not walked (see the summary)")
            return l.pick(
                "\(name): \(lengths.count) \(lengths.count == 1 ? "groep" : "groepen"), \(km) km, langste \(longest) min",
                "\(name): \(lengths.count) \(lengths.count == 1 ? "group" : "groups"), \(km) km, longest \(longest) min") + skipped
        case .skipped(let reason):
            return "\(name): " + l.pick("overgeslagen (", "skipped (") + reason.text(l) + ")"
        case .failed(let message):
            return "\(name): " + l.pick("niet gepland: ", "not planned: ") + message
        }
    }

    static func indexCSV(_ entries: [Entry], _ l: Language) -> Data {
        let header = l == .nl
            ? ["buurtcode", "buurtnaam", "status", "groepen", "lengte_m", "langste_minuten", "niet_gelopen_segmenten", "map"]
            : ["buurt_code", "buurt_name", "status", "groups", "length_m", "longest_minutes", "segments_not_walked", "folder"]
        let rows = entries.map { entry -> [String] in
            switch entry.outcome {
            case .planned(let lengths, let minutes, let leftOut):
                return [entry.code, entry.name, l.pick("gepland", "planned"), "\(lengths.count)",
                        "\(Int(lengths.reduce(0, +).rounded()))", "\(Int((minutes.max() ?? 0).rounded()))", "\(leftOut)", entry.code]
            case .skipped(let reason):
                return [entry.code, entry.name, l.pick("overgeslagen: ", "skipped: ") + reason.text(l), "", "", "", "", ""]
            case .failed(let message):
                return [entry.code, entry.name, l.pick("niet gepland: ", "not planned: ") + message, "", "", "", "", ""]
            }
        }
        return CSV.write(header: header, rows: rows, dialect: .excel)
    }

    static func indexHTML(_ entries: [Entry], _ l: Language, title: String?) -> String {
        let heading = Markup.escape(title ?? l.pick("Buurtschouw: routes per buurt", "Neighbourhood walk: routes per buurt"))
        var rows = ""
        for entry in entries {
            let name = Markup.escape(entry.name)
            switch entry.outcome {
            case .planned(let lengths, let minutes, let leftOut):
                let km = l.decimal(lengths.reduce(0, +) / 1000, places: 1)
                rows += "<tr><td><a href=\"\(Markup.escape(entry.code))/sheets.html\">\(Markup.escape(entry.code))</a></td><td>\(name)</td>"
                    + "<td>\(lengths.count)</td><td>\(km) km</td><td>\(Int((minutes.max() ?? 0).rounded())) min</td></tr>\n"
            case .skipped(let reason):
                rows += "<tr class=\"overgeslagen\"><td>\(Markup.escape(entry.code))</td><td>\(name)</td><td colspan=\"3\">"
                    + Markup.escape(l.pick("overgeslagen: ", "skipped: ") + reason.text(l)) + "</td></tr>\n"
            case .failed(let message):
                rows += "<tr class=\"fout\"><td>\(Markup.escape(entry.code))</td><td>\(name)</td><td colspan=\"3\">"
                    + Markup.escape(l.pick("niet gepland: ", "not planned: ") + message) + "</td></tr>\n"
            }
        }
        let columns = l.pick(
            "<th>Buurt</th><th>Naam</th><th>Groepen</th><th>Lengte</th><th>Langste wandeling</th>",
            "<th>Buurt</th><th>Name</th><th>Groups</th><th>Length</th><th>Longest walk</th>")
        return """
            <!DOCTYPE html>
            <html lang="\(l == .nl ? "nl" : "en")"><head><meta charset="utf-8"><title>\(heading)</title>
            <style>body{font-family:"Liberation Sans",Arial,"DejaVu Sans",sans-serif;margin:2em}table{border-collapse:collapse}
            td,th{border:1px solid #999;padding:.3em .6em;text-align:left}.overgeslagen,.fout{color:#555}</style></head>
            <body><h1>\(heading)</h1>
            <table><thead><tr>\(columns)</tr></thead><tbody>
            \(rows)</tbody></table></body></html>

            """
    }
}
