import Foundation
import SchouwCore
import SchouwGeometry

/// RFC 4180 CSV as spreadsheets write it: comma, semicolon or tab (detected from the header), in any
/// encoding ``TextEncoding`` recognises (UTF-8 with or without Excel's byte order mark, UTF-16 with one,
/// Windows-1252), quoted fields with doubled quotes and line breaks, CRLF or LF.
///
/// Every CSV the project writes goes through ``write(header:rows:dialect:to:)``, which guards cells
/// against formula injection (see `CSV+Formulas.swift`); ``parse(_:fileName:)`` undoes that guard, so a
/// written file reads back as the values it was given.
public enum CSV {
    public struct Record: Sendable {
        /// The line the record starts on (1-based).
        public var line: Int
        public var fields: [String]
    }

    /// A CSV file as read: its records and how it was written, so that a file written back (the
    /// rejected rows of an import) opens the way the original did.
    public struct Table: Sendable {
        /// The records, the header first; never empty.
        public var records: [Record]
        /// The delimiter and encoding the file was written in (line ends are written as CRLF).
        public var dialect: Dialect
    }

    /// How a CSV file is written.
    public struct Dialect: Sendable, Hashable {
        /// `,`, `;` or tab.
        public var delimiter: UInt8
        /// The encoding, with its byte order mark where it has one.
        public var encoding: TextEncoding
        public var lineEnding: LineEnding

        public init(delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8, lineEnding: LineEnding = .crlf) {
            precondition(delimiter < 0x80, "a CSV delimiter is one ASCII character")
            self.delimiter = delimiter
            self.encoding = encoding
            self.lineEnding = lineEnding
        }

        /// RFC 4180: commas, UTF-8 without byte order mark, CRLF.
        public static let standard = Dialect()
        /// What Dutch Excel opens in columns: semicolons and a UTF-8 byte order mark.
        public static let excel = Dialect(delimiter: UInt8(ascii: ";"), encoding: .utf8WithBOM)
    }

    /// How records end. RFC 4180 says CRLF; `schouw group`'s `buurten.csv` has always used LF.
    public enum LineEnding: String, Sendable {
        case crlf = "\r\n"
        case lf = "\n"
    }

    // MARK: Reading

    /// Reads the bytes of a CSV file: decodes them (``TextEncoding/decode(_:)``) and parses the text.
    /// - Parameter fileName: names the file in error messages.
    /// - Throws: ``FormatError/undecodableText(file:line:declared:)`` and ``FormatError/nulCharacter(file:line:)``
    ///   with the line of the first bad byte; ``FormatError/emptyCSV(file:)`` when there is not even a
    ///   header line; ``FormatError/unterminatedQuote(file:line:)``.
    /// - Complexity: O(n), where n is the number of bytes.
    public static func read(_ data: Data, fileName: String? = nil) throws(FormatError) -> Table {
        var records: [Record] = []
        let dialect = try forEachRecord(data, fileName: fileName) { records.append($0) }
        return Table(records: records, dialect: dialect)
    }

    /// Reads the bytes of a CSV file like ``read(_:fileName:)`` but hands over one record at a time, the
    /// header first, so that a large file's records are never all held: the caller keeps what it makes of
    /// them. On an error after some records (an unterminated quote), those records were already handed
    /// over; a caller that must be all-or-nothing discards what it made.
    /// - Returns: how the file is written.
    /// - Complexity: O(n), where n is the number of bytes.
    public static func forEachRecord(
        _ data: Data, fileName: String? = nil, _ body: (Record) -> Void
    ) throws(FormatError) -> Dialect {
        switch TextEncoding.decode(data) {
        case .undecodable(let line, let declared): throw .undecodableText(file: fileName, line: line, declared: declared)
        case .nul(let line): throw .nulCharacter(file: fileName, line: line)
        case .text(var text, let encoding):
            text.makeContiguousUTF8()
            let parsed = text.utf8.withContiguousStorageIfAvailable { parse(utf8: $0, body) }!
            if let line = parsed.unterminatedQuoteLine { throw .unterminatedQuote(file: fileName, line: line) }
            guard parsed.count > 0 else { throw .emptyCSV(file: fileName) }
            return Dialect(delimiter: parsed.delimiter, encoding: encoding)
        }
    }

