import Foundation
import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwJobs
import SchouwStore

// Store benchmark, both backends in one run (scripts/bench_store.sh starts the PostgreSQL server):
//   bench-store BUURTEN_FILE [ROWS]
// For SQLite (a temporary file) and PostgreSQL (SCHOUW_TEST_POSTGRES_URL) it prints:
//   1. import of ROWS (default 100,000) findings spread over Lelystad, one transaction: rows/s;
//   2. concurrent writers: 8 `schouw-stress` processes × 200 adds, one transaction each: adds/s;
//   3. `group` of the ROWS findings per buurt: in Swift (read from the store + Grouping) and, for
//      PostgreSQL, in the database (PostGIS, `group --in-database`), with both counts compared.

let arguments = Array(CommandLine.arguments.dropFirst())
guard let buurtenPath = arguments.first else {
    StandardError.write("usage: bench-store BUURTEN_FILE [ROWS]  (PostgreSQL from SCHOUW_TEST_POSTGRES_URL)")
    exit(2)
}
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let postgres = ProcessInfo.processInfo.environment["SCHOUW_TEST_POSTGRES_URL"]
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-bench-store-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

/// Findings spread over Lelystad (a fixed seed: the same file every run).
func lelystadCSV(rows: Int) -> Data {
    var generator = SeededGenerator(seed: 2017)
    func next() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
    var out = "group,walker,category,level,text,lon,lat\n"
    let levels = ["A+", "A", "B", "C", "D"]
    for i in 0..<rows {
        out += "Groep \(i % 4 + 1),Loper \(i % 17),zwerfvuil,\(levels[i % 5]),\"Bevinding \(i)\","
        out += "\(String(format: "%.7f", 5.40 + 0.15 * next())),\(String(format: "%.7f", 52.48 + 0.08 * next()))\n"
    }
    return Data(out.utf8)
}

func seconds(_ body: () async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func fixed(_ value: Double, _ decimals: Int = 0) -> String { String(format: "%.\(decimals)f", value) }

let csv = folder.appendingPathComponent("lelystad.csv")
try lelystadCSV(rows: rows).write(to: csv)
let buurten = try BuurtSet.load(url: URL(fileURLWithPath: buurtenPath))
let stress = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("schouw-stress")

var backends: [(name: String, location: String)] = [("SQLite", folder.appendingPathComponent("bench.schouw").path)]
if let postgres { backends.append(("PostgreSQL", postgres)) } else {
    StandardError.write("bench-store: SCHOUW_TEST_POSTGRES_URL is not set; only SQLite (run scripts/bench_store.sh)")
}

print("Store benchmark: \(rows) findings over Lelystad, \(buurten.buurten.count) buurten (water left out)")
/// The figures of each backend, for the ratios at the end.
struct Figures {
    var importRate = 0.0, writersRate = 0.0, swiftGroup = 0.0, databaseGroup: Double?
}
var figures: [String: Figures] = [:]
for (name, location) in backends {
    let schouwName = "Bench \(UUID().uuidString.prefix(6))"
    // 1. Import
    let store = try await Stores.create(location, schouw: SchouwDefinition(name: schouwName, date: "2017-07-10"))
    var imported = 0
    let importTime = try await seconds { imported = try await store.importObservations(from: csv).report.insertedIDs.count }
    print("\(name): import \(imported) rows in \(fixed(importTime, 1)) s = \(fixed(Double(imported) / importTime)) rows/s")
    figures[name, default: Figures()].importRate = Double(imported) / importTime

    // 3. Group in Swift (read through the store, then Grouping) and in the database.
    var swiftCounts: [String: Int] = [:]
    var swiftOutside = 0
    var readTime = 0.0
    var observations: [Observation] = []
    readTime = try await seconds { observations = try await store.observations(ObservationFilter()) }
    let groupTime = try await seconds {
        let result = try Grouping.group(Finding.load(.observations(observations, name: name)), into: buurten, categories: nil)
        for area in result.areas where area.total > 0 { swiftCounts[area.buurt.code] = area.total }
        swiftOutside = result.outside
    }
    figures[name, default: Figures()].swiftGroup = readTime + groupTime
    print("\(name): group in Swift: read \(observations.count) in \(fixed(readTime, 2)) s + count in \(fixed(groupTime, 2)) s = \(fixed(readTime + groupTime, 2)) s")
    if let server = store as? PostgresStore {
        _ = try await server.server.loadBuurten(buurten)
        var databaseCounts: [String: Int] = [:]
        var databaseOutside = 0
        let databaseTime = try await seconds {
            let result = try await server.groupInDatabase()
            for area in result.areas where area.count > 0 { databaseCounts[area.code] = area.count }
            databaseOutside = result.outside
        }
        figures[name, default: Figures()].databaseGroup = databaseTime
        let same = databaseCounts == swiftCounts && databaseOutside == swiftOutside
        print("\(name): group in the database (PostGIS): \(fixed(databaseTime, 2)) s; counts \(same ? "identical to" : "DIFFERENT from") Swift's (\(databaseCounts.count) buurten, \(databaseOutside) outside)")
    }
    await store.close()

    // 2. Concurrent writers: a fresh schouw, 8 processes × 200 adds.
    let writersName = "Writers \(UUID().uuidString.prefix(6))"
    let writersLocation = name == "SQLite" ? folder.appendingPathComponent("writers.schouw").path : location
    await (try await Stores.create(writersLocation, schouw: SchouwDefinition(name: writersName, date: "2017-07-10"))).close()
    var failures = 0
    let writersTime = try await seconds {
        let processes = try (1...8).map { n -> Process in
            let process = Process()
            process.executableURL = stress
            process.arguments = ["add", writersLocation, "200", "Groep \(n)"]
            var environment = ProcessInfo.processInfo.environment
            environment["SCHOUW_STRESS_SCHOUW"] = writersName
            process.environment = environment
            try process.run()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            if process.terminationStatus != 0 { failures += 1 }
        }
    }
    let stored = try await Stores.open(writersLocation, schouw: writersName)
    let count = try await stored.observations(ObservationFilter()).count
    await stored.close()
    figures[name, default: Figures()].writersRate = Double(count) / writersTime
    print("\(name): 8 writers × 200 adds: \(count) of 1600 stored in \(fixed(writersTime, 1)) s = \(fixed(Double(count) / writersTime)) adds/s\(failures > 0 ? " (\(failures) process(es) failed)" : "")")
}

if let sqlite = figures["SQLite"], let postgres = figures["PostgreSQL"] {
    print("Ratios (PostgreSQL / SQLite): import \(fixed(postgres.importRate / sqlite.importRate, 2)), concurrent writers \(fixed(postgres.writersRate / sqlite.writersRate, 2)), group in Swift (time) \(fixed(postgres.swiftGroup / sqlite.swiftGroup, 2))")
    if let database = postgres.databaseGroup {
        print("Group in the database / in Swift on PostgreSQL (time): \(fixed(database / postgres.swiftGroup, 2)); against in Swift on SQLite: \(fixed(database / sqlite.swiftGroup, 2))")
    }
}
