extension CSV {
    /// The value as a cell that a spreadsheet shows as text instead of running it: a value that starts
    /// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (OWASP, "CSV Injection"), so
    /// `=HYPERLINK("…")`, `@SUM(A1:A9)`, `+cmd|' /C calc'!A0` and `-2+3` reach the organizer's
    /// spreadsheet as text. Values that already start with apostrophes before such a character get one
    /// more, so that ``parse(_:fileName:)`` (which removes exactly one) gives every value back as it was.
    ///
    /// Plain decimal numbers (`-0.5`, `-0,5`, `+12`, `-1.5e3`) are left alone. The writer is handed text,
    /// and the type of a cell is not known at every caller (the rejected rows repeat coordinates as the
    /// walker typed them, `buurten.csv` gets its counts as text), so numbers are recognised by their
    /// shape rather than by a flag: an optional sign, digits with at most one decimal point or comma and
    /// an optional exponent. Such a cell cannot hold a formula, a function call or a DDE payload (those
    /// need letters, operators after the first character, `(`, `|` or `!`); a spreadsheet reads it as a
    /// constant. Prefixing it would buy no safety and would turn a negative coordinate into text that
    /// no longer sorts or sums. Anything else after a sign, such as `-2+3`, is guarded.
    ///
    /// Stored data is never changed; only the written cell is.
    /// - Complexity: O(n) in the length of the value when it starts with one of those characters, O(1)
    ///   otherwise.
    public static func formulaGuarded(_ value: String) -> String {
        let utf8 = value.utf8
        guard let first = utf8.first, first == apostrophe || formulaStarts.contains(first) else { return value }
        guard let next = utf8.first(where: { $0 != apostrophe }), formulaStarts.contains(next) else { return value }
        if first != apostrophe, isPlainNumber(utf8) { return value }
        return "'" + value
    }

    /// How many bytes of a parsed field are the writer's guard: 1 when the field is one or more
    /// apostrophes followed by a character that starts a formula, else 0 (the inverse of
    /// ``formulaGuarded(_:)``).
    static func formulaGuardLength(_ field: [UInt8]) -> Int {
        guard field.first == apostrophe, let next = field.first(where: { $0 != apostrophe }), formulaStarts.contains(next) else {
            return 0
        }
        return 1
    }

    private static let apostrophe = UInt8(ascii: "'")

    /// `=`, `+`, `-`, `@`, tab and carriage return: what a spreadsheet may read as the start of a formula.
    private static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// Whether the bytes are a plain decimal number: `[+-]?(d+([.,]d*)?|[.,]d+)([eE][+-]?d+)?`.
    private static func isPlainNumber(_ utf8: String.UTF8View) -> Bool {
        var bytes = utf8.makeIterator()
        var b = bytes.next()
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if b == 0x2B || b == 0x2D { b = bytes.next() }
        var digits = 0
        while isDigit(b) {
            digits += 1
            b = bytes.next()
        }
        if b == 0x2E || b == 0x2C {
            b = bytes.next()
            while isDigit(b) {
                digits += 1
                b = bytes.next()
            }
        }
        guard digits > 0 else { return false }
        if b == 0x65 || b == 0x45 {
            b = bytes.next()
            if b == 0x2B || b == 0x2D { b = bytes.next() }
            guard isDigit(b) else { return false }
            while isDigit(b) { b = bytes.next() }
        }
        return b == nil
    }
}
