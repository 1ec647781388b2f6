import Foundation
import SchouwTestSupport
import Testing

/// The built binary, run as a user would: one case per exit code, and the errors of `plan`, `group`,
/// `heatmap` and `export` in Dutch (the default) and English, each naming the file. The expected texts
/// are written out here by hand.
@Suite
struct ExitCodeTests {
    let streets = TestPaths.geodata.appendingPathComponent("streets.osm").path
    let observations = TestPaths.geodata.appendingPathComponent("observations.geojson").path

    func write(_ text: String, _ name: String) throws -> String {
        let url = try TestPaths.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    // MARK: One case per exit code

    @Test func missingStreetFileIsBadInputExit1() throws {
        let folder = try TestPaths.temporaryDirectory()
        let missing = folder.appendingPathComponent("weg.osm").path
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", missing, "--start", "Tijmlaan", "--out", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr == "schouw plan: weg.osm: kan het bestand niet lezen: bestand bestaat niet (\(missing))\n")
    }

    /// PROJ without its database (`proj.db`) cannot transform at all: that is a library failure, not the
    /// user's input, so it is internal (3). An EPSG code PROJ's database lacks is bad input (1): see
    /// `heatmapErrorsNameTheFileInBothLanguages`.
    @Test func projWithoutItsDatabaseIsAnInternalFailureExit3() throws {
        let folder = try TestPaths.temporaryDirectory()
        let emptyProjData = folder.appendingPathComponent("proj-data")
        try FileManager.default.createDirectory(at: emptyProjData, withIntermediateDirectories: true)
        let result = try BuiltProducts.run("schouw", 
            ["plan", "--streets", streets, "--start", "Tijmlaan", "--out", folder.appendingPathComponent("plan").path],
            environment: ["PROJ_DATA": emptyProjData.path, "PROJ_LIB": emptyProjData.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("schouw plan: interne fout: PROJ: no transformation from EPSG:4326 to EPSG:28992"))
        let english = try BuiltProducts.run("schouw", 
            ["plan", "--streets", streets, "--start", "Tijmlaan", "--out", folder.appendingPathComponent("plan").path, "--lang", "en"],
            environment: ["PROJ_DATA": emptyProjData.path, "PROJ_LIB": emptyProjData.path])
        #expect(english.status == 3)
        #expect(english.stderr.contains("schouw plan: internal failure: PROJ: no transformation from EPSG:4326 to EPSG:28992"))
    }

    @Test func unknownOptionIsAUsageErrorExit64() throws {
        let folder = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Tijmlaan", "--out", folder.path, "--bogus"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: Unknown option '--bogus'"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("route.geojson").path))
    }

    @Test func badOptionValueIsAUsageErrorExit64() throws {
        let folder = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run("schouw", [
            "heatmap", "--points", observations, "--kernel", "gauss", "--out", folder.appendingPathComponent("h.geojson").path,
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'quartic', 'triangular', 'uniform', 'triweight' or 'epanechnikov'"))
    }

    @Test func trustedProxyMustBeAnAddressExit64() throws {
        let result = try BuiltProducts.run("schouw", ["serve", "nowhere.schouw", "--trusted-proxy", "proxy.example"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--trusted-proxy takes an IP address such as 127.0.0.1 or ::1, not 'proxy.example'"))
    }

    // MARK: Messages in Dutch and English, naming the file

    @Test func planErrorsNameTheFileInBothLanguages() throws {
        let cut = try write("<osm version=\"0.6\">\n<node id=\"1\" lat=\"52.5\" lon=\"5.7\"/>\n<way id=\"2\">", "cut.osm")
        let out = try TestPaths.temporaryDirectory().path
        let dutch = try BuiltProducts.run("schouw", ["plan", "--streets", cut, "--start", "Tijmlaan", "--out", out])
        #expect(dutch.status == 1)
        #expect(
            dutch.stderr == "schouw plan: cut.osm: regel 3, kolom 13: XML-fout: het bestand eindigt binnen <way> "
                + "(geopend op regel 3); is het afgekapt?\n")
        let english = try BuiltProducts.run("schouw", ["plan", "--streets", cut, "--start", "Tijmlaan", "--out", out, "--lang", "en"])
        #expect(english.status == 1)
        #expect(
            english.stderr == "schouw plan: cut.osm: line 3, column 13: XML error: the file ends inside <way> "
                + "(opened on line 3); is it truncated?\n")
    }

    @Test func planInputErrorsOnceEnglishOnlyAreDutchByDefault() throws {
        let out = try TestPaths.temporaryDirectory().path
        let far = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "5.7220,52.54", "--out", out])
        #expect(far.status == 1)
        #expect(far.stderr.contains("schouw plan: het startpunt ligt "))
        #expect(far.stderr.contains(" m van de dichtstbijzijnde straat; dat mag hoogstens 500 m zijn\n"))
        let typo = try BuiltProducts.run("schouw", ["plan", "--streets", streets, "--start", "Tijmlan", "--out", out])
        #expect(typo.status == 1)
        #expect(typo.stderr.hasSuffix("schouw plan: geen straat 'Tijmlan' in het netwerk; bedoelde u 'Tijmlaan'?\n"))
    }

