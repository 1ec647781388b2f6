import Foundation
import SchouwStore
import SchouwTestSupport
import Testing

/// A CSV file as people send it, the exact text `schouw observe import` must refuse it with, and why.
struct HostileCSV: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// Standard error, written out by hand.
    var stderr: String
    var testDescription: String { name }
}

/// UTF-16 LE code units of ASCII text, written the naive way (each byte, then 0x00); a test oracle
/// independent of Foundation's converters.
func utf16LE(_ ascii: String) -> [UInt8] {
    precondition(ascii.utf8.allSatisfy { $0 < 0x80 })
    return ascii.utf8.flatMap { [$0, 0x00] }
}

/// The built `schouw observe import` on CSV files: what it reads (encodings, byte-exact), and the
/// hostile files it refuses, each with its exact Dutch message naming the file and line or column,
/// exit 1, and the database as it was.
@Suite struct CSVImportCommandTests {
    /// A fresh database holding one finding, so that "unchanged" is checked against something.
    static func database() throws -> (folder: URL, path: String) {
        let folder = try TestPaths.temporaryDirectory()
        let path = folder.appendingPathComponent("k.schouw").path
        let created = try BuiltProducts.run("schouw", ["init", path, "--name", "Buurtschouw", "--date", "2025-09-20"])
        try #require(created.status == 0, "\(created.stderr)")
        let added = try BuiltProducts.run(
            "schouw", ["observe", "add", path, "--category", "zwerfvuil", "--text", "Al opgeslagen", "--at", "5.7220,52.5185"])
        try #require(added.status == 0, "\(added.stderr)")
        return (folder, path)
    }

    /// Every stored finding as "id text", sorted.
    static func stored(_ path: String) throws -> [String] {
        try SchouwDatabase.open(at: URL(fileURLWithPath: path)).observations().map { "\($0.id) \($0.text)" }.sorted()
    }

    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static let prefix = "schouw observe import: "
    static let header = Array("category,text,lon,lat\n".utf8)
    static let nul = "een NUL-teken (byte 0), dat in een CSV-bestand niet voorkomt: is het een ander soort bestand "
        + "(zoals .xlsx), beschadigd, of UTF-16 zonder byte order mark?\n"
    static let unnamed = "die in de kopregel geen naam heeft; geef de kolom een naam, of staat er een scheidingsteken "
        + "in een tekst zonder aanhalingstekens?\n"
    static let unknown = "gebruik de kolommen van `schouw observe template` of id, short_id, group, walker, observed_at, category, "
        + "subcategory, level, text, street, checkpoint, status, owner, lon, lat, x, y, photo, of hun Nederlandse namen"
    static let oneProblem = "1 fout(en) in de invoer; er is niets veranderd:\n  "

