import Foundation
import Testing
import SchouwJobs
import SchouwAnalysis
import SchouwStore
import SchouwFormats
import SchouwGeometry
import SchouwNetwork
import SchouwTestSupport

@Suite struct GroupJobTests {
    static let buurten = TestPaths.geodata.appendingPathComponent("buurten.geojson")
    static let points = TestPaths.geodata.appendingPathComponent("observations.geojson")
    static let taxonomy = TestPaths.geodata.appendingPathComponent("taxonomy.json")

    func request(_ destination: JobDestination?, format: OutputLayer.Format = .geojson) -> GroupRequest {
        GroupRequest(
            areas: .file(Self.buurten), source: .file(Self.points), taxonomy: Self.taxonomy, layerFormat: format,
            destination: destination)
    }

    @Test func inMemoryItMakesTheFilesItWritesToDisk() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let onDisk = try GroupJob.run(request(.disk(folder)))
        let inMemory = try GroupJob.run(request(.memory))
        let names = ["buurten.geojson", "buurten.qml", "buurten.csv", "summary.md"]
        #expect(onDisk.files.map(\.name) == names)
        #expect(inMemory.files.map(\.name) == names)
        for (file, kept) in zip(onDisk.files, inMemory.files) {
            #expect(file.url == folder.appendingPathComponent(file.name))
            #expect(kept.url == nil)
            #expect(kept.data == (try Data(contentsOf: try #require(file.url))), "\(file.name)")
        }
        // The demo's 150 findings: 148 in the four buurten, 2 outside (geodata/README.md).
        let summary = String(decoding: try #require(inMemory.file(named: "summary.md")?.data), as: UTF8.self)
        #expect(summary.hasPrefix("# Bevindingen per buurt\n\n150 bevindingen, waarvan 2 buiten alle buurten.\n"))
        #expect(inMemory.file(named: "summary.md")?.mediaType == "text/markdown; charset=utf-8")
        let csv = String(decoding: try #require(inMemory.file(named: "buurten.csv")?.data), as: UTF8.self)
        #expect(csv.split(separator: "\n", omittingEmptySubsequences: false).count == 6, "header, four buurten, final LF")
        #expect(!csv.contains("\r"))
        #expect(try GeoJSON.read(data: try #require(inMemory.files[0].data)).features.count == 4)
    }

    @Test func countColumnsFollowTheTaxonomyFile() throws {
        let result = try GroupJob.run(request(nil))
        #expect(result.files.isEmpty)
        let codes = try #require(try JSONValue.read(Data(contentsOf: Self.taxonomy))["categories"]?.arrayValue)
            .compactMap { $0["code"]?.stringValue }
        #expect(codes.count == 12)
        #expect(result.grouping.categories == codes)
    }

    @Test func aTaxonomyThatIsNotATaxonomyIsAnError() throws {
        var broken = request(nil)
        broken.taxonomy = Self.buurten
        #expect(throws: StoreError.self) { try GroupJob.run(broken) }
    }

    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed: the GDAL check is skipped"))
    func theGeoPackageLayerMadeInMemoryReadsInGDAL() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let layer = try #require(try GroupJob.run(request(.memory, format: .gpkg)).files.first)
        #expect(layer.name == "buurten.gpkg")
        let copy = folder.appendingPathComponent("buurten.gpkg")
        try #require(layer.data).write(to: copy)
        let result = try OgrInfo.run(copy)
        let text = result.output + result.errors
        #expect(result.status == 0 && !text.lowercased().contains("warning"), "\(text)")
        #expect(text.contains("Feature Count: 4"))
    }

    @Test func theSchouwsOwnAreaServesAsTheBuurt() throws {
        let area = try AreaReader.area(in: Self.buurten, code: "BU03039901")
        let store = try DemoStore(area: area)
        defer { store.remove() }
        let inserted = try store.importDemo(skipInvalid: true).report.insertedIDs.count
        #expect(inserted > 0 && inserted < 150)
        let result = try GroupJob.run(GroupRequest(areas: .schouw(try store.database.schouw()), source: .store(store.database), destination: nil))
        #expect(result.grouping.areas.map(\.buurt.code) == ["BU03039901"])
        #expect(result.grouping.areas[0].total + result.grouping.outside == inserted)
    }

