import Foundation
import PostgresNIO
import SchouwCore
@testable import SchouwStore
import SchouwTestSupport
import Testing

/// Runs blocking work (child processes) on a thread of its own, off Swift's cooperative pool.
private func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

private func schouwCLI(_ arguments: [String]) async throws -> ProcessOutput {
    try await detached { try BuiltProducts.run("schouw", arguments) }
}

/// The SHA-256 of `data` as `sha256sum` computes it (an independent source for the stores' photo keys).
private func sha256sum(_ data: Data, in folder: URL) throws -> String {
    let tool = try #require(ChildProcess.tool("sha256sum"))
    let file = folder.appendingPathComponent("sha-\(UUID().uuidString)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try #require(try ChildProcess.run(tool, [file.path]).stdout.split(separator: " ").first.map(String.init))
}

/// Whether the store still keeps the bytes with this SHA-256: a file in `photos/` beside a schouw file,
/// a `photo_blob` row in PostgreSQL.
private func keepsBytes(_ sha256: String, of schouw: TestSchouw) async throws -> Bool {
    switch schouw.backend {
    case .sqlite:
        let names = (try? FileManager.default.contentsOfDirectory(atPath: schouw.folder.appendingPathComponent("photos").path)) ?? []
        return names.contains { $0.hasPrefix(sha256) }
    case .postgresql:
        let server = try await PostgresServer.connect(try PostgresURL(schouw.location))
        defer { Task { await server.close() } }
        let count = try await server.reading { connection in
            try await connection.query("SELECT count(*) FROM photo_blob WHERE sha256 = \(sha256)", logger: PostgresServer.logger).collect(Int.self)
        }
        return count.first == 1
    }
}

/// What `schouw serve` and `observe purge` need of a store (``WebStore``), on SQLite and on PostgreSQL:
/// sessions bounded and evicted alike (also with two servers racing), sessions that belong to one schouw,
/// and purging that deletes photo bytes only when nothing uses them any more.
@Suite(.timeLimit(.minutes(3))) struct WebStoreBackendTests {
    let policy = WebSessionPolicy(idleSeconds: 12 * 3600, capacity: 3, activeSeconds: 1800, touchSeconds: 60)

    /// The rules of ``SchouwDatabase/createWebSession(role:policy:now:)`` on both stores: expired first,
    /// then the least recently seen idle one, then with everyone active the busiest role's oldest.
    @Test(arguments: Backend.available)
    func sessionsAreEvictedByTheSameRules(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        try await schouw.with { store in
            let t = Date(timeIntervalSince1970: 1_800_000_000)
            let expired = try await store.createWebSession(role: .group("Groep A"), policy: policy, now: t - 13 * 3600)
            let active = try await store.createWebSession(role: .group("Groep B"), policy: policy, now: t - 5 * 3600)
            #expect(try await store.webSession(id: active.id, policy: policy, now: t - 10)?.role == .group("Groep B"))
            let idle = try await store.createWebSession(role: .group("Groep A"), policy: policy, now: t - 2 * 3600)
            let d = try await store.createWebSession(role: .organizer, policy: policy, now: t)
            #expect(try await store.webSession(id: expired.id, policy: policy, now: t) == nil)
            #expect(try await store.webSessionCount() == 3)
            let e = try await store.createWebSession(role: .group("Groep C"), policy: policy, now: t)
            #expect(try await store.webSession(id: idle.id, policy: policy, now: t) == nil, "the idle one goes, not the active walker")
            for kept in [active, d, e] { #expect(try await store.webSession(id: kept.id, policy: policy, now: t) != nil) }
            // Everyone active (seen within 30 minutes), one session per role: the role seen least recently (B) makes room.
            let c2 = try await store.createWebSession(role: .group("Groep C"), policy: policy, now: t + 60)
            #expect(try await store.webSession(id: active.id, policy: policy, now: t + 60) == nil)
            // Now C has two: C's oldest makes room, not the organizer who was seen before it.
            let c3 = try await store.createWebSession(role: .group("Groep C"), policy: policy, now: t + 120)
            #expect(try await store.webSession(id: e.id, policy: policy, now: t + 120) == nil, "C's oldest made room, not the organizer")
            for kept in [d, c2, c3] { #expect(try await store.webSession(id: kept.id, policy: policy, now: t + 120) != nil) }
            #expect(try await store.webSessionCount() == 3)
            // A session ends 12 h after its last request, and is then deleted.
            #expect(try await store.webSession(id: c3.id, policy: policy, now: t + 120 + 12 * 3600 + 1) == nil)
            #expect(try await store.webSessionCount() == 2)
            // Not a 64-hex id, or one never issued: nothing.
            #expect(try await store.webSession(id: "'; DROP TABLE web_session; --", policy: policy, now: t) == nil)
            #expect(try await store.webSession(id: String(repeating: "a", count: 64), policy: policy, now: t) == nil)
            try await store.removeWebSession(id: d.id)
            #expect(try await store.webSession(id: d.id, policy: policy, now: t + 200) == nil)
        }
    }

    /// Two handles (two server processes) logging walkers in at once on one schouw with room for 5: the
    /// eviction is one transaction, so together they never keep more than 5.
    @Test(arguments: Backend.available)
    func twoServersLoggingInAtOnceKeepTheCapacity(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        let first = try await schouw.open()
        let second = try await schouw.open()
        let roomy = WebSessionPolicy(idleSeconds: 3600, capacity: 5, activeSeconds: 1800, touchSeconds: 60)
        let made = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<40 {
                let store = i % 2 == 0 ? first : second
                group.addTask {
                    _ = try await store.createWebSession(role: .group("Groep \(i % 3)"), policy: roomy, now: Date())
                    return 1
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(made == 40)
        #expect(try await first.webSessionCount() == 5)
        await first.close()
        await second.close()
    }

    /// PostgreSQL holds many schouwen: a session of one is no key to another, and new codes of one end
    /// only its own sessions.
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func sessionsBelongToTheirSchouw() async throws {
        let one = try await TestSchouw.make(.postgresql, plan: true)
        let other = try await TestSchouw.make(.postgresql, plan: true)
        defer { one.remove(); other.remove() }
        var a = try #require(try await one.open() as? PostgresStore)
        var b = try #require(try await other.open() as? PostgresStore)
        a.accessCodeIterations = 1_000
        b.accessCodeIterations = 1_000
        let codesA = try await a.issueAccessCodes(reset: false)
        _ = try await b.issueAccessCodes(reset: false)
        let sessionA = try await a.createWebSession(role: .organizer, policy: policy, now: Date())
        let sessionB = try await b.createWebSession(role: .organizer, policy: policy, now: Date())
        #expect(try await b.webSession(id: sessionA.id, policy: policy, now: Date()) == nil, "a cookie of one schouw opens no other")
        #expect(try await a.webSession(id: sessionA.id, policy: policy, now: Date())?.role == .organizer)
        // A's organizer code is no code of B; the stored hash is the row's.
        let organizerA = try #require(codesA.first { $0.role == .organizer }).code
        #expect(try await b.accessCodeMatch(organizerA) == nil)
        let match = try #require(try await a.accessCodeMatch(organizerA.lowercased()))
        #expect(match.role == .organizer)
        #expect(try await a.storedAccessCodeHash(for: .organizer) == match.storedHash)
        #expect(try await a.storedAccessCodeHash(for: .group("Groep Z")) == nil)
        _ = try await a.issueAccessCodes(reset: true)
        #expect(try await a.webSession(id: sessionA.id, policy: policy, now: Date()) == nil, "A's reset ends A's sessions")
        #expect(try await b.webSession(id: sessionB.id, policy: policy, now: Date()) != nil, "and not B's")
        #expect(try await a.storedAccessCodeHash(for: .organizer) != match.storedHash)
        await a.close()
        await b.close()
    }

    /// `schouw observe purge` on both stores through the CLI: a finding not removed is refused; a removed
    /// one goes with the photo bytes no other finding uses, and those another finding uses stay.
    @Test(arguments: Backend.available)
    func purgeDeletesRemovedFindingsAndOnlyUnusedPhotoBytes(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        // On PostgreSQL every schouw of the database shares photo bytes, and tests run at once: a.jpg's
        // bytes (its time) are this test's own, so no other test's finding or action keeps them.
        let a = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220, takenAt: "2025:09:20 10:17:31")
        let b = TestJPEG.withGPS(latitude: 52.5186, longitude: 5.7221, takenAt: "2025:09:20 10:16:00")
        try a.write(to: schouw.folder.appendingPathComponent("a.jpg"))
        try b.write(to: schouw.folder.appendingPathComponent("b.jpg"))
        let (shaA, shaB) = (try sha256sum(a, in: schouw.folder), try sha256sum(b, in: schouw.folder))
        let csv = try schouw.file(
            "in.csv", "category,text,lon,lat,photo\nafval,Een,5.7220,52.5185,a.jpg|b.jpg\ngroen,Twee,5.7230,52.5190,b.jpg\nafval,Drie,5.7225,52.5187,\n")
        let imported = try await schouwCLI(["observe", "import"] + schouw.cli + [csv.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let ids = try await schouw.with { store in
            Dictionary(uniqueKeysWithValues: try await store.observations(ObservationFilter()).map { ($0.text, $0.id) })
        }
        let one = try #require(ids["Een"])
        let three = try #require(ids["Drie"])
        #expect(try await keepsBytes(shaA, of: schouw))
        #expect(try await keepsBytes(shaB, of: schouw))

        let notRemoved = try await schouwCLI(["observe", "purge"] + schouw.cli + [one])
        #expect(notRemoved.status == 1)
        #expect(notRemoved.stderr.contains("is niet verwijderd; verwijder haar eerst met `schouw observe remove`"), "\(notRemoved.stderr)")
        #expect(try await schouwCLI(["observe", "remove"] + schouw.cli + [one]).status == 0)
        #expect(try await keepsBytes(shaA, of: schouw), "removed, still restorable: the photos stay")
        let purged = try await schouwCLI(["observe", "purge"] + schouw.cli + ["--all-removed"])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(purged.stdout == "1 verwijderde waarneming(en) definitief verwijderd\n")
        #expect(try await keepsBytes(shaA, of: schouw) == false, "a.jpg went with Een")
        #expect(try await keepsBytes(shaB, of: schouw), "b.jpg stays for Twee")
        try await schouw.with { store in
            let two = try #require(try await store.observations(ObservationFilter()).first { $0.text == "Twee" })
            let names = try await store.photoNames()[two.id] ?? []
            #expect(names.count == 1)
            if let name = names.first { #expect(try await store.photoData(named: name) == b) }
            #expect(try await store.observations(ObservationFilter(includeRemoved: true)).count == 2)
        }
        // One by its short id.
        #expect(try await schouwCLI(["observe", "remove"] + schouw.cli + [three]).status == 0)
        let single = try await schouwCLI(["observe", "purge"] + schouw.cli + [three, "--lang", "en"])
        #expect(single.status == 0 && single.stdout == "Purged\n", "\(single.stderr)")
        let gone = try await schouwCLI(["observe", "purge"] + schouw.cli + [three])
        #expect(gone.status == 1, "purged for good: \(gone.stderr)")
    }

    /// An action's "after" photo keeps its bytes. The finding had the same photo (and one of its own);
    /// `schouw observe purge` deletes the finding's own photo and keeps the action's; the clean-up
    /// `schouw serve` runs at its start (``WebStore/removeUnreferencedPhotos()``) deletes bytes nothing
    /// refers to (a leftover put there by hand) and keeps the action's too.
    @Test(arguments: Backend.available)
    func purgeAndTheCleanUpAtStartKeepAnActionsAfterPhoto(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        // Bytes of this test's own (their times): tests on PostgreSQL share one database and its photo bytes.
        let shared = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220, takenAt: "2025:09:20 10:21:41")
        let own = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220, takenAt: "2025:09:20 10:21:42")
        let leftover = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220, takenAt: "2025:09:20 10:21:43")
        try shared.write(to: schouw.folder.appendingPathComponent("bank.jpg"))
        try own.write(to: schouw.folder.appendingPathComponent("detail.jpg"))
        let (shaShared, shaOwn, shaLeftover) = (
            try sha256sum(shared, in: schouw.folder), try sha256sum(own, in: schouw.folder), try sha256sum(leftover, in: schouw.folder)
        )
        let csv = try schouw.file("in.csv", "category,text,lon,lat,photo\nafval,Bank stuk,5.7220,52.5185,bank.jpg|detail.jpg\n")
        let imported = try await schouwCLI(["observe", "import"] + schouw.cli + [csv.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let finding = try #require(try await schouw.with { try await $0.observations(ObservationFilter()).first })
        let added = try await schouwCLI(["action", "add"] + schouw.cli + ["--what", "Bank vervangen", "--partner", "gemeente", "--finding", finding.id])
        #expect(added.status == 0, "\(added.stderr)")
        let done = try await schouwCLI(["action", "done"] + schouw.cli + ["1", "--photo", schouw.folder.appendingPathComponent("bank.jpg").path])
        #expect(done.status == 0, "\(done.stderr)")

        #expect(try await schouwCLI(["observe", "remove"] + schouw.cli + [finding.id]).status == 0)
        let purged = try await schouwCLI(["observe", "purge"] + schouw.cli + ["--all-removed"])
        #expect(purged.status == 0 && purged.stdout == "1 verwijderde waarneming(en) definitief verwijderd\n", "\(purged.stderr)")
        #expect(try await keepsBytes(shaShared, of: schouw), "the action's after photo stays")
        #expect(try await keepsBytes(shaOwn, of: schouw) == false, "the finding's own photo went with it")

        // A leftover nothing refers to: a file in photos/, or a row in photo_blob.
        switch backend {
        case .sqlite:
            try leftover.write(to: schouw.folder.appendingPathComponent("photos/\(shaLeftover).jpg"))
        case .postgresql:
            let server = try await PostgresServer.connect(try PostgresURL(schouw.location))
            let hex = leftover.map { String(format: "%02x", $0) }.joined()
            _ = try await server.reading { connection in
                try await connection.query(
                    "INSERT INTO photo_blob (sha256, data) VALUES (\(shaLeftover), decode(\(hex), 'hex')) ON CONFLICT DO NOTHING",
                    logger: PostgresServer.logger)
            }
            await server.close()
        }
        let removed = try await schouw.with { try await $0.removeUnreferencedPhotos() }
        if backend == .sqlite {
            #expect(removed == ["\(shaLeftover).jpg"])
        }
        // In PostgreSQL the clean-up covers the whole database, so another test's server starting at the
        // same time may be the one that deletes the leftover; either way it is gone and the photo is not.
        #expect(!removed.contains { $0.hasPrefix(shaShared) }, "\(removed)")
        #expect(try await keepsBytes(shaLeftover, of: schouw) == false)
        #expect(try await keepsBytes(shaShared, of: schouw), "the clean-up at start keeps the action's after photo")
        try await schouw.with { store in
            let action = try await store.action("1")
            #expect(action.findings.isEmpty && action.action.afterPhoto == "photos/\(shaShared).jpg")
            #expect(try await store.photoData(named: "photos/\(shaShared).jpg") == shared)
        }
    }

    /// PostgreSQL keeps one copy of a photo's bytes for every schouw of the database: purging a finding of
    /// one schouw keeps bytes a finding of another schouw uses.
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func purgeKeepsBytesAnotherSchouwUses() async throws {
        let one = try await TestSchouw.make(.postgresql)
        let other = try await TestSchouw.make(.postgresql)
        defer { one.remove(); other.remove() }
        let jpeg = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220, takenAt: "2025:09:20 11:11:11")
        let photo = one.folder.appendingPathComponent("gedeeld.jpg")
        try jpeg.write(to: photo)
        let sha = try sha256sum(jpeg, in: one.folder)
        var draft = ObservationDraft()
        (draft.category, draft.level, draft.text, draft.photos) = ("zwerfvuil", "B", "Gedeelde foto", [photo])
        let first = try await one.with { try await $0.addObservation(draft) }
        _ = try await other.with { try await $0.addObservation(draft) }
        try await one.with { store in
            try await store.remove(id: first.id)
            #expect(try await store.purgeRemoved() == 1)
            // The clean-up covers the whole database: it may find another test's leftover, never these bytes.
            #expect(!(try await store.removeUnreferencedPhotos()).contains(sha))
        }
        #expect(try await keepsBytes(sha, of: other), "the other schouw's finding still shows its photo")
        try await other.with { store in
            let id = try #require(try await store.observations(ObservationFilter()).first?.id)
            try await store.remove(id: id)
            try await store.purge(id: id)
        }
        #expect(try await keepsBytes(sha, of: other) == false, "no finding uses the bytes any more")
    }
}
