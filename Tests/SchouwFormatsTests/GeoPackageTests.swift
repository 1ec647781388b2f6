import Foundation
import SchouwTestSupport
import Testing
import OrderedCollections
@testable import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct GeoPackageTests {
    let points: [GeoPackageFeature] = [
        GeoPackageFeature(
            geometry: .point(Coordinate(longitude: 5.4721, latitude: 52.5079)),
            properties: ["name": .text("Kruizemunt 1"), "level": .text("B"), "count": .integer(3), "score": .real(0.5)]),
        GeoPackageFeature(
            geometry: .point(Coordinate(longitude: 5.4801, latitude: 52.5101)),
            properties: ["name": .text("Tijmlaan \"hoek\""), "count": .integer(-1)]),
    ]
    let columns = [
        GeoPackageColumn("name", .text), GeoPackageColumn("level", .text), GeoPackageColumn("count", .integer),
        GeoPackageColumn("score", .real),
    ]

    @Test func blobHeaderIsLittleEndianWithXYEnvelope() throws {
        // Given a point in RD New
        let context = try GEOSContext()
        let blob = try GeoPackageBinary.encode(.point(Coordinate(x: 155000, y: 463000)), srsID: 28992, context: context)
        // Then the header is "GP", version 0, flags 0b011, srs 28992 little-endian, 4 envelope doubles, then WKB
        #expect(Array(blob[0..<4]) == [0x47, 0x50, 0, 0b11])
        #expect(Array(blob[4..<8]) == [0x40, 0x71, 0, 0])
        #expect(blob[40] == 1)  // WKB byte order: little-endian
        let header = try GeoPackageBinary.header(blob)
        #expect(header.srsID == 28992 && header.wkbOffset == 40)
        #expect(try GeoPackageBinary.decode(blob, context: context) == .point(Coordinate(x: 155000, y: 463000)))
    }

    @Test func badBlobIsRejected() {
        #expect {
            try GeoPackageBinary.header([0x47, 0x51, 0, 0, 0, 0, 0, 0])
        } throws: { error in
            guard case .invalidGeometryBlob(let reason) = error as? FormatError else { return false }
            return reason.en.hasPrefix("not a GeoPackage geometry")
        }
    }

    @Test(arguments: [CRS.wgs84, CRS.rdNew])
    func writtenLayerReadsBack(crs: CRS) throws {
        // Given two features written to a new GeoPackage
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("out.gpkg")
        let features = try points.map { f -> GeoPackageFeature in
            var f = f
            f.geometry = try f.geometry.map { try CoordinateTransforms.transform($0, from: .wgs84, to: crs) }
            return f
        }
        try GeoPackage.write(to: url, tableName: "observations", geometryTypeName: "POINT", crs: crs, columns: columns, features: features)
        // When it is read back
        let layer = try GeoPackage.readLayer(at: url)
        // Then layer, CRS, columns, properties and geometries survive
        #expect(layer.info.tableName == "observations")
        #expect(layer.info.crs == crs)
        #expect(layer.info.geometryTypeName == "POINT")
        #expect(layer.columns == columns)
        #expect(layer.features.count == 2)
        #expect(layer.features[0].properties["count"] == .integer(3))
        #expect(layer.features[1].properties["name"] == .text("Tijmlaan \"hoek\""))
        #expect(layer.features[1].properties["score"] == .null)
        #expect(layer.features.map(\.geometry) == features.map(\.geometry))
        #expect(layer.info.boundingBox != nil)
    }

    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed; run scripts/setup.sh --tests"))
    func ogrinfoReadsWrittenGeoPackageWithoutWarnings() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("out.gpkg")
        try GeoPackage.write(to: url, tableName: "observations", geometryTypeName: "POINT", crs: .wgs84, columns: columns, features: points)
        let result = try OgrInfo.run(url)
        #expect(result.status == 0)
        #expect(result.errors.isEmpty, "ogrinfo said: \(result.errors)")
        #expect(result.output.contains("Feature Count: 2"))
        #expect(result.output.contains("Geometry: Point"))
        #expect(result.output.contains("count: Integer"))
    }

    @Test(.sharedData("lelystad_buurten_cbs_style.gpkg"))
    func readsCBSBuurten() throws {
        // Given the CBS-style buurt file of Lelystad
        let layers = try GeoPackage.layers(at: TestPaths.shared("lelystad_buurten_cbs_style.gpkg"))
        #expect(layers.map(\.tableName) == ["buurten"])
        // When its layer is read
        let layer = try GeoPackage.readLayer(at: TestPaths.shared("lelystad_buurten_cbs_style.gpkg"), tableName: "buurten")
        // Then it holds 141 multipolygons in RD New with the CBS fields
        #expect(layer.features.count == 141)
        #expect(layer.info.crs == .rdNew)
        #expect(layer.columns.map(\.name).contains("buurtcode"))
        #expect(layer.features.allSatisfy { !($0.geometry?.polygons.isEmpty ?? true) })
        let code = layer.features.first?.properties["buurtcode"]?.stringValue ?? ""
        #expect(code.hasPrefix("BU0995"))
    }

    @Test func missingLayerIsNamed() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("out.gpkg")
        try GeoPackage.write(to: url, tableName: "a", geometryTypeName: "POINT", crs: .wgs84, columns: [], features: [])
        #expect(throws: FormatError.noSuchLayer(file: "out.gpkg", layer: "b", layers: ["a"])) {
            try GeoPackage.readLayer(at: url, tableName: "b")
        }
    }
}