    static let hostile: [HostileCSV] = [
        HostileCSV(
            name: "nul.csv", bytes: header + Array("zwerfvuil,Zwerf".utf8) + [0x00] + Array("vuil bij de bank,5.72,52.51\n".utf8),
            stderr: prefix + "nul.csv: regel 2: " + nul),
        // A UTF-16 file that lost its byte order mark: every ASCII character brings a NUL.
        HostileCSV(name: "utf16-zonder-bom.csv", bytes: utf16LE("category\r\nzwerfvuil\r\n"), stderr: prefix + "utf16-zonder-bom.csv: regel 1: " + nul),
        // A spreadsheet (.xlsx is a zip file) saved under a .csv name.
        HostileCSV(
            name: "werkblad.csv", bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00],
            stderr: prefix + "werkblad.csv: regel 1: " + nul),
        // 0x81 is undefined in Windows-1252, and 0xE9 0x81 is not UTF-8.
        HostileCSV(
            name: "onleesbaar.csv", bytes: header + Array("zwerfvuil,ok,5.72,52.51\nzwerfvuil,caf".utf8) + [0xE9, 0x81] + Array(",5.72,52.51\n".utf8),
            stderr: prefix + "onleesbaar.csv: regel 3: tekens die geen UTF-8 en ook geen Windows-1252 zijn; sla het bestand in Excel op als "
                + "\"CSV UTF-8 (door komma's gescheiden)\"\n"),
        // A UTF-8 byte order mark promises UTF-8; a Windows-1252 é on line 2 breaks it.
        HostileCSV(
            name: "bom-kapot.csv", bytes: [0xEF, 0xBB, 0xBF] + header + Array("zwerfvuil,caf".utf8) + [0xE9] + Array(",5.72,52.51\n".utf8),
            stderr: prefix + "bom-kapot.csv: regel 2: ongeldige tekens voor UTF-8 (BOM), de codering die de byte order mark aan het begin "
                + "noemt; is het bestand afgekapt of beschadigd?\n"),
        // UTF-16 LE cut off in the middle of a code unit, on line 2.
        HostileCSV(
            name: "utf16-afgekapt.csv", bytes: [0xFF, 0xFE] + utf16LE("category\r\nzwerfvuil") + [0x0A],
            stderr: prefix + "utf16-afgekapt.csv: regel 2: ongeldige tekens voor UTF-16 LE, de codering die de byte order mark aan het "
                + "begin noemt; is het bestand afgekapt of beschadigd?\n"),
        // An unpaired high surrogate (D800) on line 2.
        HostileCSV(
            name: "utf16-surrogaat.csv", bytes: [0xFF, 0xFE] + utf16LE("category\r\n") + [0x00, 0xD8] + utf16LE("x\r\n"),
            stderr: prefix + "utf16-surrogaat.csv: regel 2: ongeldige tekens voor UTF-16 LE, de codering die de byte order mark aan het "
                + "begin noemt; is het bestand afgekapt of beschadigd?\n"),
        HostileCSV(
            name: "twee-text.csv", bytes: Array("category,text,lon,lat,text\nzwerfvuil,een,5.72,52.51,twee\n".utf8),
            stderr: prefix + oneProblem + "twee-text.csv, regel 1, veld 'text': kolom E vult hetzelfde veld als kolom B ('text'); laat er één staan\n"),
        // Two names of one field: the Dutch `tekst` and the English `Text`.
        HostileCSV(
            name: "tekst-en-text.csv", bytes: Array("categorie;tekst;Text\nzwerfvuil;een;twee\n".utf8),
            stderr: prefix + oneProblem + "tekst-en-text.csv, regel 1, veld 'Text': kolom C vult hetzelfde veld als kolom B ('tekst'); laat er één staan\n"),
        HostileCSV(
            name: "onbekend.csv", bytes: Array("category,text,kleur,lon,lat\nzwerfvuil,een,rood,5.72,52.51\n".utf8),
            stderr: prefix + oneProblem + "onbekend.csv, regel 1, veld 'kleur': onbekende kolom C; " + unknown + "\n"),
        HostileCSV(
            name: "tikfout.csv", bytes: Array("category,tekts,lon,lat\nzwerfvuil,een,5.72,52.51\n".utf8),
            stderr: prefix + oneProblem + "tikfout.csv, regel 1, veld 'tekts': onbekende kolom B; " + unknown + "; bedoelde u 'tekst'?\n"),
        // Every header problem at once, in column order, the missing category last.
        HostileCSV(
            name: "kop.csv", bytes: Array("kleur,text,text\nrood,een,twee\n".utf8),
            stderr: prefix + "3 fout(en) in de invoer; er is niets veranderd:\n"
                + "  kop.csv, regel 1, veld 'kleur': onbekende kolom A; " + unknown + "\n"
                + "  kop.csv, regel 1, veld 'text': kolom C vult hetzelfde veld als kolom B ('text'); laat er één staan\n"
                + "  kop.csv, regel 1, veld 'category': ontbreekt\n"),
        HostileCSV(
            name: "geen-categorie.csv", bytes: Array("text,lon,lat\neen,5.72,52.51\n".utf8),
            stderr: prefix + oneProblem + "geen-categorie.csv, regel 1, veld 'category': ontbreekt\n"),
        HostileCSV(name: "leeg.csv", bytes: [], stderr: prefix + "leeg.csv: het bestand is leeg; verwacht een kopregel met de kolomnamen\n"),
        HostileCSV(
            name: "alleen-bom.csv", bytes: [0xEF, 0xBB, 0xBF],
            stderr: prefix + "alleen-bom.csv: het bestand is leeg; verwacht een kopregel met de kolomnamen\n"),
        HostileCSV(
            name: "lege-regels.csv", bytes: Array("\r\n\r\n\n".utf8),
            stderr: prefix + "lege-regels.csv: het bestand is leeg; verwacht een kopregel met de kolomnamen\n"),
        HostileCSV(
            name: "open-quote.csv", bytes: header + Array("zwerfvuil,ok,5.72,52.51\nzwerfvuil,\"begint maar eindigt niet,5.72,52.51\nzwerfvuil,x,5.72,52.51\n".utf8),
            stderr: prefix + "open-quote.csv: regel 3: een veld tussen aanhalingstekens wordt niet afgesloten\n"),
        // A quoted field that runs on for 2 MB to the end of the file.
        HostileCSV(
            name: "groot-open.csv", bytes: header + Array("zwerfvuil,\"".utf8) + [UInt8](repeating: 0x61, count: 2_000_000),
            stderr: prefix + "groot-open.csv: regel 2: een veld tussen aanhalingstekens wordt niet afgesloten\n"),
        // An unquoted comma in a text: one value more than the header has columns.
        HostileCSV(
            name: "komma.csv", bytes: header + Array("zwerfvuil,Blikjes, veel,5.72,52.51\n".utf8),
            stderr: prefix + oneProblem + "komma.csv, regel 2, veld 'E': waarde '52.51' in kolom E, " + unnamed),
        // A value under an empty header cell.
        HostileCSV(
            name: "lege-kop.csv", bytes: Array("category;;text\nzwerfvuil;;een\nzwerfvuil;x;twee\n".utf8),
            stderr: prefix + oneProblem + "lege-kop.csv, regel 3, veld 'B': waarde 'x' in kolom B, " + unnamed),
    ]

    @Test(arguments: hostile)
    func hostileFileIsRefusedAndChangesNothing(_ file: HostileCSV) throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try Self.stored(database)
        let input = try Self.write(file.bytes, file.name, in: folder)
        let started = Date()
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, input])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 1 && !result.endedBySignal)
        #expect(result.stderr == file.stderr)
        #expect(result.stdout == "")
        #expect(try Self.stored(database) == before)
        #expect(before.count == 1)
        #expect(!FileManager.default.fileExists(atPath: input + ".rejected.csv"))
    }

    @Test func refusalsAreInEnglishOnRequest() throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let nul = try Self.write(Self.header + Array("zwerfvuil,a".utf8) + [0x00], "nul.csv", in: folder)
        let english = try BuiltProducts.run("schouw", ["observe", "import", database, nul, "--lang", "en"])
        #expect(english.status == 1)
        #expect(
            english.stderr == "schouw observe import: nul.csv: line 2: a NUL character (byte 0), which a CSV file never holds: "
                + "is it another kind of file (such as .xlsx), damaged, or UTF-16 without a byte order mark?\n")
        let columns = try Self.write(Array("category,text,Tekst,kleur\n".utf8), "kolommen.csv", in: folder)
        let english2 = try BuiltProducts.run("schouw", ["observe", "import", database, columns, "--lang", "en"])
        #expect(english2.status == 1)
        #expect(
            english2.stderr == "schouw observe import: 2 problem(s) in the input; nothing was changed:\n"
                + "  kolommen.csv, line 1, field 'Tekst': column C fills the same field as column B ('text'); keep one of them\n"
                + "  kolommen.csv, line 1, field 'kleur': unknown column D; use the columns of `schouw observe template` or id, short_id, group, "
                + "walker, observed_at, category, subcategory, level, text, street, checkpoint, status, owner, lon, lat, x, y, photo, "
                + "or their Dutch names\n")
        #expect(try Self.stored(database).count == 1)
    }

    // MARK: What is read

    /// "Één zak vuil bij café, €50, geëist" in Windows-1252: É C9, é E9, € 80, ë EB.
    static let dutchText = "Één zak vuil bij café, €50, geëist"
    static let dutchWindows1252: [UInt8] =
        [0xC9, 0xE9, 0x6E] + Array(" zak vuil bij caf".utf8) + [0xE9] + Array(", ".utf8) + [0x80] + Array("50, ge".utf8) + [0xEB]
        + Array("ist".utf8)

    @Test func windows1252CSVImportsByteExact() throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Array("categorie;tekst;lengtegraad;breedtegraad\r\nzwerfvuil;\"".utf8) + Self.dutchWindows1252
            + Array("\";5,7230;52,5190\r\n".utf8)
        let input = try Self.write(bytes, "excel.csv", in: folder)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "1 waarneming(en) geïmporteerd (gelezen als Windows-1252)\n")
        let texts = try SchouwDatabase.open(at: URL(fileURLWithPath: database)).observations().map(\.text)
        #expect(texts.contains(Self.dutchText))
        #expect(Array(try #require(texts.first { $0.hasPrefix("É") }).utf8) == Array("Één zak vuil bij café, €50, geëist".utf8))
    }

    @Test func utf16ExcelUnicodeTextImports() throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Excel's "Unicode text": FF FE, tab-separated, CRLF, Dutch decimal commas; "Één €5" with É = C9 00,
        // é = E9 00, € = AC 20.
        let bytes = [0xFF, 0xFE] + utf16LE("categorie\ttekst\tlon\tlat\r\nzwerfvuil\t") + [0xC9, 0x00, 0xE9, 0x00]
            + utf16LE("n ") + [0xAC, 0x20] + utf16LE("5\t5,7230\t52,5190\r\n")
        let input = try Self.write(bytes, "unicode.txt", in: folder)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "1 waarneming(en) geïmporteerd (gelezen als UTF-16 LE)\n")
        let stored = try SchouwDatabase.open(at: URL(fileURLWithPath: database)).observations()
        let finding = try #require(stored.first { $0.text == "Één €5" })
        #expect(abs(finding.lon - 5.7230) < 1e-9 && abs(finding.lat - 52.5190) < 1e-9)
    }

    @Test func looseButHarmlessFilesImport() throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Mixed line ends with a quoted CRLF; Excel's trailing delimiter with an empty header cell; the
        // export's own columns and the rejected-rows file's `error`, known and not read; a 1 MB text;
        // a formula typed by a walker (stored as typed); a value with the writer's guard (given back).
        let big = String(repeating: "ë", count: 500_000)
        let csv = "category;text;lon;lat;entered_at;buurt_code;error;\r\n"
            + "zwerfvuil;\"regel een\r\nregel twee\";5,7221;52,5185;2025-01-01;BU1;oud;\n"
            + "zwerfvuil;=HYPERLINK(\"http://x\");5,7222;52,5185;;;;\r\n"
            + "zwerfvuil;'=SUM(A1);5,7223;52,5185;;;;\r\n"
            + "zwerfvuil;\(big);5,7224;52,5185;;;;"
        let input = try Self.write(Array(csv.utf8), "los.csv", in: folder)
        let started = Date()
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, input])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "4 waarneming(en) geïmporteerd (gelezen als UTF-8)\n")
        let texts = Set(try SchouwDatabase.open(at: URL(fileURLWithPath: database)).observations().map(\.text))
        #expect(texts.isSuperset(of: ["regel een\r\nregel twee", "=HYPERLINK(\"http://x\")", "=SUM(A1)", big]))
    }

    @Test func rejectedRowsKeepTheInputsEncodingDelimiterAndGuardFormulas() throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Windows-1252 with semicolons: a good row, and a row with a misspelt category, a formula text
        // and a negative coordinate.
        let bytes = Array("categorie;tekst;lon;lat\r\nzwerfvuil;Blikjes bij caf".utf8) + [0xE9] + Array(";5,7221;52,5185\r\n".utf8)
            + Array("zwerfvul;\"=HYPERLINK(\"\"x\"\") bij caf".utf8) + [0xE9] + Array("\";-0,5;51,5\r\n".utf8)
        let input = try Self.write(bytes, "ronde.csv", in: folder)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, input, "--skip-invalid"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("1 waarneming(en) geïmporteerd (gelezen als Windows-1252)\n1 regel(s) afgewezen, zie "))
        let rejected = try Data(contentsOf: URL(fileURLWithPath: input + ".rejected.csv"))
        let expected = Array("id;short_id;group;walker;observed_at;category;subcategory;level;text;street;checkpoint;status;owner;lon;lat;x;y;photo;error\r\n".utf8)
            + Array(";;;;;zwerfvul;;;\"'=HYPERLINK(\"\"x\"\") bij caf".utf8) + [0xE9] + Array("\";;;;;-0,5;51,5;;;;".utf8)
            + Array("\"ronde.csv, regel 3, veld 'category': onbekende categorie 'zwerfvul'; bedoelde u 'zwerfvuil'?\"\r\n".utf8)
        #expect([UInt8](rejected) == expected)
        // Corrected and imported again, the row gives back the walker's text as typed.
        let corrected = try Self.write(
            [UInt8](rejected).replacing(Array(";zwerfvul;".utf8), with: Array(";zwerfvuil;".utf8)), "ronde-verbeterd.csv", in: folder)
        let again = try BuiltProducts.run("schouw", ["observe", "import", database, corrected])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "1 waarneming(en) geïmporteerd (gelezen als Windows-1252)\n")
        let texts = try SchouwDatabase.open(at: URL(fileURLWithPath: database)).observations().map(\.text)
        #expect(texts.contains("=HYPERLINK(\"x\") bij café"))
    }
}

