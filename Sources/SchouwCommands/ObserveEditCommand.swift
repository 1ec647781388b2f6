import ArgumentParser
import SchouwStore

/// `schouw observe edit DB ID [--category …] [--text …] [--at …]`: change fields of one observation.
struct ObserveEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change fields of an observation (status: use `observe status`).")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "Observation: its short id (A-12), its UUID or the UUID's first characters.") var id: String
    @Option(help: "New category.") var category: String?
    @Option(help: "New subcategory.") var subcategory: String?
    @Option(help: "New level.") var level: String?
    @Option(help: "New text.") var text: String?
    @Option(help: "New walker.") var walker: String?
    @Option(help: "New time.") var time: String?
    @Option(help: "New follow-up owner.") var owner: String?
    @OptionGroup var location: LocationOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            var changes = ObservationDraft()
            (changes.category, changes.subcategory, changes.level, changes.text) = (category, subcategory, level, text)
            (changes.walker, changes.observedAt, changes.owner) = (walker, time, owner)
            location.apply(to: &changes)
            let observation = try await database.withStore { try await $0.edit(id: id, changes: changes) }
            let label = observation.shortID.map { "\($0) (\(observation.id))" } ?? observation.id
            print(output.lang.pick("Waarneming gewijzigd: \(label)", "Observation changed: \(label)"))
        }
    }
}
