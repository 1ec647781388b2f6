/// Failures of the analysis module, with messages a user can act on.
public enum AnalysisError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A parameter is out of range (e.g. a negative radius), with what was expected.
    case invalidParameter(String)
    /// The input has nothing to work on (no points, no areas), with what was looked at.
    case emptyInput(String)
    /// A field of an input record is missing or not usable, naming the record and field.
    case invalidField(String)

    public var description: String {
        switch self {
        case .invalidParameter(let message), .emptyInput(let message), .invalidField(let message): message
        }
    }
}
