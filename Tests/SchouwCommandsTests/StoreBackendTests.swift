import Foundation
import PostgresNIO
import SchouwCore
import SchouwGeometry
@testable import SchouwStore
import SchouwTestSupport
import Testing

/// The two stores behind ``ObservationStore``.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql

    /// SQLite always; PostgreSQL when the test script started a server (SCHOUW_TEST_POSTGRES_URL).
    static var available: [Backend] { TestPostgres.url == nil ? [.sqlite] : [.sqlite, .postgresql] }

    var testDescription: String { rawValue }
}

/// A new schouw of its own on one backend: a file in a temporary folder, or a uniquely named schouw in
/// the test server's database.
struct TestSchouw {
    let backend: Backend
    /// The file path or the URL.
    let location: String
    let name: String
    let folder: URL

    /// What the CLI takes to name this schouw: the path, or the URL and `--schouw NAME`.
    var cli: [String] { backend == .postgresql ? [location, "--schouw", name] : [location] }

    static let center = Coordinate(longitude: 5.7220, latitude: 52.5185)

    static func offset(east: Double, north: Double) throws -> Coordinate {
        let c = try CoordinateTransforms.toRD(center)
        return try CoordinateTransforms.fromRD(Coordinate(x: c.x + east, y: c.y + north))
    }

    /// A 600 m square around the centre (RD New), buurt BU03039901.
    static func area() throws -> SchouwArea {
        let c = try CoordinateTransforms.toRD(center)
        let ring = [
            Coordinate(x: c.x - 300, y: c.y - 300), Coordinate(x: c.x + 300, y: c.y - 300), Coordinate(x: c.x + 300, y: c.y + 300),
            Coordinate(x: c.x - 300, y: c.y + 300), Coordinate(x: c.x - 300, y: c.y - 300),
        ]
        return SchouwArea(code: "BU03039901", name: "Kruidentuin-Noord", polygonRD: .polygon(Polygon([ring])))
    }

    /// Two groups: Groep A with checkpoints 1 (Lavendelpad) and 2 (Kruidenplein, 100 m east), Groep B with 1 (Tijmlaan).
    static func plan() throws -> [PlanGroup] {
        [
            PlanGroup(
                name: "Groep A", line: [center, try offset(east: 100, north: 0)], lengthMeters: 100, minutes: 5,
                checkpoints: [
                    PlanCheckpoint(number: 1, street: "Lavendelpad", coordinate: center),
                    PlanCheckpoint(number: 2, street: "Kruidenplein", coordinate: try offset(east: 100, north: 0)),
                ]),
            PlanGroup(
                name: "Groep B", line: [center, try offset(east: 0, north: 100)], lengthMeters: 100, minutes: 5,
                checkpoints: [PlanCheckpoint(number: 1, street: "Tijmlaan", coordinate: try offset(east: 0, north: 100))]),
        ]
    }

    static func make(_ backend: Backend, area withArea: Bool = false, plan withPlan: Bool = false) async throws -> TestSchouw {
        let folder = try TestPaths.temporaryDirectory()
        let name = TestPostgres.uniqueName("Test")
        let location: String
        switch backend {
        case .sqlite: location = folder.appendingPathComponent("test.schouw").path
        case .postgresql: location = try #require(TestPostgres.url)
        }
        let store = try await Stores.create(
            location, schouw: SchouwDefinition(name: name, date: "2025-09-20", area: withArea ? try area() : nil))
        if withPlan { try await store.savePlan(try plan(), streets: []) }
        await store.close()
        return TestSchouw(backend: backend, location: location, name: name, folder: folder)
    }

    func open() async throws -> any ObservationStore {
        try await Stores.open(location, schouw: backend == .postgresql ? name : nil)
    }

