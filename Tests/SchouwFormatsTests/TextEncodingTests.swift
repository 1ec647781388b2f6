import Foundation
import SchouwFormats
import Testing

/// Byte sequences written out by hand from the code charts (Windows-1252: É C9, é E9, ë EB, € 80;
/// UTF-8: É C3 89, é C3 A9, € E2 82 AC), not produced by the code under test.
@Suite struct TextEncodingTests {
    static let dutch = "Één zak vuil bij café, €50; ëis"
    static let windows1252: [UInt8] =
        [0xC9, 0xE9, 0x6E, 0x20, 0x7A, 0x61, 0x6B, 0x20, 0x76, 0x75, 0x69, 0x6C, 0x20, 0x62, 0x69, 0x6A, 0x20, 0x63, 0x61, 0x66,
         0xE9, 0x2C, 0x20, 0x80, 0x35, 0x30, 0x3B, 0x20, 0xEB, 0x69, 0x73]

    @Test func windows1252IsReadByteExact() {
        #expect(TextEncoding.decode(Data(Self.windows1252)) == .text(Self.dutch, .windows1252))
    }

    @Test func utf8WithAndWithoutBOM() {
        let utf8: [UInt8] = [0xC3, 0x89, 0xC3, 0xA9, 0x6E, 0x20, 0xE2, 0x82, 0xAC]
        #expect(TextEncoding.decode(Data(utf8)) == .text("Één €", .utf8))
        #expect(TextEncoding.decode(Data([0xEF, 0xBB, 0xBF] + utf8)) == .text("Één €", .utf8WithBOM))
    }

    @Test func utf16WithByteOrderMarks() {
        // "É;€\n" as UTF-16 code units: 00C9 003B 20AC 000A.
        let little: [UInt8] = [0xFF, 0xFE, 0xC9, 0x00, 0x3B, 0x00, 0xAC, 0x20, 0x0A, 0x00]
        let big: [UInt8] = [0xFE, 0xFF, 0x00, 0xC9, 0x00, 0x3B, 0x20, 0xAC, 0x00, 0x0A]
        #expect(TextEncoding.decode(Data(little)) == .text("É;€\n", .utf16LittleEndian))
        #expect(TextEncoding.decode(Data(big)) == .text("É;€\n", .utf16BigEndian))
    }

    @Test func bytesNeitherEncodingDefinesNameTheirLine() {
        // 0x81 is undefined in Windows-1252 and 0xE9 0x0A is not UTF-8.
        #expect(TextEncoding.decode(Data([0x61, 0x0A, 0x62, 0x0A, 0xE9, 0x81])) == .undecodable(line: 3, declared: nil))
        // A UTF-8 BOM promises UTF-8: a lone 0xE9 on line 2 is an error, not Windows-1252.
        #expect(TextEncoding.decode(Data([0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0xE9])) == .undecodable(line: 2, declared: .utf8WithBOM))
        // An unpaired high surrogate (D800) on the second line of a UTF-16 LE file.
        #expect(TextEncoding.decode(Data([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x61, 0x00])) == .undecodable(line: 2, declared: .utf16LittleEndian))
    }

    @Test func nulBytesAreRefusedWithTheirLine() {
        #expect(TextEncoding.decode(Data([0x61, 0x0A, 0x5A, 0x00, 0x62])) == .nul(line: 2))
        #expect(TextEncoding.decode(Data([0xFF, 0xFE, 0x61, 0x00, 0x00, 0x00])) == .nul(line: 1))
    }

    @Test func encodingBackGivesTheOriginalBytes() {
        #expect([UInt8](TextEncoding.windows1252.encode(Self.dutch)) == Self.windows1252)
        #expect([UInt8](TextEncoding.utf16LittleEndian.encode("É;€\n")) == [0xFF, 0xFE, 0xC9, 0x00, 0x3B, 0x00, 0xAC, 0x20, 0x0A, 0x00])
        #expect([UInt8](TextEncoding.utf8WithBOM.encode("é")) == [0xEF, 0xBB, 0xBF, 0xC3, 0xA9])
    }
}
