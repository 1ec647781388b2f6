import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

@Suite struct ExportTests {
    /// A database on disk with three observations, one removed.
    func filledDatabase(_ dir: URL) throws -> SchouwDatabase {
        let db = try SchouwDatabase.create(at: dir.appendingPathComponent("s.schouw"), schouw: Fixtures.definition())
        var a = Fixtures.draft("zwerfvuil", text: "Blikjes, \"veel\"\nen papier")
        a.group = "Groep A"
        a.observedAt = "2025-09-20T10:15"
        var b = Fixtures.draft("lamp_kapot", level: "D", text: "Lamp kapot", at: try Fixtures.offset(east: 50, north: 20))
        b.owner = "gemeente"
        let c = Fixtures.draft("graffiti", text: "weg", at: try Fixtures.offset(east: -50, north: 0))
        let ids = try db.ingest([a, b, c]).insertedIDs
        try db.remove(id: ids[2])
        return db
    }

    func ogrinfoIsClean(_ url: URL, featureCount: Int) throws {
        let result = try OgrInfo.run(url)
        #expect(result.status == 0)
        #expect(result.errors.isEmpty, "ogrinfo said: \(result.errors)")
        #expect(result.output.contains("Feature Count: \(featureCount)"))
    }

    @Test func geoJSONRoundTrip() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try filledDatabase(dir)
        let url = dir.appendingPathComponent("out.geojson")
        #expect(try db.export(format: .geojson, to: url) == 2)
        let document = try GeoJSONReader().read(contentsOf: url)
        #expect(document.crs == .wgs84)
        let stored = try db.observations()
        #expect(document.features.map { $0.properties["id"]?.stringValue } == stored.map(\.id))
        #expect(document.features.first?.properties["text"]?.stringValue == stored.first?.text)
        #expect(document.features.first?.properties.keys.elementsEqual(SchouwDatabase.exportFields.map(\.name)) == true)
        if case .point(let p) = document.features.first?.geometry {
            #expect(abs(p.longitude - stored[0].lon) < 1e-7)
        } else {
            Issue.record("expected a point")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("\"crs\""))
        // RD New only on request, with the legacy crs member
        let rd = dir.appendingPathComponent("rd.geojson")
        try db.export(format: .geojson, to: rd, crs: .rdNew)
        #expect(try GeoJSONReader().read(contentsOf: rd).crs == .rdNew)
    }

    @Test func csvRoundTripThroughImport() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try filledDatabase(dir)
        for excel in [false, true] {
            let url = dir.appendingPathComponent(excel ? "excel.csv" : "out.csv")
            try db.export(format: .csv, to: url, excel: excel)
            // When the export is imported into a fresh database
            let fresh = try Fixtures.memoryDatabase()
            let report = try fresh.importFile(url).report
            // Then ids, texts, categories, levels, owners and positions survive
            let original = try db.observations()
            let copy = try fresh.observations()
            #expect(report.insertedIDs == original.map(\.id))
            #expect(copy.map(\.text) == original.map(\.text))
            #expect(copy.map(\.subcategory) == original.map(\.subcategory) && copy.map(\.owner) == original.map(\.owner))
            #expect(copy.map(\.observedAt) == original.map(\.observedAt))
            #expect(zip(copy, original).allSatisfy { abs($0.lon - $1.lon) < 1e-7 && abs($0.lat - $1.lat) < 1e-7 })
            let text = try String(contentsOf: url, encoding: .utf8)
            if excel {
                let bytes = try Data(contentsOf: url)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
                #expect(text.contains(";"))
                // Typed as 10:15 Dutch summer time, stored as 08:15 UTC, shown to Excel as typed.
                #expect(text.contains(";2025-09-20 10:15:00;") && !text.contains("08:15"))
            } else {
                #expect(text.contains(",2025-09-20T08:15:00Z,"))
            }
        }
    }

    @Test(arguments: [CRS.wgs84, CRS.rdNew])
    func geoPackageRoundTrip(crs: CRS) throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try filledDatabase(dir)
        let url = dir.appendingPathComponent("out.gpkg")
        try db.export(format: .gpkg, to: url, crs: crs)
        let layer = try GeoPackage.readLayer(at: url)
        let stored = try db.observations()
        #expect(layer.info.tableName == "observations" && layer.info.crs == crs)
        #expect(layer.features.map { $0.properties["id"]?.stringValue } == stored.map(\.id))
        #expect(layer.features.first?.properties["checkpoint"] == .null)
        #expect(layer.columns.first { $0.name == "rd_x" }?.type == .real)
        if case .point(let p) = layer.features.first?.geometry {
            #expect(crs == .rdNew ? abs(p.x - stored[0].rdX) < 1e-6 : abs(p.x - stored[0].lon) < 1e-9)
        } else {
            Issue.record("expected a point")
        }
    }

    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed; run scripts/setup.sh --tests"))
    func gdalReadsGeoJSONAndGeoPackageWithoutWarnings() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try filledDatabase(dir)
        for (format, name, crs) in [(ExportFormat.geojson, "a.geojson", CRS.wgs84), (.geojson, "b.geojson", .rdNew), (.gpkg, "c.gpkg", .wgs84), (.gpkg, "d.gpkg", .rdNew)] {
            let url = dir.appendingPathComponent(name)
            try db.export(format: format, to: url, crs: crs)
            try ogrinfoIsClean(url, featureCount: 2)
            let fields = try OgrInfo.run(url).output
            #expect(fields.contains("observed_at: DateTime") && fields.contains("entered_at: DateTime"), "\(name): \(fields)")
        }
    }

    @Test func demoObservationsImportFromCSVAndGeoJSON() throws {
        for file in ["observations.csv", "observations.geojson"] {
            let db = try Fixtures.memoryDatabase(area: false)
            let report = try db.importFile(TestPaths.geodata(file)).report
            #expect(report.insertedIDs.count == 150, "\(file): \(report.duplicates)")
        }
    }

    /// Dutch local time by the EU rule (summer time from the last Sunday of March to the last Sunday of
    /// October, 01:00 UTC), worked out by hand.
    @Test(arguments: [
        ("2025-01-15T11:00:00Z", "2025-01-15 12:00:00"),
        ("2025-03-30T00:59:59Z", "2025-03-30 01:59:59"),
        ("2025-03-30T01:00:00Z", "2025-03-30 03:00:00"),
        ("2025-10-26T00:59:59Z", "2025-10-26 02:59:59"),
        ("2025-10-26T01:00:00Z", "2025-10-26 02:00:00"),
        ("2025-12-31T23:30:00Z", "2026-01-01 00:30:00"),
        ("2024-02-29T22:00:00Z", "2024-02-29 23:00:00"),
    ])
    func excelTimesAreAmsterdamLocal(utc: String, local: String) {
        #expect(Timestamps.amsterdamLocal(utc) == local)
        #expect(Timestamps.normalize(local) == utc || local == "2025-10-26 02:00:00" || local == "2025-10-26 02:59:59")
    }

    @Test func excelTimeOfNoTimeIsNil() {
        #expect(Timestamps.amsterdamLocal("gisteren") == nil)
        #expect(Timestamps.amsterdamLocal("") == nil)
    }
}
