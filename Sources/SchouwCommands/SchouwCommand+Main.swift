import ArgumentParser
import Foundation

extension SchouwCommand {
    /// Parses the arguments and runs the chosen command, async or not.
    ///
    /// In top-level code `await SchouwCommand.main()` resolves to ArgumentParser's synchronous overload,
    /// which refuses an async root command; this dispatches the way its async entry point does.
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitStatus(for: error)
            if status == usageExitStatus {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(status)
            }
            exit(withError: error)
        }
    }

    /// Exit status 2 for wrong usage, as documented in `--help`.
    static let usageExitStatus: Int32 = 2

    /// The process exit status for an error: ArgumentParser's usage failures (EX_USAGE, 64) become 2;
    /// everything else keeps ArgumentParser's code (0 for help, 1 and 3 from the commands).
    static func exitStatus(for error: any Error) -> Int32 {
        let code = exitCode(for: error)
        return code == .validationFailure ? usageExitStatus : code.rawValue
    }
}
