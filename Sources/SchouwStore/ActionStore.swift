import Foundation
import SchouwCore

/// The agreed actions of one schouw (what will be done, by which partner, by when), whatever the
/// database: ``SchouwDatabase`` satisfies it with its own synchronous methods, ``PostgresStore`` with
/// tables of its own (migration 3). Both apply the same rules (``ActionRules``: partner kinds and near
/// misses, the status flow, dates, the actions table), number actions 1, 2, 3 … within the schouw and
/// never give a number twice (writers of one schouw take turns).
public protocol ActionStore: Sendable {
    /// Adds an open action, linked to the findings the draft names.
    /// - Throws: ``StoreError/invalidInput(_:)`` naming each bad field (no text, a misspelt partner, a
    ///   department beside another partner than the gemeente, a bad date, an unknown finding); nothing changes then.
    func addAction(_ draft: ActionDraft, names: ActionFieldNames) async throws -> ActionDetails
    /// Changes an action's fields and links; with `status`, also moves it along the flow (with its day, note
    /// and, for afgehandeld, the "after" photo), all in one transaction.
    /// - Throws: ``StoreError/actionNotFound(_:)``, ``StoreError/invalidInput(_:)``; nothing changes then.
    func editAction(_ reference: String, changes: ActionDraft, status: ActionStatusUpdate?, names: ActionFieldNames) async throws -> ActionDetails
    /// The actions, by number, optionally only those with a status or partner (kind or own name).
    /// - Throws: ``StoreError/invalidInput(_:)`` for an unknown status.
    func actions(status: String?, partner: String?) async throws -> [ActionDetails]
    /// One action by its number (`3`, `#3`) or its UUID (or a prefix of at least 4 characters).
    func action(_ reference: String) async throws -> ActionDetails
    /// The actions of each finding (by observation id), by action number.
    func actionsByFinding() async throws -> [String: [ActionRecord]]
    /// Imports an actions table as an export writes it (`NAME.acties.csv`): all or nothing.
    /// - Returns: the number of actions imported.
    func importActions(from url: URL) async throws -> Int
    /// The actions table of an export of every finding, as CSV bytes.
    func actionsCSVData(excel: Bool) async throws -> Data
    /// Stores copied actions exactly (ids, numbers, status, history, links, "after" photo), for `schouw copy`,
    /// after their findings were copied.
    /// - Throws: ``StoreError/invalidInput(_:)`` (id or number taken, unknown finding) with nothing stored.
    func insertActionCopies(_ copies: [ActionCopy]) async throws
}

/// One action as stored, with its history, linked findings and the bytes of its "after" photo, for `schouw copy`.
public struct ActionCopy: Sendable {
    public var action: ActionRecord
    public var history: [ActionChange]
    /// The linked observations' ids.
    public var findings: [String]
    /// The "after" photo's bytes (its name is ``ActionRecord/afterPhoto``).
    public var afterPhoto: Data?

    public init(action: ActionRecord, history: [ActionChange], findings: [String], afterPhoto: Data?) {
        self.action = action
        self.history = history
        self.findings = findings
        self.afterPhoto = afterPhoto
    }
}

extension ActionStore {
    /// Moves an action to another status (see ``editAction(_:changes:status:names:)``).
    @discardableResult
    public func setActionStatus(_ reference: String, _ update: ActionStatusUpdate, names: ActionFieldNames = .options) async throws -> ActionDetails {
        try await editAction(reference, changes: ActionDraft(), status: update, names: names)
    }

    /// The actions an export of `observations` carries: as fields of each finding and as rows of their own.
    public func exportActions(for observations: [Observation]) async throws -> ExportActions {
        ExportActions(try await actions(status: nil, partner: nil), exported: observations)
    }
}

extension ObservationStore {
    /// Every action with its history, links and "after" photo's bytes, by number, for copying.
    public func actionCopies() async throws -> [ActionCopy] {
        var result: [ActionCopy] = []
        for details in try await actions(status: nil, partner: nil) {
            let photo = try await details.action.afterPhoto.asyncMap { try await photoData(named: $0) }
            result.append(ActionCopy(action: details.action, history: details.history, findings: details.findings.map(\.id), afterPhoto: photo))
        }
        return result
    }
}

extension Optional {
    fileprivate func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

extension ActionRules {
    /// The problems of storing `copies`: an id or number already taken, a finding not there.
    static func copyIssues(_ copies: [ActionCopy], takenIDs: Set<String>, takenNumbers: Set<Int>, observationIDs: Set<String>) -> [InputIssue] {
        var issues: [InputIssue] = []
        for copy in copies {
            if takenIDs.contains(copy.action.id) { issues.append(InputIssue(field: "id", value: copy.action.id, reason: .actionExists)) }
            if takenNumbers.contains(copy.action.number) {
                issues.append(InputIssue(field: "number", value: String(copy.action.number), reason: .actionExists))
            }
            for finding in copy.findings where !observationIDs.contains(finding) {
                issues.append(InputIssue(field: "findings", value: finding, reason: .unknownFinding))
            }
            if let name = copy.action.afterPhoto, copy.afterPhoto == nil || !SchouwDatabase.isPhotoName(name) {
                issues.append(InputIssue(field: "after_photo", value: name, reason: .photoUnreadable(name)))
            }
        }
        return issues
    }
}
