import Foundation
import GRDB
import SchouwCore

/// The embedded store: most requirements are met by ``SchouwDatabase``'s own (synchronous) methods.
///
/// Photos of a SQLite schouw stay files in `photos/` beside the database file, named by their SHA-256.
extension SchouwDatabase: ObservationStore {
    public var storeDescription: String { writer.path }

    /// The interface's edit: without a photo quota (the web app passes one to ``edit(id:changes:photoQuota:)``).
    public func edit(id: String, changes: ObservationDraft) throws -> Observation {
        try edit(id: id, changes: changes, photoQuota: nil)
    }

    public func photoData(named name: String) throws -> Data {
        guard let folder, let file = Self.photoFile(name, in: folder) else { throw StoreError.notFound(id: name) }
        do {
            return try Data(contentsOf: file)
        } catch {
            throw StoreError.unreadableFile(file.path, Phrase("de foto ontbreekt", "the photo is missing"))
        }
    }

    /// `photos/NAME` inside `folder`, for a name the store gave (see ``isPhotoName(_:)``).
    static func photoFile(_ name: String, in folder: URL) -> URL? {
        guard isPhotoName(name) else { return nil }
        return folder.appendingPathComponent("photos").appendingPathComponent(String(name.dropFirst("photos/".count)))
    }

    /// Whether `name` has the shape of a photo name the stores give: `photos/NAME`, no `..`, no other folder.
    public static func isPhotoName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0] == "photos" && !parts[1].isEmpty && !parts[1].hasPrefix(".") && !parts[1].contains("\\")
    }

    public func insertCopies(_ copies: [ObservationCopy]) throws {
        if copies.contains(where: { !$0.photos.isEmpty }), folder == nil {
            throw StoreError.invalidInput([InputIssue(field: "photo", reason: .photosNeedFileDatabase)])
        }
        try Self.wrapping {
            try writer.write { db in
                var issues: [InputIssue] = []
                for copy in copies where try Observation.exists(db, key: copy.observation.id) {
                    issues.append(InputIssue(field: "id", value: copy.observation.id, reason: .idExists))
                }
                if !issues.isEmpty { throw StoreError.invalidInput(issues) }
                for copy in copies {
                    var observation = copy.observation
                    try observation.insert(db)
                    for (photo, data) in copy.photos {
                        var record = photo
                        record.id = nil
                        record.observationID = observation.id
                        if let folder, let file = Self.photoFile(photo.fileName, in: folder), !FileManager.default.fileExists(atPath: file.path) {
                            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                            try data.write(to: file, options: .atomic)
                        }
                        try record.insert(db)
                    }
                    for change in copy.history {
                        var record = change
                        record.id = nil
                        try record.insert(db)
                    }
                }
            }
        }
    }

    public func close() {}
}
