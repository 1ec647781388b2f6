import Foundation

extension Timestamps {
    /// Dutch local time (Europe/Amsterdam, summer time included) of a stored UTC time, as a spreadsheet
    /// reads it: `2025-09-20T17:30:00Z` → `2025-09-20 19:30:00`. The import reads the same text back
    /// as Dutch local time.
    /// - Returns: nil when `utc` is not a time.
    static func amsterdamLocal(_ utc: String) -> String? {
        guard let normalized = normalize(utc) else { return nil }
        let b = Array(normalized.utf8)
        func value(_ range: Range<Int>) -> Int { b[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let epoch =
            days(fromCivil: value(0..<4), value(5..<7), value(8..<10)) * 86400
            + value(11..<13) * 3600 + value(14..<16) * 60 + value(17..<19)
        let local = epoch + amsterdam.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch)))
        // format(epochSeconds:) writes `…T…Z`; the spreadsheet form has a space and no zone.
        var text = Array(format(epochSeconds: local))
        text[10] = " "
        return String(text.dropLast())
    }
}
