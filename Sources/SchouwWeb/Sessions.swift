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

/// Sessions kept in the schouw database (table `web_session`), keyed by the SHA-256 of a random id
/// sent in an HttpOnly cookie: a restart of `schouw serve` keeps everyone logged in.
///
/// Only a right code creates a session; visitors who have not logged in carry just a login token
/// (``Cookies/loginToken``) that is never stored, so no number of requests can fill the table.
struct SessionStore: Sendable {
    let database: SchouwDatabase
    let policy: WebSessionPolicy

    /// The live session with this id, touched; nil for an unknown or expired id or when the database fails.
    func session(id: String?) throws -> Session? {
        guard let id else { return nil }
        return try database.webSession(id: id, policy: policy)
    }

    /// A new session with fresh random id and token (evicting as ``SchouwDatabase/createWebSession(role:policy:now:)`` says).
    func create(role: AccessRole) throws -> Session {
        try database.createWebSession(role: role, policy: policy)
    }

    func remove(id: String) throws {
        try database.removeWebSession(id: id)
    }
}