    @Test func aSchouwWithoutAnAreaHasNoBuurtToSummarise() throws {
        let store = try DemoStore()
        defer { store.remove() }
        #expect(throws: StoreError.self) {
            try GroupJob.run(GroupRequest(areas: .schouw(try store.database.schouw()), source: .store(store.database), destination: .memory))
        }
    }
}

@Suite struct HeatmapJobTests {
    static let points = TestPaths.geodata.appendingPathComponent("observations.geojson")

    func request(_ destination: JobDestination, crs: CRS = .wgs84) throws -> HeatmapJobRequest {
        HeatmapJobRequest(
            source: .file(Self.points),
            parameters: HeatmapRequest(radiusMeters: 80, cellSizeMeters: 10, kernel: try Kernel(.quartic), format: .bands),
            weight: .level, crs: crs, destination: destination)
    }

    @Test func inMemoryItMakesTheBytesItWritesToDisk() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("heatmap.geojson")
        let onDisk = try HeatmapJob.run(try request(.disk(url)))
        let inMemory = try HeatmapJob.run(try request(.memory))
        #expect(onDisk.files.map(\.url) == [url, folder.appendingPathComponent("heatmap.qml")])
        #expect(inMemory.files.map(\.name) == ["heatmap.geojson", "heatmap.qml"])
        #expect(inMemory.files[0].data == (try Data(contentsOf: url)))
        #expect(inMemory.files[1].data == (try Data(contentsOf: folder.appendingPathComponent("heatmap.qml"))))
        // The layer is returned in RD New; the file holds it in WGS84, one feature per band.
        let written = try GeoJSON.read(data: try #require(inMemory.files[0].data))
        #expect(written.crs == .wgs84)
        #expect(written.features.count == inMemory.layer.features.count)
        let firstRD = try #require(inMemory.layer.features.first?.geometry?.allCoordinates.first)
        #expect(firstRD.x > 170_000 && firstRD.y > 490_000)
        let firstWGS = try #require(written.features.first?.geometry?.allCoordinates.first)
        #expect(abs(firstWGS.longitude - 5.72) < 0.1 && abs(firstWGS.latitude - 52.52) < 0.1)
    }
}

@Suite struct SheetsJobTests {
    @Test func inMemoryItMakesTheSheetsItWritesToDisk() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = PlanOptions()
        options.groups = .count(2)
        let plan = try PlanJob.run(
            PlanRequest(
                streets: TestPaths.geodata.appendingPathComponent("streets.osm"), start: "5.7219607,52.5194066",
                title: "Buurtschouw De Kruidentuin", options: options),
            outputFolder: folder)
        #expect(plan.files.map(\.lastPathComponent) == ["route.geojson", "checkpoints.geojson", "route.gpkg", "route.gpx", "directions.txt", "sheets.html", "sheets.md"])
        let sheets = try SheetsJob.run(SheetsRequest(outputs: plan.outputs, destination: .memory))
        #expect(sheets.files.map(\.name) == ["sheets.html", "sheets.md"])
        #expect(sheets.files.map(\.mediaType) == ["text/html; charset=utf-8", "text/markdown; charset=utf-8"])
        for file in sheets.files {
            #expect(file.data == (try Data(contentsOf: folder.appendingPathComponent(file.name))), "\(file.name)")
        }
        let markdown = String(decoding: try #require(sheets.files[1].data), as: UTF8.self)
        #expect(markdown.hasPrefix("# Buurtschouw De Kruidentuin — Groep A\n"))
        #expect(markdown.contains("# Buurtschouw De Kruidentuin — Groep B\n"))
    }
}