/// Every CSV the built `schouw` writes guards cells a spreadsheet would run as formulas, and leaves
/// numbers (a negative coordinate) as numbers. The guarded cells are written out by hand.
@Suite struct CSVFormulaOutputCommandTests {
    /// A database with four walker texts that are formulas, one at a negative longitude.
    static func database() throws -> (folder: URL, path: String) {
        let (folder, path) = try CSVImportCommandTests.database()
        let csv = "category,text,lon,lat\n"
            + "zwerfvuil,\"=HYPERLINK(\"\"x\"\")\",-0.5,51.5\n"
            + "zwerfvuil,@SUM(A1:A9),5.7221,52.5185\n"
            + "zwerfvuil,+cmd|' /C calc'!A0,5.7222,52.5185\n"
            + "zwerfvuil,-2+3,5.7223,52.5185\n"
        let input = try CSVImportCommandTests.write(Array(csv.utf8), "formules.csv", in: folder)
        let imported = try BuiltProducts.run("schouw", ["observe", "import", path, input])
        try #require(imported.status == 0, "\(imported.stderr)")
        return (folder, path)
    }

    @Test func exportCSVAndExcelGuardFormulasAndKeepNumbers() throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("export.csv").path
        #expect(try BuiltProducts.run("schouw", ["export", database, "--format", "csv", "--out", plain]).status == 0)
        let text = try String(contentsOfFile: plain, encoding: .utf8)
        for cell in [",\"'=HYPERLINK(\"\"x\"\")\",", ",'@SUM(A1:A9),", ",'+cmd|' /C calc'!A0,", ",'-2+3,", ",-0.5,51.5,"] {
            #expect(text.contains(cell), "\(cell)")
        }
        #expect(!text.contains("'-0") && !text.contains(",=") && !text.contains(",@"))

