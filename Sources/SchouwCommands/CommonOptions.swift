import ArgumentParser
import SchouwGeometry
import SchouwCore
import SchouwFormats

extension Language: ExpressibleByArgument {}

/// Options every command that talks to people shares.
public struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Language of the output: nl (Dutch, default) or en (English).")
    public var lang: Language = .nl

    public init() {}
}

/// Exit codes shared by all commands: 0 success, 1 bad input (nothing changed), 3 internal failure, 64 usage error.
public enum SchouwExit {
    public static let badInput = ExitCode(1)
    public static let internalFailure = ExitCode(3)
}
