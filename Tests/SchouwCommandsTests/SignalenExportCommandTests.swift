import Foundation
import SchouwTestSupport
import Testing

/// The built `schouw export --format signalen`: the dry-run summary on stdout, the unmapped findings on
/// stderr by code with their short ids, and the options it needs.
@Suite struct SignalenExportCommandTests {
    static let csv = """
        category,subcategory,level,text,status,lon,lat
        afval,zwerfvuil,D,Zwerfvuil bij de bank,open,5.7220,52.5185
        afval,,B,Volle prullenbak,open,5.7230,52.5185
        verlichting,lamp_kapot,C,Lamp kapot,afgehandeld,5.7240,52.5185
        groen,onkruid,C,Onkruid op de stoep,open,5.7250,52.5185

        """

    @Test func writesThePayloadsAndListsWhatIsNotMapped() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("k.schouw").path
        let created = try BuiltProducts.run("schouw", ["init", db, "--name", "Buurtschouw", "--date", "2025-09-20"])
        try #require(created.status == 0, "\(created.stderr)")
        let csv = folder.appendingPathComponent("in.csv")
        try Data(Self.csv.utf8).write(to: csv)
        let imported = try BuiltProducts.run("schouw", ["observe", "import", db, csv.path])
        try #require(imported.status == 0, "\(imported.stderr)")
        let map = folder.appendingPathComponent("map.json")
        try Data(#"{"afval": "/signals/v1/public/terms/categories/afval/sub_categories/overig-afval"}"#.utf8).write(to: map)
        let out = folder.appendingPathComponent("signalen.json")
        let run = try BuiltProducts.run(
            "schouw", ["export", db, "--format", "signalen", "--category-map", map.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout == """
                2 melding(en) voor Signalen geschreven naar \(out.path), met 0 foto('s) om toe te voegen (er is niets verstuurd)
                  2  /signals/v1/public/terms/categories/afval/sub_categories/overig-afval
                1 afgehandelde of geannuleerde bevinding(en) overgeslagen

                """)
        #expect(run.stderr.hasPrefix("1 bevinding(en) zonder koppeling in \(map.path), niet meegestuurd:\n  groen/onkruid: "))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        #expect((document["signals"] as? [Any])?.count == 2)
        #expect((document["unmapped"] as? [[String: Any]])?.first?["category"] as? String == "groen")
    }

    @Test func signalenNeedsACategoryMap() throws {
        let run = try BuiltProducts.run("schouw", ["export", "k.schouw", "--format", "signalen", "--out", "x.json"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--format signalen needs --category-map FILE"))
        let other = try BuiltProducts.run(
            "schouw", ["export", "k.schouw", "--format", "csv", "--category-map", "m.json", "--out", "x.csv"])
        #expect(other.status == 64)
    }
}
