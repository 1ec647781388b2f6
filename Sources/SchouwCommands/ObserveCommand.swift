import ArgumentParser

/// `schouw observe …`: enter and manage findings.
struct ObserveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observe",
        abstract: "Enter findings after the walk and follow them up.",
        subcommands: [
            ObserveAddCommand.self, ObserveTemplateCommand.self, ObserveImportCommand.self, ObserveListCommand.self,
            ObserveShowCommand.self, ObserveEditCommand.self, ObserveRemoveCommand.self, ObserveRestoreCommand.self,
            ObservePurgeCommand.self,
            ObserveStatusCommand.self,
        ])
}
