import Foundation
import SchouwJobs

/// Slows down guessing of access codes: after a few wrong codes an address must wait, twice as long
/// after each further wrong code; many wrong codes from everywhere make everyone wait a minute.
actor LoginThrottle {
    private struct Record {
        var failures = 0
        var lockedUntil = Date.distantPast
    }

    private var records: [String: Record] = [:]
    private var recentFailures: [Date] = []
    private let configuration: WebConfiguration

    init(configuration: WebConfiguration) {
        self.configuration = configuration
    }

    /// Seconds this address must still wait before a code is checked; nil when it may try now.
    func waitSeconds(address: String, now: Date = Date()) -> Int? {
        recentFailures.removeAll { now.timeIntervalSince($0) >= 60 }
        if recentFailures.count >= configuration.globalFailuresPerMinute, let first = recentFailures.first {
            return max(1, Int((60 - now.timeIntervalSince(first)).rounded(.up)))
        }
        guard let record = records[address], record.lockedUntil > now else { return nil }
        return max(1, Int(record.lockedUntil.timeIntervalSince(now).rounded(.up)))
    }

    /// Counts a wrong code.
    func failed(address: String, now: Date = Date()) {
        recentFailures.append(now)
        var record = records[address] ?? Record()
        record.failures += 1
        let over = record.failures - configuration.freeLoginFailures
        if over >= 0 {
            let seconds = min(configuration.lockoutSeconds * pow(2, Double(min(over, 20))), configuration.maxLockoutSeconds)
            record.lockedUntil = now.addingTimeInterval(seconds)
        }
        records[address] = record
        if records.count > 10_000 { records = records.filter { $0.value.lockedUntil > now } }
    }

    /// A right code clears the address's count.
    func succeeded(address: String) {
        records[address] = nil
    }
}
