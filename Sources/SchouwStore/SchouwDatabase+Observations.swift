import Foundation
import GRDB
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Which observations to list.
public struct ObservationFilter: Sendable, Hashable {
    public var group: String?
    /// A category code or label (resolved through the taxonomy).
    public var category: String?
    public var status: String?
    public var buurtCode: String?
    public var includeRemoved: Bool

    public init(group: String? = nil, category: String? = nil, status: String? = nil, buurtCode: String? = nil, includeRemoved: Bool = false) {
        self.group = group
        self.category = category
        self.status = status
        self.buurtCode = buurtCode
        self.includeRemoved = includeRemoved
    }
}

extension ObservationFilter {
    /// The category code and status as stored that this filter asks for, checked the same way for both
    /// stores. `taxonomy` is the schouw's, needed only when the filter names a category.
    /// - Throws: ``StoreError/invalidInput(_:)`` for an unknown category (with the nearest code) or status.
    func storedValues(taxonomy: Taxonomy?) throws -> (category: String?, status: String?) {
        var codes: (category: String?, status: String?) = (nil, nil)
        if let category, let taxonomy {
            switch TaxonomyResolver(taxonomy).resolve(category: category, subcategory: nil) {
            case .success(let resolved): codes.category = resolved.category
            case .failure(let miss):
                let suggestion: String? = if case .category(let s) = miss { s } else { nil }
                throw StoreError.invalidInput([InputIssue(field: "category", value: category, reason: .unknownCategory, suggestion: suggestion)])
            }
        }
        if let status {
            guard let parsed = ObservationStatus(input: status) else {
                throw StoreError.invalidInput([InputIssue(field: "status", value: status, reason: .unknownStatus)])
            }
            codes.status = parsed.rawValue
        }
        return codes
    }
}

/// An observation with its photos and status history.
public struct ObservationDetails: Sendable, Hashable {
    public var observation: Observation
    public var photos: [ObservationPhoto]
    public var history: [StatusChange]
}

extension SchouwDatabase {
    /// Adds one observation (the command line's `observe add`), through the same validation as imports.
    /// - Parameter photoQuota: when set, its photos must fit in the group's quota (checked in the
    ///   transaction that stores them, so two processes cannot both pass it).
    /// - Throws: ``StoreError/invalidInput(_:)`` when it is invalid or a likely duplicate,
    ///   ``StoreError/photoQuotaExceeded(group:usage:quota:)``.
    @discardableResult
    public func add(_ draft: ObservationDraft, allowDuplicates: Bool = false, photoQuota: PhotoQuota? = nil) throws -> Observation {
        var options = IngestOptions(allowDuplicates: allowDuplicates)
        options.photoQuota = photoQuota
        let report = try ingest([draft], options: options)
        guard let id = report.insertedIDs.first else { throw StoreError.invalidInput(report.duplicates) }
        return try details(id: id).observation
    }

    /// Observations matching `filter`, oldest first.
    /// - Throws: ``StoreError/invalidInput(_:)`` for an unknown category or status.
    public func observations(_ filter: ObservationFilter = ObservationFilter()) throws -> [Observation] {
        var request = Observation.all()
        if !filter.includeRemoved { request = request.filter(Observation.Columns.deletedAt == nil) }
        if let group = filter.group { request = request.filter(Observation.Columns.groupName.collating(.nocase) == group) }
        let stored = try filter.storedValues(taxonomy: filter.category == nil ? nil : try taxonomy())
        if let category = stored.category { request = request.filter(Observation.Columns.category == category) }
        if let status = stored.status { request = request.filter(Observation.Columns.status == status) }
        if let buurt = filter.buurtCode { request = request.filter(Observation.Columns.buurtCode.collating(.nocase) == buurt) }
        let ordered = request.order(Observation.Columns.observedAt, Observation.Columns.enteredAt, Observation.Columns.id)
        return try Self.wrapping { try writer.read { try ordered.fetchAll($0) } }
    }

    /// Every observation (removed ones too) with its photos and history, oldest first, in one read.
    public func allDetails() throws -> [ObservationDetails] {
        try Self.wrapping {
            try writer.read { db in
                let photos = Dictionary(
                    grouping: try ObservationPhoto.order(ObservationPhoto.Columns.observationID, ObservationPhoto.Columns.position).fetchAll(db),
                    by: \.observationID)
                let history = Dictionary(grouping: try StatusChange.order(StatusChange.Columns.id).fetchAll(db), by: \.observationID)
                return try Observation.order(Observation.Columns.observedAt, Observation.Columns.enteredAt, Observation.Columns.id)
                    .fetchAll(db).map { ObservationDetails(observation: $0, photos: photos[$0.id] ?? [], history: history[$0.id] ?? []) }
            }
        }
    }

    /// One observation with photos and history. `id` may be its short id (`A-12`), its UUID or a unique
    /// prefix of at least 4 characters of the UUID.
    /// - Throws: ``StoreError/notFound(id:)`` or ``StoreError/ambiguousID(_:matches:)``.
    public func details(id: String) throws -> ObservationDetails {
        try Self.wrapping {
            try writer.read { db in
                let observation = try Self.find(id, db)
                return ObservationDetails(
                    observation: observation,
                    photos: try ObservationPhoto.filter(ObservationPhoto.Columns.observationID == observation.id)
                        .order(ObservationPhoto.Columns.position).fetchAll(db),
                    history: try StatusChange.filter(StatusChange.Columns.observationID == observation.id)
                        .order(StatusChange.Columns.id).fetchAll(db))
            }
        }
    }

