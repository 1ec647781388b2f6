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

/// `schouw observe purge DB ID` or `--all-removed`: deletes removed observations for good, with their photos
/// (files beside a schouw file, bytes in PostgreSQL) that no other observation uses.
struct ObservePurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete removed observations for good, with their photos (cannot be undone).",
        discussion: "Only observations removed with `observe remove` can be purged; a photo goes when no other observation uses it.")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "A removed observation: its short id (A-12), its UUID or the UUID's first characters.") var id: String?
    @Flag(name: .customLong("all-removed"), help: "Purge every removed observation.") var allRemoved = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (id == nil) != !allRemoved else { throw ValidationError("give one observation id or --all-removed") }
    }

    func run() async throws {
        try await report(output.lang) {
            if let id {
                try await database.withStore { try await $0.purge(id: id) }
                print(output.lang.pick("Definitief verwijderd", "Purged"))
            } else {
                let count = try await database.withStore { try await $0.purgeRemoved() }
                print(output.lang.pick("\(count) verwijderde waarneming(en) definitief verwijderd", "\(count) removed observation(s) purged"))
            }
        }
    }
}
