import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
import SchouwFormats

/// Every output file appears whole or not at all: a failed write leaves no file behind and does not touch
/// the file it would have replaced.
@Suite struct AtomicOutputTests {
    struct Interrupted: Error {}

    func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func writeThatThrowsHalfwayLeavesNoFile() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.geojson")
        #expect(throws: Interrupted.self) {
            try ByteSink.writeFile(url) { sink in
                // Several flushes' worth first, so part of the output has reached the disk.
                for _ in 0..<10_000 {
                    sink.write(String(repeating: "x", count: 99) + "\n")
                    try sink.flushIfFull()
                }
                throw Interrupted()
            }
        }
        #expect(try contents(of: folder).isEmpty)
    }

    @Test func failedWriteKeepsTheFileItWouldReplace() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.csv")
        try ByteSink.write(Data("old\n".utf8), to: url)
        #expect(throws: Interrupted.self) {
            try ByteSink.writeFile(url) { sink in
                sink.write("new\n")
                throw Interrupted()
            }
        }
        #expect(try contents(of: folder) == ["out.csv"])
        #expect(try String(contentsOf: url, encoding: .utf8) == "old\n")
        // And a write that succeeds replaces it.
        try ByteSink.writeFile(url) { $0.write("new\n") }
        #expect(try String(contentsOf: url, encoding: .utf8) == "new\n")
        #expect(try contents(of: folder) == ["out.csv"])
    }

    @Test func sinkDroppedUnfinishedRemovesItsPartialFile() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let sink = try ByteSink.file(folder.appendingPathComponent("route.gpx"))
            sink.write("<gpx>")
            #expect(try contents(of: folder).count == 1)
        }
        #expect(try contents(of: folder).isEmpty)
    }

    @Test func writingIntoAMissingFolderFailsWithoutAFile() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nee").appendingPathComponent("out.geojson")
        #expect(throws: (any Error).self) { try ByteSink.write(Data("{}".utf8), to: missing) }
        #expect(try contents(of: folder).isEmpty)
    }

    @Test func geoPackageThatFailsHalfwayLeavesNoFileAndKeepsTheOldOne() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.gpkg")
        let features = (0..<500).map { i in
            GeoPackageFeature(geometry: .point(Coordinate(longitude: 5.7 + Double(i) * 1e-4, latitude: 52.5)), properties: ["n": .integer(Int64(i))])
        }
        try GeoPackage.write(
            to: url, tableName: "old", geometryTypeName: "POINT", crs: .wgs84, columns: [GeoPackageColumn("n", .integer)],
            features: features)
        let old = try Data(contentsOf: url)
        // A second column "n" makes CREATE TABLE fail after the GeoPackage tables are made.
        #expect(throws: (any Error).self) {
            try GeoPackage.write(
                to: url, tableName: "new", geometryTypeName: "POINT", crs: .wgs84,
                columns: [GeoPackageColumn("n", .integer), GeoPackageColumn("n", .text)], features: features)
        }
        #expect(try contents(of: folder) == ["out.gpkg"])
        #expect(try Data(contentsOf: url) == old)
    }
}
