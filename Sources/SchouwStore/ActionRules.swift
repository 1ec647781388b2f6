import Foundation
import SchouwCore
import SchouwFormats

/// The rules of actions, the same for every store: which fields a new action needs, how a partner is
/// read (kinds, near misses), the status flow, dates, how an actions table is read and written. The
/// stores only read and write rows around these pure functions, inside their own transactions.
enum ActionRules {
    // MARK: Fields

    /// A new open action made of `draft`, numbered `number`, with the problems of its fields
    /// (no text, no partner, a misspelt partner, a department beside another partner, a bad date).
    static func newAction(_ draft: ActionDraft, number: Int, names: ActionFieldNames) -> (record: ActionRecord, issues: [InputIssue]) {
        var issues: [InputIssue] = []
        if draft.what.nonBlank == nil { issues.append(InputIssue(field: names.what, reason: .missingField)) }
        if draft.partner.nonBlank == nil { issues.append(InputIssue(field: names.partner, reason: .missingField)) }
        var record = ActionRecord(
            id: UUID().uuidString.lowercased(), number: number, what: draft.what.nonBlank ?? "", partnerKind: PartnerKind.anders.rawValue,
            status: ActionStatus.open.rawValue, statusDate: Timestamps.amsterdamToday(), note: draft.note.nonBlank, createdAt: Timestamps.now())
        apply(draft, to: &record, names: names, issues: &issues)
        return (record, issues)
    }

    /// The first history row of a new action (its creation, as its current status).
    static func creation(of record: ActionRecord, changedAt: String) -> ActionChange {
        ActionChange(actionID: record.id, fromStatus: nil, toStatus: record.status, statusDate: record.statusDate, note: record.note, changedAt: changedAt)
    }

    /// Applies the text, partner, department and due date of `draft` to `record`, collecting problems.
    static func apply(_ draft: ActionDraft, to record: inout ActionRecord, names: ActionFieldNames, issues: inout [InputIssue]) {
        if let what = draft.what.nonBlank { record.what = what }
        if let text = draft.partner.nonBlank {
            switch Partner.parse(text) {
            case .success(let partner):
                if partner.kind.rawValue != record.partnerKind, partner.kind != .gemeente { record.department = nil }
                record.partnerKind = partner.kind.rawValue
                record.partnerName = partner.name
            case .failure(let miss):
                issues.append(InputIssue(field: names.partner, value: text, reason: .misspeltPartner, suggestion: miss.suggestion))
            }
        }
        if let name = draft.partnerName { record.partnerName = name.nonBlank }
        if let department = draft.department { record.department = department.nonBlank }
        if record.department != nil, record.partnerKind != PartnerKind.gemeente.rawValue {
            issues.append(InputIssue(field: names.department, value: record.department, reason: .departmentNeedsGemeente))
        }
        if record.partnerKind == PartnerKind.anders.rawValue, record.partnerName == nil, !issues.contains(where: { $0.field == names.partner }) {
            issues.append(InputIssue(field: names.partnerName, reason: .missingField))
        }
        if let due = draft.dueDate {
            if due.nonBlank == nil {
                record.dueDate = nil
            } else if let day = CalendarDay.normalize(due) {
                record.dueDate = day
            } else {
                issues.append(InputIssue(field: names.dueDate, value: due, reason: .badDate))
            }
        }
    }

    /// The problems of an edit's text before it is applied (a text cannot be blanked).
    static func editIssues(_ changes: ActionDraft, names: ActionFieldNames) -> [InputIssue] {
        if let what = changes.what, what.nonBlank == nil { return [InputIssue(field: names.what, value: what, reason: .missingField)] }
        return []
    }

    // MARK: Status

    /// A status update checked before any transaction: the status word, the date, the photo's bytes.
    struct PreparedStatus: Sendable {
        var status: ActionStatus?
        var date: String?
        var note: String?
        var photo: Photo?
        var issues: [InputIssue]

        /// The "after" photo as read: its file, content hash and bytes.
        struct Photo: Sendable {
            var source: URL
            var sha256: String
            var data: Data

            /// `photos/SHA256.jpg`: the name both stores give it (the file in `photos/`, or the row in `photo_blob`).
            var storedName: String { ObservationValidator.storedPhotoName(sha256: sha256, source: source) }
        }
    }

