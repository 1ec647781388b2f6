import Foundation
import SchouwStore
import Testing
@testable import SchouwStore
@testable import SchouwWeb

/// Uploads: a quota per group, photos that leave with their purged finding, and never a file in
/// `photos/` that no finding refers to.
@Suite(.serialized) struct WebPhotoTests {
    /// A valid PNG that differs from every other one by its padding (`n`), `size` bytes long.
    static func photo(_ n: Int, size: Int = 2_000) -> [UInt8] {
        var bytes = WebFixture.png
        bytes += [UInt8](repeating: UInt8(n % 251), count: max(0, size - bytes.count - 8))
        bytes += withUnsafeBytes(of: UInt64(n).bigEndian) { Array($0) }
        return bytes
    }

    /// The files in `photos/` (hidden `.part` files included) that no observation row names.
    static func unreferencedFiles(_ fixture: WebFixture) throws -> [String] {
        let directory = fixture.folder.appendingPathComponent("photos")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let referenced = Set(try fixture.database.photoNames().values.flatMap { $0 })
        let removed = try fixture.database.observations(ObservationFilter(includeRemoved: true))
        var all = referenced
        for o in removed { for p in try fixture.database.details(id: o.id).photos { all.insert(p.fileName) } }
        return names.filter { !all.contains("photos/\($0)") }.sorted()
    }

