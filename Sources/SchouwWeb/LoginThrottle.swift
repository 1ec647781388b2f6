import Foundation
import SchouwJobs

/// Slows down guessing of access codes without letting anyone lock others out.
///
/// - Wrong codes are counted per client address (an IPv6 /64 counts as one): after
///   ``WebConfiguration/freeLoginFailures`` that address waits, twice as long after each further wrong
///   code. Only that address is refused, with every code, right or wrong.
/// - A right code does not clear the count, so a walker cannot mix in their own code to keep guessing.
///   An address's count is forgotten ``WebConfiguration/failureMemorySeconds`` after its last wrong code.
/// - Many wrong codes from everywhere (``WebConfiguration/globalFailuresPerMinute``) only slow every
///   answer down by ``WebConfiguration/globalSlowdownSeconds``: a right code from an address that is not
///   blocked is still accepted.
actor LoginThrottle {
    /// What a login attempt from an address may do.
    enum Admission: Equatable {
        /// Check the code now.
        case now
        /// Check the code after this many seconds (global pressure).
        case slowDown(TimeInterval)
        /// Refuse: this address must wait this many whole seconds.
        case wait(Int)
    }

    private struct Record {
        var failures = 0
        var lastFailure = Date.distantPast
        var lockedUntil = Date.distantPast
    }

    private var records: [String: Record] = [:]
    private var recentFailures: [Date] = []
    private let configuration: WebConfiguration

    init(configuration: WebConfiguration) {
        self.configuration = configuration
    }

    /// Whether and when a code from `address` is checked.
    func admit(address: String, now: Date = Date()) -> Admission {
        if let record = records[address], record.lockedUntil > now {
            return .wait(max(1, Int(record.lockedUntil.timeIntervalSince(now).rounded(.up))))
        }
        recentFailures.removeAll { now.timeIntervalSince($0) >= 60 }
        if recentFailures.count >= configuration.globalFailuresPerMinute {
            return .slowDown(configuration.globalSlowdownSeconds)
        }
        return .now
    }

    /// Whether `address` has wrong codes it has not been forgiven yet (its checks then wait behind
    /// every first try in ``CodeCheckQueue``).
    func hasRecentFailures(address: String, now: Date = Date()) -> Bool {
        guard let record = records[address], record.failures > 0 else { return false }
        return now.timeIntervalSince(record.lastFailure) < configuration.failureMemorySeconds
    }

    /// Counts a wrong code from `address`.
    func failed(address: String, now: Date = Date()) {
        recentFailures.append(now)
        // Bounded: beyond a few times the threshold the list says nothing more.
        if recentFailures.count > 4 * max(1, configuration.globalFailuresPerMinute) { recentFailures.removeFirst() }
        var record = records[address] ?? Record()
        if now.timeIntervalSince(record.lastFailure) >= configuration.failureMemorySeconds { record.failures = 0 }
        record.failures += 1
        record.lastFailure = now
        let over = record.failures - configuration.freeLoginFailures
        if over >= 0 {
            let seconds = min(configuration.lockoutSeconds * pow(2, Double(min(over, 20))), configuration.maxLockoutSeconds)
            record.lockedUntil = now.addingTimeInterval(seconds)
        }
        records[address] = record
        if records.count > 10_000 {
            records = records.filter {
                $0.value.lockedUntil > now || now.timeIntervalSince($0.value.lastFailure) < configuration.failureMemorySeconds
            }
        }
    }
}