    /// Runs `body` with the open store and closes it.
    func with<T>(_ body: (any ObservationStore) async throws -> T) async throws -> T {
        try await StoreAddress(location, schouw: backend == .postgresql ? name : nil).with(body)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func file(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}

/// Runs blocking work (child processes and their waits) on a thread of its own, so that the async tests
/// never hold one of the few threads of Swift's cooperative pool while a process runs.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// `schouw ARGUMENTS`, off the cooperative pool.
func cli(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessOutput {
    try await offPool { try BuiltProducts.run("schouw", arguments, environment: environment) }
}

func draft(_ category: String = "zwerfvuil", text: String, at point: Coordinate = TestSchouw.center, group: String? = nil) -> ObservationDraft {
    var d = ObservationDraft()
    d.category = category
    d.level = "B"
    d.text = text
    d.group = group
    d.lon = String(point.longitude)
    d.lat = String(point.latitude)
    return d
}

/// The store suite, run against SQLite and against the real PostgreSQL + PostGIS server the test script
/// starts: the same calls must give the same answers, and the same guarantees must hold.
@Suite(.serialized, .timeLimit(.minutes(3))) struct StoreBackendTests {
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func postgresServerIsThere() async throws {
        // The PostgreSQL half runs: the server answers and has PostGIS.
        let server = try await PostgresServer.connect(try PostgresURL(try #require(TestPostgres.url)))
        let version = try await server.reading { connection in
            try await connection.query("SELECT postgis_version()", logger: PostgresServer.logger).collect(String.self)
        }
        await server.close()
        #expect(version.first?.hasPrefix("3.") == true, "\(version)")
    }

    @Test(arguments: Backend.available)
    func findingsRoundTrip(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend, area: true, plan: true)
        defer { schouw.remove() }
        try await schouw.with { store in
            // A finding at checkpoint 2 of Groep A takes that checkpoint's street, the area's buurt and A-1.
            var atCheckpoint = ObservationDraft()
            (atCheckpoint.category, atCheckpoint.level, atCheckpoint.text) = ("zwerfvuil", "C", "Blikjes bij de bank")
            (atCheckpoint.checkpoint, atCheckpoint.group) = ("2", "Groep A")
            let first = try await store.addObservation(atCheckpoint)
            #expect(first.shortID == "A-1")
            #expect(first.street == "Kruidenplein")
            #expect(first.buurtCode == "BU03039901")
            #expect(first.category == "afval" && first.subcategory == "zwerfvuil")
            // 1 km east is outside the 600 m square: refused, nothing stored.
            await #expect(throws: StoreError.self) {
                _ = try await store.addObservation(draft(text: "Ver weg", at: try TestSchouw.offset(east: 1000, north: 0)))
            }
            let second = try await store.addObservation(draft("lantaarnpaal", text: "Lamp kapot", group: "Groep B"))
            #expect(second.shortID == "B-1")
            // (Both entered in the same second without a time observed: their order is by random id.)
            #expect(try await store.observations(ObservationFilter()).compactMap(\.shortID).sorted() == ["A-1", "B-1"])
            #expect(try await store.observations(ObservationFilter(group: "groep b")).map(\.text) == ["Lamp kapot"])
            #expect(try await store.observations(ObservationFilter(category: "verlichting")).count == 1)
            // Edit keeps the short id; status changes are history.
            var changes = ObservationDraft()
            changes.text = "Blikjes en flessen"
            let edited = try await store.edit(id: "a-1", changes: changes)
            #expect(edited.shortID == "A-1" && edited.text == "Blikjes en flessen")
            let change = try await store.setStatus(id: "A-1", to: "afgehandeld", owner: "gemeente", note: "opgeruimd")
            #expect(change.fromStatus == "open" && change.toStatus == "afgehandeld")
            let details = try await store.details(id: String(first.id.prefix(8)))
            #expect(details.observation.text == "Blikjes en flessen")
            #expect(details.history.map(\.toStatus) == ["open", "afgehandeld"])
            #expect(details.history.last?.note == "opgeruimd")
            // Remove hides, restore brings back.
            try await store.remove(id: "B-1")
            #expect(try await store.observations(ObservationFilter()).count == 1)
            #expect(try await store.observations(ObservationFilter(includeRemoved: true)).count == 2)
            try await store.restore(id: "B-1")
            let summary = try await store.summary()
            #expect(summary.findings == 2 && summary.removed == 0)
            #expect(summary.groups.map(\.name) == ["Groep A", "Groep B"] && summary.groups.map(\.findings) == [1, 1])
            #expect(summary.byStatus.map(\.status) == ["afgehandeld", "open"])
            // The plan comes back as saved.
            let plan = try await store.plan()
            #expect(plan.map(\.name) == ["Groep A", "Groep B"])
            #expect(plan[0].checkpoints.map(\.street) == ["Lavendelpad", "Kruidenplein"])
            await #expect(throws: StoreError.self) { _ = try await store.details(id: "Z-9") }
        }
    }

    @Test(arguments: Backend.available)
    func importIsAllOrNothing(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        let bad = try schouw.file(
            "slecht.csv",
            """
            group,category,level,text,lon,lat
            Groep A,zwerfvuil,B,Blikjes,5.7220,52.5185
            Groep A,zwerfvul_typo_xyz,B,Fout,5.7221,52.5185
            Groep B,grofvuil,C,Bank,5.7222,52.5185

            """)
        try await schouw.with { store in
            // One bad row: nothing stored, the bad row named.
            do {
                _ = try await store.importObservations(from: bad)
                Issue.record("the import with a bad row succeeded")
            } catch StoreError.invalidInput(let issues) {
                #expect(issues.count == 1 && issues[0].line == 3 && issues[0].field == "category")
            }
            #expect(try await store.observations(ObservationFilter()).isEmpty)
            // With --skip-invalid the two good rows go in, the bad one to the rejected file.
            let report = try await store.importObservations(from: bad, options: IngestOptions(skipInvalid: true))
            #expect(report.report.insertedIDs.count == 2 && report.report.rejected.count == 1)
            #expect(report.rejectedFile.map { FileManager.default.fileExists(atPath: $0.path) } == true)
            #expect(try await store.observations(ObservationFilter()).compactMap(\.shortID).sorted() == ["A-1", "B-1"])
            // The same rows again are duplicates (same category and text within 10 m): skipped.
            let again = try await store.importObservations(from: bad, options: IngestOptions(skipInvalid: true))
            #expect(again.report.insertedIDs.isEmpty && again.report.duplicates.count == 2)
            #expect(try await store.observations(ObservationFilter()).count == 2)
        }
    }

    @Test(arguments: Backend.available)
    func accessCodesLetTheRightRoleIn(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend, plan: true)
        defer { schouw.remove() }
        var store = try await schouw.open()
        if var db = store as? SchouwDatabase { db.accessCodeIterations = 1_000; store = db }
        if var pg = store as? PostgresStore { pg.accessCodeIterations = 1_000; store = pg }
        let issued = try await store.issueAccessCodes(reset: false)
        #expect(issued.map(\.role) == [.organizer, .group("Groep A"), .group("Groep B")])
        let groupB = try #require(issued.first { $0.role == .group("Groep B") }).code
        #expect(try await store.role(forAccessCode: groupB.lowercased()) == .group("Groep B"))
        #expect(try await store.role(forAccessCode: "ABCDE-FGHJK") == nil)
        #expect(try await store.issueAccessCodes(reset: false).isEmpty)
        #expect(try await store.accessCodeRoles().map(\.role) == [.organizer, .group("Groep A"), .group("Groep B")])
        let renewed = try await store.issueAccessCodes(reset: true)
        #expect(renewed.count == 3)
        #expect(try await store.role(forAccessCode: groupB) == nil)
        await store.close()
    }

    @Test(arguments: Backend.available)
    func photosAreKeptWithTheirBytes(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        let jpeg = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220)
        let photo = schouw.folder.appendingPathComponent("IMG_0001.JPG")
        try jpeg.write(to: photo)
        try await schouw.with { store in
            var d = ObservationDraft()
            (d.category, d.level, d.text, d.photos) = ("zwerfvuil", "B", "Met foto", [photo])
            let observation = try await store.addObservation(d)
            // Placed at the photo's GPS position; the photo named by its SHA-256, its bytes kept.
            #expect(abs(observation.lon - 5.7220) < 0.0001 && abs(observation.lat - 52.5185) < 0.0001)
            let names = try await store.photoNames()[observation.id] ?? []
            #expect(names.count == 1 && names[0].hasPrefix("photos/") && names[0].hasSuffix(".jpg") && names[0].count == 7 + 64 + 4)
            #expect(try await store.photoData(named: names[0]) == jpeg)
            await #expect(throws: StoreError.self) { _ = try await store.photoData(named: "photos/../../etc/passwd") }
        }
    }

    @Test(arguments: Backend.available)
    func eightProcessesAddingAtOnceLoseNothing(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        // 8 processes × 200 findings, one transaction each, at the same time ("Groep 3" numbers 3-1 … 3-200).
        let environment = backend == .postgresql ? ["SCHOUW_STRESS_SCHOUW": schouw.name] : [:]
        let location = schouw.location
        let errors: [String] = try await offPool {
            let processes = try (1...8).map {
                try BuiltProducts.start("schouw-stress", ["add", location, "200", "Groep \($0)"], environment: environment)
            }
            var errors: [String] = []
            for process in processes {
                let result = try process.wait()
                if result.status != 0 { errors.append(result.stderr) }
            }
            return errors
        }
        #expect(errors.isEmpty, "\(errors)")
        try await schouw.with { store in
            let all = try await store.observations(ObservationFilter())
            #expect(all.count == 1600)
            #expect(Set(all.compactMap(\.shortID)).count == 1600)
            #expect(try await store.observations(ObservationFilter(group: "Groep 5")).count == 200)
            #expect(Set(all.filter { $0.groupName == "Groep 3" }.compactMap(\.shortID)) == Set((1...200).map { "3-\($0)" }))
        }
    }

    @Test(arguments: Backend.available)
    func killedImportLeavesNothingHalfWritten(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend)
        defer { schouw.remove() }
        let csv = schouw.folder.appendingPathComponent("groot.csv")
        try BenchData.csv(rows: 20_000).write(to: csv)
        // Killed with SIGKILL after every row was written and before the commit (the store's test hook).
        let arguments = ["observe", "import"] + schouw.cli + [csv.path]
        let (reachedCommit, soFar, result) = try await offPool {
            let child = try BuiltProducts.start("schouw", arguments, environment: [TestHooks.holdBeforeCommitVariable: "600"])
            let reached = child.waitForStandardError(containing: TestHooks.holdingMessage)
            let soFar = child.standardErrorSoFar
            child.send(SIGKILL)
            return (reached, soFar, try child.wait())
        }
        #expect(reachedCommit, "the import did not reach its commit: \(soFar)")
        #expect(result.endedBySignal && result.status == SIGKILL)
        // None of the rows is there, and the next import (which takes the same lock) works at once.
        let left = try await schouw.with { try await $0.observations(ObservationFilter(includeRemoved: true)) }
        #expect(left.isEmpty)
        let small = schouw.folder.appendingPathComponent("klein.csv")
        try BenchData.csv(rows: 500).write(to: small)
        let again = try await cli(["observe", "import"] + schouw.cli + [small.path])
        #expect(again.status == 0, "\(again.stderr)")
        let stored = try await schouw.with { try await $0.observations(ObservationFilter()) }
        #expect(stored.count == 500)
    }

    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func unreachableServerIsAClearErrorAtOnce() async throws {
        let schouw = try await TestSchouw.make(.postgresql)
        // (A connection killed inside a transaction with pg_terminate_backend is left out: the pooled client
        // then sometimes never returned, hanging the run. See the report of issue 15.)
        // A server that is not there: the same error at once, naming the URL.
        let started = ContinuousClock.now
        do {
            _ = try await Stores.open("postgresql://schouw@/schouw?host=\(schouw.folder.path)/geen-server")
            Issue.record("opened a store without a server")
        } catch let error as StoreError {
            guard case .serverUnavailable(let where_, _) = error else { Issue.record("\(error)"); return }
            #expect(where_.contains("geen-server"))
            #expect(error.exitClass == .internalFailure)
            #expect(error.message(.en).contains("nothing uncommitted was stored"))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        // And the CLI says so with exit code 3.
        let down = try await cli(["observe", "list", "postgresql://schouw@/schouw?host=\(schouw.folder.path)/geen-server"])
        #expect(down.status == 3 && down.stderr.contains("niet bereikbaar"), "\(down.stderr)")
        schouw.remove()
    }

    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func copyMovesASchouwToPostgresAndBackWithPhotos() async throws {
        let url = try #require(TestPostgres.url)
        let source = try await TestSchouw.make(.sqlite, area: true, plan: true)
        defer { source.remove() }
        let jpeg = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7221)
        let photo = source.folder.appendingPathComponent("foto.jpg")
        try jpeg.write(to: photo)
        let ids = try await source.with { store in
            var d = ObservationDraft()
            (d.category, d.level, d.text, d.photos, d.group) = ("zwerfvuil", "B", "Met foto", [photo], "Groep A")
            let a = try await store.addObservation(d)
            let b = try await store.addObservation(draft("grofvuil", text: "Bank", at: try TestSchouw.offset(east: 50, north: 0), group: "Groep B"))
            _ = try await store.setStatus(id: b.id, to: "gemeld", owner: nil, note: nil)
            try await store.remove(id: b.id)
            return [a.id, b.id]
        }
        // File → PostgreSQL → new file, through the CLI.
        let name = try await source.with { try await $0.schouw().name }
        let toServer = try await cli(["copy", source.location, url])
        #expect(toServer.status == 0, "\(toServer.stderr)")
        #expect(toServer.stdout.contains("2 bevinding(en), 1 foto('s)"), "\(toServer.stdout)")
        let back = source.folder.appendingPathComponent("terug.schouw").path
        let toFile = try await cli(["copy", url, back, "--schouw", name])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        let copied = try SchouwDatabase.open(at: URL(fileURLWithPath: back))
        let all = try copied.observations(ObservationFilter(includeRemoved: true))
        #expect(all.map(\.id).sorted() == ids.sorted())
        #expect(all.compactMap(\.shortID).sorted() == ["A-1", "B-1"])
        let removed = try #require(all.first { $0.id == ids[1] })
        #expect(removed.deletedAt != nil && removed.status == "gemeld")
        #expect(try copied.details(id: ids[1]).history.map(\.toStatus) == ["open", "gemeld"])
        let names = try copied.photoNames()[ids[0]] ?? []
        #expect(names.count == 1)
        #expect(try Data(contentsOf: source.folder.appendingPathComponent(names[0])) == jpeg)
        #expect(try copied.plan().map(\.name) == ["Groep A", "Groep B"])
        #expect(try copied.schouw().areaCode == "BU03039901")
        // Copying into the server again refuses the schouw name it already has.
        let twice = try await cli(["copy", source.location, url])
        #expect(twice.status == 1 && twice.stderr.contains(name), "\(twice.stderr)")
    }

    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func listShowsTheSchouwenOfTheDatabase() async throws {
        let url = try #require(TestPostgres.url)
        let first = try await TestSchouw.make(.postgresql)
        let second = try await TestSchouw.make(.postgresql)
        defer { first.remove(); second.remove() }
        let added = try await cli(
            ["observe", "add"] + first.cli + ["--category", "zwerfvuil", "--level", "B", "--text", "Blik", "--at", "5.7220,52.5185"])
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try await cli(["list", url])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("2025-09-20  \(first.name)  1 bevinding(en), 0 groep(en)"), "\(listed.stdout)")
        // Without --schouw a database of several schouwen asks which one, naming them.
        let ambiguous = try await cli(["observe", "list", url])
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("--schouw") && ambiguous.stderr.contains(first.name), "\(ambiguous.stderr)")
        let unknown = try await cli(["observe", "list", url, "--schouw", "Bestaat Niet"])
        #expect(unknown.status == 1 && unknown.stderr.contains("Bestaat Niet"), "\(unknown.stderr)")
    }
}

