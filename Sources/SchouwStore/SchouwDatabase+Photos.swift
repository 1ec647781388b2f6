import Foundation
import GRDB
import SchouwCore

/// How many photos a group's findings have and how many bytes they take on disk (a file shared by
/// several of the group's findings counts once).
public struct PhotoUsage: Sendable, Hashable {
    public var count: Int
    public var bytes: Int64
}

/// The most photos, and bytes of photos on disk, one group's findings may have (removed findings count
/// until they are purged).
public struct PhotoQuota: Sendable, Hashable {
    public var count: Int
    public var bytes: Int64

    public init(count: Int, bytes: Int64) {
        self.count = count
        self.bytes = bytes
    }
}

extension SchouwDatabase {
    /// The photos of `group`'s findings, removed ones included (they stay on disk while they can be restored).
    public func photoUsage(group: String) throws -> PhotoUsage {
        try Self.wrapping { try writer.read { db in try Self.photoUsage(group: group, db: db, folder: folder) } }
    }

    static func photoUsage(group: String, db: Database, folder: URL?) throws -> PhotoUsage {
        let names = try String.fetchAll(
            db,
            sql: """
                SELECT p.file_name FROM observation_photo p JOIN observation o ON o.id = p.observation_id
                WHERE o.group_name = ? COLLATE NOCASE
                """,
            arguments: [group])
        guard let folder else { return PhotoUsage(count: names.count, bytes: 0) }
        var bytes: Int64 = 0
        for name in Set(names) { bytes += PhotoQuota.fileSize(folder.appendingPathComponent(name)) ?? 0 }
        return PhotoUsage(count: names.count, bytes: bytes)
    }

    /// Throws ``StoreError/photoQuotaExceeded(group:usage:quota:)`` when the photos of `drafts` would take
    /// a group over `quota`. Called inside the write transaction that stores them: GRDB begins writes
    /// with `BEGIN IMMEDIATE`, so no other connection or process writes between this count and the insert.
    static func checkPhotoQuota(_ quota: PhotoQuota?, drafts: [ObservationDraft], db: Database, folder: URL?) throws {
        guard let quota else { return }
        for entry in PhotoQuota.additions(drafts) {
            if let refusal = quota.refusal(used: try photoUsage(group: entry.group, db: db, folder: folder), adding: entry) { throw refusal }
        }
    }

    /// Deletes a removed observation for good, with its history, and its photo files that no other
    /// observation uses. An observation that was not removed is refused: removing is the step that can
    /// be undone (``restore(id:)``), purging is not.
    /// - Throws: ``StoreError/notRemoved(id:)``, ``StoreError/notFound(id:)``.
    public func purge(id: String) throws {
        try Self.wrapping {
            try writer.write { db in
                let observation = try Self.find(id, db)
                guard observation.deletedAt != nil else { throw StoreError.notRemoved(id: id) }
                // Photos and status history go with it (ON DELETE CASCADE).
                try db.execute(sql: "DELETE FROM observation WHERE id = ?", arguments: [observation.id])
            }
        }
        try removeUnreferencedPhotos()
    }

    /// Purges every removed observation (see ``purge(id:)``); returns how many.
    @discardableResult
    public func purgeRemoved() throws -> Int {
        let count = try Self.wrapping {
            try writer.write { db in
                try db.execute(sql: "DELETE FROM observation WHERE deleted_at IS NOT NULL")
                return db.changesCount
            }
        }
        try removeUnreferencedPhotos()
        return count
    }

    /// Deletes every file in `photos/` that no observation or action refers to, and every `.part` file a
    /// copy left behind; returns their names.
    ///
    /// Runs inside an immediate write transaction: photos are copied into `photos/` only while a
    /// writer holds the database's write lock, so no copy of another connection or process is under way
    /// meanwhile, and a file just copied by a transaction that committed is referred to.
    /// Only names the store gives (`<sha256>.<ext>`, `.<name>.<uuid>.part`) are touched.
    @discardableResult
    public func removeUnreferencedPhotos() throws -> [String] {
        guard let folder else { return [] }
        let directory = folder.appendingPathComponent("photos")
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try Self.wrapping {
            try writer.writeWithoutTransaction { db in
                var removed: [String] = []
                try db.inTransaction(.immediate) {
                    // An action's "after" photo lives in photos/ too.
                    let referenced = Set(try String.fetchAll(db, sql: """
                        SELECT file_name FROM observation_photo UNION SELECT after_photo FROM action WHERE after_photo IS NOT NULL
                        """))
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                    for name in names.sorted() {
                        let isPart = name.hasPrefix(".") && name.hasSuffix(".part")
                        guard isPart || (Self.isStoredPhotoName(name) && !referenced.contains("photos/\(name)")) else { continue }
                        if (try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))) != nil { removed.append(name) }
                    }
                    return .commit
                }
                return removed
            }
        }
    }

    /// Runs a write that may copy photos; when it fails, the photos it copied before failing (and any
    /// `.part` file) are deleted, so a failed save leaves no file behind.
    func cleaningUpPhotosOnFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            _ = try? removeUnreferencedPhotos()
            throw error
        }
    }

    /// `<64 hex digits>.<extension>`: the names ``ObservationValidator/storePhotos(_:for:db:startPosition:)`` gives.
    static func isStoredPhotoName(_ name: String) -> Bool {
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
        return pieces.count <= 2 && pieces[0].count == 64 && pieces[0].allSatisfy(\.isHexDigit)
    }
}
