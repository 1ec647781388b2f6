import Foundation
import Testing
import SchouwJobs
import SchouwStore
import SchouwFormats
import SchouwGeometry
import SchouwTestSupport

@Suite struct ImportJobTests {
    @Test func importsEveryRowOfTheDemoFile() throws {
        let store = try DemoStore()
        defer { store.remove() }
        let report = try store.importDemo()
        // geodata/observations.csv has 150 data rows, all valid.
        #expect(report.report.insertedIDs.count == 150)
        #expect(report.rejectedFile == nil)
        #expect(try store.database.observations().count == 150)
    }

    @Test func aBadRowImportsNothing() throws {
        let store = try DemoStore()
        defer { store.remove() }
        let file = store.folder.appendingPathComponent("walk.csv")
        try Data("category,level,lon,lat\nafval,B,5.7239,52.5188\nzwerfvul,B,5.7240,52.5189\n".utf8).write(to: file)
        let error = try #require(throws: StoreError.self) {
            try ImportJob.run(ImportRequest(database: store.database, file: file))
        }
        guard case .invalidInput(let issues) = error else {
            Issue.record("expected invalidInput, got \(error)")
            return
        }
        #expect(issues.map(\.line) == [3])
        #expect(try store.database.observations().isEmpty)
    }
}

@Suite struct ExportJobTests {
    static let header = "id,short_id,schouw,group,walker,observed_at,entered_at,category,subcategory,level,text,street,checkpoint,"
        + "buurt_code,status,owner,location_source,lon,lat,rd_x,rd_y,photos,actions,action_status,action_partner,action_due"

    @Test(arguments: [
        (ExportFormat.geojson, false, CRS.wgs84), (.geojson, false, .rdNew), (.csv, false, .wgs84), (.csv, true, .wgs84),
    ])
    func theBytesInMemoryAreTheFilesBytes(_ format: ExportFormat, _ excel: Bool, _ crs: CRS) throws {
        let store = try DemoStore()
        defer { store.remove() }
        try store.importDemo()
        let url = store.folder.appendingPathComponent("export.\(format.rawValue)")
        let onDisk = try ExportJob.run(ExportRequest(database: store.database, format: format, crs: crs, excel: excel, destination: .disk(url)))
        let inMemory = try ExportJob.run(ExportRequest(database: store.database, format: format, crs: crs, excel: excel, destination: .memory))
        #expect(onDisk.count == 150 && inMemory.count == 150)
        #expect(onDisk.file.url == url && onDisk.file.data == nil)
        let bytes = try #require(inMemory.file.data)
        #expect(bytes == (try Data(contentsOf: url)))
        switch format {
        case .csv:
            let text = String(decoding: bytes, as: UTF8.self)
            let expectedHeader = excel ? "\u{FEFF}" + Self.header.replacingOccurrences(of: ",", with: ";") : Self.header
            #expect(text.hasPrefix(expectedHeader + "\r\n"))
            #expect(try CSV.read(bytes).records.count == 151)
            #expect(inMemory.file.mediaType == "text/csv; charset=utf-8")
        case .geojson:
            let document = try GeoJSON.read(data: bytes)
            #expect(document.crs == crs)
            #expect(document.features.count == 150)
            #expect(inMemory.file.mediaType == "application/geo+json")
        case .gpkg:
            Issue.record("not an argument")
        }
    }

    @Test(arguments: [CRS.wgs84, .rdNew])
    func theGeoPackageMadeInMemoryHoldsWhatTheFileHolds(_ crs: CRS) throws {
        let store = try DemoStore()
        defer { store.remove() }
        try store.importDemo()
        let url = store.folder.appendingPathComponent("file.gpkg")
        _ = try ExportJob.run(ExportRequest(database: store.database, format: .gpkg, crs: crs, destination: .disk(url)))
        let bytes = try #require(try ExportJob.run(ExportRequest(database: store.database, format: .gpkg, crs: crs, destination: .memory)).file.data)
        #expect(bytes.starts(with: Array("SQLite format 3\0".utf8)))
        let copy = store.folder.appendingPathComponent("memory.gpkg")
        try bytes.write(to: copy)
        let fromMemory = try GeoPackage.readLayer(at: copy)
        let fromFile = try GeoPackage.readLayer(at: url)
        #expect(fromMemory.features.count == 150)
        #expect(fromMemory.features == fromFile.features)
        #expect(fromMemory.info.crs == crs)
        #expect(fromMemory.columns.map(\.name) == Self.header.split(separator: ",").map(String.init))
    }

    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed: the GDAL check is skipped"))
    func gdalReadsTheGeoPackageMadeInMemoryWithoutWarnings() throws {
        let store = try DemoStore()
        defer { store.remove() }
        try store.importDemo()
        let bytes = try #require(try ExportJob.run(ExportRequest(database: store.database, format: .gpkg, destination: .memory)).file.data)
        let copy = store.folder.appendingPathComponent("memory.gpkg")
        try bytes.write(to: copy)
        let result = try OgrInfo.run(copy)
        let text = result.output + result.errors
        #expect(result.status == 0, "\(text)")
        #expect(!text.lowercased().contains("warning") && !text.contains("ERROR"), "\(text)")
        #expect(text.contains("Layer name: observations"))
        #expect(text.contains("Feature Count: 150"))
    }
}
