import Foundation
@testable import SchouwJobs
import SchouwTestSupport
import Testing
@testable import SchouwAnalysis
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

/// Every ring closed, exteriors counter-clockwise and holes clockwise (RFC 7946 section 3.1.6).
func isWellWound(_ features: [Feature]) -> Bool {
    features.allSatisfy { feature in
        guard let geometry = feature.geometry, !geometry.polygons.isEmpty else { return false }
        return geometry.polygons.allSatisfy { $0.hasRFC7946Winding && $0.rings.allSatisfy(Ring.isClosed) }
    }
}

@Suite struct OutputTests {
    static let demoPoints = TestPaths.geodata("observations.geojson")
    static let demoBuurten = TestPaths.geodata("buurten.geojson")

    /// Every layer the two commands write, in both CRSs and both formats.
    func writeAllOutputs(to folder: URL) throws -> [(URL, [Feature])] {
        var written: [(URL, [Feature])] = []
        for crs in [CRS.wgs84, .rdNew] {
            let suffix = crs == .wgs84 ? "wgs84" : "rd"
            for ext in ["geojson", "gpkg"] {
                let group = try GroupJob.run(GroupRequest(
                    areas: .file(Self.demoBuurten), source: .file(Self.demoPoints), crs: crs,
                    layerFormat: OutputLayer.Format(rawValue: ext)!, destination: .disk(folder.appendingPathComponent("group_\(suffix)_\(ext)"))))
                written.append((group.files[0].url!, group.grouping.features(crs: crs)))
                for format in HeatmapFormat.allCases {
                    let out = folder.appendingPathComponent("heat_\(format)_\(suffix).\(ext)")
                    let layer = try HeatmapJob.run(HeatmapJobRequest(
                        source: .file(Self.demoPoints),
                        parameters: HeatmapRequest(radiusMeters: 80, cellSizeMeters: format == .hex ? 60 : 10, kernel: try Kernel(.quartic), format: format),
                        weight: .level, crs: crs, destination: .disk(out))).layer
                    written.append((out, Array(try layer.features.transformed(from: .rdNew, to: crs))))
                }
            }
        }
        return written
    }

    @Test func everyOutputIsClosedAndWoundPerRFC7946() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (url, features) in try writeAllOutputs(to: folder) {
            #expect(!features.isEmpty, "\(url.lastPathComponent)")
            #expect(isWellWound(features), "\(url.lastPathComponent)")
            #expect(FileManager.default.fileExists(atPath: url.deletingPathExtension().appendingPathExtension("qml").path))
            if url.pathExtension == "geojson" {
                let reread = try GeoJSON.read(contentsOf: url)
                #expect(isWellWound(reread.features), "\(url.lastPathComponent) as written")
            }
        }
    }

    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed: the GDAL check of the outputs is skipped"))
    func gdalReadsEveryOutputWithoutWarnings() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (url, features) in try writeAllOutputs(to: folder) {
            let result = try OgrInfo.run(url)
            let (status, text) = (result.status, result.output + result.errors)
            #expect(status == 0, "\(url.lastPathComponent): \(text)")
            #expect(!text.lowercased().contains("warning") && !text.contains("ERROR"), "\(url.lastPathComponent): \(text)")
            #expect(text.contains("Feature Count: \(features.count)"), "\(url.lastPathComponent)")
        }
    }

    @Test func demoGroupingCountsEveryFindingOnce() throws {
        let result = try GroupJob.run(GroupRequest(areas: .file(Self.demoBuurten), source: .file(Self.demoPoints), destination: nil)).grouping
        #expect(result.areas.count == 4)
        #expect(result.areas.reduce(0) { $0 + $1.total } + result.outside == 150)
        for area in result.areas {
            #expect(area.byLevel.values.reduce(0, +) == area.total)
            #expect(area.byCategory.values.reduce(0, +) == area.total)
        }
        let json = try result.json()
        #expect(json.contains("\"outside\" : \(result.outside)"))
        #expect(String(decoding: result.csv(), as: UTF8.self).split(separator: "\n").count == 5)
    }
}

@Suite struct DatabaseFindingTests {
    @Test func findingsFromADatabaseGroupLikeTheSameFindingsFromAFile() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dbURL = folder.appendingPathComponent("k.schouw")
        let db = try SchouwDatabase.create(at: dbURL, schouw: SchouwDefinition(name: "Demo", date: "2025-09-20"))
        _ = try db.importFile(TestPaths.geodata("observations.geojson"), options: IngestOptions(), language: .en)
        let fromDatabase = try Finding.load(.database(dbURL))
        let fromFile = try Finding.load(.file(TestPaths.geodata("observations.geojson")))
        #expect(fromDatabase.count == fromFile.count)
        let areas = TestPaths.geodata("buurten.geojson")
        let a = try GroupJob.run(GroupRequest(areas: .file(areas), source: .database(dbURL), destination: nil)).grouping
        let b = try GroupJob.run(GroupRequest(
            areas: .file(areas), source: .file(TestPaths.geodata("observations.geojson")), destination: nil)).grouping
        #expect(a.outside == b.outside)
        #expect(a.areas.map(\.total) == b.areas.map(\.total))
        #expect(a.areas.map(\.byCategory) == b.areas.map(\.byCategory))
    }
}
