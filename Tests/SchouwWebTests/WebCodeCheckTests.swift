import Foundation
import SchouwStore
import Synchronization
import Testing
@testable import SchouwWeb

/// A flood of wrong codes cannot delay right codes indefinitely: codes already found right are let in
/// without PBKDF2 (until a reset), first tries go before retries, and the queue of checks is bounded.
@Suite struct WebCodeCheckTests {
    /// N wrong codes at once from N fresh (forwarded) addresses, each check a measurable PBKDF2; a group's
    /// code that a first phone used before is accepted on a second phone long before the flood is done.
    /// After `codes --reset` (through another handle on the file, as another process would) the old code
    /// is refused although it was remembered.
    @Test func aFloodOfWrongCodesDoesNotDelayACodeUsedBefore() async throws {
        try await HeavyLoad.shared.exclusive { try await flood() }
    }

    func flood() async throws {
        try await WebFixture.run(configure: { $0.trustedProxies = ["127.0.0.1"] }) { fixture in
            // Codes stored with enough iterations that one check takes a measurable time.
            var slow = fixture.database
            slow.accessCodeIterations = 100_000
            var codes: [AccessRole: String] = [:]
            for issued in try slow.issueAccessCodes(reset: true) { codes[issued.role] = issued.code }
            let groupA = try #require(codes[.group("Groep A")])

            let firstPhone = fixture.browser(headers: [("X-Forwarded-For", "198.51.100.1")])
            #expect(try await firstPhone.login(groupA).status == 303)
            // What one check costs here (a wrong code from a fresh address, nothing else running).
            let probe = fixture.browser(headers: [("X-Forwarded-For", "198.51.100.2")])
            try await probe.get("/")
            let probeStarted = Date()
            #expect(try await probe.post("/inloggen", [("code", "ABCDE-FGHJK")]).status == 401)
            let oneCheck = Date().timeIntervalSince(probeStarted)
            // About 5 s of checks on an idle machine (0.06 s each in a debug build), longer under load.
            let n = 80

            let visit = fixture.browser()
            try await visit.get("/")
            let loginCookies = await visit.cookies
            let loginToken = try #require(await visit.csrf)
            let secondPhoneAnswered = Shared(Date.distantFuture)
            let floodStarted = Date()
            let statuses = Shared<[Int]>([])
            let answeredAt = Shared<[Date]>([])
            let secondPhoneTook = try await withThrowingTaskGroup(of: Double?.self) { group in
                for i in 0..<n {
                    group.addTask {
                        // One POST each, with the login cookie and token of one earlier visit (as a script would).
                        let attacker = fixture.browser(headers: [("X-Forwarded-For", "203.0.\(113 + i / 250).\(1 + i % 250)")])
                        await attacker.adopt(loginCookies)
                        let guess = String(format: "ABCDE-%05d", i).replacingOccurrences(of: "0", with: "Z").replacingOccurrences(of: "1", with: "Y")
                        let status = try await attacker.post("/inloggen", [("code", guess), ("csrf", loginToken)], csrf: false).status
                        statuses.withLock { $0.append(status) }
                        answeredAt.withLock { $0.append(Date()) }
                        return nil
                    }
                }
                group.addTask {
                    // Once the flood is queued: its first two answers have come.
                    let waitUntil = Date().addingTimeInterval(60)
                    while answeredAt.value.count < 2 && Date() < waitUntil { try await Task.sleep(for: .milliseconds(10)) }
                    let secondPhone = fixture.browser(headers: [("X-Forwarded-For", "198.51.100.3")])
                    try await secondPhone.get("/")
                    let started = Date()
                    let answer = try await secondPhone.post("/inloggen", [("code", groupA.lowercased())])
                    #expect(answer.status == 303 && answer.header("Location") == "/kaart", "\(answer.status)")
                    secondPhoneAnswered.withLock { $0 = Date() }
                    return Date().timeIntervalSince(started)
                }
                var took: Double?
                for try await value in group { if let value { took = value } }
                return try #require(took)
            }
            let flood = (answeredAt.value.max() ?? Date()).timeIntervalSince(floodStarted)
            let ratio = secondPhoneTook / flood
            print("code checks: one \(String(format: "%.3f", oneCheck)) s; flood of \(n) wrong codes took \(String(format: "%.2f", flood)) s; "
                + "the code used before was accepted in \(String(format: "%.3f", secondPhoneTook)) s (ratio \(String(format: "%.3f", ratio)))")
            #expect(statuses.value == Array(repeating: 401, count: n), "every wrong code was checked and refused")
            let floodAnsweredBefore = answeredAt.value.filter { $0 < secondPhoneAnswered.value }.count
            print("  wrong codes answered before the second phone: \(floodAnsweredBefore) of \(n)")
            // Without the remembered code it waits behind nearly all of them (ratio about 0.9); the margins
            // below leave room for a loaded machine (2 shared cores), where every answer is slower.
            #expect(floodAnsweredBefore < n * 6 / 10, "the second phone did not wait behind the flood")
            #expect(ratio < 0.3, "accepted without waiting behind the flood")

            // A reset in another handle (as `schouw codes --reset` in another process): the remembered code stops.
            var other = try SchouwDatabase.open(at: fixture.folder.appendingPathComponent("demo.schouw"))
            other.accessCodeIterations = 1_000
            var fresh: [AccessRole: String] = [:]
            for issued in try other.issueAccessCodes(reset: true) { fresh[issued.role] = issued.code }
            let thirdPhone = fixture.browser(headers: [("X-Forwarded-For", "198.51.100.4")])
            #expect(try await thirdPhone.login(groupA).status == 401, "a reset code is refused even though it was remembered")
            #expect(try await thirdPhone.login(try #require(fresh[.group("Groep A")])).status == 303)
        }
    }

