import Foundation
import SchouwCore
import SchouwStore

// A load generator for the multi-process tests: `schouw-stress add DB COUNT TAG` adds COUNT observations,
// each in its own transaction through `SchouwDatabase.add` (the code path of `schouw observe add`), so
// several processes running at once contend for the database file the way walkers entering at once do.
// Starting the CLI 1,600 times would test process start-up more than the database. GROUP (default TAG)
// lets several processes add to one group, so they contend for the same short-id sequence.

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4 || arguments.count == 5, arguments[0] == "add", let count = Int(arguments[2]) else {
    StandardError.write("usage: schouw-stress add DB COUNT TAG [GROUP]")
    exit(2)
}
do {
    let db = try SchouwDatabase.open(at: URL(fileURLWithPath: arguments[1]))
    for i in 0..<count {
        var draft = ObservationDraft()
        draft.category = "zwerfvuil"
        draft.level = "B"
        draft.text = "\(arguments[3]) #\(i)"
        draft.group = arguments.count == 5 ? arguments[4] : arguments[3]
        // Spread points over about 100 m so that no two are likely duplicates.
        draft.lon = String(5.7220 + Double(i % 20) * 0.0001)
        draft.lat = String(52.5185 + Double(i / 20) * 0.0001)
        try db.add(draft)
    }
} catch {
    let report = ErrorReport(error, language: .en)
    StandardError.write(report.message)
    exit(report.exitCode)
}
