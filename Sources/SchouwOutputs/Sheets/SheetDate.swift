import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// A calendar day, as printed on a route sheet: "zaterdag 20 september 2025".
public struct SheetDate: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A valid Gregorian date, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), year >= 1583, day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2025-09-20` (ISO 8601) or `20-09-2025` (Dutch order).
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-").map { Int($0) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else { return nil }
        if let date = a > 31 ? SheetDate(year: a, month: b, day: c) : SheetDate(year: c, month: b, day: a) {
            self = date
        } else {
            return nil
        }
    }

    /// Today in the local time zone.
    public static func today() -> SheetDate {
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return SheetDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? SheetDate(year: 2000, month: 1, day: 1)!
    }

    /// 0 is Sunday … 6 is Saturday (Sakamoto's method).
    var weekday: Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    }

    /// "zaterdag 20 september 2025" / "Saturday 20 September 2025".
    public func formatted(_ language: Language) -> String {
        let weekdays = language.pick("zondag maandag dinsdag woensdag donderdag vrijdag zaterdag",
            "Sunday Monday Tuesday Wednesday Thursday Friday Saturday").split(separator: " ")
        let months = language.pick(
            "januari februari maart april mei juni juli augustus september oktober november december",
            "January February March April May June July August September October November December").split(separator: " ")
        return "\(weekdays[weekday]) \(day) \(months[month - 1]) \(year)"
    }

    /// `2025-09-20`.
    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
