import Foundation
import Testing
import SchouwFormats

@Suite struct CSVTests {
    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let text = "a;b;c\r\n1;\"x; \"\"y\"\"\nz\";3\r\n\r\n4;5;6"
        let parsed = try CSV.read(Data(([0xEF, 0xBB, 0xBF] + Array(text.utf8))))
        #expect(parsed.dialect == .excel)
        #expect(parsed.records.map(\.fields) == [["a", "b", "c"], ["1", "x; \"y\"\nz", "3"], ["4", "5", "6"]])
        #expect(parsed.records.map(\.line) == [1, 2, 5])
    }

    @Test func writtenCSVParsesBack() throws {
        let rows = [["1", "a,b", "say \"hi\"", "line\nbreak"], ["2", "", "x", "y"]]
        for dialect in [CSV.Dialect.standard, .excel] {
            let parsed = try CSV.read(CSV.write(header: ["n", "a", "b", "c"], rows: rows, dialect: dialect))
            #expect(Array(parsed.records.dropFirst().map(\.fields)) == rows)
        }
    }

    @Test func recordsOneAtATimeAreTheRecordsRead() throws {
        // Windows-1252 bytes by hand: "x;y" CRLF, "1;"caf<E9>\nb"" LF, blank line, "2;<80>" (the euro sign).
        let bytes: [UInt8] = [0x78, 0x3B, 0x79, 0x0D, 0x0A, 0x31, 0x3B, 0x22, 0x63, 0x61, 0x66, 0xE9, 0x0A, 0x62, 0x22, 0x0A, 0x0A, 0x32, 0x3B, 0x80]
        var handed: [CSV.Record] = []
        let dialect = try CSV.forEachRecord(Data(bytes)) { handed.append($0) }
        #expect(dialect == CSV.Dialect(delimiter: UInt8(ascii: ";"), encoding: .windows1252))
        #expect(handed.map(\.fields) == [["x", "y"], ["1", "caf\u{E9}\nb"], ["2", "\u{20AC}"]])
        #expect(handed.map(\.line) == [1, 2, 5])
        #expect(throws: FormatError.emptyCSV(file: "leeg.csv")) {
            _ = try CSV.forEachRecord(Data("\n\n".utf8), fileName: "leeg.csv") { _ in Issue.record("no record expected") }
        }
    }

    /// The line a quote opened on, from an unterminated-quote error; nil for any other outcome.
    func unterminatedQuoteLine(_ text: String) -> Int? {
        do {
            _ = try CSV.parse(text)
        } catch FormatError.unterminatedQuote(file: nil, let line) {
            return line
        } catch {}
        return nil
    }

    @Test func unterminatedQuoteNamesTheLineItOpensOn() {
        #expect(unterminatedQuoteLine("a,b\n1,\"open\n2,3") == 2)
        // A quoted field with line breaks before it: lines are counted in the file, not in records.
        #expect(unterminatedQuoteLine("a,b\n\"x\ny\nz\",1\n2,\"open") == 5)
    }
}

/// Reading the encodings Dutch offices send, and the reader's refusals. The inputs are bytes written
/// out by hand from the code charts (Windows-1252: é E9, ë EB, É C9, € 80; UTF-16 LE: low byte first).
@Suite struct CSVEncodingTests {
    @Test func windows1252SemicolonsAreReadByteExact() throws {
        // "tekst;lon\r\nÉén café, €50;-0,5\r\n" in Windows-1252.
        let bytes: [UInt8] = [
            0x74, 0x65, 0x6B, 0x73, 0x74, 0x3B, 0x6C, 0x6F, 0x6E, 0x0D, 0x0A,
            0xC9, 0xE9, 0x6E, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x2C, 0x20, 0x80, 0x35, 0x30, 0x3B, 0x2D, 0x30, 0x2C, 0x35, 0x0D, 0x0A,
        ]
        let table = try CSV.read(Data(bytes), fileName: "w.csv")
        #expect(table.dialect == CSV.Dialect(delimiter: UInt8(ascii: ";"), encoding: .windows1252))
        #expect(table.records.map(\.fields) == [["tekst", "lon"], ["Één café, €50", "-0,5"]])
    }

