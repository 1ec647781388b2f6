import Foundation
import GRDB

/// Short ids people can type: `A-12`, a group prefix and a number counted per prefix within the schouw.
///
/// The UUID stays the stable key (exports carry both); the short id is what lists, route-sheet talk and
/// the `observe` subcommands use. The prefix is:
/// - the group name's last word when it is one or two letters or digits ("Groep A" → `A`, "Groep 3" → `3`),
///   as the route sheet's checkpoint labels (`A-03`);
/// - otherwise, for a group of the stored plan, its number on the route sheets ("Groep Noord", the first
///   group → `1`), and for any other group its first letter or digit ("Noord" → `N`);
/// - `X` for a finding without a group (a phone's GPX, `observe add` without `--group`).
///
/// Numbers count per prefix, not per group name, so two groups that share a prefix still never share an
/// id. A number is never given twice, not even after its finding was removed; editing a finding's group
/// keeps its short id.
public enum ShortID {
    /// The prefix of findings without a group.
    public static let ungroupedPrefix = "X"

    /// The prefix for `group`; `planPosition` is the group's 0-based position in the stored plan.
    static func prefix(group: String?, planPosition: Int?) -> String {
        guard let group = group?.trimmingCharacters(in: .whitespacesAndNewlines), !group.isEmpty else { return ungroupedPrefix }
        if let last = group.split(whereSeparator: \.isWhitespace).last, last.count <= 2, last.allSatisfy(isPrefixCharacter) {
            return last.uppercased()
        }
        if let planPosition { return String(planPosition + 1) }
        let folded = group.folding(options: [.diacriticInsensitive], locale: nil)
        if let first = folded.first(where: isPrefixCharacter) { return String(first).uppercased() }
        return ungroupedPrefix
    }

    private static func isPrefixCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// The stored form of a typed short id: `a-12`, `A 12`, `A12` and `A-012` are `A-12`.
    /// - Returns: nil when the text is not a short id (a prefix of one or two letters or digits, an
    ///   optional dash or space, and a number from 1).
    public static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let prefix: Substring
        let number: Substring
        if let separator = trimmed.firstIndex(where: { $0 == "-" || $0 == " " }) {
            prefix = trimmed[..<separator]
            number = trimmed[trimmed.index(after: separator)...].drop { $0 == " " }
        } else {
            // Without a separator only a letter prefix is clear ("A12"; "312" could be 3-12 or 31-2).
            prefix = trimmed.prefix { $0.isASCII && $0.isLetter }
            number = trimmed.dropFirst(prefix.count)
        }
        guard (1...2).contains(prefix.count), prefix.allSatisfy(isPrefixCharacter), (1...9).contains(number.count),
            number.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(number), value >= 1
        else { return nil }
        return "\(prefix)-\(value)"
    }

    /// The prefix and number of a stored short id.
    static func parts(_ shortID: String) -> (prefix: String, number: Int)? {
        guard let dash = shortID.lastIndex(of: "-"), let number = Int(shortID[shortID.index(after: dash)...]) else { return nil }
        return (String(shortID[..<dash]), number)
    }
}

/// Hands out the next short id per prefix inside one write transaction.
///
/// Read from the database at the start of the transaction that inserts, so two processes writing at
/// once (each transaction takes SQLite's write lock first) never hand out the same id; the unique index
/// on `observation.short_id` would refuse it anyway.
struct ShortIDCounter {
    private var highest: [String: Int] = [:]
    /// Group name key → plan position.
    private let planPositions: [String: Int]
    /// Group name as given → prefix, so a bulk import works each name out once.
    private var prefixes: [String: String] = [:]

    /// - Complexity: O(n), where n is the number of stored findings (one read of their short ids).
    init(_ db: Database) throws {
        self.init(groups: try Row.fetchAll(db, sql: "SELECT name, position FROM groups").map { ($0[0], $0[1]) })
        let rows = try String.fetchCursor(db, sql: "SELECT short_id FROM observation WHERE short_id IS NOT NULL")
        while let shortID = try rows.next() { reserve(shortID) }
    }

    /// A counter for a plan's groups (name, position); reserve the stored short ids next.
    init(groups: [(name: String, position: Int)]) {
        var positions: [String: Int] = [:]
        for group in groups { positions[TaxonomyResolver.key(group.name)] = group.position }
        planPositions = positions
    }

    private mutating func note(_ parts: (prefix: String, number: Int)) {
        highest[parts.prefix] = max(highest[parts.prefix] ?? 0, parts.number)
    }

    /// Makes sure a given id (an import of an export) is never handed out again.
    mutating func reserve(_ shortID: String) {
        if let parts = ShortID.parts(shortID) { note(parts) }
    }

    /// The next short id for a finding of `group`.
    mutating func next(group: String?) -> String {
        let prefix: String
        if let cached = prefixes[group ?? ""] {
            prefix = cached
        } else {
            let position = group.flatMap { planPositions[TaxonomyResolver.key($0)] }
            prefix = ShortID.prefix(group: group, planPosition: position)
            prefixes[group ?? ""] = prefix
        }
        let number = (highest[prefix] ?? 0) + 1
        highest[prefix] = number
        return "\(prefix)-\(number)"
    }
}
