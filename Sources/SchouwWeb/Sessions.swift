import Foundation
import SchouwJobs
import SchouwCore
import SchouwStore

/// One logged-in visitor's session: their role and their form token.
typealias Session = WebSession

extension WebSession {
    var group: String? {
        if case .group(let name) = role { return name }
        return nil
    }

    var isOrganizer: Bool { role == .organizer }
}

/// Sessions kept in the store (table `web_session`: the schouw file's, or in PostgreSQL per schouw),
/// keyed by the SHA-256 of a random id sent in an HttpOnly cookie: a restart of `schouw serve` keeps
/// everyone logged in.
///
/// Only a right code creates a session; visitors who have not logged in carry just a login token
/// (``Cookies/loginToken``) that is never stored, so no number of requests can fill the table.
struct SessionStore: Sendable {
    let store: any WebStore
    let policy: WebSessionPolicy

    /// The live session with this id, touched; nil for an unknown or expired id.
    func session(id: String?) async throws -> Session? {
        guard let id else { return nil }
        return try await store.webSession(id: id, policy: policy, now: Date())
    }

    /// A new session with fresh random id and token (evicting as ``WebStore/createWebSession(role:policy:now:)`` says).
    func create(role: AccessRole) async throws -> Session {
        try await store.createWebSession(role: role, policy: policy, now: Date())
    }

    func remove(id: String) async throws {
        try await store.removeWebSession(id: id)
    }
}
