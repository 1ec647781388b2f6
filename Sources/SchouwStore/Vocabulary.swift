import Foundation
import SchouwCore

/// Where an observation stands in the follow-up (Signalen's flow: gemeld → in behandeling → afgehandeld).
public enum ObservationStatus: String, CaseIterable, Sendable, Codable {
    case open
    case gemeld
    case inBehandeling = "in_behandeling"
    case afgehandeld
    case geannuleerd

    /// Accepts the codes, "in behandeling" and English words (reported, in progress, resolved, cancelled).
    public init?(input: String) {
        let key = TaxonomyResolver.key(input)
        let aliases: [String: ObservationStatus] = [
            "open": .open, "new": .open, "nieuw": .open,
            "gemeld": .gemeld, "reported": .gemeld,
            "in behandeling": .inBehandeling, "ingepland": .inBehandeling, "in progress": .inBehandeling,
            "afgehandeld": .afgehandeld, "resolved": .afgehandeld, "done": .afgehandeld, "klaar": .afgehandeld,
            "geannuleerd": .geannuleerd, "cancelled": .geannuleerd, "canceled": .geannuleerd,
        ]
        guard let status = aliases[key] else { return nil }
        self = status
    }
}

/// Who takes up an observation.
public enum FollowUpOwner: String, CaseIterable, Sendable, Codable {
    case gemeente, woningcorporatie, bewoners, politie, anders

    /// Accepts the codes and English words (municipality, housing corporation, residents, police, other).
    public init?(input: String) {
        let key = TaxonomyResolver.key(input)
        let aliases: [String: FollowUpOwner] = [
            "gemeente": .gemeente, "municipality": .gemeente,
            "woningcorporatie": .woningcorporatie, "corporatie": .woningcorporatie, "housing corporation": .woningcorporatie,
            "bewoners": .bewoners, "residents": .bewoners,
            "politie": .politie, "police": .politie,
            "anders": .anders, "other": .anders, "overig": .anders,
        ]
        guard let owner = aliases[key] else { return nil }
        self = owner
    }
}

/// Timestamps as ISO 8601 UTC text, and a fast, forgiving parser for times people type.
enum Timestamps {
    static func now() -> String { format(epochSeconds: Int(Date().timeIntervalSince1970.rounded(.down))) }

