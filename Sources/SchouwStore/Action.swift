import Foundation
import GRDB
import SchouwCore

/// Where an agreed action stands: open → in behandeling → afgehandeld, or geannuleerd.
public enum ActionStatus: String, CaseIterable, Sendable, Codable {
    case open
    case inBehandeling = "in_behandeling"
    case afgehandeld
    case geannuleerd

    /// Accepts the codes, "in behandeling" and English words (in progress, done, cancelled).
    public init?(input: String) {
        let aliases: [String: ActionStatus] = [
            "open": .open, "new": .open, "nieuw": .open,
            "in behandeling": .inBehandeling, "in progress": .inBehandeling, "bezig": .inBehandeling,
            "afgehandeld": .afgehandeld, "done": .afgehandeld, "klaar": .afgehandeld, "resolved": .afgehandeld,
            "geannuleerd": .geannuleerd, "cancelled": .geannuleerd, "canceled": .geannuleerd,
        ]
        guard let status = aliases[TaxonomyResolver.key(input)] else { return nil }
        self = status
    }

    /// The statuses an action may move to from this one. Forward along the flow; an afgehandeld action
    /// may be taken up again (in behandeling) and a geannuleerd one reopened, for the organizer's mistakes.
    public var next: [ActionStatus] {
        switch self {
        case .open: [.inBehandeling, .afgehandeld, .geannuleerd]
        case .inBehandeling: [.open, .afgehandeld, .geannuleerd]
        case .afgehandeld: [.inBehandeling]
        case .geannuleerd: [.open]
        }
    }

    /// Still to be done (counts for "te laat" when its due date has passed).
    public var isPending: Bool { self == .open || self == .inBehandeling }

    /// "open", "in behandeling", "afgehandeld", "geannuleerd" (English: open, in progress, done, cancelled).
    public func label(_ language: Language) -> String {
        switch self {
        case .open: "open"
        case .inBehandeling: language.pick("in behandeling", "in progress")
        case .afgehandeld: language.pick("afgehandeld", "done")
        case .geannuleerd: language.pick("geannuleerd", "cancelled")
        }
    }
}

/// The kinds of partner an action is agreed with.
public enum PartnerKind: String, CaseIterable, Sendable, Codable {
    case gemeente, woningcorporatie, politie, bewoners
    /// An organisation the organizer names (a buurtvereniging, a school).
    case anders

    /// "gemeente", "woningcorporatie", … (English: municipality, housing corporation, police, residents, other).
    public func label(_ language: Language) -> String {
        switch self {
        case .gemeente: language.pick("gemeente", "municipality")
        case .woningcorporatie: language.pick("woningcorporatie", "housing corporation")
        case .politie: language.pick("politie", "police")
        case .bewoners: language.pick("bewoners", "residents")
        case .anders: language.pick("anders", "other")
        }
    }

    static let aliases: [String: PartnerKind] = [
        "gemeente": .gemeente, "municipality": .gemeente,
        "woningcorporatie": .woningcorporatie, "corporatie": .woningcorporatie, "housing corporation": .woningcorporatie,
        "politie": .politie, "police": .politie, "wijkagent": .politie,
        "bewoners": .bewoners, "residents": .bewoners,
        "anders": .anders, "other": .anders,
    ]
}

/// Who carries out an action: a kind, the organisation's name (required for ``PartnerKind/anders``) and,
/// for the gemeente, an optional department.
public struct Partner: Hashable, Sendable {
    public var kind: PartnerKind
    /// "Centrada" for a woningcorporatie, "Buurtvereniging De Kruidentuin" for another partner.
    public var name: String?
    /// The gemeente's department, e.g. "Stadsbeheer".
    public var department: String?

    public init(kind: PartnerKind, name: String? = nil, department: String? = nil) {
        self.kind = kind
        self.name = name
        self.department = department
    }

    /// "gemeente (Stadsbeheer)", "woningcorporatie Centrada", "Buurtvereniging De Kruidentuin".
    public func label(_ language: Language) -> String {
        if kind == .anders, let name { return name }
        var text = kind.label(language)
        if let name { text += " " + name }
        if let department { text += " (\(department))" }
        return text
    }

    /// The partner a word names: one of the kinds (Dutch or English), or else an organisation's own name.
    /// A word within two edits of a kind ("gemeete") is taken for a misspelt kind, not a name.
    /// - Returns: the partner, or the kind a near miss most likely means.
    static func parse(_ text: String) -> Result<Partner, PartnerMiss> {
        let key = TaxonomyResolver.key(text)
        if let kind = PartnerKind.aliases[key] { return .success(Partner(kind: kind)) }
        if let near = EditDistance.suggestions(for: key, among: Array(PartnerKind.aliases.keys), limit: 1).first,
            EditDistance.between(key, near) <= 2, key.count > 3
        {
            return .failure(PartnerMiss(suggestion: PartnerKind.aliases[near]!.rawValue))
        }
        return .success(Partner(kind: .anders, name: text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    struct PartnerMiss: Error { var suggestion: String }
}

/// An agreed action: what will be done, by which partner, by when, and how far it is.
public struct ActionRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "action"
    /// A UUID, lowercase: the stable key exports and imports join on.
    public var id: String
    /// The number people use (`actie 3`), counted within the schouw, never given twice.
    public var number: Int
    public var what: String
    public var partnerKind: String
    public var partnerName: String?
    public var department: String?
    /// `yyyy-MM-dd`, or nil without a due date.
    public var dueDate: String?
    /// An ``ActionStatus`` code.
    public var status: String
    /// The day the current status was reached, `yyyy-MM-dd` (given, or the day it was set).
    public var statusDate: String
    /// The note of the latest change.
    public var note: String?
    /// ISO 8601 UTC.
    public var createdAt: String
    /// The "after" photo of an afgehandeld action, relative to the database's folder (`photos/….jpg`).
    public var afterPhoto: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, number, what
        case partnerKind = "partner_kind"
        case partnerName = "partner_name"
        case department
        case dueDate = "due_date"
        case status
        case statusDate = "status_date"
        case note
        case createdAt = "created_at"
        case afterPhoto = "after_photo"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let number = Column(CodingKeys.number)
    }

    public var partner: Partner {
        Partner(kind: PartnerKind(rawValue: partnerKind) ?? .anders, name: partnerName, department: department)
    }

    public var actionStatus: ActionStatus { ActionStatus(rawValue: status) ?? .open }

    /// Whether the due date has passed on `today` (`yyyy-MM-dd`) while the action is still to be done.
    public func isOverdue(on today: String) -> Bool {
        guard let dueDate, actionStatus.isPending else { return false }
        return dueDate < today
    }
}

/// One status change of an action (the first row records its creation as open).
public struct ActionChange: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "action_history"
    public var id: Int64?
    public var actionID: String
    public var fromStatus: String?
    public var toStatus: String
    /// The day the status was reached, `yyyy-MM-dd`.
    public var statusDate: String
    public var note: String?
    /// ISO 8601 UTC: when the change was entered.
    public var changedAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case actionID = "action_id"
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case statusDate = "status_date"
        case note
        case changedAt = "changed_at"
    }

    public enum Columns {
        static let actionID = Column(CodingKeys.actionID)
        static let id = Column(CodingKeys.id)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An action with the findings it answers and its history.
public struct ActionDetails: Sendable, Hashable {
    public var action: ActionRecord
    /// The linked findings (removed ones included), by short id.
    public var findings: [Observation]
    public var history: [ActionChange]
}