    @Test func utf16LittleEndianTabSeparatedExcelUnicodeText() throws {
        // Excel's "Unicode text": FF FE, then "a\tb\r\né\t€\r\n" as UTF-16 LE code units.
        let bytes: [UInt8] = [
            0xFF, 0xFE, 0x61, 0x00, 0x09, 0x00, 0x62, 0x00, 0x0D, 0x00, 0x0A, 0x00,
            0xE9, 0x00, 0x09, 0x00, 0xAC, 0x20, 0x0D, 0x00, 0x0A, 0x00,
        ]
        let table = try CSV.read(Data(bytes))
        #expect(table.dialect == CSV.Dialect(delimiter: 0x09, encoding: .utf16LittleEndian))
        #expect(table.records.map(\.fields) == [["a", "b"], ["é", "€"]])
    }

    @Test func utf16BigEndianIsReadToo() throws {
        // FE FF, then "a,b\né,x\n" as UTF-16 BE.
        let bytes: [UInt8] = [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x2C, 0x00, 0x62, 0x00, 0x0A, 0x00, 0xE9, 0x00, 0x2C, 0x00, 0x78, 0x00, 0x0A]
        let table = try CSV.read(Data(bytes))
        #expect(table.dialect.encoding == .utf16BigEndian)
        #expect(table.records.map(\.fields) == [["a", "b"], ["é", "x"]])
    }

    /// The message of the error reading `bytes` as `name`, in Dutch and English; nil when it reads.
    func refusal(_ bytes: [UInt8], _ name: String = "w.csv") -> (nl: String, en: String)? {
        do {
            _ = try CSV.read(Data(bytes), fileName: name)
            return nil
        } catch {
            #expect(error.exitClass == .badInput)
            return (error.message(.nl), error.message(.en))
        }
    }

    @Test func undecodableBytesNameFileAndLine() {
        // 0x81 is undefined in Windows-1252 and 0xE9 0x81 is not UTF-8: line 3.
        let neither = refusal([0x61, 0x0A, 0x62, 0x0A, 0xE9, 0x81])
        #expect(neither?.nl == "w.csv: regel 3: tekens die geen UTF-8 en ook geen Windows-1252 zijn; sla het bestand in Excel op als \"CSV UTF-8 (door komma's gescheiden)\"")
        #expect(neither?.en == "w.csv: line 3: bytes that are neither UTF-8 nor Windows-1252; save the file from Excel as \"CSV UTF-8 (Comma delimited)\"")
        // A UTF-8 byte order mark and then a lone 0xE9 on line 2.
        let bom = refusal([0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0xE9, 0x0A])
        #expect(bom?.nl == "w.csv: regel 2: ongeldige tekens voor UTF-8 (BOM), de codering die de byte order mark aan het begin noemt; is het bestand afgekapt of beschadigd?")
        #expect(bom?.en == "w.csv: line 2: invalid characters for UTF-8 (BOM), the encoding the byte order mark at the start names; is the file truncated or damaged?")
        // UTF-16 LE cut off in the middle of a code unit on line 2 ("a\nb" and half of the next unit).
        let cut = refusal([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x62, 0x00, 0x63])
        #expect(cut?.nl.hasPrefix("w.csv: regel 2: ongeldige tekens voor UTF-16 LE, ") == true)
    }

    @Test func nulBytesNameFileAndLine() {
        // "category\nZwerf\0vuil": the NUL is on line 2, in UTF-8 and in UTF-16 LE alike.
        let utf8 = refusal([0x63, 0x61, 0x74, 0x0A, 0x5A, 0x77, 0x00, 0x76])
        #expect(utf8?.nl == "w.csv: regel 2: een NUL-teken (byte 0), dat in een CSV-bestand niet voorkomt: is het een ander soort bestand (zoals .xlsx), beschadigd, of UTF-16 zonder byte order mark?")
        #expect(utf8?.en == "w.csv: line 2: a NUL character (byte 0), which a CSV file never holds: is it another kind of file (such as .xlsx), damaged, or UTF-16 without a byte order mark?")
        #expect(refusal([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0x00])?.en.hasPrefix("w.csv: line 2: a NUL character") == true)
    }