    /// `2017-07-10T17:30:00Z`.
    static func format(epochSeconds: Int) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86400 : (epochSeconds - 86399) / 86400
        let seconds = epochSeconds - days * 86400
        let (y, m, d) = civil(fromDays: days)
        // Hand-formatted: String(format:) is slow enough to show in bulk imports.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(48 + (value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(y, 4); bytes.append(45); digits(m, 2); bytes.append(45); digits(d, 2); bytes.append(84)
        digits(seconds / 3600, 2); bytes.append(58); digits(seconds / 60 % 60, 2); bytes.append(58); digits(seconds % 60, 2)
        bytes.append(90)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `2017-07-10T19:30[:00][.123][Z|+02:00]`, `2017-07-10 19:30`, `10-07-2017 19:30`, `10-7-2017 19.30`,
    /// `2017-07-10`, and EXIF's `2017:07:10 19:30:00`. Times without a zone are Dutch local time (Europe/Amsterdam).
    /// - Returns: ISO 8601 UTC text, or nil when the text is not a time.
    static func normalize(_ text: String) -> String? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: ClosedRange<Int>) -> Int? {
            var value = 0
            var count = 0
            while i < b.count, count < digits.upperBound, b[i] >= 48, b[i] <= 57 {
                value = value * 10 + Int(b[i] - 48)
                i += 1
                count += 1
            }
            return count >= digits.lowerBound ? value : nil
        }
        // An array, not a Set: a Set literal is built and hashed anew on every call (a tenth of a
        // bulk import's validation time), while a constant array literal is a static object.
        func skip(_ chars: [UInt8]) -> Bool {
            guard i < b.count, chars.contains(b[i]) else { return false }
            i += 1
            return true
        }
        while i < b.count, b[i] == 32 { i += 1 }
        guard let first = number(1...4), skip([45, 58, 47]) /* - : / */, let middle = number(1...2), skip([45, 58, 47]),
            let third = number(1...4)
        else { return nil }
        let (year, month, day) = first > 31 ? (first, middle, third) : (third, middle, first)
        guard (1900...2200).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        // 31 February is no date (it would roll over into March).
        guard civil(fromDays: days(fromCivil: year, month, day)) == (year, month, day) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var offsetSeconds: Int?
        if skip([84, 32]) /* T or space */ {
            guard let h = number(1...2), skip([58, 46]) /* : or the Dutch . */, let mi = number(2...2) else { return nil }
            hour = h
            minute = mi
            if skip([58]) {
                guard let s = number(2...2) else { return nil }
                second = s
                if skip([46, 44]) { _ = number(1...9) }  // fractions are dropped
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if skip([90, 122]) {  // Z
                offsetSeconds = 0
            } else if i < b.count, b[i] == 43 || b[i] == 45 {
                let sign = b[i] == 45 ? -1 : 1
                i += 1
                guard let oh = number(2...2) else { return nil }
                _ = skip([58])
                let om = number(2...2) ?? 0
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        while i < b.count, b[i] == 32 { i += 1 }
        guard i == b.count else { return nil }
        let local = days(fromCivil: year, month, day) * 86400 + hour * 3600 + minute * 60 + second
        let offset = offsetSeconds ?? amsterdamOffset(local)
        return format(epochSeconds: local - offset)
    }

    /// The stored UTC time as Dutch local time (Europe/Amsterdam): `20-09-2025 19:30` in Dutch,
    /// `2025-09-20 19:30` in English, with `:ss` when the seconds are not zero. The Dutch form is one
    /// that ``normalize(_:)`` reads back.
    /// - Returns: nil when `iso` is not a time.
    static func localText(_ iso: String, language: Language) -> String? {
        guard let utc = normalize(iso), let epoch = epochSeconds(utc) else { return nil }
        let local = epoch + amsterdam.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch)))
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let seconds = local - days * 86400
        let (y, m, d) = civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let date = language == .nl ? "\(two(d))-\(two(m))-\(y)" : "\(y)-\(two(m))-\(two(d))"
        let time = "\(two(seconds / 3600)):\(two(seconds / 60 % 60))" + (seconds % 60 == 0 ? "" : ":\(two(seconds % 60))")
        return "\(date) \(time)"
    }

    /// Seconds since 1970 of a `yyyy-MM-ddTHH:mm:ssZ` text as ``format(epochSeconds:)`` writes it.
    private static func epochSeconds(_ utc: String) -> Int? {
        let b = Array(utc.utf8)
        guard b.count == 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), let h = number(11..<13), let mi = number(14..<16),
            let s = number(17..<19)
        else { return nil }
        return days(fromCivil: y, m, d) * 86400 + h * 3600 + mi * 60 + s
    }

    /// As ``normalize(_:)``, and a time of day alone (`19:30`, `9.05`, `19:30:15`) on `day` (`yyyy-MM-dd`, the schouw's date).
    static func normalize(_ text: String, onDay day: String) -> String? {
        if let parsed = normalize(text) { return parsed }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.wholeMatch(of: /[0-9]{1,2}[:.][0-9]{2}(:[0-9]{2})?/) != nil else { return nil }
        return normalize("\(day) \(trimmed)")
    }

    static let amsterdam = TimeZone(identifier: "Europe/Amsterdam") ?? TimeZone(secondsFromGMT: 3600)!

    /// The offset of Dutch local time at a local wall-clock time (close enough around the DST switch).
    private static func amsterdamOffset(_ localEpoch: Int) -> Int {
        amsterdam.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(localEpoch - 3600)))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(fromCivil y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z: Int) -> (Int, Int, Int) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Stored times as people read them.
public enum LocalTime {
    /// A stored UTC time in Dutch local time (Europe/Amsterdam), `20-09-2025 19:30` (Dutch) or
    /// `2025-09-20 19:30` (English); a text that is no time comes back unchanged.
    public static func text(_ iso: String, language: Language) -> String {
        Timestamps.localText(iso, language: language) ?? iso
    }
}
