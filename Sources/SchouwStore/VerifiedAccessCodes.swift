import Foundation
import Crypto
import Synchronization
import SchouwCore

/// The access codes found right during this run of the process, so a group's code typed on a second
/// phone is let in without another PBKDF2 (and without waiting behind a flood of wrong codes).
///
/// - Codes are kept as HMAC-SHA256 of the normalized code under a random key made at start and never
///   written anywhere: the memory holds no code, and the tags say nothing after the process ends.
/// - An entry counts only while its role's stored hash row is the one it was checked against (one
///   indexed read per use): `schouw codes --reset`, in this or another process, ends it.
/// - Only right codes enter, so the number of entries is bounded by the roles (plus codes replaced
///   by a reset, which are dropped at their next use); ``capacity`` bounds it anyway.
public final class VerifiedAccessCodes: Sendable {
    private let key = SymmetricKey(size: .bits256)
    private let entries = Mutex<[Data: AccessCodeMatch]>([:])
    public let capacity: Int

    public init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    private func tag(_ normalized: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(normalized.utf8), using: key))
    }

    /// Remembers a code that ``WebStore/accessCodeMatch(_:)`` found right.
    public func remember(_ text: String, as match: AccessCodeMatch) {
        guard let normalized = AccessCodes.normalize(text) else { return }
        let tag = tag(normalized)
        entries.withLock {
            if $0.count >= capacity, $0[tag] == nil { $0.removeAll() }
            $0[tag] = match
        }
    }

    /// The role of a code verified earlier in this run whose row in `store` is unchanged; nil when
    /// the code was not verified, its row changed or is gone (then it is forgotten), or the read failed.
    public func role(forAccessCode text: String, in store: any WebStore) async -> AccessRole? {
        guard let normalized = AccessCodes.normalize(text) else { return nil }
        let tag = tag(normalized)
        guard let entry = entries.withLock({ $0[tag] }) else { return nil }
        guard let current = try? await store.storedAccessCodeHash(for: entry.role), RandomToken.equal(current, entry.storedHash) else {
            entries.withLock { if $0[tag] == entry { $0[tag] = nil } }
            return nil
        }
        return entry.role
    }

    /// How many codes are remembered (for tests).
    public var count: Int { entries.withLock { $0.count } }
}
