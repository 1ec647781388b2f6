/// The language of user-facing output: Dutch by default, English on request (`--lang en`).
public enum Language: String, Sendable, CaseIterable, Codable {
    case nl
    case en

    /// Picks the text for this language.
    public func pick(_ dutch: String, _ english: String) -> String {
        self == .nl ? dutch : english
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
