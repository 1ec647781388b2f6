import ArgumentParser
import SchouwStore

/// `schouw observe add DB --category … --level … --text … (--at | --rd | --checkpoint | --street) [--photo …]`.
struct ObserveAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add one observation.",
        discussion: """
            Category, subcategory and level accept codes, Dutch/English labels ("zwerfvuil", "Litter") or words people use ("lantaarnpaal").
            Give the place with --at lon,lat, --rd x,y, --checkpoint N [--group G], --street NAME, or a --photo with GPS.
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: "Category (code or label), e.g. afval; a subcategory alone (zwerfvuil) also works.") var category: String
    @Option(help: "Subcategory, e.g. zwerfvuil.") var subcategory: String?
    @Option(help: "Quality level on the schouw's scale: A+, A, B, C, D (crow) or goed, slecht, plus (simple).") var level: String?
    @Option(help: "What was seen.") var text: String?
    @Option(help: "Who saw it.") var walker: String?
    @Option(help: "When it was seen, e.g. 2017-07-10T19:30 (Dutch local time unless a zone is given).") var time: String?
    @Option(help: "Follow-up owner: gemeente, woningcorporatie, bewoners, politie, anders.") var owner: String?
    @Flag(help: "Keep it even when it looks like a duplicate.") var allowDuplicate = false
    @OptionGroup var location: LocationOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            var draft = ObservationDraft()
            (draft.category, draft.subcategory, draft.level, draft.text) = (category, subcategory, level, text)
            (draft.walker, draft.observedAt, draft.owner) = (walker, time, owner)
            location.apply(to: &draft)
            let observation = try await database.withStore { try await $0.addObservation(draft, allowDuplicates: allowDuplicate) }
            let label = observation.shortID.map { "\($0) (\(observation.id))" } ?? observation.id
            print(output.lang.pick("Waarneming opgeslagen: \(label)", "Observation saved: \(label)"))
        }
    }
}
