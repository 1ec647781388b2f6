import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP response as the test client read it.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }

    /// The CSRF token of the first form on the page.
    var csrfToken: String? {
        guard let match = text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/) else { return nil }
        return String(match.1)
    }
}

/// A minimal HTTP/1.1 client over a loopback socket: one connection per request (`Connection: close`),
/// blocking I/O on its own thread so the server's tasks are never starved, 30 s read timeout.
enum HTTPClient {
    enum Failure: Error { case connect(Int32), send, malformed(String) }

    static func send(port: Int, method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) async throws -> HTTPResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try sendBlocking(port: port, method: method, path: path, headers: headers, body: body) })
            }
        }
    }

    static func sendBlocking(port: Int, method: String, path: String, headers: [(String, String)], body: [UInt8]) throws -> HTTPResult {
        let fd = try connectedSocket(port: port, timeoutSeconds: 30)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer (413) and close before the whole body is sent; read what it said.
            if n <= 0 { break }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return try parse(received)
    }

    /// Sends only a request's head declaring a body of `declaredLength` bytes, never the body, and reads
    /// the response's head (15 s timeout: the full suite on 2 shared cores can delay an answer by
    /// seconds; a server that waited for the body would say nothing until the idle timeout, 30 s). An
    /// answer proves it decided from the headers. Returns the status (0 on timeout) and the seconds it took.
    static func sendHeadOnly(port: Int, method: String, path: String, headers: [(String, String)] = [], declaredLength: Int) async throws -> (status: Int, seconds: Double, text: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    let fd = try connectedSocket(port: port, timeoutSeconds: 15)
                    defer { close(fd) }
                    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(declaredLength)\r\n"
                    for (name, value) in headers { head += "\(name): \(value)\r\n" }
                    head += "\r\n"
                    let bytes = Array(head.utf8)
                    let started = Date()
                    guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { throw Failure.send }
                    var received: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while FormSearch.find([13, 10, 13, 10], in: received) == nil {
                        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                        if n <= 0 { return (0, Date().timeIntervalSince(started), "") }
                        received += buffer[0..<n]
                    }
                    let seconds = Date().timeIntervalSince(started)
                    let status = String(decoding: received, as: UTF8.self).split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? -1
                    // The response's body, as far as its Content-Length says (the connection stays open).
                    let headEnd = FormSearch.find([13, 10, 13, 10], in: received)! + 4
                    let responseHead = String(decoding: received[..<headEnd], as: UTF8.self).lowercased()
                    let length = responseHead.firstMatch(of: /content-length: *([0-9]+)/).flatMap { Int($0.1) } ?? 0
                    while received.count - headEnd < length {
                        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                        if n <= 0 { break }
                        received += buffer[0..<n]
                    }
                    return (status, seconds, String(decoding: received[headEnd...], as: UTF8.self))
                })
            }
        }
    }

    /// A TCP socket connected to 127.0.0.1:`port`, whose reads give up after `timeoutSeconds`; the caller closes it.
    static func connectedSocket(port: Int, timeoutSeconds: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure.connect(code)
        }
        return fd
    }

    static func parse(_ bytes: [UInt8]) throws -> HTTPResult {
        guard let end = FormSearch.find([13, 10, 13, 10], in: bytes) else { throw Failure.malformed(String(decoding: bytes.prefix(200), as: UTF8.self)) }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusText = lines.first?.split(separator: " ").dropFirst().first, let status = Int(statusText) else {
            throw Failure.malformed(lines.first ?? "")
        }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[(end + 4)...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            var decoded: [UInt8] = []
            var at = 0
            while let lineEnd = FormSearch.find([13, 10], in: body, from: at),
                let size = Int(String(decoding: body[at..<lineEnd], as: UTF8.self), radix: 16), size > 0 {
                decoded += body[(lineEnd + 2)..<(lineEnd + 2 + size)]
                at = lineEnd + 2 + size + 2
            }
            body = decoded
        }
        return HTTPResult(status: status, headers: headers, body: body)
    }
}

enum FormSearch {
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
        guard haystack.count - from >= needle.count else { return nil }
        for i in from...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}

/// One visitor: keeps the session and language cookies and the last page's CSRF token.
actor Browser {
    let port: Int
    /// Sent with every request (e.g. the `X-Forwarded-For` a proxy would add).
    let extraHeaders: [(String, String)]
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf: String?

    init(port: Int, headers: [(String, String)] = []) {
        self.port = port
        extraHeaders = headers
    }

    /// Takes over another visitor's cookies (the same browser after a server restart).
    func adopt(_ cookies: [String: String]) { self.cookies = cookies }

    private var cookieHeader: [(String, String)] {
        extraHeaders + (cookies.isEmpty ? [] : [("Cookie", cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))])
    }

    private func remember(_ response: HTTPResult) {
        for line in response.headers("Set-Cookie") {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if line.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        if let token = response.csrfToken { csrf = token }
    }

    @discardableResult
    func get(_ path: String) async throws -> HTTPResult {
        let response = try await HTTPClient.send(port: port, method: "GET", path: path, headers: cookieHeader)
        remember(response)
        return response
    }

    /// Posts URL-encoded fields; the CSRF token is added unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf includeToken: Bool = true) async throws -> HTTPResult {
        var all = fields
        if includeToken, let csrf { all.append(("csrf", csrf)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await HTTPClient.send(
            port: port, method: "POST", path: path,
            headers: cookieHeader + [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
        remember(response)
        return response
    }

    /// Posts a multipart form with files `(field, file name, bytes)`.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, String, [UInt8])] = [], csrf includeToken: Bool = true) async throws -> HTTPResult {
        var all = fields
        if includeToken, let csrf { all.append(("csrf", csrf)) }
        let boundary = "----schouwtest\(UInt32.random(in: 0...UInt32.max))"
        var body: [UInt8] = []
        for (name, value) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, fileName, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        let response = try await HTTPClient.send(
            port: port, method: "POST", path: path,
            headers: cookieHeader + [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
        remember(response)
        return response
    }

    /// Opens the entry page and logs in with `code`.
    @discardableResult
    func login(_ code: String) async throws -> HTTPResult {
        try await get("/")
        return try await post("/inloggen", [("code", code)])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