    @Test func emptyFilesOnlyAByteOrderMarkAndBlankLinesHaveNoHeader() {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0x0D, 0x0A, 0x0D, 0x0A]] {
            #expect(refusal(bytes, "leeg.csv")?.nl == "leeg.csv: het bestand is leeg; verwacht een kopregel met de kolomnamen")
            #expect(refusal(bytes, "leeg.csv")?.en == "leeg.csv: the file is empty; expected a header line with the column names")
        }
    }

    @Test func lineEndsMayBeMixed() throws {
        // CRLF, LF and a quoted CRLF inside a field, in one file.
        let table = try CSV.read(Data("a,b\r\n1,2\n3,\"x\r\ny\"\r\n4,5".utf8))
        #expect(table.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "x\r\ny"], ["4", "5"]])
        #expect(table.records.map(\.line) == [1, 2, 3, 5])
    }
}

/// Every written cell that a spreadsheet could run as a formula starts with an apostrophe; numbers are
/// left as numbers. Expected bytes are written out by hand.
@Suite struct CSVFormulaTests {
    @Test(arguments: [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("\tx", "'\tx"), ("\r=1", "'\r=1"),
        ("-", "'-"), ("- losse tegel", "'- losse tegel"), ("+", "'+"), ("-1e", "'-1e"), ("-1,5,3", "'-1,5,3"),
        ("'=1", "''=1"), ("''@x", "'''@x"),
        // Left alone: plain numbers, text that starts elsewhere, a lone apostrophe, nothing.
        ("-0.5", "-0.5"), ("-0,5", "-0,5"), ("+12", "+12"), ("-1.5e3", "-1.5e3"), ("-.5", "-.5"), ("-253480.0094552", "-253480.0094552"),
        ("a=b", "a=b"), ("'abc", "'abc"), ("'", "'"), ("", ""), ("Één", "Één"),
    ])
    func formulaStartsAreGuarded(value: String, written: String) {
        #expect(CSV.formulaGuarded(value) == written)
    }

    @Test func writtenBytesStandardAndExcel() {
        let rows = [["=1+2", "-0.5", "@SUM(A1)"]]
        let standard = CSV.write(header: ["text", "lon", "note"], rows: rows, dialect: .standard)
        #expect(String(decoding: standard, as: UTF8.self) == "text,lon,note\r\n'=1+2,-0.5,'@SUM(A1)\r\n")
        let excel = CSV.write(header: ["text", "lon", "note"], rows: [["=1+2", "-0,5", "x;y"]], dialect: .excel)
        #expect([UInt8](excel) == [0xEF, 0xBB, 0xBF] + Array("text;lon;note\r\n'=1+2;-0,5;\"x;y\"\r\n".utf8))
    }

    @Test func guardedValuesReadBackAsGiven() throws {
        let values = ["=HYPERLINK(\"x\")", "'=1", "''@x", "\r=1", "\tx", "-5", "-2+3", "'abc", "'", "plain"]
        for dialect in [CSV.Dialect.standard, .excel, CSV.Dialect(delimiter: 0x09, encoding: .utf16LittleEndian)] {
            let table = try CSV.read(CSV.write(header: ["v"], rows: values.map { [$0] }, dialect: dialect))
            #expect(table.records.dropFirst().map { $0.fields[0] } == values)
        }
    }

    @Test func otherEncodingsAreWrittenWithTheirByteOrderMark() {
        let windows = CSV.write(header: ["tekst"], rows: [["café €5"]], dialect: CSV.Dialect(delimiter: UInt8(ascii: ";"), encoding: .windows1252))
        #expect([UInt8](windows) == [0x74, 0x65, 0x6B, 0x73, 0x74, 0x0D, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x35, 0x0D, 0x0A])
        let utf16 = CSV.write(header: ["a", "b"], rows: [["é", "-x"]], dialect: CSV.Dialect(delimiter: 0x09, encoding: .utf16LittleEndian))
        #expect([UInt8](utf16) == [
            0xFF, 0xFE, 0x61, 0x00, 0x09, 0x00, 0x62, 0x00, 0x0D, 0x00, 0x0A, 0x00,
            0xE9, 0x00, 0x09, 0x00, 0x27, 0x00, 0x2D, 0x00, 0x78, 0x00, 0x0D, 0x00, 0x0A, 0x00,
        ])
    }
}