    /// Reads and checks a status update: a known status, a real day, a readable photo only for afgehandeld.
    /// - Parameter acceptsPhotos: whether the store can keep a photo (a SQLite store in memory cannot).
    static func prepare(_ update: ActionStatusUpdate, names: ActionFieldNames, acceptsPhotos: Bool) -> PreparedStatus {
        var issues: [InputIssue] = []
        let status = ActionStatus(input: update.status)
        if status == nil { issues.append(InputIssue(field: names.status, value: update.status, reason: .unknownActionStatus)) }
        var date: String?
        if let text = update.date.nonBlank {
            date = CalendarDay.normalize(text)
            if date == nil { issues.append(InputIssue(field: names.date, value: text, reason: .badDate)) }
        }
        var photo: PreparedStatus.Photo?
        if let url = update.photo {
            if status != nil, status != .afgehandeld {
                issues.append(InputIssue(field: names.photo, value: url.path, reason: .photoNeedsDone))
            } else if !acceptsPhotos {
                issues.append(InputIssue(field: names.photo, value: url.path, reason: .photosNeedFileDatabase))
            } else {
                do {
                    let data = try Data(contentsOf: url)
                    photo = PreparedStatus.Photo(source: url, sha256: ContentHash.sha256Hex(of: data), data: data)
                } catch {
                    issues.append(InputIssue(field: names.photo, value: url.path, reason: .photoUnreadable((error as NSError).localizedDescription)))
                }
            }
        }
        return PreparedStatus(status: status, date: date, note: update.note.nonBlank, photo: photo, issues: issues)
    }

    /// Moves `record` as `prepared` says when the flow allows it, collecting problems.
    ///
    /// The caller stores the photo (when there is one and no issue) and sets ``ActionRecord/afterPhoto``.
    /// - Returns: the history row to store, or nil when there were problems.
    static func move(_ record: inout ActionRecord, _ prepared: PreparedStatus, names: ActionFieldNames, issues: inout [InputIssue]) -> ActionChange? {
        issues += prepared.issues
        guard let status = prepared.status else { return nil }
        let current = record.actionStatus
        if status != current, !current.next.contains(status) {
            issues.append(InputIssue(
                field: names.status, value: status.rawValue,
                reason: .actionTransition(from: current.rawValue, allowed: current.next.map(\.rawValue))))
        }
        guard issues.isEmpty else { return nil }
        let day = prepared.date ?? Timestamps.amsterdamToday()
        let change = ActionChange(
            actionID: record.id, fromStatus: record.status, toStatus: status.rawValue, statusDate: day, note: prepared.note,
            changedAt: Timestamps.now())
        record.status = status.rawValue
        record.statusDate = day
        record.note = prepared.note ?? (status == current ? record.note : nil)
        if status != .afgehandeld { record.afterPhoto = nil }
        return change
    }

    // MARK: Finding and listing