    /// Parses decoded CSV text; a leading byte order mark (U+FEFF) is skipped. Fields the writer guarded
    /// against formula injection get their value back (see ``formulaGuarded(_:)``). Blank lines are
    /// skipped.
    /// - Parameter fileName: names the file in error messages.
    /// - Throws: ``FormatError/unterminatedQuote(file:line:)`` with the line where the open quote starts.
    /// - Complexity: O(n), where n is the length of the text in UTF-8.
    public static func parse(_ text: String, fileName: String? = nil) throws(FormatError) -> (delimiter: UInt8, records: [Record]) {
        var text = text
        // A no-op for native strings: the parser reads their UTF-8 in place, without a copy.
        text.makeContiguousUTF8()
        var records: [Record] = []
        let parsed = text.utf8.withContiguousStorageIfAvailable { parse(utf8: $0) { records.append($0) } }!
        if let line = parsed.unterminatedQuoteLine { throw .unterminatedQuote(file: fileName, line: line) }
        return (parsed.delimiter, records)
    }

    /// The one parser, over UTF-8 bytes: hands each record to `body` as it ends and counts them.
    private static func parse(
        utf8 all: UnsafeBufferPointer<UInt8>, _ body: (Record) -> Void
    ) -> (delimiter: UInt8, count: Int, unterminatedQuoteLine: Int?) {
        let bytes = all.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: all.dropFirst(3)) : all
        let delimiter = detectDelimiter(bytes)
        var count = 0
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
            fields.append(String(decoding: field[formulaGuardLength(field)...], as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            // Skip blank lines, e.g. the empty line Excel leaves at the end.
            if !(fields.count == 1 && fields[0].isEmpty) {
                body(Record(line: recordLine, fields: fields))
                count += 1
            }
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
        if inQuotes { return (delimiter, count, quoteStartLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (delimiter, count, nil)
    }

    /// The most frequent of `;`, `,` and tab outside quotes on the first line.
    private static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
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

    // MARK: Writing

    /// Writes rows as CSV into `sink`, one record at a time. Every field is guarded against formula
    /// injection (``formulaGuarded(_:)``) and quoted when it holds the delimiter, a quote or a line break.
    /// - Parameter dialect: delimiter, encoding (its byte order mark is written first) and line ends;
    ///   ``Dialect/standard`` or ``Dialect/excel``, or the dialect of a file read.
    /// - Throws: the sink's file system error.
    /// - Complexity: O(n), where n is the number of characters written.
    public static func write(header: [String], rows: some Sequence<[String]>, dialect: Dialect, to sink: ByteSink) throws {
        let delimiter = Character(Unicode.Scalar(dialect.delimiter))
        let delimiterText = String(delimiter)
        let encoding = dialect.encoding
        // UTF-8 goes straight into the sink; other encodings are converted a record at a time.
        let transcode = encoding != .utf8 && encoding != .utf8WithBOM
        var record = ""
        func emit(_ text: String) {
            if transcode { record += text } else { sink.write(text) }
        }
        sink.write(bytes: encoding.encode(""))
        func append(_ row: [String]) {
            var first = true
            for value in row {
                if !first { emit(delimiterText) }
                first = false
                let field = formulaGuarded(value)
                if field.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                    emit("\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                } else {
                    emit(field)
                }
            }
            emit(dialect.lineEnding.rawValue)
            if transcode {
                sink.write(bytes: encoding.encode(record, byteOrderMark: false))
                record.removeAll(keepingCapacity: true)
            }
        }
        append(header)
        for row in rows {
            append(row)
            try sink.flushIfFull()
        }
    }

    /// The CSV bytes of `rows` (see ``write(header:rows:dialect:to:)``).
    public static func write(header: [String], rows: some Sequence<[String]>, dialect: Dialect) -> Data {
        let sink = ByteSink.memory()
        // A memory sink has no file to fail on.
        try? write(header: header, rows: rows, dialect: dialect, to: sink)
        return (try? sink.finish()) ?? Data()
    }
}
