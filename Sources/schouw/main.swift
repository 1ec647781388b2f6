import SchouwCommands

/// Runs an async command through its async `run()` requirement; called on an existential, the
/// synchronous `run()` of `ParsableCommand` would be chosen instead.
func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
    try await command.run()
}

// Parse and run by hand: ArgumentParser's own async `main()` is not selected for a root command
// declared in another module on Linux, and would print an availability complaint instead.
do {
    var command = try SchouwCommand.parseAsRoot()
    if var asyncCommand = command as? AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    SchouwCommand.exit(withError: error)
}
