import Foundation
import SchouwTestSupport
import Testing

/// The built `schouw report` on databases made by `schouw init` and `observe import`.
@Suite struct ReportCommandTests {
    /// 0.0001° of latitude is about 11 m: the lamp is found again, the afval is not, the groen is new.
    static let old = """
        category,text,lon,lat
        verlichting,Lamp kapot,5.7220000,52.5185000
        afval,Zwerfvuil,5.7300000,52.5200000

        """
    static let new = """
        category,text,lon,lat,status
        verlichting,Lamp nog steeds kapot,5.7220000,52.5186000,afgehandeld
        groen,Heg te hoog,5.7200000,52.5164000,open

        """

    static func database(_ name: String, csv: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("\(name).schouw").path
        #expect(try BuiltProducts.run("schouw", ["init", path, "--name", "Schouw \(name)", "--date", "2025-09-20"]).status == 0)
        let file = folder.appendingPathComponent("\(name).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        #expect(try BuiltProducts.run("schouw", ["observe", "import", path, file.path]).status == 0)
        return path
    }

    @Test func jsonHasTheComparison() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = try Self.database("vorig", csv: Self.old, in: dir)
        let new = try Self.database("nu", csv: Self.new, in: dir)
        let out = dir.appendingPathComponent("rapport").path
        let result = try BuiltProducts.run("schouw", ["report", new, "--out", out, "--previous", old, "--json", "--no-pdf"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"comparison\" : {\n    \"blijvend\" : 1,\n    \"nieuw\" : 1,\n    \"opgelost\" : 1\n  }"))
        #expect(result.stdout.contains("\"afgehandeld\" : 1,"))
        #expect(result.stdout.contains("\"share_afgehandeld\" : 0.5"))
        #expect(FileManager.default.fileExists(atPath: out + "/rapport.html"))
        #expect(!FileManager.default.fileExists(atPath: out + "/rapport.pdf"))
    }

    @Test func failuresEndWithTheReadmeExitCodes() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let new = try Self.database("nu", csv: Self.new, in: dir)
        let out = dir.appendingPathComponent("r").path
        let missing = try BuiltProducts.run("schouw", ["report", new, "--out", out, "--previous", dir.appendingPathComponent("geen.schouw").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("schouw report: "))
        let date = try BuiltProducts.run("schouw", ["report", new, "--out", out, "--date", "31-02-2025", "--lang", "en"])
        #expect(date.status == 1)
        #expect(date.stderr.contains("field '--date': '31-02-2025' is not a date"))
        #expect(try BuiltProducts.run("schouw", ["report", new]).status == 64)
        #expect(try BuiltProducts.run("schouw", ["report", "--help"]).stdout.contains("schouw report k.schouw --out rapport --previous vorig-jaar.schouw"))
    }
}