        let excel = folder.appendingPathComponent("excel.csv").path
        #expect(try BuiltProducts.run("schouw", ["export", database, "--format", "csv", "--excel", "--out", excel]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: excel))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let excelText = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        for cell in [";\"'=HYPERLINK(\"\"x\"\")\";", ";'@SUM(A1:A9);", ";'+cmd|' /C calc'!A0;", ";'-2+3;", ";-0,5;51,5;"] {
            #expect(excelText.contains(cell), "\(cell)")
        }
        #expect(!excelText.contains("'-0") && !excelText.contains(";=") && !excelText.contains(";@"))
    }

    @Test func buurtenCSVGuardsAHostileBuurtName() throws {
        let (folder, database) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let areas = try CSVImportCommandTests.write(
            Array(
                """
                {"type":"FeatureCollection","features":[{"type":"Feature",
                "properties":{"BU_CODE":"BU00010001","BU_NAAM":"=HYPERLINK(\\"x\\")"},
                "geometry":{"type":"Polygon","coordinates":[[[5.70,52.50],[5.75,52.50],[5.75,52.53],[5.70,52.53],[5.70,52.50]]]}}]}
                """.utf8), "buurten.geojson", in: folder)
        let out = folder.appendingPathComponent("groep")
        let result = try BuiltProducts.run("schouw", ["group", "--areas", areas, "--db", database, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("buurten.csv"), encoding: .utf8)
        let row = try #require(csv.split(separator: "\n").dropFirst().first)
        #expect(row.hasPrefix("BU00010001,\"'=HYPERLINK(\"\"x\"\")\",GM0001,4,"))
    }
}
