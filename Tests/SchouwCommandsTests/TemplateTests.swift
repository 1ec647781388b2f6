import Foundation
import SchouwTestSupport
import Testing
@testable import SchouwStore

/// `schouw observe template` as a volunteer with a spreadsheet uses it: generated for a real schouw,
/// filled in the way people do, saved by Excel, imported without edits.
@Suite struct TemplateTests {
    private func schouw(_ arguments: [String]) throws -> ProcessOutput {
        try BuiltProducts.run("schouw", arguments)
    }

    static let dutchHeader = "controlepunt;straat;groep;categorie;subcategorie;niveau;omschrijving;tijdstip;loper;foto;lengtegraad;breedtegraad"

    /// A schouw of the demo buurt (with its area, so a point outside is refused) and a plan of two groups.
    private func demoSchouw(in dir: URL) throws -> String {
        let db = dir.appendingPathComponent("k.schouw").path
        let area = TestPaths.geodata("buurten.geojson").path
        #expect(try schouw(["init", db, "--name", "Buurtschouw Kruidentuin", "--date", "2025-09-20", "--area", area, "--area-code", "BU03039901"]).status == 0)
        let plan = try schouw([
            "plan", "--streets", TestPaths.geodata("streets.osm").path, "--area", area, "--area-code", "BU03039901", "--start", "Tijmlaan",
            "--groups", "2", "--out", dir.appendingPathComponent("plan").path, "--db", db,
        ])
        #expect(plan.status == 0, "\(plan.stderr)")
        return db
    }

