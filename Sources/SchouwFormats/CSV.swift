import Foundation
import SchouwCore
import SchouwGeometry

/// RFC 4180 CSV as spreadsheets write it: comma or semicolon (detected from the header), an optional
/// UTF-8 byte order mark (Excel), quoted fields with doubled quotes and line breaks, CRLF or LF.
public enum CSV {
    public struct Record: Sendable {
        /// The line the record starts on (1-based).
        public var line: Int
        public var fields: [String]
    }

    /// Parses the bytes of a CSV file; `fileName` only names the source in error messages.
    /// - Throws: ``FormatError/unterminatedQuote(file:line:)`` with the line where the open quote starts.
    /// - Complexity: O(n), where n is the number of bytes.
    public static func parse(_ data: Data, fileName: String? = nil) throws(FormatError) -> (delimiter: UInt8, records: [Record]) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let delimiter = detectDelimiter(bytes)
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteStartLine = 1
        var i = 0
        let n = bytes.count
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            // Skip blank lines, e.g. the empty line Excel leaves at the end.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < n, bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where field.isEmpty:
                inQuotes = true
                quoteStartLine = line
            case delimiter:
                endField()
            case 0x0D:
                break
            case 0x0A:
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw .unterminatedQuote(file: fileName, line: quoteStartLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (delimiter, records)
    }

    /// The most frequent of `;`, `,` and tab outside quotes on the first line.
    private static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [0x3B: 0, 0x2C: 0, 0x09: 0]
        var inQuotes = false
        for b in bytes {
            if b == 0x22 { inQuotes.toggle() }
            if !inQuotes, b == 0x0A { break }
            if !inQuotes, counts[b] != nil { counts[b]! += 1 }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }
        return (best?.value ?? 0) > 0 ? best!.key : 0x2C
    }

    /// How records end. RFC 4180 says CRLF; `schouw group`'s `buurten.csv` has always used LF.
    public enum LineEnding: String, Sendable {
        case crlf = "\r\n"
        case lf = "\n"
    }

    /// Writes rows as CSV into `sink`, one record at a time; fields are quoted when they hold the
    /// delimiter, a quote or a line break.
    /// - Parameters:
    ///   - excel: semicolons and a UTF-8 byte order mark, so Dutch Excel opens it correctly.
    ///   - lineEnding: CRLF (RFC 4180, the default) or LF.
    /// - Throws: the sink's file system error.
    /// - Complexity: O(n), where n is the number of characters written.
    public static func write(
        header: [String], rows: some Sequence<[String]>, excel: Bool, lineEnding: LineEnding = .crlf, to sink: ByteSink
    ) throws {
        let delimiter: Character = excel ? ";" : ","
        let delimiterText = String(delimiter)
        if excel { sink.write("\u{FEFF}") }
        func append(_ row: [String]) {
            var first = true
            for field in row {
                if !first { sink.write(delimiterText) }
                first = false
                if field.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                    sink.write("\"")
                    sink.write(field.replacingOccurrences(of: "\"", with: "\"\""))
                    sink.write("\"")
                } else {
                    sink.write(field)
                }
            }
            sink.write(lineEnding.rawValue)
        }
        append(header)
        for row in rows {
            append(row)
            try sink.flushIfFull()
        }
    }

    /// The CSV bytes of `rows` (see ``write(header:rows:excel:lineEnding:to:)``).
    public static func write(header: [String], rows: some Sequence<[String]>, excel: Bool, lineEnding: LineEnding = .crlf) -> Data {
        let sink = ByteSink.memory()
        // A memory sink has no file to fail on.
        try? write(header: header, rows: rows, excel: excel, lineEnding: lineEnding, to: sink)
        return (try? sink.finish()) ?? Data()
    }
}
