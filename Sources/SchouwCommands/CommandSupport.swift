import ArgumentParser
import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

/// Runs a command body, printing store errors in the chosen language and mapping them to exit codes:
/// 1 for bad input (nothing changed), 3 for library or internal failures.
func runReporting(_ language: Language, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as StoreError {
        printError(error.message(language))
        throw error.isBadInput ? SchouwExit.badInput : SchouwExit.internalFailure
    } catch let error as ExitCode {
        throw error
    } catch {
        printError((language == .nl ? "interne fout: " : "internal failure: ") + "\(error)")
        throw SchouwExit.internalFailure
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The database argument every store command takes.
struct DatabaseArgument: ParsableArguments {
    @Argument(help: "The schouw database file (made by `schouw init`).")
    var database: String

    var url: URL { URL(fileURLWithPath: database) }

    func open() throws -> SchouwDatabase { try SchouwDatabase.open(at: url) }
}

/// Where an observation is: one of --at, --rd, --checkpoint, --street (or a photo's GPS position).
struct LocationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("WGS84 position as lon,lat (e.g. 5.7239,52.5188; Dutch: \"5,7239;52,5188\").", valueName: "lon,lat"))
    var at: String?

    @Option(help: ArgumentHelp("RD New position in metres as x,y (e.g. 177724,503478).", valueName: "x,y"))
    var rd: String?

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
        if let at, Self.split(at) == nil { throw ValidationError("--at expects lon,lat such as 5.7239,52.5188") }
        if let rd, Self.split(rd) == nil { throw ValidationError("--rd expects x,y such as 177724,503478") }
    }

    /// Splits "a,b", "a;b" or "a b"; with Dutch decimal commas the pair must use ';' or a space.
    static func split(_ text: String) -> (String, String)? {
        for separator in [";", " "] where text.contains(separator) {
            let parts = text.split(separator: Character(separator), omittingEmptySubsequences: true)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
    }

    /// Copies the location into a draft.
    func apply(to draft: inout ObservationDraft) {
        if let at, let (lon, lat) = Self.split(at) { (draft.lon, draft.lat) = (lon, lat) }
        if let rd, let (x, y) = Self.split(rd) { (draft.rdX, draft.rdY) = (x, y) }
        draft.checkpoint = checkpoint.map(String.init)
        draft.street = street
        if let group { draft.group = group }
        draft.photos = photos.map { URL(fileURLWithPath: $0) }
    }
}

extension Observation {
    /// One line for lists: short id, group, category, level, status, street, text.
    var listLine: String {
        let shortID = String(id.prefix(8))
        let category = [category, subcategory].compactMap { $0 }.joined(separator: "/")
        var text = self.text.replacingOccurrences(of: "\n", with: " ")
        if text.count > 50 { text = String(text.prefix(49)) + "…" }
        return [shortID, groupName ?? "-", category, level ?? "-", status, street ?? "-", text].joined(separator: "  ")
    }
}
