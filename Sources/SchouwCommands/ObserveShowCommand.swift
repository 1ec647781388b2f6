import ArgumentParser
import SchouwStore

/// `schouw observe show DB ID`: every field, photos and status history.
struct ObserveShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one observation with photos and history.")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: "Observation id (or its first characters).") var id: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        try report(output.lang) {
            let details = try database.open().details(id: id)
            let o = details.observation
            let fields: [(String, String?)] = [
                ("id", o.id), ("group", o.groupName), ("walker", o.walker), ("observed_at", o.observedAt), ("entered_at", o.enteredAt),
                ("category", o.category), ("subcategory", o.subcategory), ("level", o.level), ("text", o.text),
                ("lon,lat", "\(o.lon),\(o.lat)"), ("rd x,y", String(format: "%.2f,%.2f", o.rdX, o.rdY)),
                ("location_source", o.locationSource.rawValue), ("street", o.street), ("checkpoint", o.checkpoint.map(String.init)),
                ("buurt_code", o.buurtCode), ("status", o.status), ("owner", o.owner), ("removed", o.deletedAt),
            ]
            for (name, value) in fields { if let value { print("\(name): \(value)") } }
            for photo in details.photos { print("photo: \(photo.fileName) (\(photo.originalName))") }
            for change in details.history {
                print("status: \(change.changedAt) \(change.fromStatus ?? "-") → \(change.toStatus)" + (change.owner.map { " (\($0))" } ?? "") + (change.note.map { ": \($0)" } ?? ""))
            }
        }
    }
}
