/// The language of user-facing output: Dutch by default, English on request (`--lang en`).
public enum Language: String, Sendable, CaseIterable, Codable {
    case nl
    case en

    /// Picks the text for this language.
    public func pick(_ dutch: String, _ english: String) -> String {
        self == .nl ? dutch : english
    }

    /// A number with a fixed number of decimals and this language's decimal mark: `7,7` in Dutch, `7.7`
    /// in English. No grouping of thousands, so the text reads back as a number in either language.
    /// - Parameters:
    ///   - places: the decimals written (rounded half away from zero by `String(format:)`).
    ///   - trimmingZeros: drop trailing zeros after the mark and the mark itself when nothing is left
    ///     (`8,0` → `8`, `0,50` → `0,5`).
    public func decimal(_ value: Double, places: Int, trimmingZeros: Bool = false) -> String {
        var text = String(format: "%.\(max(0, places))f", value)
        if trimmingZeros, text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        // A negative value that rounds to zero is written without its sign.
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return self == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}

/// A short text in both languages, for error payloads that are told later in the user's language.
public struct Phrase: Hashable, Sendable {
    public var nl: String
    public var en: String

    public init(_ nl: String, _ en: String) {
        self.nl = nl
        self.en = en
    }

    /// The same text in both languages (a name, a number, a library's own message).
    public init(verbatim text: String) {
        self.init(text, text)
    }

    public func text(_ language: Language) -> String {
        language.pick(nl, en)
    }
}

extension Phrase {
    /// An error's message in both languages, to carry it inside another error or a report; the
    /// description of an error that is no ``SchouwError``.
    public init(_ error: any Error) {
        if let error = error as? any SchouwError {
            self.init(error.message(.nl), error.message(.en))
        } else {
            self.init(verbatim: String(describing: error))
        }
    }
}
