/// Escaping for XML and HTML text and attribute values (GPX, route sheets, web pages).
public enum Markup {
    /// The text with `&`, `<`, `>`, `"` and `'` replaced by references, safe in element text and in
    /// single- or double-quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Escaping for Markdown text, table cells included (route sheets, the buurt summary).
public enum Markdown {
    /// The text with every character that Markdown could read as markup (`\ ` * _ [ ] < > | #`)
    /// preceded by a backslash, so it shows as typed, also inside a table cell.
    public static func escape(_ text: String) -> String {
        text.reduce(into: "") { escaped, character in
            if special.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
    }

    private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"]
}
