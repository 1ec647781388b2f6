import Foundation
import Testing
import SchouwFormats

@Suite struct CSVTests {
    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let text = "a;b;c\r\n1;\"x; \"\"y\"\"\nz\";3\r\n\r\n4;5;6"
        let parsed = try CSV.parse(Data(([0xEF, 0xBB, 0xBF] + Array(text.utf8))))
        #expect(parsed.delimiter == UInt8(ascii: ";"))
        #expect(parsed.records.map(\.fields) == [["a", "b", "c"], ["1", "x; \"y\"\nz", "3"], ["4", "5", "6"]])
        #expect(parsed.records.map(\.line) == [1, 2, 5])
    }

    @Test func writtenCSVParsesBack() throws {
        let rows = [["1", "a,b", "say \"hi\"", "line\nbreak"], ["2", "", "x", "y"]]
        for excel in [false, true] {
            let parsed = try CSV.parse(CSV.write(header: ["n", "a", "b", "c"], rows: rows, excel: excel))
            #expect(Array(parsed.records.dropFirst().map(\.fields)) == rows)
        }
    }

    /// The line a quote opened on, from an unterminated-quote error; nil for any other outcome.
    func unterminatedQuoteLine(_ text: String) -> Int? {
        do {
            _ = try CSV.parse(Data(text.utf8))
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
