import Foundation
import SchouwTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `schouw serve` as a process: idle connections are closed, and SIGTERM ends it within its deadline
/// even with a client stuck in the middle of a body.
@Suite(.serialized) struct ServeLifecycleTests {
    /// Starts `schouw serve` on a fresh database with a free port; returns the process and the port.
    func start(_ extra: [String]) throws -> (ChildProcess, Int, URL) {
        let folder = try TestPaths.temporaryDirectory()
        let db = folder.appendingPathComponent("s.schouw").path
        let created = try BuiltProducts.run("schouw", ["init", db, "--name", "Schouw", "--date", "2025-09-20"])
        #expect(created.status == 0, "\(created.stderr)")
        let server = try BuiltProducts.start("schouw", ["serve", db, "--port", "0"] + extra)
        guard server.waitForStandardOutput(containing: "/ (stoppen", limitSeconds: 60),
              let match = server.standardOutputSoFar.firstMatch(of: /127\.0\.0\.1:([0-9]+)\//), let port = Int(match.1)
        else {
            server.send(SIGKILL)
            throw Failure.noPort(server.standardErrorSoFar)
        }
        return (server, port, folder)
    }

    enum Failure: Error { case noPort(String), connect }

    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw Failure.connect }
        return fd
    }

    static func send(_ fd: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Blocks until the server closes `fd` (recv gives 0) or the 20 s socket timeout; the seconds it took from `start`.
    static func secondsUntilClosed(_ fd: Int32, since start: Date) -> Double? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return Date().timeIntervalSince(start) }
            if n < 0 { return errno == ECONNRESET ? Date().timeIntervalSince(start) : nil }
        }
    }

    /// One request on its own connection (`Connection: close`); the whole answer as text.
    static func exchange(_ port: Int, _ method: String, _ path: String, headers: [String] = [], body: String = "") throws -> String {
        let fd = try connect(port)
        defer { close(fd) }
        let head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
            + headers.map { $0 + "\r\n" }.joined() + "\r\n"
        guard send(fd, head + body) else { throw Failure.connect }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// The value of the `Set-Cookie` for `name` in an answer.
    static func cookie(_ name: String, in answer: String) -> String? {
        answer.components(separatedBy: "\r\n").lazy.compactMap { line -> String? in
            guard line.lowercased().hasPrefix("set-cookie: \(name)=") else { return nil }
            return line.dropFirst("set-cookie: \(name)=".count).split(separator: ";").first.map(String.init)
        }.first
    }

    /// The original problem: a restart logged every walker out. Here the organizer logs in, the server is
    /// stopped with SIGTERM and started again on the same database, and the same cookie still opens /beheer.
    @Test func aRestartOfTheProcessKeepsTheSessionLoggedIn() throws {
        let (first, port, folder) = try start([])
        defer { first.send(SIGKILL); try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("s.schouw").path
        let codes = try BuiltProducts.run("schouw", ["codes", db])
        let code = try #require(codes.stdout.firstMatch(of: /Organisator: ([A-Z0-9]{5}-[A-Z0-9]{5})/).map { String($0.1) }, "\(codes.stdout)")
        let entry = try Self.exchange(port, "GET", "/")
        #expect(Self.cookie("schouw_session", in: entry) == nil, "the entry page starts no session")
        let token = try #require(Self.cookie("schouw_login", in: entry))
        let csrf = try #require(entry.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) })
        let login = try Self.exchange(
            port, "POST", "/inloggen", headers: ["Cookie: schouw_login=\(token)", "Content-Type: application/x-www-form-urlencoded"],
            body: "code=\(code)&csrf=\(csrf)")
        #expect(login.hasPrefix("HTTP/1.1 303"), "\(login.prefix(200))")
        let session = try #require(Self.cookie("schouw_session", in: login))
        #expect(try Self.exchange(port, "GET", "/beheer", headers: ["Cookie: schouw_session=\(session)"]).hasPrefix("HTTP/1.1 200"))
        first.send(SIGTERM)
        #expect(try first.wait().status == 0)

        let second = try BuiltProducts.start("schouw", ["serve", db, "--port", "0"])
        defer { second.send(SIGKILL) }
        #expect(second.waitForStandardOutput(containing: "/ (stoppen", limitSeconds: 60))
        let newPort = try #require(second.standardOutputSoFar.firstMatch(of: /127\.0\.0\.1:([0-9]+)\//).flatMap { Int($0.1) })
        let after = try Self.exchange(newPort, "GET", "/beheer", headers: ["Cookie: schouw_session=\(session)"])
        #expect(after.hasPrefix("HTTP/1.1 200"), "still logged in after the restart: \(after.prefix(200))")
        #expect(after.contains("Alle meldingen"))
        // A made-up cookie opens nothing.
        let forged = try Self.exchange(newPort, "GET", "/beheer", headers: ["Cookie: schouw_session=\(String(repeating: "ab", count: 32))"])
        #expect(forged.hasPrefix("HTTP/1.1 303"))
    }

    @Test func twentyIdleConnectionsAreClosedAfterTheTimeout() throws {
        let (server, port, folder) = try start(["--idle-timeout", "1.5"])
        defer { server.send(SIGKILL); try? FileManager.default.removeItem(at: folder) }
        let opened = Date()
        // Ten say nothing at all, five send half a request head, five a head and part of the body.
        var sockets: [Int32] = []
        for n in 0..<20 {
            let fd = try Self.connect(port)
            if n >= 10 && n < 15 { #expect(Self.send(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")) }
            if n >= 15 {
                #expect(Self.send(fd, "POST /inloggen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ncode="))
            }
            sockets.append(fd)
        }
        defer { for fd in sockets { close(fd) } }
        let closedAfter = sockets.map { Self.secondsUntilClosed($0, since: opened) }
        print("idle connections closed after \(closedAfter.map { $0.map { String(format: "%.2f s", $0) } ?? "never" })")
        #expect(closedAfter.allSatisfy { $0 != nil }, "every connection was closed by the server")
        #expect(closedAfter.compactMap { $0 }.allSatisfy { $0 >= 1.3 && $0 < 6 }, "closed at the timeout, not before")
        // The server itself still answers.
        let fd = try Self.connect(port)
        defer { close(fd) }
        #expect(Self.send(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        #expect(n > 12 && String(decoding: buffer[0..<12], as: UTF8.self) == "HTTP/1.1 200")
    }

    /// Sends `bytes` one at a time, one every `interval` seconds, until the server closes the connection
    /// (or 15 s pass); the seconds from `start` until it was closed, nil when it never was.
    static func drip(_ fd: Int32, _ bytes: [UInt8], every interval: Double, since start: Date) -> Double? {
        var index = 0
        while Date().timeIntervalSince(start) < 15 {
            var byte = bytes[index % bytes.count]
            index += 1
            if Glibc.send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) != 1 { return Date().timeIntervalSince(start) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, Int32(interval * 1000)) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { return Date().timeIntervalSince(start) }
            }
        }
        return nil
    }

    /// The idle timeout starts again with every byte; the request read limit does not. One client drips a
    /// body, one byte every 0.3 s, another drips the request head itself: both are cut at the limit
    /// (1.5 s here), long before the idle timeout (30 s) would notice. A request sent at once still works.
    @Test func aClientDrippingARequestIsCutAtTheReadLimit() throws {
        let (server, port, folder) = try start(["--request-read-seconds", "1.5", "--idle-timeout", "30"])
        defer { server.send(SIGKILL); try? FileManager.default.removeItem(at: folder) }
        let body = try Self.connect(port)
        defer { close(body) }
        let opened = Date()
        #expect(Self.send(body, "POST /inloggen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ncode="))
        let bodyCut = Self.drip(body, Array("A".utf8), every: 0.3, since: opened)
        let head = try Self.connect(port)
        defer { close(head) }
        let headOpened = Date()
        let headCut = Self.drip(head, Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 200), every: 0.3, since: headOpened)
        print("dripping clients cut after: body \(bodyCut.map { String(format: "%.2f s", $0) } ?? "never"), head \(headCut.map { String(format: "%.2f s", $0) } ?? "never") (limit 1.5 s)")
        #expect(bodyCut.map { $0 >= 1.3 && $0 < 4 } == true, "body drip cut at the limit: \(String(describing: bodyCut))")
        #expect(headCut.map { $0 >= 1.3 && $0 < 4 } == true, "head drip cut at the limit: \(String(describing: headCut))")
        // The clock is per request: on one keep-alive connection, three requests 1 s apart (3 s in all,
        // each within 1.5 s of the previous answer) are all answered.
        let keepAlive = try Self.connect(port)
        defer { close(keepAlive) }
        for n in 0..<3 {
            if n > 0 { usleep(1_000_000) }
            #expect(Self.send(keepAlive, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
            var answer: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while String(decoding: answer, as: UTF8.self).range(of: "</html>") == nil {
                let got = buffer.withUnsafeMutableBytes { recv(keepAlive, $0.baseAddress, $0.count, 0) }
                guard got > 0 else { break }
                answer += buffer[0..<got]
            }
            #expect(String(decoding: answer.prefix(12), as: UTF8.self) == "HTTP/1.1 200", "request \(n + 1) on the kept connection")
        }
    }

    /// A client that keeps dripping a body (so the idle timeout never fires) does not keep the server
    /// alive after SIGTERM beyond the deadline.
    @Test func sigtermWithAClientStuckMidBodyExitsWithinTheDeadline() throws {
        let (server, port, folder) = try start(["--shutdown-seconds", "2", "--idle-timeout", "30"])
        defer { server.send(SIGKILL); try? FileManager.default.removeItem(at: folder) }
        let fd = try Self.connect(port)
        defer { close(fd) }
        #expect(Self.send(fd, "POST /inloggen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ncode="))
        usleep(300_000)
        server.send(SIGTERM)
        let signalled = Date()
        // Keep the body coming, one byte every 200 ms, for up to 15 s.
        while server.process.isRunning && Date().timeIntervalSince(signalled) < 15 {
            _ = Self.send(fd, "A")
            usleep(200_000)
        }
        let took = Date().timeIntervalSince(signalled)
        print("SIGTERM with a stuck client: exited after \(String(format: "%.2f", took)) s (deadline 2 s)")
        #expect(!server.process.isRunning)
        #expect(took >= 1.5 && took < 5, "waited for the request, then exited at the deadline: \(took) s")
        let output = try server.wait()
        #expect(output.status == 0 && !output.endedBySignal, "\(output.status) \(output.stderr)")
    }

    /// A request already read is answered in full before the server exits on SIGTERM.
    @Test func sigtermLetsARequestUnderWayFinish() throws {
        let (server, port, folder) = try start(["--shutdown-seconds", "5"])
        defer { server.send(SIGKILL); try? FileManager.default.removeItem(at: folder) }
        // A keep-alive connection that has been answered once, then sends its next request right after SIGTERM.
        let fd = try Self.connect(port)
        defer { close(fd) }
        #expect(Self.send(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        var buffer = [UInt8](repeating: 0, count: 65536)
        var first: [UInt8] = []
        while String(decoding: first, as: UTF8.self).range(of: "</html>") == nil {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            first += buffer[0..<n]
        }
        #expect(String(decoding: first.prefix(12), as: UTF8.self) == "HTTP/1.1 200")
        // Open a body, send SIGTERM, then finish the body: the login page answer (no codes: 401 or 403) comes whole.
        let body = "code=ABCDE-FGHJK"
        #expect(Self.send(fd, "POST /inloggen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.count)\r\n\r\ncode="))
        usleep(200_000)
        server.send(SIGTERM)
        usleep(300_000)
        #expect(Self.send(fd, String(body.dropFirst(5))))
        var answer: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            answer += buffer[0..<n]
        }
        let text = String(decoding: answer, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 403"), "\(text.prefix(100))")
        #expect(text.hasSuffix("</html>\n"), "the answer was written in full before the connection closed")
        let output = try server.wait()
        #expect(output.status == 0)
    }

    /// `schouw serve URL --schouw NAME` on PostgreSQL: it starts on a free port, shows the schouw named, lets
    /// the organizer in with a code from `schouw codes URL --schouw NAME`, shows the action added with
    /// `schouw action add URL --schouw NAME` on the actions page and in `acties.csv`, and ends cleanly on
    /// SIGTERM. Without --schouw in a database of several schouwen, or with a name it does not hold, it
    /// refuses to start (exit 1) and says which schouwen there are.
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func servesASchouwInPostgreSQL() async throws {
        let url = try #require(TestPostgres.url)
        let name = TestPostgres.uniqueName("Serve")
        for schouw in [name, name + " bis"] {
            let created = try await BuiltProducts.runOffPool("schouw", ["init", url, "--name", schouw, "--date", "2025-09-20"])
            #expect(created.status == 0, "\(created.stderr)")
        }
        let action = try await BuiltProducts.runOffPool("schouw", ["action", "add", url, "--schouw", name, "--what", "Bank repareren", "--partner", "woningcorporatie"])
        #expect(action.status == 0, "\(action.stderr)")
        let codes = try await BuiltProducts.runOffPool("schouw", ["codes", url, "--schouw", name])
        #expect(codes.status == 0, "\(codes.stderr)")
        let code = try #require(codes.stdout.firstMatch(of: /Organisator: ([A-Z0-9]{5}-[A-Z0-9]{5})/).map { String($0.1) }, "\(codes.stdout)")

        let unnamed = try await BuiltProducts.runOffPool("schouw", ["serve", url, "--port", "0"])
        #expect(unnamed.status == 1)
        #expect(unnamed.stderr.contains("kies er een met --schouw NAAM") && unnamed.stderr.contains(name), "\(unnamed.stderr)")
        let unknown = try await BuiltProducts.runOffPool("schouw", ["serve", url, "--schouw", "Bestaat Niet", "--port", "0", "--lang", "en"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("has no schouw 'Bestaat Niet'"), "\(unknown.stderr)")

        let server = try BuiltProducts.start("schouw", ["serve", url, "--schouw", name, "--port", "0"])
        defer { server.send(SIGKILL) }
        let started = SendableChild(server)
        let listening = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: started.child.waitForStandardOutput(containing: "/ (stoppen", limitSeconds: 60)) }
        }
        guard listening,
              let port = server.standardOutputSoFar.firstMatch(of: /127\.0\.0\.1:([0-9]+)\//).flatMap({ Int($0.1) })
        else { throw Failure.noPort(server.standardErrorSoFar) }
        let entry = try Self.exchange(port, "GET", "/")
        #expect(entry.hasPrefix("HTTP/1.1 200"), "\(entry.prefix(200))")
        #expect(entry.contains(name), "the entry page names the schouw")
        let token = try #require(Self.cookie("schouw_login", in: entry))
        let csrf = try #require(entry.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) })
        let login = try Self.exchange(
            port, "POST", "/inloggen", headers: ["Cookie: schouw_login=\(token)", "Content-Type: application/x-www-form-urlencoded"],
            body: "code=\(code)&csrf=\(csrf)")
        #expect(login.hasPrefix("HTTP/1.1 303"), "\(login.prefix(200))")
        let session = try #require(Self.cookie("schouw_session", in: login))
        let organizer = try Self.exchange(port, "GET", "/beheer", headers: ["Cookie: schouw_session=\(session)"])
        #expect(organizer.hasPrefix("HTTP/1.1 200") && organizer.contains("Alle meldingen"), "\(organizer.prefix(200))")
        let actions = try Self.exchange(port, "GET", "/beheer/acties", headers: ["Cookie: schouw_session=\(session)"])
        #expect(actions.hasPrefix("HTTP/1.1 200"), "\(actions.prefix(200))")
        #expect(actions.contains("<td>1</td><td>Bank repareren</td><td>woningcorporatie</td>"), "the action added with `schouw action add`")
        let table = try Self.exchange(port, "GET", "/beheer/acties.csv", headers: ["Cookie: schouw_session=\(session)"])
        #expect(table.hasPrefix("HTTP/1.1 200") && table.contains(";Bank repareren;woningcorporatie;woningcorporatie;;;;open;"), "\(table.prefix(400))")
        let download = try Self.exchange(port, "GET", "/download/csv", headers: ["Cookie: schouw_session=\(session)"])
        #expect(download.hasPrefix("HTTP/1.1 200"), "\(download.prefix(200))")
        server.send(SIGTERM)
        #expect(try server.wait().status == 0)
    }
}

/// A child process handed to a waiting thread (one thread uses it at a time).
private final class SendableChild: @unchecked Sendable {
    let child: ChildProcess
    init(_ child: ChildProcess) { self.child = child }
}
