import SchouwCommands

/// Runs an async subcommand's `run() async` (on an existential the synchronous `run()`, which only
/// prints the help, would be chosen).
func runAsync<Command: AsyncParsableCommand>(_ command: Command) async throws {
    var command = command
    try await command.run()
}

// Parse and run by hand so that both plain and async subcommands run (ArgumentParser's own
// async entry point needs an availability annotation that Linux builds do not carry).
do {
    var command = try SchouwCommand.parseAsRoot()
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        try command.run()
    }
} catch {
    SchouwCommand.exit(withError: error)
}
