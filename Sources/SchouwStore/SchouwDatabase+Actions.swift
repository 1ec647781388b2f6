import Foundation
import GRDB
import SchouwCore

/// The fields of a new action, or the changes to one: nil leaves a field as it is.
public struct ActionDraft: Sendable, Hashable {
    public var what: String?
    /// A partner kind (`gemeente`, `woningcorporatie`, `politie`, `bewoners`, also in English) or an
    /// organisation's own name.
    public var partner: String?
    /// The organisation's name beside a kind ("Centrada" for a woningcorporatie); "" clears it.
    public var partnerName: String?
    /// The gemeente's department; "" clears it.
    public var department: String?
    /// The due date (`2025-10-31`, `31-10-2025`); "" clears it.
    public var dueDate: String?
    /// Findings to link: short ids (`A-12`), UUIDs or UUID prefixes.
    public var findings: [String]
    /// Findings to unlink (edits only).
    public var unlinkFindings: [String]
    public var note: String?

    public init(
        what: String? = nil, partner: String? = nil, partnerName: String? = nil, department: String? = nil, dueDate: String? = nil,
        findings: [String] = [], unlinkFindings: [String] = [], note: String? = nil
    ) {
        self.what = what
        self.partner = partner
        self.partnerName = partnerName
        self.department = department
        self.dueDate = dueDate
        self.findings = findings
        self.unlinkFindings = unlinkFindings
        self.note = note
    }
}

/// A move of an action to another status.
public struct ActionStatusUpdate: Sendable, Hashable {
    /// An ``ActionStatus`` code or word.
    public var status: String
    /// The day it happened (default today, Dutch time).
    public var date: String?
    public var note: String?
    /// The "after" photo, only for afgehandeld.
    public var photo: URL?

    public init(status: String, date: String? = nil, note: String? = nil, photo: URL? = nil) {
        self.status = status
        self.date = date
        self.note = note
        self.photo = photo
    }
}

/// The names the messages give the fields of an action: the command line's options, or the columns of
/// an actions table.
public struct ActionFieldNames: Sendable, Hashable {
    var what, partner, partnerName, department, dueDate, findings, unlinkFindings, status, date, photo, number, id: String

    init(
        what: String, partner: String, partnerName: String, department: String, dueDate: String, findings: String, unlinkFindings: String,
        status: String, date: String, photo: String, number: String, id: String
    ) {
        (self.what, self.partner, self.partnerName, self.department, self.dueDate) = (what, partner, partnerName, department, dueDate)
        (self.findings, self.unlinkFindings, self.status, self.date, self.photo) = (findings, unlinkFindings, status, date, photo)
        (self.number, self.id) = (number, id)
    }

    /// The names of a form of one's own (the web app's), for messages.
    public static func custom(
        what: String, partner: String, partnerName: String, department: String, dueDate: String, findings: String, status: String,
        date: String, photo: String
    ) -> ActionFieldNames {
        ActionFieldNames(
            what: what, partner: partner, partnerName: partnerName, department: department, dueDate: dueDate, findings: findings,
            unlinkFindings: findings, status: status, date: date, photo: photo, number: "number", id: "id")
    }

    public static let options = ActionFieldNames(
        what: "--what", partner: "--partner", partnerName: "--partner-name", department: "--department", dueDate: "--due",
        findings: "--finding", unlinkFindings: "--unlink", status: "--status", date: "--date", photo: "--photo", number: "ACTIE",
        id: "ACTIE")
    public static let columns = ActionFieldNames(
        what: "what", partner: "partner_kind", partnerName: "partner_name", department: "department", dueDate: "due_date",
        findings: "findings", unlinkFindings: "findings", status: "status", date: "status_date", photo: "after_photo",
        number: "number", id: "id")
}

