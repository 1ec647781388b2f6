/// Levenshtein distance, for "did you mean …?" suggestions.
public enum EditDistance {
    /// The number of single-character insertions, deletions and substitutions between `a` and `b`.
    /// - Complexity: O(m·n) time, O(n) memory, for strings of m and n characters.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Up to `limit` candidates within a distance of about a third of the word (at least 2), nearest first.
    public static func suggestions(for word: String, among candidates: [String], limit: Int = 3) -> [String] {
        let lower = word.lowercased()
        let threshold = max(2, word.count / 3)
        var scored: [(candidate: String, distance: Int)] = []
        for candidate in candidates {
            let distance = between(candidate.lowercased(), lower)
            if distance <= threshold { scored.append((candidate, distance)) }
        }
        scored.sort { a, b in a.distance != b.distance ? a.distance < b.distance : a.candidate < b.candidate }
        return scored.prefix(limit).map(\.candidate)
    }
}
