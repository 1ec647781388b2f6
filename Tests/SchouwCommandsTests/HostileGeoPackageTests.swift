import Foundation
import GRDB
import SchouwFormats
import SchouwGeometry
import SchouwTestSupport
import Testing

/// GeoPackages that are not what they claim, given to the built `schouw` as `--area`, `--areas` or
/// `--points`: each is refused within seconds with exit 1 and a Dutch message naming the file, and no
/// output or database is made or changed. Expected texts are written out by hand; geometry blobs are
/// written out byte by byte (OGC 12-128 section 2.1.3 and the WKB layout).
@Suite struct HostileGeoPackageTests {
    let streets = TestPaths.geodata("streets.osm").path

    /// The demo buurten as a GeoPackage made by the project's own writer (layer `buurten`, WGS84, fid 1 is
    /// BU03039901, fid 2 BU03039902), saved as `name` in a fresh folder.
    static func realGeoPackage(_ name: String) throws -> URL {
        let document = try GeoJSON.read(contentsOf: TestPaths.geodata("buurten.geojson"))
        let features = document.features.map { feature in
            GeoPackageFeature(
                geometry: feature.geometry.map { .multiPolygon($0.polygons) },
                properties: [
                    "buurtcode": .text(feature.properties["buurtcode"]?.stringValue ?? ""),
                    "buurtnaam": .text(feature.properties["buurtnaam"]?.stringValue ?? ""),
                ])
        }
        let url = try TestPaths.temporaryDirectory().appendingPathComponent(name)
        try GeoPackage.write(
            to: url, tableName: "buurten", geometryTypeName: "MULTIPOLYGON", crs: .wgs84,
            columns: [GeoPackageColumn("buurtcode", .text), GeoPackageColumn("buurtnaam", .text)], features: features)
        return url
    }

    /// The real GeoPackage with `sql` run on it (foreign keys off, as a careless tool would leave them;
    /// the spatial index triggers dropped first, since they call GDAL's `ST_` functions plain SQLite lacks).
    static func alteredGeoPackage(_ name: String, _ sql: String) throws -> URL {
        let url = try realGeoPackage(name)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        let dropTriggers = ["insert", "update1", "update2", "update3", "update4", "delete"]
            .map { "DROP TRIGGER rtree_buurten_geom_\($0);" }.joined()
        try queue.writeWithoutTransaction { try $0.execute(sql: dropTriggers + sql) }
        try queue.close()
        return url
    }

    /// SQL that makes the view `name` (already created) the only feature layer.
    static func onlyLayer(_ name: String) -> String {
        """
        DELETE FROM gpkg_geometry_columns; DELETE FROM gpkg_contents;
        INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('\(name)', 'features', '\(name)', 4326);
        INSERT INTO gpkg_geometry_columns VALUES ('\(name)', 'geom', 'MULTIPOLYGON', 4326, 0, 0);
        """
    }

    /// One hostile GeoPackage: how to make it and the message (after "schouw plan: ") it must give.
    enum Trap: String, CaseIterable, Sendable {
        case zeroBytes, textFile, truncated, noContentsTable, noFeatureLayer, layerTableMissing
        case blobWithoutMagic, blobWithShortEnvelope, wkbClaimingTwoBillionRings, wkbWithNaN, wkbWithHugeCoordinate, geometryIsAnInteger
        case textInAnIntegerColumn, unknownEPSGCode, hugeValueInAView, viewCallingAMissingFunction, circularView

        var fileName: String { rawValue + ".gpkg" }

        /// The prefix of "object N" messages for this file.
        var feature: String { "\(fileName), laag buurten, object" }

