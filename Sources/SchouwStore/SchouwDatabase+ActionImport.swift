import Foundation
import GRDB
import SchouwCore
import SchouwFormats

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
        let fileName = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StoreError.unreadableFile(url.path, Phrase("het bestand kan niet gelezen worden", "the file cannot be read"))
        }
        let table = try CSV.read(data, fileName: fileName)
        let header = table.records[0].fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known = Set(Self.actionFields.map(\.name))
        var issues: [InputIssue] = []
        for (index, name) in header.enumerated() where !known.contains(name) && !name.isEmpty {
            issues.append(InputIssue(file: fileName, line: 1, field: name, reason: .unknownColumn(column: ObservationFiles.columnLetter(index))))
        }
        for required in ["what", "partner_kind"] where !header.contains(required) {
            issues.append(InputIssue(file: fileName, line: 1, field: required, reason: .missingField))
        }
        guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
        let names = ActionFieldNames.columns
        return try Self.wrapping {
            try writer.write { db -> Int in
                var numbers = Set(try Int.fetchAll(db, sql: "SELECT number FROM action"))
                var ids = Set(try String.fetchAll(db, sql: "SELECT id FROM action"))
                var next = try Self.nextActionNumber(db)
                var count = 0
                for record in table.records.dropFirst() {
                    func value(_ name: String) -> String? {
                        guard let index = header.firstIndex(of: name), index < record.fields.count else { return nil }
                        return record.fields[index].nonBlank
                    }
                    guard record.fields.contains(where: { $0.nonBlank != nil }) else { continue }
                    var rowIssues: [InputIssue] = []
                    func issue(_ field: String, _ value: String?, _ reason: IssueReason) {
                        rowIssues.append(InputIssue(file: fileName, line: record.line, field: field, value: value, reason: reason))
                    }
                    var action = ActionRecord(
                        id: UUID().uuidString.lowercased(), number: 0, what: value("what") ?? "", partnerKind: PartnerKind.anders.rawValue,
                        status: ActionStatus.open.rawValue, statusDate: Timestamps.amsterdamToday(), note: value("note"),
                        createdAt: value("created_at").flatMap(Timestamps.normalize) ?? Timestamps.now())
                    if action.what.isEmpty { issue("what", nil, .missingField) }
                    if let id = value("id") {
                        if UUID(uuidString: id) == nil { issue("id", id, .badID) }
                        else if ids.contains(id.lowercased()) { issue("id", id, .actionExists) }
                        else { action.id = id.lowercased() }
                    }
                    if let text = value("number") {
                        if let number = Int(text), number > 0 {
                            if numbers.contains(number) { issue("number", text, .actionExists) } else { action.number = number }
                        } else {
                            issue("number", text, .badNumber)
                        }
                    }
                    let kindText = value("partner_kind") ?? ""
                    if let kind = PartnerKind(rawValue: kindText.lowercased()) {
                        action.partnerKind = kind.rawValue
                    } else {
                        issue("partner_kind", kindText, kindText.isEmpty ? .missingField : .misspeltPartner)
                    }
                    var draft = ActionDraft(partnerName: value("partner_name") ?? "", department: value("department") ?? "", dueDate: value("due_date") ?? "")
                    draft.findings = (value("findings") ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    Self.apply(draft, to: &action, names: names, issues: &rowIssues)
                    if let text = value("status") {
                        if let status = ActionStatus(input: text) { action.status = status.rawValue } else { issue("status", text, .unknownActionStatus) }
                    }
                    if let text = value("status_date") {
                        if let day = CalendarDay.normalize(text) { action.statusDate = day } else { issue("status_date", text, .badDate) }
                    }
                    if let photo = value("after_photo"), let folder, FileManager.default.fileExists(atPath: folder.appendingPathComponent(photo).path),
                        action.actionStatus == .afgehandeld, photo.hasPrefix("photos/"), !photo.contains("..")
                    {
                        action.afterPhoto = photo
                    }
                    var linked: [String] = []
                    for reference in draft.findings {
                        // Only whole UUIDs: a table joins on them, never on a prefix.
                        if let id = try String.fetchOne(db, sql: "SELECT id FROM observation WHERE id = ?", arguments: [reference.lowercased()]) {
                            if !linked.contains(id) { linked.append(id) }
                        } else {
                            issue("findings", reference, .unknownFinding)
                        }
                    }
                    issues += rowIssues.map { var issue = $0; issue.file = fileName; issue.line = record.line; return issue }
                    guard rowIssues.isEmpty, issues.isEmpty else { continue }
                    if action.number == 0 {
                        while numbers.contains(next) { next += 1 }
                        action.number = next
                    }
                    numbers.insert(action.number)
                    ids.insert(action.id)
                    try action.insert(db)
                    var change = ActionChange(
                        actionID: action.id, fromStatus: nil, toStatus: action.status, statusDate: action.statusDate, note: action.note,
                        changedAt: Timestamps.now())
                    try change.insert(db)
                    try Self.link(action.id, linked, db)
                    count += 1
                }
                guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
                return count
            }
        }
    }
}
