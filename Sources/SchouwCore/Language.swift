/// The language of user-facing output: Dutch by default, English on request (`--lang en`).
public enum Language: String, Sendable, CaseIterable, Codable {
    case nl
    case en

    /// Picks the text for this language.
    public func pick(_ dutch: String, _ english: String) -> String {
        self == .nl ? dutch : english
    }
}
