import ArgumentParser

/// `schouw observe remove DB ID` and `restore`: soft delete and its undo.
struct ObserveRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove an observation (it is kept; `observe restore` brings it back).")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "Observation: its short id (A-12), its UUID or the UUID's first characters.") var id: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            try await database.withStore { try await $0.remove(id: id) }
            print(output.lang.pick("Verwijderd (herstel met `schouw observe restore`)", "Removed (undo with `schouw observe restore`)"))
        }
    }
}

struct ObserveRestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Bring back a removed observation.")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "Observation: its short id (A-12), its UUID or the UUID's first characters.") var id: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            try await database.withStore { try await $0.restore(id: id) }
            print(output.lang.pick("Hersteld", "Restored"))
        }
    }
}
