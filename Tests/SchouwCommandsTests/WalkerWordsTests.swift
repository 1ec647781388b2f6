import Foundation
import SchouwTestSupport
import Testing
@testable import SchouwStore

/// The command line as a walker or organizer types it: synonyms, the schouw's scale, short ids.
@Suite struct WalkerWordsTests {
    private func schouw(_ arguments: [String]) throws -> ProcessOutput {
        try BuiltProducts.run("schouw", arguments)
    }

    @Test func aCROWSchouwAsksAboutSlechtAndTakesALantaarnpaal() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("k.schouw").path
        #expect(try schouw(["init", db, "--name", "Kruidentuin", "--date", "2025-09-20"]).status == 0)
        // "slecht" on a CROW schouw: exit 1, asked, nothing stored
        let slecht = try schouw(["observe", "add", db, "--category", "lantaarnpaal", "--level", "slecht", "--at", "5.7220,52.5185", "--group", "Groep A"])
        #expect(slecht.status == 1)
        #expect(slecht.stderr.contains("veld 'level': niveau 'slecht' hoort niet bij de schaal van deze schouw (A+, A, B, C, D); bedoelt u C of D?"))
        // The same with C: stored as verlichting/lamp_kapot under A-1, shown in Dutch
        let added = try schouw(["observe", "add", db, "--category", "lantaarnpaal", "--level", "C", "--at", "5.7220,52.5185", "--group", "Groep A",
                                "--time", "20-9-2025 19:30"])
        #expect(added.status == 0 && added.stdout.hasPrefix("Waarneming opgeslagen: A-1 ("), "\(added.stderr)")
        let shown = try schouw(["observe", "show", db, "a1"])
        let lines = Set(shown.stdout.split(separator: "\n").map(String.init))
        #expect(lines.isSuperset(of: [
            "nummer: A-1", "categorie: verlichting (Verlichting)", "subcategorie: lamp_kapot (Lamp kapot)", "niveau: C (matig)",
            "waargenomen: 20-09-2025 19:30", "lengtegraad, breedtegraad: 5.7220000, 52.5185000",
        ]), "\(shown.stdout)")
        let list = try schouw(["observe", "list", db])
        #expect(list.stdout.hasPrefix("A-1  Groep A  verlichting/lamp_kapot  C  open"), "\(list.stdout)")
    }

    @Test func aSimpleScaleSchouwStoresBAsGoed() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.schouw").path
        #expect(try schouw(["init", db, "--name", "Eenvoudig", "--date", "2025-09-20", "--scale", "simple"]).status == 0)
        #expect(try schouw(["observe", "add", db, "--category", "hondendrollen", "--level", "B", "--at", "5.7220,52.5185"]).status == 0)
        #expect(try schouw(["observe", "show", db, "X-1"]).stdout.contains("\nniveau: goed\n"))
        // Its route sheets ask for the same scale
        let plan = try schouw([
            "plan", "--streets", TestPaths.geodata("streets.osm").path, "--start", "Tijmlaan", "--out", dir.appendingPathComponent("plan").path,
            "--db", db,
        ])
        #expect(plan.status == 0, "\(plan.stderr)")
        let sheets = try String(contentsOf: dir.appendingPathComponent("plan/sheets.md"), encoding: .utf8)
        #expect(sheets.contains("- Niveau: [ ] goed  [ ] slecht  [ ] plus") && !sheets.contains("[ ] A+"))
        let wrong = try schouw(["init", dir.appendingPathComponent("t.schouw").path, "--name", "x", "--date", "2025-09-20", "--scale", "sterren"])
        #expect(wrong.status == 1 && wrong.stderr.contains("de taxonomie heeft geen schaal 'sterren' (wel: crow, simple)"), "\(wrong.stderr)")
    }
}
