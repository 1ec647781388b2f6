import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore
import SchouwFormats
import SchouwCore

/// `schouw list DATABASE`: the schouwen a store holds, with dates and counts.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the schouwen of a database (a PostgreSQL database holds many; a file one) with dates and counts.")

    @Argument(help: ArgumentHelp("A schouw file or a postgresql:// URL.", valueName: "database")) var database: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let l = output.lang
            let listings = try await Stores.list(database)
            for listing in listings {
                let removed = listing.removed > 0 ? l.pick(", \(listing.removed) verwijderd", ", \(listing.removed) removed") : ""
                print("\(listing.date)  \(listing.name)  " + l.pick(
                    "\(listing.findings) bevinding(en)\(removed), \(listing.groups) groep(en)",
                    "\(listing.findings) finding(s)\(removed), \(listing.groups) group(s)"))
            }
            print(l.pick("\(listings.count) schouw(en)", "\(listings.count) schouw(en)"))
        }
    }
}

/// `schouw copy SRC DST [--schouw NAME]`: SQLite ↔ PostgreSQL, photos included.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy schouwen between databases: a file into PostgreSQL, PostgreSQL into a new file, or between two.",
        discussion: """
            Copies the schouw (name, date, area, taxonomy, scale), its plan and every finding as stored (ids, short ids, \
            status and history, removed ones) with its photos, and every action with its history, links and "after" \
            photo. Without --schouw a PostgreSQL source's only schouw is \
            copied, or all of them into another PostgreSQL database. A file destination must not exist yet. Access \
            codes are not copied: issue new ones with `schouw codes`.
            """)

    @Argument(help: ArgumentHelp("The database to copy from (file or postgresql:// URL).", valueName: "source")) var source: String
    @Argument(help: ArgumentHelp("The database to copy to (a new file, or a postgresql:// URL).", valueName: "destination"))
    var destination: String
    @Option(help: ArgumentHelp("The schouw to copy, by name.", valueName: "NAME")) var schouw: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let l = output.lang
            for copied in try await CopyJob.run(from: source, to: destination, schouw: schouw) {
                print(l.pick(
                    "'\(copied.name)' gekopieerd naar \(copied.destination): \(copied.findings) bevinding(en), \(copied.photos) foto('s), "
                        + "\(copied.actions) actie(s)",
                    "'\(copied.name)' copied to \(copied.destination): \(copied.findings) finding(s), \(copied.photos) photo(s), "
                        + "\(copied.actions) action(s)"))
            }
        }
    }
}

/// `schouw areas load URL FILE`: the CBS buurten into a PostgreSQL database, for `group --in-database`.
struct AreasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "areas", abstract: "Buurten in a PostgreSQL database.", subcommands: [AreasLoadCommand.self])
}

struct AreasLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load CBS buurten (GeoJSON or GeoPackage) into the buurten table of a PostgreSQL database, replacing it.",
        discussion: """
            Read as `schouw group --areas` reads them (fields BU_CODE/buurtcode/statcode, any CRS PROJ knows); water \
            buurten are loaded and flagged. Stored in WGS84 and RD New, each with a GiST index.
            """)

    @Argument(help: ArgumentHelp("The postgresql:// URL.", valueName: "database")) var database: String
    @Argument(help: ArgumentHelp("CBS buurten: GeoJSON or GeoPackage.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("Keep only the buurten of this municipality, e.g. GM0995.", valueName: "CODE")) var gemeente: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            guard Stores.isServerURL(database) else {
                throw StoreError.badStoreURL(database, reason: "buurten are loaded into a PostgreSQL database only")
            }
            let set = try BuurtSet.load(url: URL(fileURLWithPath: file), gemeente: gemeente, includeWater: true)
            let server = try await PostgresServer.connect(try PostgresURL(database))
            let count: Int
            do {
                count = try await server.loadBuurten(set)
                await server.close()
            } catch {
                await server.close()
                throw error
            }
            for warning in set.warnings { StandardError.write(output.lang.pick("waarschuwing: \(warning)", "warning: \(warning)")) }
            print(output.lang.pick("\(count) buurt(en) geladen in \(database)", "\(count) buurt(en) loaded into \(database)"))
        }
    }
}
