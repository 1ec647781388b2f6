import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SchouwStore

// Generates a 100,000-row CSV in a temporary folder, imports it into a fresh schouw database three
// times through the CLI's code path (SchouwDatabase.importFile) and prints the median rate.

let rowCount = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

let csv = folder.appendingPathComponent("observations.csv")
try BenchData.csv(rows: rowCount).write(to: csv, options: .atomic)

let parseStart = Date()
let drafts = try ObservationFiles.read(from: csv).drafts
print(String(format: "(reading the CSV into %d drafts alone: %.3f s)", drafts.count, Date().timeIntervalSince(parseStart)))

var rates: [Double] = []
var cpuRates: [Double] = []
for run in 1...3 {
    let databaseURL = folder.appendingPathComponent("run\(run).schouw")
    let db = try SchouwDatabase.create(at: databaseURL, schouw: SchouwDefinition(name: "Bench", date: "2017-07-10"))
    let start = Date()
    let cpuStart = processCPUSeconds()
    let result = try db.importFile(csv)
    let seconds = Date().timeIntervalSince(start)
    let cpu = processCPUSeconds() - cpuStart
    precondition(result.report.insertedIDs.count == rowCount, "imported \(result.report.insertedIDs.count) of \(rowCount)")
    let rate = Double(rowCount) / seconds
    rates.append(rate)
    cpuRates.append(Double(rowCount) / cpu)
    print(String(format: "run %d: %d rows in %.3f s wall = %.0f rows/s (CPU %.3f s = %.0f rows/s)", run, rowCount, seconds, rate, cpu, Double(rowCount) / cpu))
}
let median = rates.sorted()[1]
print(String(format: "median: %.0f rows/s wall clock, %.0f rows/s by CPU time (goal: over 50,000)", median, cpuRates.sorted()[1]))

/// CPU seconds used by this process so far (all threads); unlike wall-clock time it does not count
/// time lost to other processes on a busy machine.
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