extension SchouwDatabase {
    /// Adds an open action, linked to the findings the draft names.
    /// - Throws: ``StoreError/invalidInput(_:)`` naming each bad field (no text, a misspelt partner, a
    ///   department beside another partner than the gemeente, a bad date, an unknown finding); nothing changes then.
    @discardableResult
    public func addAction(_ draft: ActionDraft, names: ActionFieldNames = .options) throws -> ActionDetails {
        let id = try Self.wrapping {
            try writer.write { db -> String in
                var (record, issues) = ActionRules.newAction(draft, number: try Self.nextActionNumber(db), names: names)
                let linked = Self.resolveFindings(draft.findings, field: names.findings, db, issues: &issues)
                guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
                try record.insert(db)
                var change = ActionRules.creation(of: record, changedAt: record.createdAt)
                try change.insert(db)
                try Self.link(record.id, linked, db)
                return record.id
            }
        }
        return try action(id)
    }

    /// Changes an action's fields and links; with `status`, also moves it (see ``setActionStatus(_:_:names:)``),
    /// all in one transaction.
    /// - Throws: ``StoreError/actionNotFound(_:)``, ``StoreError/invalidInput(_:)``; nothing changes then.
    @discardableResult
    public func editAction(
        _ reference: String, changes: ActionDraft, status: ActionStatusUpdate? = nil, names: ActionFieldNames = .options
    ) throws -> ActionDetails {
        let prepared = status.map { ActionRules.prepare($0, names: names, acceptsPhotos: folder != nil) }
        let id = try Self.wrapping {
            try writer.write { db -> String in
                var record = try Self.findAction(reference, db)
                var issues = ActionRules.editIssues(changes, names: names)
                ActionRules.apply(changes, to: &record, names: names, issues: &issues)
                let linked = Self.resolveFindings(changes.findings, field: names.findings, db, issues: &issues)
                let unlinked = Self.resolveFindings(changes.unlinkFindings, field: names.unlinkFindings, db, issues: &issues)
                let change = prepared.flatMap { ActionRules.move(&record, $0, names: names, issues: &issues) }
                guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
                if var change { try change.insert(db) }
                if let photo = prepared?.photo, let folder {
                    record.afterPhoto = try ObservationValidator.copyPhoto(photo.source, sha256: photo.sha256, into: folder)
                }
                if prepared == nil, let note = changes.note.nonBlank { record.note = note }
                try record.update(db)
                try Self.link(record.id, linked, db)
                for observation in unlinked {
                    try db.execute(
                        sql: "DELETE FROM action_finding WHERE action_id = ? AND observation_id = ?", arguments: [record.id, observation])
                }
                return record.id
            }
        }
        return try action(id)
    }

    /// Moves an action to another status, recording the change with its day and note; an afgehandeld
    /// action may get its "after" photo (copied into `photos/` like the findings' photos).
    /// - Throws: ``StoreError/actionNotFound(_:)``; ``StoreError/invalidInput(_:)`` for an unknown status, a
    ///   move the flow does not allow, a bad date, an unreadable photo or a photo for another status.
    @discardableResult
    public func setActionStatus(_ reference: String, _ update: ActionStatusUpdate, names: ActionFieldNames = .options) throws -> ActionDetails {
        try editAction(reference, changes: ActionDraft(), status: update, names: names)
    }

    /// The actions, by number, optionally only those with a status or partner kind.
    /// - Throws: ``StoreError/invalidInput(_:)`` for an unknown status.
    public func actions(status: String? = nil, partner: String? = nil) throws -> [ActionDetails] {
        let keep = try ActionRules.listFilter(status: status, partner: partner)
        return try Self.wrapping {
            try writer.read { db in
                try ActionRecord.order(ActionRecord.Columns.number).fetchAll(db).filter(keep).map { try Self.details($0, db) }
            }
        }
    }

    /// One action by its number (`3`, `#3`) or its UUID (or a prefix of at least 4 characters).
    public func action(_ reference: String) throws -> ActionDetails {
        try Self.wrapping { try writer.read { db in try Self.details(try Self.findAction(reference, db), db) } }
    }