    /// The template's rows as cells, read with a plain split (the demo's street names hold no `;` or quote).
    private func rows(_ url: URL) throws -> (bom: Bool, lines: [[String]]) {
        let bytes = try Data(contentsOf: url)
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: bom ? bytes.dropFirst(3) : bytes, encoding: .utf8))
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "Windows line ends only")
        return (bom, text.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast().map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) })
    }

    @Test func aVolunteersFilledInTemplateImportsWithoutEdits() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try demoSchouw(in: dir)
        // Given group A's template
        let template = dir.appendingPathComponent("invullen.csv")
        let made = try schouw(["observe", "template", db, "--group", "A", "--out", template.path])
        #expect(made.status == 0, "\(made.stderr)")
        let (bom, lines) = try rows(template)
        #expect(bom && lines[0].joined(separator: ";") == Self.dutchHeader)
        let body = Array(lines.dropFirst())
        // one row per checkpoint of Groep A, numbered 1…n, with only checkpoint, street and group filled in
        let storedA = try #require(try SchouwDatabase.open(at: URL(fileURLWithPath: db)).plan().first { $0.name == "Groep A" })
        #expect(body.map { $0[0] } == storedA.checkpoints.map { String($0.number) })
        #expect(body.allSatisfy { $0.count == 12 && $0[2] == "Groep A" && !$0[1].isEmpty && $0[3...].allSatisfy(\.isEmpty) })
        // When a volunteer fills three findings in three ways, leaves every other row, adds Excel's empty
        // trailing row and saves it as Dutch Excel's "CSV (puntkomma's)": Windows-1252, no byte order mark
        var filled = lines
        filled[3][3...7] = ["lantaarnpaal", "", "C", "Lamp doet het niet, bij nr. 12", "20-9-2025 19:30"]
        filled[5][3...8] = ["Hondenpoep", "", "matig", "Veel bij het veldje", "19.45", "Anja"]
        var copy = filled[5]
        copy[3...7] = ["vuilniszakken", "", "D", "Zakken naast de container, één gescheurd", "20-09-2025 19:50"]
        filled.insert(copy, at: 6)
        filled.append(Array(repeating: "", count: 12))
        let text = filled.map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
        let saved = dir.appendingPathComponent("ingevuld.csv")
        try #require(text.data(using: .windowsCP1252)).write(to: saved)
        // Then it imports as it is: three findings; the rows left as they were and Excel's empty row are
        // skipped and counted
        let imported = try schouw(["observe", "import", db, saved.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "3 waarneming(en) geïmporteerd (gelezen als Windows-1252)\n\(body.count - 2 + 1) lege regel(s) overgeslagen\n")
        let stored = try SchouwDatabase.open(at: URL(fileURLWithPath: db)).observations().sorted { ($0.shortID ?? "") < ($1.shortID ?? "") }
        #expect(stored.map(\.shortID) == ["A-1", "A-2", "A-3"])
        #expect(stored.map { "\($0.category)/\($0.subcategory ?? "-")" } == ["verlichting/lamp_kapot", "dieren/hondenpoep", "afval/bijplaatsing"])
        #expect(stored.map(\.level) == ["C", "C", "D"])
        // 19:30 Dutch summer time is 17:30 UTC; a time alone is on the day of the schouw
        #expect(stored.map(\.observedAt) == ["2025-09-20T17:30:00Z", "2025-09-20T17:45:00Z", "2025-09-20T17:50:00Z"])
        #expect(stored.map(\.checkpoint) == [Int(lines[3][0]), Int(lines[5][0]), Int(lines[5][0])])
        #expect(stored.map(\.street) == [lines[3][1], lines[5][1], lines[5][1]])
        #expect(stored.allSatisfy { $0.groupName == "Groep A" && $0.locationSource == .checkpoint && $0.buurtCode == "BU03039901" })
        #expect(stored[2].text == "Zakken naast de container, één gescheurd" && stored[1].walker == "Anja")
    }

    @Test func anUntouchedTemplateImportsNothingAndSaysSo() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try demoSchouw(in: dir)
        let template = dir.appendingPathComponent("leeg.csv")
        #expect(try schouw(["observe", "template", db, "--out", template.path]).status == 0)
        let count = try rows(template).lines.count - 1
        let imported = try schouw(["observe", "import", db, template.path])
        #expect(imported.status == 0)
        #expect(imported.stdout == "Niets geïmporteerd: alle \(count) regel(s) zijn leeg of hebben alleen de voorgevulde controlepunt, "
            + "straat en groep (gelezen als UTF-8 (BOM))\n")
        #expect(try SchouwDatabase.open(at: URL(fileURLWithPath: db)).observations().isEmpty)
        // Both groups' checkpoints are in it, each group's numbered from 1
        let groups = try rows(template).lines.dropFirst().map { $0[2] }
        #expect(Set(groups) == ["Groep A", "Groep B"] && groups.filter { $0 == "Groep B" }.count == count - groups.filter { $0 == "Groep A" }.count)
    }

    @Test func englishColumnsTheCategoryFileAndWhatIsRefused() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try demoSchouw(in: dir)
        let template = dir.appendingPathComponent("fill.csv")
        #expect(try schouw(["observe", "template", db, "--group", "Groep B", "--out", template.path, "--lang", "en"]).status == 0)
        #expect(try rows(template).lines[0].joined(separator: ";")
            == "checkpoint;street;group;category;subcategory;level;text;observed_at;walker;photo;lon;lat")
        let categories = try rows(dir.appendingPathComponent("fill.categories.csv")).lines
        #expect(categories.contains(["subcategory", "verlichting", "lamp_kapot", "Lamp kapot", "Lamp out",
            "lantaarnpaal, lantaarn, straatlantaarn, straatlamp, kapotte lantaarnpaal, lantaarnpaal kapot, kapotte lamp, straatverlichting, "
                + "straatverlichting kapot, streetlight, street light, broken street light"]))
        // Only the schouw's (CROW) levels, and no row of the categories file is a finding to import
        #expect(categories.filter { $0[0] == "level" }.map { $0[2] } == ["A+", "A", "B", "C", "D"])
        // .xlsx is a usage error; an unknown group names the ones there are; no plan says where to get one
        #expect(try schouw(["observe", "template", db, "--out", dir.appendingPathComponent("x.xlsx").path]).status == 64)
        let unknown = try schouw(["observe", "template", db, "--group", "C", "--out", template.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("veld '--group': onbekende groep 'C' (de route heeft: Groep A, Groep B)"))
        let bare = dir.appendingPathComponent("kaal.schouw").path
        #expect(try schouw(["init", bare, "--name", "Zonder plan", "--date", "2025-09-20"]).status == 0)
        let noPlan = try schouw(["observe", "template", bare, "--out", template.path])
        #expect(noPlan.status == 1 && noPlan.stderr.contains("de database kent geen route"))
        // With the plan's folder (its checkpoints.geojson) instead
        let viaRoute = try schouw(["observe", "template", bare, "--route", dir.appendingPathComponent("plan").path, "--group", "b", "--out", template.path])
        #expect(viaRoute.status == 0, "\(viaRoute.stderr)")
        #expect(try rows(template).lines.dropFirst().allSatisfy { $0[2] == "Groep B" })
    }

    @Test func theReadmeNamesEveryAcceptedColumnInItsTable() throws {
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let table = readme.components(separatedBy: "| field | Dutch | English | also accepted |").dropFirst().first?
            .components(separatedBy: "\n\n").first ?? ""
        let missing = (Array(ObservationFiles.aliases.keys) + ObservationFiles.templateFields.flatMap { [$0.nl, $0.en] })
            .filter { !table.contains("`\($0)`") }
        #expect(missing.isEmpty, "README's column table lacks \(missing.sorted())")
    }

    @Test(.sharedData("karhula.osm"))
    func aTemplateOfARealTownImportsAFilledRow() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("karhula.schouw").path
        #expect(try schouw(["init", db, "--name", "Karhula", "--date", "2025-09-20"]).status == 0)
        let plan = try schouw([
            "plan", "--streets", TestPaths.shared("karhula.osm").path, "--start", "Hiidenkirnuntie", "--groups", "3",
            "--out", dir.appendingPathComponent("plan").path, "--db", db,
        ])
        #expect(plan.status == 0, "\(plan.stderr)")
        let template = dir.appendingPathComponent("c.csv")
        #expect(try schouw(["observe", "template", db, "--group", "C", "--out", template.path]).status == 0)
        var lines = try rows(template).lines
        lines[1][3...7] = ["gat in de weg", "", "B", "Diep gat", "20-9-2025 10:05"]
        try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array((lines.map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n").utf8)).write(to: template)
        let imported = try schouw(["observe", "import", db, template.path])
        #expect(imported.status == 0 && imported.stdout.hasPrefix("1 waarneming(en) geïmporteerd"), "\(imported.stderr)")
        let shown = try schouw(["observe", "show", db, "C-1"])
        #expect(shown.stdout.contains("\ncategorie: bestrating (Bestrating)\nsubcategorie: kuil_gat (Kuil of gat)\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("\nwaargenomen: 20-09-2025 10:05\n") && shown.stdout.contains("\nstraat: \(lines[1][1])\n"))
    }
}
