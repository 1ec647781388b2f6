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

    @Test(arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0], PhotoKind.jpeg), ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], .png),
        (Array("GIF89a....".utf8), nil), (Array("<svg></svg>".utf8), nil), ([], nil),
    ] as [([UInt8], PhotoKind?)])
    func photosAreRecognisedByContent(bytes: [UInt8], kind: PhotoKind?) {
        #expect(PhotoKind(bytes: bytes) == kind)
    }
}
