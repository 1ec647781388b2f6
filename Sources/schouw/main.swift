import SchouwCommands

// Parse and run by hand so that both plain and async subcommands run (ArgumentParser's own
// async entry point needs an availability annotation that Linux builds do not carry).
do {
    var command = try SchouwCommand.parseAsRoot()
    if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
    } else {
        try command.run()
    }
} catch {
    SchouwCommand.exit(withError: error)
}
