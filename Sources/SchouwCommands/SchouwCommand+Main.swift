import ArgumentParser

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
            exit(withError: error)
        }
    }
}
