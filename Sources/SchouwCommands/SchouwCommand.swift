@_exported import ArgumentParser

/// The `schouw` root command: plan a buurtschouw, collect its findings, hand them to GIS.
public struct SchouwCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "schouw",
        abstract: "Plan a buurtschouw walk, keep its findings and hand them to GIS staff.",
        discussion: """
            Lengths are metres on the WGS84 ellipsoid; planar work uses RD New (EPSG:28992).
            Run `schouw help SUBCOMMAND` for the options of one subcommand.

            Exit codes: 0 done; 1 bad input or failed validation (nothing was changed);
            3 internal failure (SQLite, GEOS or PROJ failed, or the disk is full);
            64 wrong usage (unknown option, missing argument, a value not in an option's list).
            Messages go to stderr, prefixed with the command, in Dutch; add --lang en for English.
            """,
        version: SchouwVersion.string,
        subcommands: [
            InfoCommand.self, InitCommand.self, PlanCommand.self, ObserveCommand.self, ActionCommand.self, ExportCommand.self, ReportCommand.self,
            GroupCommand.self, CompareCommand.self, HeatmapCommand.self, CodesCommand.self, ServeCommand.self, ListCommand.self, CopyCommand.self,
            AreasCommand.self,
        ])

    public init() {}
}

public enum SchouwVersion {
    public static let string = "0.1.0"
}
