import Foundation
import SchouwJobs
import SchouwCore
import SchouwStore

/// One visitor's session: who they are (nil until a code was accepted) and their form token.
struct Session: Sendable {
    let id: String
    let role: AccessRole?
    /// Every POST form carries this token; a request without it is refused (CSRF).
    let csrfToken: String
    var lastSeen: Date

    var group: String? {
        if case .group(let name) = role { return name }
        return nil
    }

    var isOrganizer: Bool { role == .organizer }
}

/// Sessions kept in memory on the server, keyed by a random id sent in an HttpOnly cookie.
///
/// A restart ends all sessions: walkers enter their code again, nothing entered is affected.
actor SessionStore {
    private var sessions: [String: Session] = [:]
    private let idleSeconds: TimeInterval
    private let capacity: Int

    init(idleSeconds: TimeInterval, capacity: Int) {
        self.idleSeconds = idleSeconds
        self.capacity = capacity
    }

    /// The live session with this id, touched; nil for an unknown or expired id.
    func session(id: String?) -> Session? {
        guard let id, var session = sessions[id] else { return nil }
        let now = Date()
        guard now.timeIntervalSince(session.lastSeen) < idleSeconds else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    /// A new session with fresh random id and token; the least recently used one goes when full.
    func create(role: AccessRole?) -> Session {
        if sessions.count >= capacity, let oldest = sessions.values.min(by: { $0.lastSeen < $1.lastSeen }) {
            sessions[oldest.id] = nil
        }
        let session = Session(id: RandomToken.make(), role: role, csrfToken: RandomToken.make(), lastSeen: Date())
        sessions[session.id] = session
        return session
    }

    func remove(id: String) {
        sessions[id] = nil
    }
}
