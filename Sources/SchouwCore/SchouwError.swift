/// How a failure ends a command: the class of an error decides the exit code.
public enum ExitClass: Int32, Sendable, CaseIterable {
    /// The input cannot be used (a file, a value, an option's value); nothing was changed.
    case badInput = 1
    /// A library (SQLite, GEOS, PROJ) or the system failed, or Schouw has a bug: not the user's doing.
    case internalFailure = 3
    /// The command line itself is wrong: unknown option, missing argument (EX_USAGE of sysexits.h).
    case usage = 64

    /// The process exit code.
    public var exitCode: Int32 { rawValue }
}

/// The error vocabulary every module shares: each module has one error enum conforming to this, so one
/// mapping (``ErrorReport``) can tell any failure to the user in Dutch or English and pick the exit code.
///
/// `description` is the English message, for logs and tests; users see ``message(_:)`` in their language.
public protocol SchouwError: Error, Sendable, CustomStringConvertible {
    /// Whether this is bad input, a usage error or an internal failure.
    var exitClass: ExitClass { get }
    /// The message a user can act on: the file (and line, field or JSON path where known) and what is wrong.
    func message(_ language: Language) -> String
}

extension SchouwError {
    public var description: String { message(.en) }
}
