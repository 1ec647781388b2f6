import Foundation
import GRDB
import SchouwStore
import SchouwTestSupport
import Testing

/// `schouw serve`'s sessions in the `web_session` table: hashed ids, expiry, bounded with eviction.
@Suite struct WebSessionStoreTests {
    let policy = WebSessionPolicy(idleSeconds: 12 * 3600, capacity: 3, activeSeconds: 1800, touchSeconds: 60)

    @Test func aSessionIsFoundByItsCookieIdAndStoredOnlyAsItsSHA256() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("s.schouw")
        let db = try SchouwDatabase.create(at: url, schouw: Fixtures.definition(area: false))
        let session = try db.createWebSession(role: .group("Groep A"), policy: policy)
        #expect(session.id.count == 64 && session.csrfToken.count == 64 && session.id != session.csrfToken)
        let found = try #require(try db.webSession(id: session.id, policy: policy))
        #expect(found.role == .group("Groep A"))
        #expect(found.csrfToken == session.csrfToken)
        #expect(try db.webSession(id: String(repeating: "a", count: 64), policy: policy) == nil)
        #expect(try db.webSession(id: "not-an-id", policy: policy) == nil)
        // The key is the SHA-256 of the id as sha256sum computes it; the id itself is nowhere in the file.
        let key = try db.writer.read { try String.fetchOne($0, sql: "SELECT id_sha256 FROM web_session") }
        let sha256sum = try #require(ChildProcess.tool("sha256sum"))
        let idFile = folder.appendingPathComponent("id")
        try Data(session.id.utf8).write(to: idFile)
        let expected = try ChildProcess.run(sha256sum, [idFile.path]).stdout.split(separator: " ").first.map(String.init)
        #expect(key == expected)
        try db.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let bytes = try Data(contentsOf: url)
        #expect(bytes.range(of: Data(session.id.utf8)) == nil)
        // Reopened (a restart of the server): the session is still there.
        let reopened = try SchouwDatabase.open(at: url)
        #expect(try reopened.webSession(id: session.id, policy: policy)?.role == .group("Groep A"))
        try reopened.removeWebSession(id: session.id)
        #expect(try reopened.webSession(id: session.id, policy: policy) == nil)
    }

    @Test func aSessionExpiresAfterItsIdleTimeAndEachRequestMovesItOn() throws {
        let db = try Fixtures.memoryDatabase(area: false)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let session = try db.createWebSession(role: .organizer, policy: policy, now: t0)
        // Seen 11 h later: still alive, and from then on 12 h again.
        #expect(try db.webSession(id: session.id, policy: policy, now: t0 + 11 * 3600)?.role == .organizer)
        #expect(try db.webSession(id: session.id, policy: policy, now: t0 + 22 * 3600)?.role == .organizer)
        // 12 h and a second after that last request it is gone, also from the table.
        #expect(try db.webSession(id: session.id, policy: policy, now: t0 + 34 * 3600 + 1) == nil)
        #expect(try db.webSessionCount() == 0)
    }

    @Test func aFullTableDropsExpiredThenIdleSessionsBeforeAnActiveWalker() throws {
        let db = try Fixtures.memoryDatabase(area: false)
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let expired = try db.createWebSession(role: .group("Groep A"), policy: policy, now: t - 13 * 3600)
        // Logged in first, but active a moment ago.
        let active = try db.createWebSession(role: .group("Groep B"), policy: policy, now: t - 5 * 3600)
        _ = try db.webSession(id: active.id, policy: policy, now: t - 10)
        // Logged in later, then idle for two hours.
        let idle = try db.createWebSession(role: .group("Groep A"), policy: policy, now: t - 2 * 3600)
        // Full (3): the expired one goes.
        let d = try db.createWebSession(role: .organizer, policy: policy, now: t)
        #expect(try db.webSession(id: expired.id, policy: policy, now: t) == nil)
        #expect(try db.webSessionCount() == 3)
        // Full again: the idle one goes, not the active walker who logged in earlier.
        let e = try db.createWebSession(role: .group("Groep C"), policy: policy, now: t)
        #expect(try db.webSession(id: idle.id, policy: policy, now: t) == nil)
        for kept in [active, d, e] { #expect(try db.webSession(id: kept.id, policy: policy, now: t) != nil) }
        #expect(try db.webSessionCount() == 3)
    }

    @Test func withEveryoneActiveTheRoleWithMostSessionsLosesItsOldest() throws {
        let db = try Fixtures.memoryDatabase(area: false)
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        // B logged in first (least recently seen of all), A logs in twice after.
        let b = try db.createWebSession(role: .group("Groep B"), policy: policy, now: t - 300)
        let a1 = try db.createWebSession(role: .group("Groep A"), policy: policy, now: t - 200)
        let a2 = try db.createWebSession(role: .group("Groep A"), policy: policy, now: t - 100)
        // A third login with A's code pushes out A's oldest, not B (plain least-recently-used would drop B).
        let a3 = try db.createWebSession(role: .group("Groep A"), policy: policy, now: t)
        #expect(try db.webSession(id: a1.id, policy: policy, now: t) == nil)
        for kept in [b, a2, a3] { #expect(try db.webSession(id: kept.id, policy: policy, now: t) != nil) }
    }

    @Test func newCodesEndEverySession() throws {
        let db = try Fixtures.memoryDatabase(area: false, plan: true)
        _ = try db.issueAccessCodes()
        let session = try db.createWebSession(role: .organizer, policy: policy)
        _ = try db.issueAccessCodes()
        #expect(try db.webSession(id: session.id, policy: policy) != nil, "issuing codes for new groups keeps sessions")
        _ = try db.issueAccessCodes(reset: true)
        #expect(try db.webSession(id: session.id, policy: policy) == nil)
    }
}
