import Foundation
import GRDB
import SchouwCore

extension SchouwDatabase {
    /// Imports an actions table as the export writes it (`NAME.acties.csv`, see ``actionFields``), after
    /// its findings were imported (`schouw observe import` keeps their UUIDs): each action keeps its UUID,
    /// number, status, dates and note and is linked again to the findings its `findings` column names.
    /// All or nothing; the "after" photo's path is kept only when that photo is in this database's `photos/`.
    /// - Returns: the number of actions imported.
    /// - Throws: ``StoreError/invalidInput(_:)`` naming file, line and column for every bad value (an unknown
    ///   finding, a number or id already taken, a bad status or date, a missing `what` or `partner_kind`),
    ///   ``StoreError/unreadableFile(_:_:)`` for a file that cannot be read.
    @discardableResult
    public func importActions(from url: URL) throws -> Int {
        let folder = self.folder
        return try Self.wrapping {
            try writer.write { db -> Int in
                let context = ActionRules.ImportContext(
                    numbers: Set(try Int.fetchAll(db, sql: "SELECT number FROM action")),
                    ids: Set(try String.fetchAll(db, sql: "SELECT id FROM action")),
                    observationIDs: Set(try String.fetchAll(db, sql: "SELECT id FROM observation")),
                    photoExists: { name in folder.flatMap { Self.photoFile(name, in: $0) }.map { FileManager.default.fileExists(atPath: $0.path) } ?? false })
                let imported = try ActionRules.readTable(url, context: context)
                for entry in imported {
                    try Self.insert(entry.record, history: [entry.change], findings: entry.findings, db)
                }
                return imported.count
            }
        }
    }

    /// Stores an action with its history rows and links (inside the caller's transaction).
    static func insert(_ action: ActionRecord, history: [ActionChange], findings: [String], _ db: Database) throws {
        var record = action
        try record.insert(db)
        for change in history {
            var row = change
            row.id = nil
            row.actionID = action.id
            try row.insert(db)
        }
        try link(action.id, findings, db)
    }
}

/// The embedded store's actions: its own methods meet ``ActionStore`` (through ``ObservationStore``).
extension SchouwDatabase {
    public func insertActionCopies(_ copies: [ActionCopy]) throws {
        if copies.contains(where: { $0.afterPhoto != nil }), folder == nil {
            throw StoreError.invalidInput([InputIssue(field: "after_photo", reason: .photosNeedFileDatabase)])
        }
        try Self.wrapping {
            try writer.write { db in
                let observationIDs = Set(try String.fetchAll(db, sql: "SELECT id FROM observation"))
                let issues = ActionRules.copyIssues(
                    copies, takenIDs: Set(try String.fetchAll(db, sql: "SELECT id FROM action")),
                    takenNumbers: Set(try Int.fetchAll(db, sql: "SELECT number FROM action")), observationIDs: observationIDs)
                if !issues.isEmpty { throw StoreError.invalidInput(issues) }
                for copy in copies {
                    if let data = copy.afterPhoto, let name = copy.action.afterPhoto, let folder, let file = Self.photoFile(name, in: folder),
                        !FileManager.default.fileExists(atPath: file.path)
                    {
                        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                        try data.write(to: file, options: .atomic)
                    }
                    try Self.insert(copy.action, history: copy.history, findings: copy.findings, db)
                }
            }
        }
    }
}
