import ArgumentParser
import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

extension ParsableCommand {
    /// Runs a command body and ends every failure through the one mapping (``ErrorReport``): the message
    /// goes to stderr as "schouw plan: …" in `language`, and the command exits with the error's code
    /// (1 bad input, 3 internal failure). ArgumentParser's own errors pass through unchanged, so usage
    /// errors keep exit code 64.
    func report(_ language: Language, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw Self.ending(error, language)
        }
    }

    /// The `async` form of ``report(_:_:)-(_,()throws->Void)``.
    func report(_ language: Language, _ body: () async throws -> Void) async throws {
        Self.tellRetries(language)
        do {
            try await body()
        } catch {
            throw Self.ending(error, language)
        }
    }

    /// The `async` form of ``report(_:_:)-(_,()throws->Void)`` that hands back what `body` returns.
    func reporting<T>(_ language: Language, _ body: () async throws -> T) async throws -> T {
        Self.tellRetries(language)
        do {
            return try await body()
        } catch {
            throw Self.ending(error, language)
        }
    }

    /// A PostgreSQL store's retries after a lost connection are told on stderr, so a slow command
    /// explains itself (the outcome is told as usual).
    static func tellRetries(_ language: Language) {
        PostgresServer.retryNotice.withLock {
            $0 = { error, attempt, of in
                switch error {
                case .commitUnknown(let store, _):
                    StandardError.write(language.pick(
                        "schouw: de verbinding met \(store) viel weg tijdens het vastleggen; nagekeken wat is opgeslagen",
                        "schouw: the connection to \(store) was lost during the commit; checked what was stored"))
                case .serverUnavailable(let store, let reason):
                    StandardError.write(language.pick(
                        "schouw: verbinding met \(store) verloren (\(reason)); er was nog niets vastgelegd, opnieuw geprobeerd (\(attempt) van \(of))",
                        "schouw: connection to \(store) lost (\(reason)); nothing had been committed, trying again (\(attempt) of \(of))"))
                default:
                    break
                }
            }
        }
    }

    /// Tells `error` on stderr and returns the exit code to end with; ArgumentParser's errors unchanged.
    static func ending(_ error: any Error, _ language: Language) -> any Error {
        if error is ExitCode || error is ValidationError || error is CleanExit { return error }
        return ExitCode(tell(error, language))
    }

    /// Writes the message of `error` to stderr as "schouw plan: …" and returns its exit code.
    static func tell(_ error: any Error, _ language: Language) -> Int32 {
        let report = ErrorReport(error, language: language)
        StandardError.write("\(commandPath): \(report.message)")
        return report.exitCode
    }

    /// The words that run this command, e.g. "schouw observe add".
    static var commandPath: String {
        func path(from root: any ParsableCommand.Type) -> [String]? {
            let name = root.configuration.commandName ?? root._commandName
            if ObjectIdentifier(root) == ObjectIdentifier(Self.self) { return [name] }
            for sub in root.configuration.subcommands {
                if let rest = path(from: sub) { return [name] + rest }
            }
            return nil
        }
        return (path(from: SchouwCommand.self) ?? ["schouw", configuration.commandName ?? _commandName]).joined(separator: " ")
    }
}

/// The database argument every store command takes: a SQLite file, or a PostgreSQL URL with `--schouw`.
struct DatabaseArgument: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "The schouw database: a file made by `schouw init`, or a PostgreSQL URL such as postgresql://schouw@/schouw?host=/run/postgresql.",
        valueName: "database"))
    var database: String

    @Option(help: ArgumentHelp(
        "With a PostgreSQL URL: the schouw, by name (not needed when the database holds one).", valueName: "NAME"))
    var schouw: String?

    var url: URL { URL(fileURLWithPath: database) }

    /// The database as typed, with `--schouw NAME` when given, for commands to suggest (quoted where needed).
    var commandLine: [String] {
        func quoted(_ text: String) -> String {
            text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@=?&%+".contains($0) } ? text : "'\(text.replacingOccurrences(of: "'", with: "'\\''"))'"
        }
        return [quoted(database)] + (schouw.map { ["--schouw", quoted($0)] } ?? [])
    }

    /// Runs `body` with the store (file or server), closing a server's connections afterwards.
    func withStore<T>(_ body: (any ObservationStore) async throws -> T) async throws -> T {
        try await StoreAddress(database, schouw: schouw).with(body)
    }
}

