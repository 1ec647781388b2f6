import ArgumentParser
import SchouwStore

/// `schouw observe list DB [--group] [--category] [--status] [--buurt]`.
struct ObserveListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List observations.")

    @OptionGroup var database: DatabaseArgument
    @Option(help: "Only this group.") var group: String?
    @Option(help: "Only this category (code or label).") var category: String?
    @Option(help: "Only this status.") var status: String?
    @Option(help: "Only observations inside this buurt code.") var buurt: String?
    @Flag(help: "Include removed observations.") var includeRemoved = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let filter = ObservationFilter(group: group, category: category, status: status, buurtCode: buurt, includeRemoved: includeRemoved)
            let observations = try await database.withStore { try await $0.observations(filter) }
            for observation in observations { print(observation.listLine) }
            print(output.lang.pick("\(observations.count) waarneming(en)", "\(observations.count) observation(s)"))
        }
    }
}