        func make() throws -> URL {
            switch self {
            case .zeroBytes:
                return try TestPaths.temporaryFile(fileName, contents: "")
            case .textFile:
                return try TestPaths.temporaryFile(fileName, contents: "buurtcode;buurtnaam\nBU03039901;Kruidentuin-Noord\n")
            case .truncated:
                let real = try HostileGeoPackageTests.realGeoPackage("heel.gpkg")
                let url = real.deletingLastPathComponent().appendingPathComponent(fileName)
                try Data(try Data(contentsOf: real).prefix(4096)).write(to: url)
                return url
            case .noContentsTable:
                let url = try TestPaths.temporaryDirectory().appendingPathComponent(fileName)
                let queue = try DatabaseQueue(path: url.path)
                try queue.write { try $0.execute(sql: "CREATE TABLE buurten (fid INTEGER PRIMARY KEY, geom BLOB, buurtcode TEXT)") }
                try queue.close()
                return url
            case .noFeatureLayer:
                return try HostileGeoPackageTests.alteredGeoPackage(fileName, "UPDATE gpkg_contents SET data_type = 'attributes'")
            case .layerTableMissing:
                return try HostileGeoPackageTests.alteredGeoPackage(fileName, "DROP TABLE buurten")
            case .blobWithoutMagic:
                return try HostileGeoPackageTests.alteredGeoPackage(fileName, "UPDATE buurten SET geom = X'DEADBEEF' WHERE fid = 2")
            case .blobWithShortEnvelope:
                // "GP", version 0, flags 3 (little-endian, xy envelope of 32 bytes), srs 4326; then only 4 bytes.
                return try HostileGeoPackageTests.alteredGeoPackage(fileName, "UPDATE buurten SET geom = X'47500003E6100000DEADBEEF' WHERE fid = 2")
            case .wkbClaimingTwoBillionRings:
                // No envelope (flags 1); WKB little-endian Polygon (3) with 0x7FFFFFFF rings and no bytes after.
                return try HostileGeoPackageTests.alteredGeoPackage(fileName, "UPDATE buurten SET geom = X'47500001E61000000103000000FFFFFF7F' WHERE fid = 2")
            case .wkbWithNaN:
                // Polygon, 1 ring of 4 points: (5 52) (6 52) (NaN 53) (5 52), doubles little-endian.
                let points = "0000000000001440" + "0000000000004A40" + "0000000000001840" + "0000000000004A40"
                    + "000000000000F87F" + "0000000000804A40" + "0000000000001440" + "0000000000004A40"
                return try HostileGeoPackageTests.alteredGeoPackage(
                    fileName, "UPDATE buurten SET geom = X'47500001E6100000" + "01030000000100000004000000" + points + "' WHERE fid = 1")
            case .wkbWithHugeCoordinate:
                // As above with (1e300 53) for the third point.
                let points = "0000000000001440" + "0000000000004A40" + "0000000000001840" + "0000000000004A40"
                    + "9C7500883CE4377E" + "0000000000804A40" + "0000000000001440" + "0000000000004A40"
                return try HostileGeoPackageTests.alteredGeoPackage(
                    fileName, "UPDATE buurten SET geom = X'47500001E6100000" + "01030000000100000004000000" + points + "' WHERE fid = 1")
            case .geometryIsAnInteger:
                return try HostileGeoPackageTests.alteredGeoPackage(fileName, "UPDATE buurten SET geom = 42 WHERE fid = 2")
            case .textInAnIntegerColumn:
                return try HostileGeoPackageTests.alteredGeoPackage(fileName, "UPDATE gpkg_geometry_columns SET srs_id = 'vier'")
            case .unknownEPSGCode:
                return try HostileGeoPackageTests.alteredGeoPackage(
                    fileName, "UPDATE gpkg_spatial_ref_sys SET organization_coordsys_id = 999999 WHERE srs_id = 4326")
            case .hugeValueInAView:
                return try HostileGeoPackageTests.alteredGeoPackage(
                    fileName,
                    "CREATE VIEW bom AS SELECT 1 AS fid, zeroblob(500000000) AS geom, 'BU03039901' AS buurtcode;" + HostileGeoPackageTests.onlyLayer("bom"))
            case .viewCallingAMissingFunction:
                return try HostileGeoPackageTests.alteredGeoPackage(
                    fileName,
                    "CREATE VIEW gebufferd AS SELECT fid, ST_Buffer(geom, 10) AS geom, buurtcode FROM buurten;"
                        + HostileGeoPackageTests.onlyLayer("gebufferd"))
            case .circularView:
                return try HostileGeoPackageTests.alteredGeoPackage(
                    fileName,
                    "CREATE VIEW kring AS SELECT 1 AS fid; DROP VIEW kring; CREATE VIEW kring AS SELECT * FROM kring;"
                        + HostileGeoPackageTests.onlyLayer("kring"))
            }
        }