/// Where an observation is: one of --at, --rd, --checkpoint, --street (or a photo's GPS position).
struct LocationOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("WGS84 position as lon,lat (e.g. 5.7239,52.5188; Dutch: \"5,7239;52,5188\").", valueName: "lon,lat"),
        transform: ValuePair.parser(example: "lon,lat such as 5.7239,52.5188"))
    var at: ValuePair?

    @Option(
        help: ArgumentHelp("RD New position in metres as x,y (e.g. 177724,503478).", valueName: "x,y"),
        transform: ValuePair.parser(example: "x,y such as 177724,503478"))
    var rd: ValuePair?

    @Option(help: "Checkpoint number on the route sheet (needs a saved plan).")
    var checkpoint: Int?

    @Option(help: "Group name, e.g. \"Groep A\" (needed with --checkpoint when several groups have that number).")
    var group: String?

    @Option(help: "Street name; the point is placed on that street's checkpoint.")
    var street: String?

    @Option(name: .customLong("photo"), help: "Photo file (repeatable); its EXIF GPS position is used when no other location is given.")
    var photos: [String] = []

    func validate() throws {
        let given = [at != nil, rd != nil, checkpoint != nil, street != nil].filter { $0 }.count
        if given > 1 { throw ValidationError("Give only one of --at, --rd, --checkpoint and --street.") }
    }

    /// Copies the location into a draft.
    func apply(to draft: inout ObservationDraft) {
        if let at { (draft.lon, draft.lat) = (at.first, at.second) }
        if let rd { (draft.rdX, draft.rdY) = (rd.first, rd.second) }
        draft.checkpoint = checkpoint.map(String.init)
        draft.street = street
        if let group { draft.group = group }
        draft.photos = photos.map { URL(fileURLWithPath: $0) }
    }
}

/// Two values as typed, e.g. "5.7239,52.5188", "5,7239;52,5188" or "5.7239 52.5188", split once when the
/// command line is parsed; the store reads the numbers (and names a bad one).
struct ValuePair: Hashable {
    var first: String
    var second: String

    /// Splits "a,b", "a;b" or "a b"; with Dutch decimal commas the pair must use ';' or a space.
    init?(_ text: String) {
        let parts: [Substring]
        if let separator = [";", " "].first(where: { text.contains($0) }) {
            parts = text.split(separator: Character(separator), omittingEmptySubsequences: true)
        } else {
            parts = text.split(separator: ",", omittingEmptySubsequences: false)
        }
        guard parts.count == 2 else { return nil }
        (first, second) = (String(parts[0]), String(parts[1]))
    }

    /// A transform for `@Option` whose error says what was expected.
    static func parser(example: String) -> @Sendable (String) throws -> ValuePair {
        { text in
            guard let pair = ValuePair(text) else { throw ValidationError("expected \(example)") }
            return pair
        }
    }
}

extension Observation {
    /// One line for lists: short id, group, category, level, status, street, text.
    var listLine: String {
        let shortID = self.shortID ?? String(id.prefix(8))
        let category = [category, subcategory].compactMap { $0 }.joined(separator: "/")
        var text = self.text.replacingOccurrences(of: "\n", with: " ")
        if text.count > 50 { text = String(text.prefix(49)) + "…" }
        return [shortID, groupName ?? "-", category, level ?? "-", status, street ?? "-", text].joined(separator: "  ")
    }
}
