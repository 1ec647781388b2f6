import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore

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
            status and history, removed ones) with its photos. Without --schouw a PostgreSQL source's only schouw is \
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
                    "'\(copied.name)' gekopieerd naar \(copied.destination): \(copied.findings) bevinding(en), \(copied.photos) foto('s)",
                    "'\(copied.name)' copied to \(copied.destination): \(copied.findings) finding(s), \(copied.photos) photo(s)"))
            }
        }
    }
}
