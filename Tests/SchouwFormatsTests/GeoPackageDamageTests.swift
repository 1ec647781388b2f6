import Foundation
import SchouwTestSupport
import Testing

import SchouwCore
import SchouwFormats
import SchouwGeometry

/// A real GeoPackage with random bytes overwritten (a seeded generator, so every run sees the same files):
/// reading it as buurten either works or fails as bad input naming the file. Never a crash, never exit 3.
@Suite struct GeoPackageDamageTests {
    @Test func damagedBytesAreReadOrRefusedAsBadInputNamingTheFile() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try GeoJSON.read(contentsOf: TestPaths.geodata("buurten.geojson"))
        let real = folder.appendingPathComponent("buurten.gpkg")
        try GeoPackage.write(
            to: real, tableName: "buurten", geometryTypeName: "MULTIPOLYGON", crs: .wgs84,
            columns: [GeoPackageColumn("buurtcode", .text), GeoPackageColumn("buurtnaam", .text)],
            features: document.features.map { feature in
                // With its name: a wijk-99 code without one would be a water buurt.
                GeoPackageFeature(
                    geometry: feature.geometry.map { .multiPolygon($0.polygons) },
                    properties: [
                        "buurtcode": .text(feature.properties["buurtcode"]?.stringValue ?? ""),
                        "buurtnaam": .text(feature.properties["buurtnaam"]?.stringValue ?? ""),
                    ])
            })
        #expect(try BuurtSet.load(url: real).buurten.count == 4)
        let bytes = [UInt8](try Data(contentsOf: real))
        var generator = SeededGenerator(seed: 20_251_129)
        var read = 0
        var refused = 0
        for round in 0..<120 {
            var damaged = bytes
            for _ in 0..<[1, 4, 16, 64][round % 4] {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let url = folder.appendingPathComponent("kapot\(round).gpkg")
            try Data(damaged).write(to: url)
            do {
                _ = try BuurtSet.load(url: url)
                read += 1
            } catch let error as any SchouwError {
                refused += 1
                #expect(error.exitClass == .badInput, "round \(round): \(error)")
                #expect(error.message(.nl).hasPrefix("kapot\(round).gpkg"), "round \(round): \(error)")
            }
        }
        // Both outcomes occur, so the loop reaches the error paths and does not only refuse.
        #expect(read > 0 && refused > 0, "read \(read), refused \(refused)")
    }
}
