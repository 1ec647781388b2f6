import Foundation
import Testing
@testable import SchouwWeb

@Suite struct FormDataTests {
    @Test func multipartFieldsAndFiles() throws {
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nregel 1\r\nregel 2\r\n--XyZ\r\n".utf8)
            + Array("Content-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            + [0x89, 0x50, 13, 10, 0] + Array("\r\n--XyZ--\r\n".utf8)
        let form = try FormData.parse(body: body, contentType: "multipart/form-data; boundary=XyZ", maxParts: 10, shortField: 10, longField: 100)
        #expect(form["text"] == "regel 1\r\nregel 2")
        #expect(form.files.count == 1)
        #expect(form.files.first?.bytes == [0x89, 0x50, 13, 10, 0])
        #expect(form.files.first?.field == "photo")
    }

    @Test func urlEncodedAndLimits() throws {
        let form = try FormData.parse(body: Array("a=%C3%A9+x&b=1&b=2".utf8), contentType: "application/x-www-form-urlencoded", maxParts: 5, shortField: 10, longField: 10)
        #expect(form["a"] == "é x")
        #expect(form.fields["b"] == ["1", "2"])
        #expect(throws: FormError.tooManyParts) {
            try FormData.parse(body: Array("a=1&b=2&c=3".utf8), contentType: "application/x-www-form-urlencoded", maxParts: 2, shortField: 10, longField: 10)
        }
        #expect(throws: FormError.fieldTooLong("walker")) {
            try FormData.parse(body: Array("walker=abcdefghijk".utf8), contentType: nil, maxParts: 5, shortField: 10, longField: 100)
        }
        #expect(throws: FormError.malformed) {
            try FormData.parse(body: Array("--A\r\nbroken".utf8), contentType: "multipart/form-data; boundary=A", maxParts: 5, shortField: 10, longField: 10)
        }
    }

    /// Hostile multipart bodies: each is refused with the right error, or parsed with its bytes intact.
    @Test func hostileMultipartBodies() throws {
        func parse(_ text: String, boundary: String? = "A", maxParts: Int = 5) throws(FormError) -> FormData {
            try FormData.parse(
                body: Array(text.utf8), contentType: "multipart/form-data" + (boundary.map { "; boundary=\($0)" } ?? ""),
                maxParts: maxParts, shortField: 50, longField: 50)
        }
        let part = "--A\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nabc\r\n"
        #expect(throws: FormError.malformed) { try parse(part + "--A--\r\n", boundary: nil) }
        #expect(throws: FormError.malformed) { try parse("--A\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nabc") }
        #expect(throws: FormError.malformed) { try parse("--A\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--A--\r\n") }
        #expect(throws: FormError.malformed) { try parse("--A\r\nContent-Disposition: form-data; name=\"x\"\r\nabc\r\n--A--\r\n") }
        #expect(throws: FormError.malformed) { try parse("garbage before\r\n" + part + "--A--\r\n") }
        #expect(throws: FormError.tooManyParts) { try parse(String(repeating: part, count: 6) + "--A--\r\n") }
        #expect(throws: FormError.fieldTooLong("x")) { try parse("--A\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\(String(repeating: "y", count: 51))\r\n--A--\r\n") }
        // `filename` is not read as `name`; a delimiter not at a line start is content.
        let tricky = try parse("--A\r\nContent-Disposition: form-data; filename=\"n.png\"; name=\"photo\"\r\n\r\nx--A\r\n-A\r\n--A--\r\n")
        #expect(tricky.files.map(\.field) == ["photo"])
        #expect(tricky.files.first.map { String(decoding: $0.bytes, as: UTF8.self) } == "x--A\r\n-A")
        // A line that starts like the delimiter but goes on ("--AB") is refused rather than guessed at
        // (browsers pick boundaries that never occur in the content).
        #expect(throws: FormError.malformed) {
            try parse("--A\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nabc\r\n--AB\r\n--A--\r\n")
        }
    }

    /// 12 MB of CR bytes or of near-delimiters: parsed intact and fast (the hand-written parser was kept over
    /// multipart-kit 4.7.1, which takes seconds on the first; 1 s is a bound, not a measurement).
    @Test func twelveMegabytesOfAwkwardBytesParseQuickly() throws {
        let boundary = "----schouwtest12345"
        let n = 12 * 1024 * 1024 - 400
        for content in [[UInt8](repeating: 13, count: n), Array(String(repeating: "\r\n--\(boundary.dropLast())X", count: n / 22).utf8)] {
            let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n".utf8)
                + content + Array("\r\n--\(boundary)--\r\n".utf8)
            let start = Date()
            let form = try FormData.parse(body: body, contentType: "multipart/form-data; boundary=\(boundary)", maxParts: 40, shortField: 200, longField: 2000)
            #expect(Date().timeIntervalSince(start) < 1)
            #expect(form.files.first?.bytes == content)
        }
    }

    @Test(arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0], PhotoKind.jpeg), ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], .png),
        (Array("GIF89a....".utf8), nil), (Array("<svg></svg>".utf8), nil), ([], nil),
    ] as [([UInt8], PhotoKind?)])
    func photosAreRecognisedByContent(bytes: [UInt8], kind: PhotoKind?) {
        #expect(PhotoKind(bytes: bytes) == kind)
    }
}
