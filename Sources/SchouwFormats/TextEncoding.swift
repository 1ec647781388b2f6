import Foundation

/// The encodings in which Dutch offices send tables: UTF-8 (with or without Excel's byte order mark),
/// UTF-16 with a byte order mark (Excel's "Unicode text") and Windows-1252 (what Excel on Windows
/// writes as "CSV").
///
/// Decoding and encoding go through Foundation's converters; only the choice between them is made here.
public enum TextEncoding: String, Sendable, CaseIterable, Hashable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    case utf16LittleEndian = "UTF-16 LE"
    case utf16BigEndian = "UTF-16 BE"
    case windows1252 = "Windows-1252"

    /// The name to show a user, e.g. "Windows-1252".
    public var name: String { rawValue }

    /// What decoding a file's bytes gave.
    public enum Decoded: Sendable, Equatable {
        /// The text and the encoding it was read in.
        case text(String, TextEncoding)
        /// The bytes are not valid in the encoding a byte order mark `declared` (a broken UTF-8
        /// sequence, a UTF-16 file with an odd byte count or an unpaired surrogate), or, without a byte
        /// order mark (`declared` nil), neither valid UTF-8 nor Windows-1252; `line` is 1-based.
        case undecodable(line: Int, declared: TextEncoding?)
        /// The text holds a NUL character, which no spreadsheet writes; `line` is 1-based.
        case nul(line: Int)
    }

    /// Chooses the encoding: a byte order mark decides; otherwise valid UTF-8 is UTF-8, and anything
    /// else is Windows-1252 when every byte is defined there.
    /// - Complexity: O(n), where n is the number of bytes.
    public static func decode(_ data: Data) -> Decoded {
        let decoded: Decoded
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            decoded = utf8(data.dropFirst(3), as: .utf8WithBOM)
        } else if data.starts(with: [0xFF, 0xFE]) {
            decoded = utf16(data.dropFirst(2), bigEndian: false)
        } else if data.starts(with: [0xFE, 0xFF]) {
            decoded = utf16(data.dropFirst(2), bigEndian: true)
        } else if let text = String(validating: data, as: UTF8.self) {
            decoded = .text(text, .utf8)
        } else if let text = String(data: data, encoding: .windowsCP1252) {
            decoded = .text(text, .windows1252)
        } else {
            // Neither encoding fits: name the line of the first byte Windows-1252 leaves undefined.
            let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
            let offset = data.firstIndex { undefined.contains($0) } ?? data.startIndex
            decoded = .undecodable(line: 1 + data[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, declared: nil)
        }
        guard case .text(let text, _) = decoded, text.utf8.contains(0) else { return decoded }
        return .nul(line: 1 + text.utf8.prefix { $0 != 0 }.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
    }

    /// The text as bytes in this encoding, with the byte order mark first where the encoding has one
    /// (unless `byteOrderMark` is false, e.g. for a later part of a file), so that a file written back
    /// (e.g. the rejected rows) opens the way the original did. Characters that Windows-1252 lacks
    /// become "?".
    public func encode(_ text: String, byteOrderMark: Bool = true) -> Data {
        let mark: [UInt8] =
            switch self {
            case .utf8, .windows1252: []
            case .utf8WithBOM: [0xEF, 0xBB, 0xBF]
            case .utf16LittleEndian: [0xFF, 0xFE]
            case .utf16BigEndian: [0xFE, 0xFF]
            }
        let body: Data =
            switch self {
            case .utf8, .utf8WithBOM: Data(text.utf8)
            case .utf16LittleEndian: text.data(using: .utf16LittleEndian) ?? Data()
            case .utf16BigEndian: text.data(using: .utf16BigEndian) ?? Data()
            case .windows1252: text.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data()
            }
        return byteOrderMark ? Data(mark) + body : body
    }

    private static func utf8(_ bytes: Data, as encoding: TextEncoding) -> Decoded {
        // The standard library's validation is the fast path (nearly every file is valid); the line of
        // a broken sequence is only looked for when there is one.
        if let text = String(validating: bytes, as: UTF8.self) { return .text(text, encoding) }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) {
            if scalar.count == 1 && scalar.first == 0x0A { line += 1 }
        }
        return .undecodable(line: line, declared: encoding)
    }

    private static func utf16(_ bytes: Data, bigEndian: Bool) -> Decoded {
        let encoding: TextEncoding = bigEndian ? .utf16BigEndian : .utf16LittleEndian
        let start = bytes.startIndex
        let units = stride(from: start, to: start + bytes.count / 2 * 2, by: 2).map { i -> UInt16 in
            let (high, low) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            return UInt16(high) << 8 | UInt16(low)
        }
        var parser = Unicode.UTF16.ForwardParser()
        var iterator = units.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): if scalar.count == 1 && scalar.first == 0x0A { line += 1 }
            case .emptyInput:
                // An odd byte count: the last code unit lost a byte (a truncated file), on the last line.
                guard bytes.count % 2 == 0 else { return .undecodable(line: line, declared: encoding) }
                return .text(String(decoding: units, as: UTF16.self), encoding)
            case .error: return .undecodable(line: line, declared: encoding)
            }
        }
    }
}
