import ArgumentParser
import SchouwStore

/// `schouw observe show DB ID`: every field, photos and status history.
struct ObserveShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one observation with photos and history (local time, Europe/Amsterdam).")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "Observation: its short id (A-12), its UUID or the UUID's first characters.") var id: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        try report(output.lang) {
            let db = try database.open()
            let details = try db.details(id: id)
            for (label, value) in details.fields(output.lang, taxonomy: try db.taxonomy()) { print("\(label): \(value)") }
        }
    }
}
