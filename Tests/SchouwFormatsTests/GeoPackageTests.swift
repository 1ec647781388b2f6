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

    /// Two layers in one file, each with the R-tree of the `gpkg_rtree_index` extension: GDAL lists the
    /// index, its boxes hold GDAL's own envelopes, a spatial filter through it finds the point chosen by
    /// hand, and the triggers keep it current when GDAL deletes and inserts a feature.
    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed; run scripts/setup.sh --tests"))
    func everyLayerHasASpatialIndexThatGDALUses() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("two layers.gpkg")
        let line = GeoPackageFeature(
            geometry: .lineString(LineString([Coordinate(longitude: 5.47, latitude: 52.50), Coordinate(longitude: 5.49, latitude: 52.52)])),
            properties: ["group": .text("A")])
        try GeoPackage.write(
            to: url, crs: .wgs84,
            tables: [
                GeoPackageTable(name: "route", geometryTypeName: "LINESTRING", columns: [GeoPackageColumn("group", .text)], features: [line]),
                GeoPackageTable(name: "check points", geometryTypeName: "POINT", columns: columns, features: points),
            ])
        let info = try OgrInfo.run(url)
        #expect(info.status == 0 && info.errors.isEmpty, "ogrinfo said: \(info.errors)")
        #expect(info.output.contains("Layer name: route") && info.output.contains("Layer name: check points"))
        #expect(try OgrInfo.values(url, sql: "SELECT HasSpatialIndex('route', 'geom') AS a, HasSpatialIndex('check points', 'geom') AS b") == ["1", "1"])
        #expect(
            try OgrInfo.values(url, sql: "SELECT table_name, extension_name, scope FROM gpkg_extensions ORDER BY table_name")
                == ["check points", "gpkg_rtree_index", "write-only", "route", "gpkg_rtree_index", "write-only"])
        #expect(try OgrInfo.values(url, sql: "SELECT count(*) FROM \"rtree_check points_geom\"") == ["2"])
        // Every box holds GDAL's envelope of its geometry (SQLite rounds the 32-bit floats outward).
        for (table, index) in [("route", "rtree_route_geom"), ("check points", "rtree_check points_geom")] {
            let outside = try OgrInfo.values(
                url,
                sql: """
                    SELECT count(*) FROM "\(table)" t JOIN "\(index)" r ON r.id = t.fid
                    WHERE r.minx > ST_MinX(t.geom) OR r.maxx < ST_MaxX(t.geom) OR r.miny > ST_MinY(t.geom) OR r.maxy < ST_MaxY(t.geom)
                    """)
            #expect(outside == ["0"], "\(table)")
        }
        // A spatial filter around Tijmlaan "hoek" (5.4801, 52.5101) finds that point only.
        let filtered = try ChildProcess.run(
            URL(fileURLWithPath: OgrInfo.path ?? "ogrinfo"), ["-q", "-spat", "5.48", "52.51", "5.481", "52.511", url.path, "check points"])
        #expect(filtered.stdout.contains("Tijmlaan \"hoek\"") && !filtered.stdout.contains("Kruizemunt"))
        // The triggers keep the index current under GDAL's edits.
        _ = try OgrInfo.values(url, sql: "DELETE FROM \"check points\" WHERE fid = 1")
        #expect(try OgrInfo.values(url, sql: "SELECT group_concat(id) FROM \"rtree_check points_geom\"") == ["2"])
    }

    @Test(.enabled(if: OgrInfo.isInstalled, "ogrinfo (gdal-bin) is not installed; run scripts/setup.sh --tests"))
    func dateTimeColumnsAreDateTimeForGDAL() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("times.gpkg")
        let feature = GeoPackageFeature(
            geometry: .point(Coordinate(longitude: 5.4721, latitude: 52.5079)), properties: ["observed_at": .text("2025-09-20T17:30:05Z")])
        try GeoPackage.write(
            to: url, tableName: "t", geometryTypeName: "POINT", crs: .wgs84, columns: [GeoPackageColumn("observed_at", .dateTime)],
            features: [feature])
        let info = try OgrInfo.run(url)
        #expect(info.errors.isEmpty, "ogrinfo said: \(info.errors)")
        #expect(info.output.contains("observed_at: DateTime"))
        // Stored in the form OGC 12-128 gives, which GDAL reads back to the second.
        #expect(try OgrInfo.values(url, sql: "SELECT CAST(observed_at AS TEXT) FROM t") == ["2025-09-20T17:30:05.000Z"])
        #expect(try GeoPackage.readLayer(at: url).columns == [GeoPackageColumn("observed_at", .dateTime)])
    }
}

@Suite struct GeoPackageTableFromFeaturesTests {
    /// Column types inferred from the values, worked out by hand: whole numbers → INTEGER, any fraction
    /// → REAL, any text, boolean or mix → TEXT; a column of only nulls stays INTEGER.
    @Test func columnsFollowTheValues() throws {
        let point = Geometry.point(Coordinate(longitude: 5.72, latitude: 52.52))
        let features = [
            Feature(geometry: point, properties: ["a": .number(1), "b": .number(1.5), "c": .string("x"), "d": .null, "e": .bool(true)]),
            Feature(geometry: point, properties: ["a": .number(2), "b": .number(2), "c": .number(3), "f": .null]),
        ]
        let table = GeoPackageTable(name: "t", geometryTypeName: "POINT", features: features)
        #expect(table.columns == [
            GeoPackageColumn("a", .integer), GeoPackageColumn("b", .real), GeoPackageColumn("c", .text),
            GeoPackageColumn("d", .integer), GeoPackageColumn("e", .text), GeoPackageColumn("f", .integer),
        ])
        let written = Array(table.features)
        #expect(written[0].properties.values.elementsEqual([.integer(1), .real(1.5), .text("x"), .null, .text("true"), .null]))
        #expect(written[1].properties.values.elementsEqual([.integer(2), .real(2), .text("3"), .null, .null, .null]))
    }
}