    /// The actions of each finding (by observation id), by action number, for exports and the report.
    public func actionsByFinding() throws -> [String: [ActionRecord]] {
        ActionRules.byFinding(try actions())
    }

    // MARK: Helpers

    /// The observation ids the references name, each once; unknown ones become issues.
    private static func resolveFindings(_ references: [String], field: String, _ db: Database, issues: inout [InputIssue]) -> [String] {
        var ids: [String] = []
        for reference in references {
            do {
                let id = try find(reference, db).id
                if !ids.contains(id) { ids.append(id) }
            } catch {
                issues.append(InputIssue(field: field, value: reference, reason: .unknownFinding))
            }
        }
        return ids
    }

    static func link(_ action: String, _ observations: [String], _ db: Database) throws {
        for observation in observations {
            try db.execute(
                sql: "INSERT OR IGNORE INTO action_finding (action_id, observation_id) VALUES (?, ?)", arguments: [action, observation])
        }
    }

    static func nextActionNumber(_ db: Database) throws -> Int {
        (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM action") ?? 0) + 1
    }

    /// The action a typed reference names: a number (`3`, `#3`), else a UUID or a unique prefix of one.
    static func findAction(_ reference: String, _ db: Database) throws -> ActionRecord {
        let (number, prefix) = ActionRules.reference(reference)
        if let number, let record = try ActionRecord.filter(ActionRecord.Columns.number == number).fetchOne(db) {
            return record
        }
        guard let prefix else { throw StoreError.actionNotFound(reference) }
        let matches = try ActionRecord.filter(sql: "id LIKE ? ESCAPE '\\'", arguments: [ActionRules.likePattern(prefix)]).limit(2).fetchAll(db)
        guard matches.count == 1, let only = matches.first else {
            if matches.isEmpty { throw StoreError.actionNotFound(reference) }
            throw StoreError.ambiguousID(reference, matches: matches.count)
        }
        return only
    }

    static func details(_ record: ActionRecord, _ db: Database) throws -> ActionDetails {
        let findings = try Observation.fetchAll(
            db, sql: "SELECT o.* FROM observation o JOIN action_finding l ON l.observation_id = o.id WHERE l.action_id = ? ORDER BY o.entered_at, o.rowid",
            arguments: [record.id])
        let history = try ActionChange.filter(ActionChange.Columns.actionID == record.id).order(ActionChange.Columns.id).fetchAll(db)
        return ActionDetails(action: record, findings: findings, history: history)
    }
}

/// Calendar days as people type them.
public enum CalendarDay {
    /// `2025-10-31`, `31-10-2025` or `31/10/2025`; two-digit years are refused.
    /// - Returns: `yyyy-MM-dd`, or nil when the text is no existing day.
    public static func normalize(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let (y, m, d): (Int, Int, Int)
        if parts[0].count == 4 {
            guard parts[1].count <= 2, parts[2].count <= 2 else { return nil }
            (y, m, d) = (Int(parts[0])!, Int(parts[1])!, Int(parts[2])!)
        } else if parts[2].count == 4 {
            guard parts[0].count <= 2, parts[1].count <= 2 else { return nil }
            (y, m, d) = (Int(parts[2])!, Int(parts[1])!, Int(parts[0])!)
        } else {
            return nil
        }
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        let check = Timestamps.civil(fromDays: Timestamps.days(fromCivil: y, m, d))
        guard check.0 == y, check.1 == m, check.2 == d else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

extension CalendarDay {
    /// Today in Dutch local time, `yyyy-MM-dd`.
    public static func today() -> String { Timestamps.amsterdamToday() }
}

extension Timestamps {
    /// Today in Dutch local time, `yyyy-MM-dd`.
    static func amsterdamToday() -> String {
        String((amsterdamLocal(now()) ?? now()).prefix(10))
    }
}
