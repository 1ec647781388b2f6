import Foundation
import SchouwCore
import SchouwJobs
import SchouwStore
import SchouwTestSupport
import Testing

/// The report's figures against a count by hand, and its print in headless Chromium.
@Suite struct ReportJobTests {
    /// A finding at RD New metres.
    static func draft(_ category: String, _ level: String, _ status: String, x: Double, y: Double, group: String = "Groep A") -> ObservationDraft {
        var d = ObservationDraft()
        d.category = category
        d.level = level
        d.status = status
        d.group = group
        d.text = "\(category) bij \(Int(x)),\(Int(y))"
        d.rdX = String(x)
        d.rdY = String(y)
        return d
    }

    /// Six findings this year: a chain of three (20 m steps, two categories), a pair 10 m apart, one alone.
    /// Last year: one 5 m from this year's first lamp (blijvend), one afval 30 m from this year's (too far:
    /// opgelost, and this year's is nieuw), one groen 20 m from this year's lone groen (blijvend), one far lamp.
    static func databases(_ folder: URL) throws -> (URL, URL) {
        let new = folder.appendingPathComponent("nu.schouw")
        let db = try SchouwDatabase.create(at: new, schouw: SchouwDefinition(name: "Schouw Proef", date: "2025-09-20"))
        try db.ingest([
            draft("verlichting", "C", "open", x: 177_700, y: 503_400),
            draft("verlichting", "D", "afgehandeld", x: 177_720, y: 503_400),
            draft("afval", "C", "open", x: 177_740, y: 503_400),
            draft("afval", "B", "afgehandeld", x: 177_900, y: 503_400, group: "Groep B"),
            draft("groen", "A", "open", x: 177_910, y: 503_400, group: "Groep B"),
            draft("groen", "C", "gemeld", x: 178_200, y: 503_600, group: "Groep B"),
        ])
        try db.addAction(ActionDraft(what: "Lamp", partner: "gemeente", dueDate: "2025-10-01", findings: ["A-1", "A-2"]))
        try db.addAction(ActionDraft(what: "Heg", partner: "woningcorporatie", dueDate: "2025-12-01", findings: ["B-2"]))
        try db.setActionStatus("2", ActionStatusUpdate(status: "in_behandeling", date: "2025-10-02"))
        try db.addAction(ActionDraft(what: "Vuil", partner: "bewoners", dueDate: "2025-10-01", findings: ["A-3"]))
        try db.setActionStatus("3", ActionStatusUpdate(status: "afgehandeld", date: "2025-09-30"))
        let old = folder.appendingPathComponent("vorig.schouw")
        let previous = try SchouwDatabase.create(at: old, schouw: SchouwDefinition(name: "Schouw Proef", date: "2024-09-21"))
        try previous.ingest([
            draft("verlichting", "C", "open", x: 177_705, y: 503_400),
            draft("afval", "C", "open", x: 177_900, y: 503_430),
            draft("groen", "C", "open", x: 178_200, y: 503_620),
            draft("verlichting", "D", "open", x: 179_000, y: 504_000),
        ])
        return (new, old)
    }

    @Test func figuresAgreeWithAHandCount() async throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (new, old) = try Self.databases(folder)
        let out = folder.appendingPathComponent("rapport")
        let result = try await ReportJob.run(ReportRequest(database: new, previous: old, date: "2025-11-15", destination: .disk(out), pdf: false))
        let f = result.figures
        #expect(f.findings == 6)
        #expect(Dictionary(uniqueKeysWithValues: f.byCategory.map { ($0.code, $0.count) }) == ["verlichting": 2, "afval": 2, "groen": 2])
        #expect(f.byLevel.map(\.code) == ["A", "B", "C", "D"])
        #expect(f.byLevel.map(\.count) == [1, 1, 3, 1])
        #expect(f.afgehandeld == 2)
        #expect(abs(f.shareAfgehandeld - 1.0 / 3) < 1e-12)
        #expect(f.clusters.map(\.size) == [3, 2])
        #expect(f.clusters.map(\.findings) == [["A-1", "A-2", "A-3"], ["B-1", "B-2"]])
        #expect(f.actions.total == 3 && f.actions.open == 1 && f.actions.inBehandeling == 1 && f.actions.afgehandeld == 1)
        #expect(f.actions.overdue == 1)
        #expect(f.comparison?.opgelost == 2 && f.comparison?.blijvend == 2 && f.comparison?.nieuw == 4)
        let json = try f.json()
        #expect(json.contains("\"comparison\" : {\n    \"blijvend\" : 2,\n    \"nieuw\" : 4,\n    \"opgelost\" : 2\n  }"))
        #expect(json.contains("\"share_afgehandeld\" : 0.3333333333333333"))

