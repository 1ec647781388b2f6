import Foundation
import SchouwTestSupport
import Testing

/// The built `schouw action` on a database made by `schouw init` and `observe import`.
@Suite struct ActionCommandTests {
    static let findings = """
        id,group,category,text,lon,lat
        00000000-0000-4000-8000-000000000001,Groep A,verlichting,Lamp kapot,5.7220000,52.5185000
        00000000-0000-4000-8000-000000000002,Groep A,verlichting,Lamp brandt niet,5.7220500,52.5185000

        """

    func database(_ folder: URL) throws -> String {
        let path = folder.appendingPathComponent("k.schouw").path
        #expect(try BuiltProducts.run("schouw", ["init", path, "--name", "Schouw", "--date", "2025-09-20"]).status == 0)
        let csv = folder.appendingPathComponent("in.csv")
        try Self.findings.write(to: csv, atomically: true, encoding: .utf8)
        #expect(try BuiltProducts.run("schouw", ["observe", "import", path, csv.path]).status == 0)
        return path
    }

    @Test func addListEditDone() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try database(dir)
        let added = try BuiltProducts.run("schouw", [
            "action", "add", db, "--what", "Lamp vervangen", "--partner", "gemeente", "--department", "Stadsbeheer", "--due", "31-10-2025",
            "--finding", "A-1", "--finding", "a2",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "Actie 1 toegevoegd\n1  open  gemeente (Stadsbeheer)  vóór 2025-10-31  Lamp vervangen  [A-1, A-2]\n")
        let list = try BuiltProducts.run("schouw", ["action", "list", db, "--today", "2025-11-01"])
        #expect(list.stdout == "1  open  gemeente (Stadsbeheer)  vóór 2025-10-31  TE LAAT  Lamp vervangen  [A-1, A-2]\n1 actie(s)\n")
        let english = try BuiltProducts.run("schouw", ["action", "list", db, "--today", "2025-10-31", "--lang", "en"])
        #expect(english.stdout == "1  open  municipality (Stadsbeheer)  due 2025-10-31  Lamp vervangen  [A-1, A-2]\n1 action(s)\n")
        let edited = try BuiltProducts.run("schouw", ["action", "edit", db, "1", "--status", "in_behandeling", "--date", "2025-10-01", "--note", "Besteld"])
        #expect(edited.status == 0)
        let done = try BuiltProducts.run("schouw", ["action", "done", db, "1", "--date", "2025-10-20"])
        #expect(done.stdout == "Actie 1 afgehandeld\n")
        let overdue = try BuiltProducts.run("schouw", ["action", "list", db, "--overdue", "--today", "2025-12-01"])
        #expect(overdue.stdout == "0 actie(s)\n")
    }

    @Test func failuresNameTheFieldWithTheReadmeExitCodes() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try database(dir)
        let bad = try BuiltProducts.run("schouw", ["action", "add", db, "--what", "x", "--partner", "politie", "--due", "2025-02-30", "--finding", "Q-1"])
        #expect(bad.status == 1)
        #expect(bad.stderr == """
            schouw action add: 2 fout(en) in de invoer; er is niets veranderd:
              veld '--due': '2025-02-30' is geen datum (bijv. 2025-10-31 of 31-10-2025)
              veld '--finding': geen bevinding met id 'Q-1'

            """)
        let missing = try BuiltProducts.run("schouw", ["action", "done", db, "4", "--lang", "en"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "schouw action done: no action '4'; `schouw action list` shows the numbers\n")
        let usage = try BuiltProducts.run("schouw", ["action", "edit", db, "1", "--photo", "na.jpg"])
        #expect(usage.status == 64)
        let noDatabase = try BuiltProducts.run("schouw", ["action", "list", dir.appendingPathComponent("geen.schouw").path])
        #expect(noDatabase.status == 1)
        let help = try BuiltProducts.run("schouw", ["action", "--help"])
        #expect(help.stdout.contains("schouw action add k.schouw --what \"Lamp vervangen\" --partner gemeente"))
        #expect(try BuiltProducts.run("schouw", ["action", "list", db]).stdout == "0 actie(s)\n")
    }
}