    @Test func theQuotaRefusesTheNextPhotoWithAClearMessage() async throws {
        try await WebFixture.run(configure: { $0.photoQuotaCount = 3 }) { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            func post(_ text: String, photos: [Int]) async throws -> HTTPResult {
                try await walker.postMultipart(
                    "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", text)],
                    files: photos.map { ("photo", "p\($0).png", Self.photo($0)) })
            }
            #expect(try await post("Twee foto's", photos: [1, 2]).status == 303)
            #expect(try await post("Derde foto", photos: [3]).status == 303)
            let refused = try await post("Vierde foto", photos: [4])
            #expect(refused.status == 413)
            #expect(refused.text.contains("Jullie groep heeft geen ruimte meer voor deze foto’s: er staan er al 3 van de 3"), "\(refused.text)")
            #expect(refused.text.contains("Vierde foto"), "what was typed is kept")
            #expect(try fixture.count() == 2)
            // Without photos a finding is still taken; the other group has its own quota.
            #expect(try await post("Zonder foto", photos: []).status == 303)
            let other = fixture.browser()
            try await other.login(fixture.code("Groep B"))
            try await other.get("/kaart")
            let otherSaved = try await other.postMultipart(
                "/meldingen", [("checkpoint", "1"), ("category", "afval"), ("text", "Groep B")], files: [("photo", "b.png", Self.photo(9))])
            #expect(otherSaved.status == 303)
            // In English on request.
            let english = try await walker.postMultipart(
                "/meldingen?lang=en", [("checkpoint", "2"), ("category", "afval"), ("text", "Fifth")], files: [("photo", "p5.png", Self.photo(5))])
            #expect(english.status == 413)
            #expect(english.text.contains("Your group has no room left for these photos"))
        }
    }

    /// Two servers on one database file (as two `schouw serve` processes: two handles, each with its own
    /// in-process lock) each take one upload of a group that has room for one more photo. A third handle
    /// holds the database's write lock meanwhile (another writer at work), so both uploads are under way
    /// at the same moment: a check outside the write transaction lets both in (3 photos of 2); the
    /// store's check inside it stores one and refuses the other with the quota's message.
    @Test func theQuotaHoldsAcrossTwoServersOnOneDatabase() async throws {
        let (folder, database, codes) = try await WebFixture.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("demo.schouw")
        let second = try SchouwDatabase.open(at: file)
        let holder = try SchouwDatabase.open(at: file)
        let code = try #require(codes[.group("Groep A")])
        let configure: @Sendable (inout WebConfiguration) -> Void = { $0.photoQuotaCount = 2 }
        try await WebFixture.serve(database, configure: configure) { firstPort in
            try await WebFixture.serve(second, configure: configure) { secondPort in
                let walkers = [Browser(port: firstPort), Browser(port: secondPort)]
                for walker in walkers {
                    #expect(try await walker.login(code).status == 303)
                    try await walker.get("/kaart")
                }
                let first = try await walkers[0].postMultipart(
                    "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Eerste")], files: [("photo", "p0.png", Self.photo(200))])
                #expect(first.status == 303)

                let held = DispatchSemaphore(value: 0)
                let released = DispatchSemaphore(value: 0)
                Thread.detachNewThread {
                    try? holder.writer.write { _ in
                        held.signal()
                        Thread.sleep(forTimeInterval: 2)
                    }
                    released.signal()
                }
                held.wait()
                let answers = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
                    for (n, walker) in walkers.enumerated() {
                        group.addTask {
                            try await walker.postMultipart(
                                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Zak afval nummer \(n)")],
                                files: [("photo", "p\(n).png", Self.photo(201 + n))])
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                released.wait()
                let statuses = answers.map(\.status).sorted()
                #expect(statuses == [303, 413], "\(statuses)")
                #expect(answers.filter { $0.status == 413 }.allSatisfy { $0.text.contains("Jullie groep heeft geen ruimte meer voor deze foto’s: er staan er al 2 van de 2") })
                let usage = try database.photoUsage(group: "Groep A")
                print("two servers, quota 2 photos, 1 stored, 2 uploads at once: \(statuses), now \(usage.count) photos")
                #expect(usage.count == 2)
                #expect(try database.observations(ObservationFilter(group: "Groep A")).count == 2)
            }
        }
    }

    @Test func theByteQuotaCountsWhatIsOnDisk() async throws {
        try await WebFixture.run(configure: { $0.photoQuotaBytes = 250_000 }) { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let first = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Eén")], files: [("photo", "a.png", Self.photo(1, size: 100_000))])
            #expect(first.status == 303)
            let second = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Twee")], files: [("photo", "b.png", Self.photo(2, size: 100_000))])
            #expect(second.status == 303)
            let third = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Drie")], files: [("photo", "c.png", Self.photo(3, size: 100_000))])
            #expect(third.status == 413)
            #expect(third.text.contains("er staan er al 2 van de 500 (1 van de 1 MB)"), "\(third.text)")
            #expect(try fixture.database.photoUsage(group: "Groep A") == PhotoUsage(count: 2, bytes: 200_000))
        }
    }

    @Test func photosStayWhileRestorableAndGoWhenTheFindingIsPurged() async throws {
        try await WebFixture.run { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let saved = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Met foto")],
                files: [("photo", "a.png", Self.photo(1)), ("photo", "b.png", Self.photo(2))])
            let id = try #require(WebFixture.findingID(saved))
            // A second finding shares photo 2.
            let sharing = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "3"), ("category", "afval"), ("text", "Deelt een foto")], files: [("photo", "b.png", Self.photo(2))])
            let sharingID = try #require(WebFixture.findingID(sharing))
            let photos = fixture.folder.appendingPathComponent("photos")
            let files = { Set((try? FileManager.default.contentsOfDirectory(atPath: photos.path)) ?? []) }
            #expect(files().count == 2)
            try await walker.get("/meldingen/\(id)")
            #expect(try await walker.post("/meldingen/\(id)/verwijderen", []).status == 303)
            #expect(files().count == 2, "a removed finding can be restored, so its photos stay")
            // The organizer: a finding that was not removed cannot be purged; a removed one can.
            let organizer = fixture.browser()
            try await organizer.login(fixture.organizerCode)
            let page = try await organizer.get("/meldingen/\(sharingID)")
            #expect(!page.text.contains("/definitief"))
            let refused = try await organizer.post("/meldingen/\(sharingID)/definitief", [])
            #expect(refused.status == 409)
            #expect(refused.text.contains("is niet verwijderd"))
            let removedPage = try await organizer.get("/meldingen/\(id)")
            #expect(removedPage.text.contains("Definitief verwijderen"))
            #expect(try await organizer.post("/meldingen/\(id)/definitief", []).status == 303)
            #expect(throws: StoreError.self) { try fixture.database.details(id: id) }
            // Photo 1 went with it; photo 2 stays for the other finding.
            let left = files()
            #expect(left.count == 1)
            #expect(try fixture.database.details(id: sharingID).photos.map(\.fileName) == left.map { "photos/\($0)" })
            #expect(try Self.unreferencedFiles(fixture).isEmpty)
            // Walkers cannot purge.
            try await walker.post("/meldingen/\(sharingID)/verwijderen", [])
            try await walker.get("/meldingen")
            #expect(try await walker.post("/meldingen/\(sharingID)/definitief", []).status == 403)
            #expect(files().count == 1)
        }
    }

    @Test func aSaveThatFailsHalfwayLeavesNoFileBehind() async throws {
        try await WebFixture.run { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let kept = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Eerst")], files: [("photo", "a.png", Self.photo(1))])
            let keptID = try #require(WebFixture.findingID(kept))
            let photos = fixture.folder.appendingPathComponent("photos").standardizedFileURL.path
            // The third photo's copy fails halfway (as on a full disk), after two were copied into place.
            TestHooks.failingPhotoFolders.withLock { $0[photos] = 2 }
            defer { TestHooks.failingPhotoFolders.withLock { $0[photos] = nil } }
            let failed = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "3"), ("category", "afval"), ("text", "Mislukt")],
                files: [("photo", "b.png", Self.photo(2)), ("photo", "c.png", Self.photo(3)), ("photo", "d.png", Self.photo(4))])
            #expect(failed.status == 500)
            #expect(try fixture.count() == 1)
            #expect(try Self.unreferencedFiles(fixture).isEmpty, "no orphan after a failed new finding")
            // The same for a correction with photos.
            TestHooks.failingPhotoFolders.withLock { $0[photos] = 1 }
            try await walker.get("/meldingen/\(keptID)")
            let failedEdit = try await walker.postMultipart(
                "/meldingen/\(keptID)", [("text", "Verbeterd")], files: [("photo", "e.png", Self.photo(5)), ("photo", "f.png", Self.photo(6))])
            #expect(failedEdit.status == 500)
            #expect(try fixture.database.details(id: keptID).observation.text == "Eerst")
            #expect(try Self.unreferencedFiles(fixture).isEmpty, "no orphan after a failed correction")
            let names = try FileManager.default.contentsOfDirectory(atPath: photos)
            #expect(names.count == 1 && !names.contains { $0.hasSuffix(".part") })
        }
    }

    @Test func leftoversAreCleanedWhenTheServerStarts() async throws {
        try await WebFixture.run { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let saved = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Blijft")], files: [("photo", "a.png", Self.photo(1))])
            #expect(saved.status == 303)
            let photos = fixture.folder.appendingPathComponent("photos")
            let orphan = String(repeating: "ab", count: 32) + ".jpg"
            let part = ".\(String(repeating: "cd", count: 32)).png.0F1E2D3C-0000-4000-8000-000000000000.part"
            for name in [orphan, part, "LEESMIJ.txt"] {
                try Data([0xFF, 0xD8, 0xFF, 0xE0]).write(to: photos.appendingPathComponent(name))
            }
            // A restart: a new app over the same database.
            _ = try await SchouwWebApp(store: fixture.database, configuration: WebConfiguration(port: 0))
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: photos.path))
            #expect(!left.contains(orphan) && !left.contains(part))
            #expect(left.contains("LEESMIJ.txt"), "only names the store gives are touched")
            #expect(left.count == 2)
            #expect(try Self.unreferencedFiles(fixture) == ["LEESMIJ.txt"])
        }
    }
}
