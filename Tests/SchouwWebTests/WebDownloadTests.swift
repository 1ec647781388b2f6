import Foundation
import SchouwFormats
import SchouwJobs
import SchouwStore
import Synchronization
import SchouwTestSupport
import Testing
@testable import SchouwWeb

/// The organizer's downloads come from the jobs in memory: right type, content that parses, no temporary files.
@Suite struct WebDownloadTests {
    /// Names in the temporary directory that a download folder would have.
    static func downloadFolders() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
        return Set(names.filter { $0.hasPrefix("schouw-download-") })
    }

    @Test func everyDownloadAnswersWithItsBytesAndNoTemporaryFile() async throws {
        try await WebFixture.run { fixture in
            // Two findings at checkpoint 2 of each group, entered through the import job.
            let walk = fixture.folder.appendingPathComponent("walk.csv")
            try Data("group,checkpoint,category,level,text\nGroep A,2,afval,C,Losse stoeptegel\nGroep B,2,afval,C,Kapotte lantaarn\n".utf8)
                .write(to: walk)
            #expect(try await ImportJob.run(ImportRequest(database: fixture.database, file: walk)).report.insertedIDs.count == 2)
            let organizer = fixture.browser()
            try await organizer.login(fixture.organizerCode)

            // Watch the temporary directory the whole time the downloads run, not only before and after.
            let before = Self.downloadFolders()
            let seen = Mutex<Set<String>>([])
            let watching = Atomic<Bool>(true)
            let watcher = Task.detached {
                while watching.load(ordering: .relaxed) {
                    let now = Self.downloadFolders().subtracting(before)
                    seen.withLock { $0.formUnion(now) }
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }

            let geojson = try await organizer.get("/download/geojson")
            #expect(geojson.status == 200)
            #expect(geojson.header("Content-Type") == "application/geo+json")
            #expect(geojson.header("Content-Disposition") == "attachment; filename=\"meldingen.geojson\"")
            let features = try GeoJSON.read(data: Data(geojson.body)).features
            #expect(features.compactMap { $0.properties["text"]?.stringValue }.sorted() == ["Kapotte lantaarn", "Losse stoeptegel"])

            let gpkg = try await organizer.get("/download/gpkg")
            #expect(gpkg.status == 200)
            #expect(gpkg.header("Content-Type") == "application/geopackage+sqlite3")
            let copy = fixture.folder.appendingPathComponent("download.gpkg")
            try Data(gpkg.body).write(to: copy)
            let layer = try GeoPackage.readLayer(at: copy)
            #expect(layer.info.tableName == "observations")
            #expect(layer.features.count == 2)

            let csv = try await organizer.get("/download/csv")
            #expect(csv.status == 200)
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
            let rows = try CSV.read(Data(csv.body))
            #expect(rows.dialect == .standard)
            #expect(rows.records.count == 3)
            #expect(rows.records[0].fields.first == "id")

            let excel = try await organizer.get("/download/csv-excel")
            #expect(excel.status == 200)
            #expect(excel.header("Content-Disposition") == "attachment; filename=\"meldingen-excel.csv\"")
            #expect(excel.body.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(try CSV.read(Data(excel.body)).dialect == .excel)

            let summary = try await organizer.get("/download/samenvatting")
            #expect(summary.status == 200)
            #expect(summary.header("Content-Type") == "text/markdown; charset=utf-8")
            #expect(summary.text.hasPrefix("# Bevindingen per buurt\n\n2 bevindingen"))
            #expect(summary.text.contains("| BU03039901 |"))

            let heatmap = try await organizer.get("/download/heatmap")
            #expect(heatmap.status == 200)
            #expect(heatmap.header("Content-Type") == "application/geo+json")
            #expect(try GeoJSON.read(data: Data(heatmap.body)).features.isEmpty == false)

            let missing = try await organizer.get("/download/kml")
            #expect(missing.status == 404)

            watching.store(false, ordering: .relaxed)
            await watcher.value
            #expect(seen.withLock { $0 }.isEmpty, "download folders appeared: \(seen.withLock { $0 })")
            #expect(Self.downloadFolders() == before)
        }
    }

    /// Walker texts that are formulas reach the organizer's spreadsheet as text: both CSV downloads
    /// guard them with an apostrophe (the guarded cells are written out by hand); coordinates stay numbers.
    @Test func csvDownloadsGuardFormulas() async throws {
        try await WebFixture.run { fixture in
            let walk = fixture.folder.appendingPathComponent("walk.csv")
            try Data(
                """
                group,checkpoint,category,level,text
                Groep A,2,afval,C,"=HYPERLINK(""x"")"
                Groep B,2,afval,C,@SUM(A1:A9)
                Groep A,1,afval,C,+cmd|' /C calc'!A0
                Groep B,1,afval,C,-2+3

                """.utf8
            ).write(to: walk)
            #expect(try await ImportJob.run(ImportRequest(database: fixture.database, file: walk)).report.insertedIDs.count == 4)
            let organizer = fixture.browser()
            try await organizer.login(fixture.organizerCode)
            let csv = try await organizer.get("/download/csv")
            #expect(csv.status == 200)
            for cell in [",\"'=HYPERLINK(\"\"x\"\")\",", ",'@SUM(A1:A9),", ",'+cmd|' /C calc'!A0,", ",'-2+3,"] {
                #expect(csv.text.contains(cell), "\(cell)")
            }
            let excel = try await organizer.get("/download/csv-excel")
            #expect(excel.status == 200)
            let excelText = String(decoding: excel.body.dropFirst(3), as: UTF8.self)
            for cell in [";\"'=HYPERLINK(\"\"x\"\")\";", ";'@SUM(A1:A9);", ";'+cmd|' /C calc'!A0;", ";'-2+3;"] {
                #expect(excelText.contains(cell), "\(cell)")
            }
            // Every longitude (5.7…) is written as a plain number in both.
            let longitudes = try CSV.read(Data(csv.body)).records.dropFirst().map { $0.fields[17] }
            #expect(longitudes.count == 4 && longitudes.allSatisfy { $0.hasPrefix("5.7") })
            #expect(excelText.components(separatedBy: ";5,7").count == 5)
        }
    }

    @Test func walkersCannotDownload() async throws {
        try await WebFixture.run { fixture in
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            #expect(try await walker.get("/download/geojson").status == 403)
        }
    }

    @Test func aDownloadThatCannotBeMadeIsTheServersFailureToldInDutch() async throws {
        let missing = try TestPaths.temporaryDirectory().appendingPathComponent("buurten-2024.geojson")
        try await WebFixture.run(configure: { $0.areas = missing }) { fixture in
            let organizer = fixture.browser()
            try await organizer.login(fixture.organizerCode)
            let summary = try await organizer.get("/download/samenvatting")
            #expect(summary.status == 500)
            let page = String(decoding: summary.body, as: UTF8.self)
            #expect(page.contains("Het bestand kon niet worden gemaakt. Er ging iets mis op de server."))
            // The file's name and path are for the server log, not the page.
            #expect(!page.contains("buurten-2024.geojson") && !page.contains(missing.deletingLastPathComponent().path))
            let reference = try #require(summary.header("X-Request-Id"))
            #expect(page.contains("referentie: \(reference)."))
        }
    }
}