        // The page shows the same figures and is one file with nothing from the network.
        let html = try String(contentsOf: out.appendingPathComponent("rapport.html"), encoding: .utf8)
        for (figure, value) in [("findings", 6), ("afgehandeld", 2), ("actions", 3), ("opgelost", 2), ("blijvend", 2), ("nieuw", 4)] {
            #expect(html.contains("data-figure=\"\(figure)\">\(value)<"), "\(figure)")
        }
        #expect(html.components(separatedBy: "<circle class=\"finding\"").count - 1 + html.components(separatedBy: "<path class=\"finding\"").count - 1 == 6 + 3)
        #expect(html.contains("2025-10-01 TE LAAT"))
        #expect(html.components(separatedBy: "TE LAAT").count - 1 == 1)
        for forbidden in ["http://", "https://", "<script", "src=\"/", "@import", "url(http"] { #expect(!html.contains(forbidden), "\(forbidden)") }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("vergelijking.geojson").path))
        let english = try await ReportJob.run(ReportRequest(database: new, language: .en, date: "2025-11-15", destination: nil))
        #expect(english.figures.comparison == nil)
        #expect(english.files.isEmpty)
    }

    @Test func anEmptySchouwGetsAReportInEitherLanguage() async throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("leeg.schouw")
        _ = try SchouwDatabase.create(at: url, schouw: SchouwDefinition(name: "Leeg", date: "2025-09-20"))
        for (language, heading, none) in [(Language.nl, "Kerncijfers", "Er zijn (nog) geen acties afgesproken."), (.en, "Key figures", "No actions have been agreed (yet).")] {
            let out = folder.appendingPathComponent(language.rawValue)
            let result = try await ReportJob.run(ReportRequest(database: url, previous: url, language: language, destination: .disk(out), pdf: false))
            #expect(result.figures.findings == 0 && result.figures.shareAfgehandeld == 0 && result.figures.clusters.isEmpty)
            #expect(result.figures.comparison?.opgelost == 0 && result.figures.comparison?.nieuw == 0)
            let html = try String(contentsOf: out.appendingPathComponent("rapport.html"), encoding: .utf8)
            #expect(html.contains("<h2>\(heading)</h2>") && html.contains(none))
            #expect(!html.contains("<svg class=\"map\""))
        }
    }

    @Test func aBadDateIsRefused() async throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (new, _) = try Self.databases(folder)
        await #expect(throws: StoreError.self) { try await ReportJob.run(ReportRequest(database: new, date: "2025-13-01", destination: nil)) }
    }

    /// The demo with last year's walk, a plan, actions and photos, printed by headless Chromium: A4 pages,
    /// every section's heading inside a page with its first lines below it, no word past the margins.
    @Test func everySectionStartsInsideAnA4Page() async throws {
        guard SheetPrinter.isAvailable, let pdftotext = ChildProcess.tool("pdftotext") else {
            print("skipped: chromium or poppler-utils is not installed (scripts/setup.sh --tests installs them)")
            return
        }
        let store = try DemoStore()
        defer { store.remove() }
        try store.importDemo()
        let old = store.folder.appendingPathComponent("vorig.schouw")
        let previous = try SchouwDatabase.create(at: old, schouw: SchouwDefinition(name: "Buurtschouw De Kruidentuin", date: "2024-09-21"))
        try previous.importFile(TestPaths.geodata.appendingPathComponent("observations-2024.csv"))
        let photo = store.folder.appendingPathComponent("na.jpg")
        try TestJPEG.withGPS(latitude: 52.5185, longitude: 5.722).write(to: photo)
        let partners = ["gemeente", "woningcorporatie", "politie", "bewoners", "Buurtvereniging De Kruidentuin"]
        let ids = try store.database.observations().compactMap(\.shortID)
        for n in 0..<14 {
            try store.database.addAction(ActionDraft(
                what: "Actie \(n + 1): iets laten doen aan wat de groep zag", partner: partners[n % partners.count],
                dueDate: "2025-10-\(10 + n)", findings: [ids[n * 3], ids[n * 3 + 1]]))
            if n % 3 == 0 { try await store.database.setActionStatus("\(n + 1)", ActionStatusUpdate(status: "afgehandeld", date: "2025-10-20", photo: photo)) }
        }
        let out = store.folder.appendingPathComponent("rapport")
        _ = try await ReportJob.run(ReportRequest(
            database: store.url, previous: old, areas: TestPaths.geodata.appendingPathComponent("buurten.geojson"), date: "2025-11-15",
            destination: .disk(out), pdf: false))
        let pdf = out.appendingPathComponent("rapport.pdf")
        let printed = try SheetPrinter.print(out.appendingPathComponent("rapport.html"), to: pdf)
        #expect(printed.pageSize.contains("(A4)"))
        #expect(printed.pageCount >= 4)

        // pdftotext -bbox: every word with its box, page by page, in points.
        let bbox = try ChildProcess.run(pdftotext, ["-bbox", pdf.path, "-"]).stdout
        struct Word { var page: Int, text: String, xMin: Double, yMin: Double, xMax: Double, yMax: Double }
        var words: [Word] = []
        var page = 0
        var size = (width: 0.0, height: 0.0)
        for line in bbox.split(separator: "\n") {
            if line.contains("<page ") {
                page += 1
                size = (Self.attribute("width", line), Self.attribute("height", line))
            } else if line.contains("<word "), let start = line.firstIndex(of: ">"), let end = line.range(of: "</word>") {
                words.append(Word(
                    page: page, text: String(line[line.index(after: start)..<end.lowerBound]), xMin: Self.attribute("xMin", line),
                    yMin: Self.attribute("yMin", line), xMax: Self.attribute("xMax", line), yMax: Self.attribute("yMax", line)))
            }
        }
        let mm = 72 / 25.4
        #expect(abs(size.width - 210 * mm) < 2 && abs(size.height - 297 * mm) < 2)
        for word in words {
            // Inside the 14 mm side and top margins and the 16 mm bottom margin (1 pt for rounding).
            let inside = word.xMin >= 14 * mm - 1 && word.xMax <= size.width - 14 * mm + 1 && word.yMin >= 14 * mm - 1
                && word.yMax <= size.height - 16 * mm + 1
            #expect(inside, "'\(word.text)' on page \(word.page) lies outside the margins")
        }
        let headings = [
            "Kerncijfers", "Kaart", "Per buurt", "De grootste clusters", "Acties per partner", "Wat is er bereikt", "Vergelijking met de vorige schouw",
        ]
        for heading in headings {
            let parts = heading.split(separator: " ").map(String.init)
            let start = words.indices.first { i in
                i + parts.count <= words.count && (0..<parts.count).allSatisfy { words[i + $0].text == parts[$0] && words[i + $0].page == words[i].page }
            }
            guard let start else {
                Issue.record("heading '\(heading)' not found")
                continue
            }
            let first = words[start]
            // At least three more lines of the section follow on the heading's page.
            let below = words[(start + parts.count)...].prefix { $0.page == first.page }.filter { $0.yMin > first.yMax }
            #expect(Set(below.map { Int($0.yMin) }).count >= 3, "'\(heading)' is left alone at the bottom of page \(first.page)")
        }
        #expect(words.contains { $0.text == "TE" } && words.contains { $0.text == "LAAT" })
    }

    static func attribute(_ name: String, _ line: Substring) -> Double {
        guard let range = line.range(of: " \(name)=\"") else { return .nan }
        let rest = line[range.upperBound...]
        return Double(rest.prefix { $0 != "\"" }) ?? .nan
    }
}
