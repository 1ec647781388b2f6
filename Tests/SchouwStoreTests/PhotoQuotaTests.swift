import Foundation
import Synchronization
import SchouwCore
import SchouwTestSupport
import Testing
@testable import SchouwStore

/// The photo quota is the store's: counted in the write transaction that stores the photos, so writers
/// on separate handles (separate processes) cannot both pass it.
@Suite struct PhotoQuotaTests {
    /// A database file with the two-group plan, and a draft for Groep A with one photo of its own.
    static func draft(_ n: Int, folder: URL) throws -> ObservationDraft {
        let position = try Fixtures.offset(east: Double(n), north: 0)
        let photo = folder.appendingPathComponent("IMG_\(n).JPG")
        try TestJPEG.withGPS(latitude: position.latitude, longitude: position.longitude).write(to: photo)
        var draft = Fixtures.draft(text: "Zak afval \(n)", at: position)
        draft.group = "Groep A"
        draft.photos = [photo]
        return draft
    }

    /// Eight handles on one file add a finding with one photo each at the same moment; the quota is
    /// three photos: three are stored, five refused with the quota's error, and no file is left over.
    @Test func eightHandlesRacingKeepTheQuota() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.schouw")
        let db = try SchouwDatabase.create(at: url, schouw: Fixtures.definition())
        try db.savePlan(try Fixtures.plan())
        let quota = PhotoQuota(count: 3, bytes: 1 << 30)
        let handles = try (0..<8).map { _ in try SchouwDatabase.open(at: url) }
        let drafts = try (0..<8).map { try Self.draft($0, folder: dir) }
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 8) { n in
            do {
                _ = try handles[n].add(drafts[n], photoQuota: quota)
                outcomes.append("stored")
            } catch let error as StoreError {
                if case .photoQuotaExceeded(let group, let usage, _) = error, group == "Groep A", usage.count == 3 {
                    outcomes.append(error.message(.nl))
                } else {
                    outcomes.append("other: \(error)")
                }
            } catch {
                outcomes.append("other: \(error)")
            }
        }
        let all = outcomes.values
        #expect(all.filter { $0 == "stored" }.count == 3, "\(all)")
        #expect(all.filter { $0.hasPrefix("Jullie groep heeft geen ruimte meer voor deze foto’s: er staan er al 3 van de 3 (1 van de 1024 MB)") }.count == 5, "\(all)")
        #expect(try db.photoUsage(group: "Groep A").count == 3)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("photos").path)
        #expect(files.count == 3, "\(files)")
    }

    /// A correction that adds photos is held to the quota too (bytes here), in English on request.
    @Test func anEditOverTheByteQuotaChangesNothing() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try SchouwDatabase.create(at: dir.appendingPathComponent("s.schouw"), schouw: Fixtures.definition())
        try db.savePlan(try Fixtures.plan())
        let first = try Self.draft(1, folder: dir)
        let size = Int64(try Data(contentsOf: first.photos[0]).count)
        let quota = PhotoQuota(count: 100, bytes: size + size / 2)
        let stored = try db.add(first, photoQuota: quota)
        var changes = ObservationDraft()
        changes.text = "Twee zakken"
        changes.photos = try Self.draft(2, folder: dir).photos
        #expect(throws: StoreError.self) { try db.edit(id: stored.id, changes: changes, photoQuota: quota) }
        do {
            try db.edit(id: stored.id, changes: changes, photoQuota: quota)
        } catch let error as StoreError {
            #expect(error.message(.en).hasPrefix("Your group has no room left for these photos: it already has 1 of 100"))
            #expect(error.isBadInput)
        }
        #expect(try db.details(id: stored.id).observation.text == "Zak afval 1")
        #expect(try db.details(id: stored.id).photos.count == 1)
        // Without a quota (the command line) the same correction is taken.
        try db.edit(id: stored.id, changes: changes)
        #expect(try db.details(id: stored.id).photos.count == 2)
    }
}

/// Outcomes appended from several threads.
final class Outcomes: Sendable {
    private let items = Mutex<[String]>([])
    func append(_ item: String) { items.withLock { $0.append(item) } }
    var values: [String] { items.withLock { $0 } }
}
