import Foundation
import SchouwCore
import SchouwStore

// A load generator for the multi-process tests: `schouw-stress add DB COUNT TAG [GROUP]` adds COUNT observations,
// each in its own transaction through the store interface (the code path of `schouw observe add`), so
// several processes running at once contend for the database the way walkers entering at once do.
// DB is a file or a postgresql:// URL (its only schouw, or SCHOUW_STRESS_SCHOUW).
// Starting the CLI 1,600 times would test process start-up more than the database. GROUP (default TAG)
// lets several processes add to one group, so they contend for the same short-id sequence.

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4 || arguments.count == 5, arguments[0] == "add", let count = Int(arguments[2]) else {
    StandardError.write("usage: schouw-stress add DB COUNT TAG [GROUP]")
    exit(2)
}
do {
    let store = try await Stores.open(arguments[1], schouw: ProcessInfo.processInfo.environment["SCHOUW_STRESS_SCHOUW"])
    for i in 0..<count {
        var draft = ObservationDraft()
        draft.category = "zwerfvuil"
        draft.level = "B"
        draft.text = "\(arguments[3]) #\(i)"
        draft.group = arguments.count == 5 ? arguments[4] : arguments[3]
        // Spread points over about 100 m so that no two are likely duplicates.
        draft.lon = String(5.7220 + Double(i % 20) * 0.0001)
        draft.lat = String(52.5185 + Double(i / 20) * 0.0001)
        _ = try await store.addObservation(draft)
    }
    await store.close()
} catch {
    let report = ErrorReport(error, language: .en)
    StandardError.write(report.message)
    exit(report.exitCode)
}