    /// The queue itself: while one check runs, retries wait behind a later first try; beyond the limit
    /// retries from addresses with wrong codes are refused at once (their check never runs); first
    /// tries and further checks from addresses without wrong codes never are.
    @Test func firstTriesGoBeforeRetriesAndRetriesAreBounded() async throws {
        let queue = CodeCheckQueue(limit: 3)
        let order = Shared<[String]>([])
        let gate = DispatchSemaphore(value: 0)
        let started = Shared(false)
        let blocker = Task { await queue.run(address: "a", retry: false) { started.withLock { $0 = true }; gate.wait(); order.withLock { $0.append("a") } } }
        while !started.value { try await Task.sleep(for: .milliseconds(5)) }
        var retries: [Task<Void?, Never>] = []
        for name in ["r1", "r2", "r3"] {
            retries.append(Task { await queue.run(address: name, retry: true) { order.withLock { $0.append(name) } } })
            while queue.waiting < retries.count { try await Task.sleep(for: .milliseconds(5)) }
        }
        // Full: a fourth retry of an address with wrong codes is answered at once without running.
        let answered = Shared(0)
        let refused = Task { let r = await queue.run(address: "r4", retry: true) { order.withLock { $0.append("r4") } }; answered.withLock { $0 += 1 }; return r }
        // A second check from an address without wrong codes is never refused: it waits behind the retries.
        let second = Task { await queue.run(address: "r1", retry: false) { order.withLock { $0.append("r1 again") } } }
        // Generous deadlines: with the whole suite on 2 cores a task may wait seconds for a thread.
        var deadline = Date().addingTimeInterval(60)
        while answered.value < 1 && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(answered.value == 1, "answered while the first check still runs")
        // A first try is taken even beyond the limit, and goes ahead of the retries.
        let first = Task { await queue.run(address: "f", retry: false) { order.withLock { $0.append("f") } } }
        deadline = Date().addingTimeInterval(60)
        while queue.waiting < 5 && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        gate.signal()
        _ = await blocker.value
        _ = await first.value
        for retry in retries { _ = await retry.value }
        #expect(await refused.value == nil)
        #expect(await second.value != nil)
        #expect(order.value == ["a", "f", "r1", "r2", "r3", "r1 again"])
    }

    /// Through the server: an address with wrong codes is told to come back (429, Retry-After) when the
    /// queue is full, without its code being checked; a fresh address's right code still gets in.
    @Test func aFullQueueAsksAddressesWithWrongCodesToRetry() async throws {
        try await WebFixture.run(configure: { $0.trustedProxies = ["127.0.0.1"]; $0.maxWaitingCodeChecks = 0 }) { fixture in
            let guesser = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.50")])
            #expect(try await guesser.login("ABCDE-FGHJK").status == 401)
            let busy = try await guesser.login("ABCDE-FGHJM")
            #expect(busy.status == 429 && busy.header("Retry-After") == "5", "\(busy.status)")
            #expect(busy.text.contains("Probeer het over een paar seconden opnieuw"))
            // The refused try was not counted as a wrong code: with 5 free ones, 4 more are still checked.
            let fresh = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.51")])
            #expect(try await fresh.login(fixture.code("Groep B")).status == 303)
        }
    }
}

/// A value shared between tasks and threads of a test.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
