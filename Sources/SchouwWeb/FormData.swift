import Foundation
import SchouwJobs
#if canImport(Glibc)
import Glibc
#endif

/// A file part of a multipart form, as sent (name and type are the browser's word, not trusted).
struct UploadedFile: Sendable {
    var field: String
    var fileName: String
    var bytes: [UInt8]
}

/// Why a form was refused before it reached the store.
enum FormError: Error, Sendable, Equatable {
    case tooLarge
    case malformed
    case fieldTooLong(String)
    case tooManyParts
}

/// The fields and files of a submitted form (`application/x-www-form-urlencoded` or `multipart/form-data`).
struct FormData: Sendable {
    var fields: [String: [String]] = [:]
    var files: [UploadedFile] = []

    /// The first value of a field, trimmed; nil when missing or blank.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Parses a body and checks the limits: the number of parts, and each field's length (`text` may be
    /// `longField` characters, every other field `shortField`).
    /// - Throws: ``FormError``.
    static func parse(body: [UInt8], contentType: String?, maxParts: Int, shortField: Int, longField: Int) throws(FormError) -> FormData {
        let type = contentType?.lowercased() ?? ""
        var form: FormData
        if type.hasPrefix("multipart/form-data") {
            guard let boundary = Self.boundary(contentType ?? "") else { throw .malformed }
            form = try multipart(body, boundary: boundary, maxParts: maxParts)
        } else if type.hasPrefix("application/x-www-form-urlencoded") || type.isEmpty {
            form = try urlEncoded(String(decoding: body, as: UTF8.self), maxParts: maxParts)
        } else {
            throw .malformed
        }
        for (name, values) in form.fields {
            let limit = name == "text" || name == "note" ? longField : shortField
            if name.count > 40 || values.contains(where: { $0.count > limit }) { throw .fieldTooLong(name) }
        }
        return form
    }

    static func urlEncoded(_ text: String, maxParts: Int) throws(FormError) -> FormData {
        var form = FormData()
        let pairs = text.split(separator: "&", omittingEmptySubsequences: true)
        guard pairs.count <= maxParts else { throw .tooManyParts }
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { throw .malformed }
            form.fields[name, default: []].append(value)
        }
        return form
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let kv = parameter.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            let value = kv[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
    }

    /// RFC 7578: parts between `--boundary` lines, each with headers, a blank line and the content.
    /// - Complexity: O(n) in the body size (memchr and memcmp do the scanning).
    ///
    /// Kept by hand rather than vapor/multipart-kit 4.7.1 after measuring both on 12 MB bodies (release
    /// build): a random 12 MB photo 3–4 ms here, 75–88 ms there; 12 MB of CR bytes 2 ms here, 3.3–3.8 s
    /// there (its parser stops and allocates at every CR), which a walker's upload could send at will.
    /// Hummingbird 2 has no multipart support of its own.
    static func multipart(_ body: [UInt8], boundary: String, maxParts: Int) throws(FormError) -> FormData {
        let delimiter = Array("--\(boundary)".utf8)
        var form = FormData()
        // Positions of every delimiter that starts a line.
        var cuts: [Int] = []
        var from = 0
        while let at = find(delimiter, in: body, from: from) {
            if at == 0 || (at >= 2 && body[at - 2] == 13 && body[at - 1] == 10) { cuts.append(at) }
            from = at + delimiter.count
        }
        guard cuts.count >= 2, cuts[0] == 0 else { throw .malformed }
        guard cuts.count - 1 <= maxParts else { throw .tooManyParts }
        for (start, end) in zip(cuts, cuts.dropFirst()) {
            // The part runs from after the delimiter line to the CRLF before the next delimiter.
            var headerStart = start + delimiter.count
            guard headerStart + 2 <= end - 2, body[headerStart] == 13, body[headerStart + 1] == 10 else { throw .malformed }
            headerStart += 2
            guard let blank = find([13, 10, 13, 10], in: body, from: headerStart), blank + 4 <= end - 2 else { throw .malformed }
            let headers = String(decoding: body[headerStart..<blank], as: UTF8.self)
            let content = Array(body[(blank + 4)..<(end - 2)])
            var name: String?
            var fileName: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                fileName = parameter("filename", in: line)
            }
            guard let name else { throw .malformed }
            if let fileName {
                if !content.isEmpty { form.files.append(UploadedFile(field: name, fileName: fileName, bytes: content)) }
            } else {
                form.fields[name, default: []].append(String(decoding: content, as: UTF8.self))
            }
        }
        return form
    }

    /// `name="value"` from a Content-Disposition line (the exact parameter, not `filename` for `name`).
    private static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = kv[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count - from >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { h -> Int? in
            needle.withUnsafeBufferPointer { n -> Int? in
                guard let hBase = h.baseAddress, let nBase = n.baseAddress else { return nil }
                var position = from
                let last = h.count - n.count
                while position <= last {
                    guard let hit = memchr(hBase + position, Int32(n[0]), last - position + 1) else { return nil }
                    let index = hBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hBase + index, nBase, n.count) == 0 { return index }
                    position = index + 1
                }
                return nil
            }
        }
    }
}

/// The image types a finding's photo may have, recognised by their first bytes, never by name or
/// the browser's content type.
enum PhotoKind: String, Sendable {
    case jpeg = "jpg"
    case png = "png"

    init?(bytes: [UInt8]) {
        if bytes.count > 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            self = .jpeg
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes.count > 8 {
            self = .png
        } else {
            return nil
        }
    }

    var mimeType: String { self == .jpeg ? "image/jpeg" : "image/png" }
}
