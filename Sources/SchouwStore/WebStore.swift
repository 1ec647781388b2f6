import Foundation
import SchouwCore

/// What `schouw serve` needs of a store beyond reading and writing findings: its sessions, the access
/// codes as the verified-code cache checks them, findings written under a group's photo quota, and
/// purging. ``ObservationStore`` refines it, so the web app holds `any ObservationStore` and works on
/// both the SQLite file (``SchouwDatabase``, through its own synchronous methods) and PostgreSQL
/// (``PostgresStore``, `PostgresStore+Web.swift`).
///
/// The guarantees are the SQLite file's on both:
/// - Sessions belong to the schouw (on PostgreSQL each schouw of the database has its own); a new one is
///   made, and room made for it (expired, then idle, then the busiest role's oldest), in one transaction,
///   so two servers on one schouw cannot pass ``WebSessionPolicy/capacity`` by racing. New codes
///   (`schouw codes --reset`) end every session of the schouw.
/// - The photo quota is checked inside the write transaction that stores the photos (SQLite: `BEGIN
///   IMMEDIATE`; PostgreSQL: the schouw's row locked), so two servers cannot both pass it.
/// - Purging deletes photo bytes only when no finding (or action) uses them any more.
public protocol WebStore: Sendable {
    /// Starts a session for `role` with a fresh random id and CSRF token, making room as
    /// ``SchouwDatabase/createWebSession(role:policy:now:)`` says.
    func createWebSession(role: AccessRole, policy: WebSessionPolicy, now: Date) async throws -> WebSession
    /// The live session whose cookie holds `id`, moved on (at most every ``WebSessionPolicy/touchSeconds``);
    /// nil for an unknown or expired id (an expired one is deleted).
    func webSession(id: String, policy: WebSessionPolicy, now: Date) async throws -> WebSession?
    /// Ends the session whose cookie holds `id`.
    func removeWebSession(id: String) async throws
    /// How many sessions the schouw has (expired ones included until the next login clears them).
    func webSessionCount() async throws -> Int

    /// The role a typed code lets in, with the stored hash text of its row (after a re-hash), or nil.
    func accessCodeMatch(_ text: String) async throws -> AccessCodeMatch?
    /// The hash text stored for `role`'s code now, or nil when it has none: one indexed read, no PBKDF2.
    func storedAccessCodeHash(for role: AccessRole) async throws -> String?

    /// Adds one finding like ``ObservationStore/addObservation(_:allowDuplicates:)``; with a quota, its
    /// photos must fit in the group's (checked in the transaction that stores them).
    /// - Throws: ``StoreError/invalidInput(_:)``, ``StoreError/photoQuotaExceeded(group:usage:quota:)``.
    func add(_ draft: ObservationDraft, allowDuplicates: Bool, photoQuota: PhotoQuota?) async throws -> Observation
    /// Changes a finding like ``ObservationStore/edit(id:changes:)``; with a quota, new photos must fit
    /// in the finding's group's (checked in the write transaction). Nothing changes when it throws.
    func edit(id: String, changes: ObservationDraft, photoQuota: PhotoQuota?) async throws -> Observation

    /// Deletes a removed finding for good, with its history, and the photos no other finding uses.
    /// - Throws: ``StoreError/notRemoved(id:)``, ``StoreError/notFound(id:)``.
    func purge(id: String) async throws
    /// Purges every removed finding of the schouw; returns how many.
    @discardableResult
    func purgeRemoved() async throws -> Int
    /// Deletes stored photos that no finding or action refers to (files left by a crash on SQLite,
    /// bytes on PostgreSQL); returns their names.
    @discardableResult
    func removeUnreferencedPhotos() async throws -> [String]
}

extension PhotoQuota {
    /// What `drafts` would add to each group's photos: per group (first spelling, compared without case)
    /// the number of photos and their bytes on disk, by group name.
    static func additions(_ drafts: [ObservationDraft]) -> [(group: String, count: Int, bytes: Int64)] {
        var added: [String: (group: String, count: Int, bytes: Int64)] = [:]
        for draft in drafts where !draft.photos.isEmpty {
            guard let group = draft.group?.trimmingCharacters(in: .whitespaces), !group.isEmpty else { continue }
            var entry = added[group.lowercased()] ?? (group, 0, 0)
            entry.count += draft.photos.count
            entry.bytes += draft.photos.reduce(0) { $0 + (Self.fileSize($1) ?? 0) }
            added[group.lowercased()] = entry
        }
        return added.sorted { $0.key < $1.key }.map(\.value)
    }

    static func fileSize(_ url: URL) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)??.int64Value
    }

    /// The refusal when a group that uses `used` would go over this quota by adding `entry`, else nil.
    func refusal(used: PhotoUsage, adding entry: (group: String, count: Int, bytes: Int64)) -> StoreError? {
        guard used.count + entry.count > count || used.bytes + entry.bytes > bytes else { return nil }
        return StoreError.photoQuotaExceeded(group: entry.group, usage: used, quota: self)
    }
}

extension AccessRole {
    /// The `role` and `group_name` columns of a session row.
    var sessionColumns: (role: String, group: String?) {
        switch self {
        case .organizer: ("organizer", nil)
        case .group(let name): ("group", name)
        }
    }

    /// The role of a session row; nil for a row that is neither (the tables' CHECK keeps them out).
    init?(sessionRole: String, group: String?) {
        switch (sessionRole, group) {
        case ("organizer", nil): self = .organizer
        case ("group", let name?): self = .group(name)
        default: return nil
        }
    }
}