        var expected: String {
            switch self {
            case .zeroBytes: "\(fileName): geen GeoPackage (het bestand is leeg)"
            case .textFile: "\(fileName): geen GeoPackage (het is geen SQLite-database)"
            case .truncated:
                "\(fileName): kan de GeoPackage niet lezen: het bestand is beschadigd of afgekapt (SQLite: database disk image is malformed)"
            case .noContentsTable: "\(fileName): geen GeoPackage (tabel gpkg_contents ontbreekt)"
            case .noFeatureLayer: "\(fileName): geen laag met objecten (gpkg_contents noemt geen tabel met data_type 'features')"
            case .layerTableMissing: "\(fileName): kan de GeoPackage niet lezen: gpkg_contents noemt laag 'buurten', maar die tabel ontbreekt"
            case .blobWithoutMagic: #"\#(feature) 2: geen GeoPackage-geometrie: de blob begint niet met "GP""#
            case .blobWithShortEnvelope: "\(feature) 2: GeoPackage-geometrie is afgekapt"
            case .wkbClaimingTwoBillionRings: "\(feature) 2: ongeldige WKB (GEOS: "
            case .wkbWithNaN: "\(feature) 1: coördinaat (nan, 53.0) is geen eindig getal"
            case .wkbWithHugeCoordinate:
                "\(fileName): object 0 (BU03039901 Kruidentuin-Noord): coördinaat (1e+300, 53.0) in EPSG:4326 valt buiten het gebied "
                    + "van EPSG:28992 en kan niet omgerekend worden; klopt het coördinatenstelsel van het bestand?"
            case .geometryIsAnInteger: "\(feature) 2: de geometrie is een geheel getal, geen GeoPackage-blob"
            case .textInAnIntegerColumn:
                #"\#(fileName): kan de GeoPackage niet lezen: gpkg_geometry_columns.srs_id is een tekst ("vier"), dat past daar niet"#
            case .unknownEPSGCode:
                "\(fileName): laag 'buurten' is in EPSG:999999, dat PROJ niet kent; gebruik bijvoorbeeld EPSG:28992 (RD New) of EPSG:4326 (WGS84)"
            case .hugeValueInAView:
                "\(fileName): kan de GeoPackage niet lezen: een waarde is groter dan 256 MB (SQLite: string or blob too big)"
            case .viewCallingAMissingFunction: "\(fileName): kan de GeoPackage niet lezen: SQLite: no such function: ST_Buffer"
            case .circularView: "\(fileName): kan de GeoPackage niet lezen: SQLite: view kring is circularly defined"
            }
        }
    }

