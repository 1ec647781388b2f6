import ArgumentParser

/// `schouw observe status DB ID NEW [--owner …] [--note …]`.
struct ObserveStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Set the follow-up status (open, gemeld, in_behandeling, afgehandeld, geannuleerd).")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "Observation: its short id (A-12), its UUID or the UUID's first characters.") var id: String
    @Argument(help: "New status.") var status: String
    @Option(help: "Follow-up owner: gemeente, woningcorporatie, bewoners, politie, anders.") var owner: String?
    @Option(help: "A note for the history.") var note: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let change = try await database.withStore { try await $0.setStatus(id: id, to: status, owner: owner, note: note) }
            print(output.lang.pick("Status: \(change.fromStatus ?? "-") → \(change.toStatus)", "Status: \(change.fromStatus ?? "-") → \(change.toStatus)"))
        }
    }
}