    /// What a typed action reference names: a number (`3`, `#3`), or else a UUID prefix (lowercase, at least 4
    /// characters; nil when shorter).
    static func reference(_ text: String) -> (number: Int?, prefix: String?) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = key.hasPrefix("#") ? String(key.dropFirst()) : key
        return (Int(digits), key.count >= 4 ? key : nil)
    }

    /// The `LIKE` pattern of a UUID prefix, with `\` as the escape character.
    static func likePattern(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// Which actions a list keeps: only `status`, only partner kind or name `partner`.
    /// - Throws: ``StoreError/invalidInput(_:)`` for an unknown status.
    static func listFilter(status: String?, partner: String?) throws -> @Sendable (ActionRecord) -> Bool {
        // (Flat optionals: an unknown word is refused, not a filter that keeps nothing.)
        let wantedStatus: ActionStatus? = status.flatMap { ActionStatus(input: $0) }
        if let status, wantedStatus == nil {
            throw StoreError.invalidInput([InputIssue(field: "--status", value: status, reason: .unknownActionStatus)])
        }
        let wantedKind = partner.map { PartnerKind.aliases[TaxonomyResolver.key($0)] }
        return { record in
            if let wantedStatus, record.status != wantedStatus.rawValue { return false }
            if let partner, let wantedKind {
                if let kind = wantedKind { return record.partnerKind == kind.rawValue }
                return record.partnerName?.localizedCaseInsensitiveCompare(partner) == .orderedSame
            }
            return true
        }
    }

    /// The actions of each finding (by observation id), by action number, made from the actions' own links.
    static func byFinding(_ actions: [ActionDetails]) -> [String: [ActionRecord]] {
        var result: [String: [ActionRecord]] = [:]
        for details in actions.sorted(by: { $0.action.number < $1.action.number }) {
            for finding in details.findings { result[finding.id, default: []].append(details.action) }
        }
        return result
    }

    // MARK: The actions table

    /// One action read from an actions table, ready to store.
    struct ImportedAction: Sendable {
        var record: ActionRecord
        var change: ActionChange
        /// The linked observations' ids.
        var findings: [String]
    }

    /// What the store holds that an import is checked against.
    struct ImportContext {
        /// Action numbers taken in this schouw.
        var numbers: Set<Int>
        /// Action ids taken (in the whole database: the key is global).
        var ids: Set<String>
        /// This schouw's observation ids (a table joins on whole UUIDs, never on prefixes).
        var observationIDs: Set<String>
        /// Whether an `after_photo` name is a photo this store holds.
        var photoExists: (String) -> Bool
    }

    /// Reads an actions table as the export writes it (``SchouwDatabase/actionFields``): all or nothing.
    /// - Throws: ``StoreError/invalidInput(_:)`` naming file, line and column for every bad value (an unknown
    ///   finding, a number or id already taken, a bad status or date, a missing `what` or `partner_kind`),
    ///   ``StoreError/unreadableFile(_:_:)`` for a file that cannot be read.
    static func readTable(_ url: URL, context: ImportContext) throws -> [ImportedAction] {
        let fileName = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StoreError.unreadableFile(url.path, Phrase("het bestand kan niet gelezen worden", "the file cannot be read"))
        }
        let table = try CSV.read(data, fileName: fileName)
        let header = table.records[0].fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known = Set(SchouwDatabase.actionFields.map(\.name))
        var issues: [InputIssue] = []
        for (index, name) in header.enumerated() where !known.contains(name) && !name.isEmpty {
            issues.append(InputIssue(file: fileName, line: 1, field: name, reason: .unknownColumn(column: ObservationFiles.columnLetter(index))))
        }
        for required in ["what", "partner_kind"] where !header.contains(required) {
            issues.append(InputIssue(file: fileName, line: 1, field: required, reason: .missingField))
        }
        guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
        let names = ActionFieldNames.columns
        var numbers = context.numbers
        var ids = context.ids
        var next = (numbers.max() ?? 0) + 1
        var result: [ImportedAction] = []
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
            let draft = ActionDraft(partnerName: value("partner_name") ?? "", department: value("department") ?? "", dueDate: value("due_date") ?? "")
            apply(draft, to: &action, names: names, issues: &rowIssues)
            if let text = value("status") {
                if let status = ActionStatus(input: text) { action.status = status.rawValue } else { issue("status", text, .unknownActionStatus) }
            }
            if let text = value("status_date") {
                if let day = CalendarDay.normalize(text) { action.statusDate = day } else { issue("status_date", text, .badDate) }
            }
            if let photo = value("after_photo"), action.actionStatus == .afgehandeld, photo.hasPrefix("photos/"), !photo.contains(".."),
                context.photoExists(photo)
            {
                action.afterPhoto = photo
            }
            var linked: [String] = []
            let references = (value("findings") ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for reference in references {
                let id = reference.lowercased()
                if context.observationIDs.contains(id) {
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
            result.append(ImportedAction(record: action, change: creation(of: action, changedAt: Timestamps.now()), findings: linked))
        }
        guard issues.isEmpty else { throw StoreError.invalidInput(issues) }
        return result
    }

    /// Every action as a row of ``SchouwDatabase/actionFields`` with the ids of its linked findings among
    /// `exported`. An action none of whose findings is exported is left out when findings are linked at all,
    /// so a filtered export carries the actions of its own findings.
    static func exportRows(_ actions: [ActionDetails], exported: [Observation]) -> [(values: [ExportValue], findings: [String])] {
        let exportedIDs = Set(exported.map(\.id))
        return actions.compactMap { details in
            let linked = details.findings.filter { exportedIDs.contains($0.id) }
            if !details.findings.isEmpty, linked.isEmpty { return nil }
            let a = details.action
            let values: [ExportValue] = [
                .integer(a.number), .text(a.id), .text(a.what), .text(a.partner.label(.nl)), .text(a.partnerKind), .text(a.partnerName),
                .text(a.department), .text(a.dueDate), .text(a.status), .text(a.statusDate), .text(a.note), .text(a.createdAt),
                .text(a.afterPhoto), .text(linked.map(\.id).joined(separator: "|")),
                .text(linked.compactMap(\.shortID).joined(separator: "|")),
            ]
            return (values, linked.map(\.id))
        }
    }
}