    /// The observation a typed id names: a short id (`A-12`, also `a12`) first, else a UUID or a
    /// unique prefix of at least 4 characters of one.
    static func find(_ id: String, _ db: Database) throws -> Observation {
        if let shortID = ShortID.normalized(id), let match = try Observation.filter(Observation.Columns.shortID == shortID).fetchOne(db) {
            return match
        }
        let key = id.lowercased().trimmingCharacters(in: .whitespaces)
        guard key.count >= 4 else { throw StoreError.notFound(id: id) }
        let matches = try Observation.filter(sql: "id LIKE ? ESCAPE '\\'", arguments: [key.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"])
            .limit(2).fetchAll(db)
        if let exact = matches.first(where: { $0.id == key }) { return exact }
        guard matches.count == 1, let only = matches.first else {
            if matches.isEmpty { throw StoreError.notFound(id: id) }
            let count = try Observation.filter(sql: "id LIKE ?", arguments: [key + "%"]).fetchCount(db)
            throw StoreError.ambiguousID(id, matches: count)
        }
        return only
    }

    /// Changes an observation's fields. Only the fields set in `changes` change; a new location replaces
    /// the old one. Status changes go through ``setStatus(id:to:owner:note:)``.
    /// - Parameter photoQuota: when set, new photos must fit in the finding's group's quota (checked in
    ///   the write transaction).
    /// - Throws: ``StoreError/invalidInput(_:)`` when a new value is invalid, or
    ///   ``StoreError/photoQuotaExceeded(group:usage:quota:)``; nothing changes then.
    @discardableResult
    public func edit(id: String, changes: ObservationDraft, photoQuota: PhotoQuota? = nil) throws -> Observation {
        try cleaningUpPhotosOnFailure { try editInTransaction(id: id, changes: changes, photoQuota: photoQuota) }
    }

    private func editInTransaction(id: String, changes: ObservationDraft, photoQuota: PhotoQuota?) throws -> Observation {
        try Self.wrapping {
            try writer.write { db in
                let old = try Self.find(id, db)
                let draft = ObservationEdit.draft(applying: changes, to: old)
                try Self.checkPhotoQuota(photoQuota, drafts: [draft], db: db, folder: folder)
                var validator = try ObservationValidator(db: db, folder: folder, options: IngestOptions())
                let result = try validator.validate([draft], enteredAt: old.enteredAt)[0]
                switch result {
                case .failure(let failure): throw StoreError.invalidInput(failure.issues)
                case .success(let valid):
                    let updated = ObservationEdit.updated(valid.observation, old: old, changes: changes)
                    try updated.update(db)
                    let start = try ObservationPhoto.filter(ObservationPhoto.Columns.observationID == old.id).fetchCount(db)
                    try validator.storePhotos(valid.photos, for: old.id, db: db, startPosition: start)
                    return updated
                }
            }
        }
    }

    /// Hides an observation from lists and exports (soft delete); ``restore(id:)`` undoes it.
    public func remove(id: String) throws {
        try setDeleted(id, Timestamps.now())
    }

    /// Brings back a removed observation.
    public func restore(id: String) throws {
        try setDeleted(id, nil)
    }

    private func setDeleted(_ id: String, _ value: String?) throws {
        try Self.wrapping {
            try writer.write { db in
                var observation = try Self.find(id, db)
                observation.deletedAt = value
                try observation.update(db)
            }
        }
    }

    /// Moves an observation to a new status and records the change in its history.
    /// - Throws: ``StoreError/invalidInput(_:)`` for an unknown status or owner.
    @discardableResult
    public func setStatus(id: String, to status: String, owner: String? = nil, note: String? = nil) throws -> StatusChange {
        var issues: [InputIssue] = []
        let parsedStatus = ObservationStatus(input: status)
        if parsedStatus == nil { issues.append(InputIssue(field: "status", value: status, reason: .unknownStatus)) }
        let parsedOwner = owner.map(FollowUpOwner.init(input:))
        if let parsedOwner, parsedOwner == nil { issues.append(InputIssue(field: "owner", value: owner, reason: .unknownOwner)) }
        guard issues.isEmpty, let parsedStatus else { throw StoreError.invalidInput(issues) }
        return try Self.wrapping {
            try writer.write { db in
                var observation = try Self.find(id, db)
                var change = StatusChange(
                    observationID: observation.id, fromStatus: observation.status, toStatus: parsedStatus.rawValue,
                    owner: parsedOwner??.rawValue ?? observation.owner, note: note.nonBlank, changedAt: Timestamps.now())
                observation.status = parsedStatus.rawValue
                observation.owner = change.owner
                try observation.update(db)
                try change.insert(db)
                return change
            }
        }
    }

    /// Photos per observation id (paths relative to the database's folder, in their order), for exports.
    public func photoNames() throws -> [String: [String]] {
        try Self.wrapping { try writer.read { db in try photoNames(db) } }
    }

    /// Photos per observation id, for exports.
    func photoNames(_ db: Database) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT observation_id, file_name FROM observation_photo ORDER BY observation_id, position")
        while let row = try rows.next() { result[row[0], default: []].append(row[1]) }
        return result
    }
}