/// `schouw areas load` and `group --in-database` against the real Lelystad buurten: PostGIS counts as Swift does
/// (in the serialized suite: it replaces the database's buurten).
extension StoreBackendTests {
    @Test(
        .enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage),
        .sharedData("lelystad_buurten_2017_wgs84.geojson"))
    func groupInTheDatabaseCountsAsSwiftDoes() async throws {
        let url = try #require(TestPostgres.url)
        let buurten = TestPaths.shared("lelystad_buurten_2017_wgs84.geojson").path
        let load = try await cli(["areas", "load", url, buurten])
        #expect(load.status == 0 && load.stdout.contains("141 buurt(en)"), "\(load.stderr)")
        // 3,000 findings spread over Lelystad; some lie in the lake or beyond the municipality, outside every buurt
        // kept (the water buurt is left out by both, as by default).
        let schouw = try await TestSchouw.make(.postgresql)
        defer { schouw.remove() }
        var generator = SeededGenerator(seed: 15)
        func next() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var csv = "group,category,level,text,lon,lat\n"
        for i in 0..<3_000 {
            csv += "Groep \(i % 3 + 1),zwerfvuil,B,Bevinding \(i),\(String(format: "%.7f", 5.40 + 0.15 * next())),\(String(format: "%.7f", 52.48 + 0.08 * next()))\n"
        }
        let file = try schouw.file("lelystad.csv", csv)
        let imported = try await cli(["observe", "import"] + schouw.cli + [file.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let inDatabase = try await cli(["group", "--db", url, "--schouw", schouw.name, "--in-database", "--json"])
        let inSwift = try await cli(["group", "--db", url, "--schouw", schouw.name, "--areas", buurten, "--json"])
        #expect(inDatabase.status == 0 && inSwift.status == 0, "\(inDatabase.stderr) \(inSwift.stderr)")
        func counts(_ text: String) throws -> (areas: [String: Int], outside: Int) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let areas = try #require(object["areas"] as? [[String: Any]])
            var result: [String: Int] = [:]
            for area in areas {
                let count = (area["count"] as? Int) ?? (area["total"] as? Int) ?? 0
                if count > 0 { result[try #require(area["code"] as? String)] = count }
            }
            return (result, try #require(object["outside"] as? Int))
        }
        let database = try counts(inDatabase.stdout)
        let swift = try counts(inSwift.stdout)
        #expect(database.areas == swift.areas)
        #expect(database.outside == swift.outside)
        // Not a stub: most findings are in a buurt, some outside, spread over many buurten.
        #expect(database.areas.values.reduce(0, +) + database.outside == 3_000)
        #expect(database.areas.count > 50 && database.outside > 0)
    }
}
