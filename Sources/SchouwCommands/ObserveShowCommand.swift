import ArgumentParser
import SchouwStore

/// `schouw observe show DB ID`: every field, photos and status history.
struct ObserveShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one observation with photos and history (local time, Europe/Amsterdam).")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "Observation: its short id (A-12), its UUID or the UUID's first characters.") var id: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let (details, taxonomy) = try await database.withStore { store in (try await store.details(id: id), try await store.taxonomy()) }
            for (label, value) in details.fields(output.lang, taxonomy: taxonomy) { print("\(label): \(value)") }
        }
    }
}