    @Test func groupErrorsNameTheFileInBothLanguages() throws {
        let areas = try write(
            """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"naam":"Noord"},
            "geometry":{"type":"Polygon","coordinates":[[[5.70,52.50],[5.73,52.50],[5.73,52.53],[5.70,52.53],[5.70,52.50]]]}}]}
            """, "wijken.geojson")
        let out = try TestPaths.temporaryDirectory().path
        let dutch = try BuiltProducts.run("schouw", ["group", "--areas", areas, "--points", observations, "--out", out])
        #expect(dutch.status == 1)
        #expect(
            dutch.stderr == "schouw group: wijken.geojson: object 0 heeft geen buurtcode; verwacht een van de velden "
                + "BU_CODE, buurtcode, statcode, code (gevonden: naam)\n")
        let english = try BuiltProducts.run("schouw", ["group", "--areas", areas, "--points", observations, "--out", out, "--lang", "en"])
        #expect(english.status == 1)
        #expect(
            english.stderr == "schouw group: wijken.geojson: feature 0 has no buurt code; expected one of the fields "
                + "BU_CODE, buurtcode, statcode, code (found: naam)\n")
    }

    @Test func heatmapErrorsNameTheFileInBothLanguages() throws {
        let points = try write(
            """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:99999"}},
            "features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[177724,503478]}}]}
            """, "punten.geojson")
        let out = try TestPaths.temporaryDirectory().appendingPathComponent("heatmap.geojson").path
        let dutch = try BuiltProducts.run("schouw", ["heatmap", "--points", points, "--out", out])
        #expect(dutch.status == 1)
        #expect(
            dutch.stderr == #"schouw heatmap: punten.geojson: crs.properties.name: onbekend coördinatenstelsel "EPSG:99999"; "#
                + #"verwacht een naam als "urn:ogc:def:crs:EPSG::28992" of "EPSG:28992" die PROJ kent"# + "\n")
        let english = try BuiltProducts.run("schouw", ["heatmap", "--points", points, "--out", out, "--lang", "en"])
        #expect(english.status == 1)
        #expect(
            english.stderr == #"schouw heatmap: punten.geojson: crs.properties.name: unknown crs name "EPSG:99999"; "#
                + #"expected a name like "urn:ogc:def:crs:EPSG::28992" or "EPSG:28992" that PROJ knows"# + "\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func exportErrorsNameTheFileInBothLanguages() throws {
        let folder = try TestPaths.temporaryDirectory()
        let database = folder.appendingPathComponent("k.schouw").path
        #expect(try BuiltProducts.run("schouw", ["init", database, "--name", "Buurtschouw Kruizemunt", "--date", "2017-07-10"]).status == 0)
        let out = folder.appendingPathComponent("nergens/bevindingen.geojson").path
        let dutch = try BuiltProducts.run("schouw", ["export", database, "--format", "geojson", "--out", out])
        #expect(dutch.status == 1)
        #expect(dutch.stderr == "schouw export: \(out): bestaat niet (of de map waarin het hoort te staan niet)\n")
        let english = try BuiltProducts.run("schouw", ["export", database, "--format", "geojson", "--out", out, "--lang", "en"])
        #expect(english.status == 1)
        #expect(english.stderr == "schouw export: \(out): does not exist (or its folder does not)\n")
        let notADatabase = try write("geen database", "notities.schouw")
        let english2 = try BuiltProducts.run("schouw", ["export", notADatabase, "--format", "csv", "--out", out, "--lang", "en"])
        #expect(english2.status == 1)
        #expect(english2.stderr == "schouw export: cannot open \(notADatabase) as a schouw database (SQLite: file is not a database)\n")
    }
}
