import Foundation
import SchouwTestSupport
import Testing

/// The built `schouw compare` on two databases made by `schouw init` and `observe import`, with findings
/// placed by hand so the counts are known: about 11 m apart (the same), 44 m apart (not), the same spot
/// in another category (not), and one finding on each side with nothing near.
@Suite struct CompareCommandTests {
    /// 0.0001° of latitude is about 11.1 m, 0.0004° about 44.5 m.
    static let old = """
        id,category,text,lon,lat
        00000000-0000-4000-8000-000000000001,verlichting,Lamp kapot,5.7220000,52.5185000
        00000000-0000-4000-8000-000000000002,afval,Zwerfvuil bij de bank,5.7300000,52.5200000
        00000000-0000-4000-8000-000000000003,verlichting,Lamp knippert,5.7240000,52.5170000
        00000000-0000-4000-8000-000000000004,groen,Heg te hoog,5.7200000,52.5160000

        """
    static let new = """
        id,category,text,lon,lat
        00000000-0000-4000-8000-000000000005,verlichting,Lamp nog steeds kapot,5.7220000,52.5186000
        00000000-0000-4000-8000-000000000006,water,Put verstopt,5.7150000,52.5150000
        00000000-0000-4000-8000-000000000007,afval,Vuilniszak,5.7240000,52.5170000
        00000000-0000-4000-8000-000000000008,groen,Heg te hoog,5.7200000,52.5164000

        """

    static let names = [
        "00000000-0000-4000-8000-000000000001": "o-lamp",
        "00000000-0000-4000-8000-000000000002": "o-far",
        "00000000-0000-4000-8000-000000000003": "o-spot",
        "00000000-0000-4000-8000-000000000004": "o-moved",
        "00000000-0000-4000-8000-000000000005": "n-lamp",
        "00000000-0000-4000-8000-000000000006": "n-alone",
        "00000000-0000-4000-8000-000000000007": "n-spot",
        "00000000-0000-4000-8000-000000000008": "n-moved",
    ]

    static func database(_ name: String, csv: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("\(name).schouw").path
        let created = try BuiltProducts.run("schouw", ["init", path, "--name", "Schouw \(name)", "--date", "2025-09-20"])
        try #require(created.status == 0, "\(created.stderr)")
        let file = folder.appendingPathComponent("\(name).csv")
        try Data(csv.utf8).write(to: file)
        let imported = try BuiltProducts.run("schouw", ["observe", "import", path, file.path])
        try #require(imported.status == 0, "\(imported.stderr)")
        return path
    }

    @Test func writesTheCountsAndTheLayer() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try Self.database("oud", csv: Self.old, in: folder)
        let new = try Self.database("nieuw", csv: Self.new, in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try BuiltProducts.run("schouw", ["compare", old, new, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "4 bevindingen vorige keer, 4 nu: 3 opgelost, 1 blijvend, 3 nieuw.\n")
        let categories = try String(contentsOf: out.appendingPathComponent("vergelijking_categorieen.csv"), encoding: .utf8)
        #expect(
            categories == """
                category,old,new,opgelost,blijvend,nieuw,change
                afval,1,1,1,0,1,0
                groen,1,1,1,0,1,0
                verlichting,2,1,1,1,0,-1
                water,0,1,0,0,1,1
                total,4,4,3,1,3,0

                """)
        // No buurten given and none stored: no per-buurt file.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("vergelijking_buurten.csv").path))
        let layer = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("vergelijking.geojson")))
        let features = try #require((layer as? [String: Any])?["features"] as? [[String: Any]])
        let rows = features.map { feature -> String in
            let p = feature["properties"] as? [String: Any] ?? [:]
            func name(_ id: Any?) -> String { (id as? String).flatMap { Self.names[$0] } ?? "-" }
            return "\(p["comparison"] ?? "") \(name(p["old_id"])) \(name(p["new_id"]))"
        }
        #expect(
            rows.sorted() == [
                "blijvend o-lamp n-lamp", "nieuw - n-alone", "nieuw - n-moved", "nieuw - n-spot", "opgelost o-far -",
                "opgelost o-moved -", "opgelost o-spot -",
            ])
        let pair = try #require(features.first { ($0["properties"] as? [String: Any])?["comparison"] as? String == "blijvend" })
        let distance = try #require((pair["properties"] as? [String: Any])?["distance_m"] as? Double)
        #expect(abs(distance - 11.1) < 0.2)
        // At the new finding's place, in WGS84.
        let coordinates = (pair["geometry"] as? [String: Any])?["coordinates"] as? [Double] ?? []
        #expect(coordinates.count == 2 && abs(coordinates[0] - 5.722) < 1e-6 && abs(coordinates[1] - 52.5186) < 1e-6)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("4 bevindingen vorige keer, 4 nu (0): 3 opgelost, 1 blijvend, 3 nieuw."))
        #expect(summary.contains("Vorige schouw: Schouw oud, 2025-09-20 (oud.schouw)"))
    }

    @Test func printsJSONPerBuurtWithAreas() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try Self.database("oud", csv: Self.old, in: folder)
        let new = try Self.database("nieuw", csv: Self.new, in: folder)
        let run = try BuiltProducts.run(
            "schouw", ["compare", old, new, "--json", "--areas", TestPaths.geodata("buurten.geojson").path])
        try #require(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(root["comparison"] as? [String: Int] == ["opgelost": 3, "blijvend": 1, "nieuw": 3])
        #expect(root["old_total"] as? Int == 4 && root["new_total"] as? Int == 4)
        let buurten = try #require(root["by_buurt"] as? [[String: Any]])
        #expect(buurten.map { $0["old"] as? Int ?? 0 }.reduce(0, +) == 4)
        #expect(buurten.map { $0["new"] as? Int ?? 0 }.reduce(0, +) == 4)
        #expect(buurten.map { $0["blijvend"] as? Int ?? 0 }.reduce(0, +) == 1)
    }

    @Test func aMissingDatabaseIsBadInputAndWritesNothing() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try Self.database("oud", csv: Self.old, in: folder)
        let missing = folder.appendingPathComponent("weg.schouw").path
        let out = folder.appendingPathComponent("out")
        let run = try BuiltProducts.run("schouw", ["compare", old, missing, "--out", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("schouw compare: \(missing): geen schouwdatabase"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