    @Test("a hostile GeoPackage as --area is refused, naming the file", arguments: Trap.allCases)
    func hostileArea(_ trap: Trap) throws {
        let area = try trap.make()
        let out = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run(
            "schouw", ["plan", "--streets", streets, "--area", area.path, "--area-code", "BU03039901", "--start", "Tijmlaan", "--out", out.path])
        #expect(result.status == 1)
        #expect(!result.endedBySignal)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        // The buurt is read before the streets, so nothing else is said.
        #expect(lines.count == 2, "the error and the final newline: \(result.stderr)")
        let message = lines.dropLast().last.map(String.init) ?? ""
        if trap == .wkbClaimingTwoBillionRings {
            #expect(message.hasPrefix("schouw plan: " + trap.expected))
        } else {
            #expect(message == "schouw plan: " + trap.expected)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    /// A layer that is a recursive view without end: the reader gives up after 5 s.
    static func endlessView() throws -> URL {
        try alteredGeoPackage(
            "eindeloos.gpkg",
            """
            CREATE VIEW eindeloos AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
            SELECT n AS fid, NULL AS geom, 'BU' || n AS buurtcode FROM r;
            """ + onlyLayer("eindeloos"))
    }

    static let endlessMessage =
        "eindeloos.gpkg: laag 'eindeloos' gaf binnen 5 s geen antwoord; is het een view die niet eindigt? "
        + "Een laag moet een tabel zijn, of een view die snel antwoordt"

    @Test func aRecursiveViewDoesNotHangPlan() throws {
        let area = try Self.endlessView()
        let out = try TestPaths.temporaryDirectory()
        let started = Date()
        let result = try BuiltProducts.run(
            "schouw", ["plan", "--streets", streets, "--area", area.path, "--area-code", "BU1", "--start", "Tijmlaan", "--out", out.path])
        // Not a speed goal: a hang never ends. Loose, as the suite runs tests in parallel on two busy cores.
        #expect(Date().timeIntervalSince(started) < 120)
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("schouw plan: " + Self.endlessMessage + "\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func aRecursiveViewCreatesNoDatabase() throws {
        let area = try Self.endlessView()
        let folder = try TestPaths.temporaryDirectory()
        let database = folder.appendingPathComponent("k.schouw")
        let started = Date()
        let result = try BuiltProducts.run(
            "schouw", ["init", database.path, "--name", "Schouw", "--date", "2025-09-20", "--area", area.path, "--area-code", "BU1"])
        // Not a speed goal: a hang never ends. Loose, as the suite runs tests in parallel on two busy cores.
        #expect(Date().timeIntervalSince(started) < 120)
        #expect(result.status == 1)
        #expect(result.stderr == "schouw init: " + Self.endlessMessage + "\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aViewThatAnswersInTimeIsALayer() throws {
        let area = try Self.alteredGeoPackage("weergave.gpkg", "CREATE VIEW weergave AS SELECT * FROM buurten;" + Self.onlyLayer("weergave"))
        let out = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run(
            "schouw", ["plan", "--streets", streets, "--area", area.path, "--area-code", "BU03039901", "--start", "Tijmlaan", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Kruidentuin-Noord (BU03039901)"))
    }

    @Test func aTextFileCreatesNoDatabaseInEnglish() throws {
        let area = try Trap.textFile.make()
        let folder = try TestPaths.temporaryDirectory()
        let database = folder.appendingPathComponent("k.schouw")
        let result = try BuiltProducts.run(
            "schouw",
            ["init", database.path, "--name", "Schouw", "--date", "2025-09-20", "--area", area.path, "--area-code", "BU03039901", "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stderr == "schouw init: textFile.gpkg: not a GeoPackage (it is not an SQLite database)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func groupAndHeatmapRefuseADamagedFileAndLeaveTheDatabaseAlone() throws {
        let folder = try TestPaths.temporaryDirectory()
        let database = folder.appendingPathComponent("k.schouw")
        #expect(try BuiltProducts.run("schouw", ["init", database.path, "--name", "Schouw", "--date", "2025-09-20"]).status == 0)
        let before = try Data(contentsOf: database)
        let truncated = try Trap.truncated.make()
        let out = folder.appendingPathComponent("uit")
        let group = try BuiltProducts.run("schouw", ["group", "--db", database.path, "--areas", truncated.path, "--out", out.path])
        #expect(group.status == 1)
        #expect(group.stderr == "schouw group: " + Trap.truncated.expected + "\n")
        let heatmap = try BuiltProducts.run(
            "schouw", ["heatmap", "--points", truncated.path, "--out", folder.appendingPathComponent("h.geojson").path, "--lang", "en"])
        #expect(heatmap.status == 1)
        #expect(
            heatmap.stderr
                == "schouw heatmap: truncated.gpkg: cannot read the GeoPackage: the file is damaged or truncated (SQLite: database disk image is malformed)\n")
        #expect(try Data(contentsOf: database) == before)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("h.geojson").path))
    }
}
