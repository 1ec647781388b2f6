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
