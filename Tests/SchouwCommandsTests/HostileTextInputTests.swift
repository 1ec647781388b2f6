import Foundation
import SchouwTestSupport
import Testing

/// Hostile OpenStreetMap XML, GeoJSON and JSON files given to the built `schouw`: each is refused with
/// exit 1 and a message naming the file (Dutch by default), and nothing is written. The expected texts
/// are written out by hand; lines and columns are counted by hand in the fixtures.
@Suite struct HostileTextInputTests {
    let streets = TestPaths.geodata("streets.osm")
    /// Node 8 of the demo streets, on line 11 of `streets.osm` (the file is generated with a fixed seed).
    static let node8 = #"<node id="8" version="1" visible="true" lat="52.5170560" lon="5.7179628"/>"#

    /// The demo streets with `line` inserted after node 8 (so on line 12), as `name` in a fresh folder.
    func streetsWith(_ line: String, after anchor: String = node8, as name: String) throws -> URL {
        let text = try String(contentsOf: streets, encoding: .utf8)
        #expect(text.components(separatedBy: "\n")[10].contains(anchor), "node 8 moved in the demo data")
        return try TestPaths.temporaryFile(name, contents: text.replacingOccurrences(of: anchor, with: anchor + "\n " + line))
    }

    /// Runs `schouw plan` on `streetsFile` (and `extra` arguments) into a fresh folder; checks it stays empty
    /// unless the plan succeeds.
    func plan(_ streetsFile: URL, _ extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutput {
        let out = try TestPaths.temporaryDirectory()
        let result = try BuiltProducts.run(
            "schouw", ["plan", "--streets", streetsFile.path, "--start", "Tijmlaan", "--out", out.path] + extra)
        if result.status != 0 {
            let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? ["(unreadable)"]
            #expect(written.isEmpty, "a refused plan wrote \(written)", sourceLocation: sourceLocation)
        }
        #expect(!result.endedBySignal, sourceLocation: sourceLocation)
        return result
    }

    // MARK: OpenStreetMap XML

    @Test func aNodeIDGivenTwiceAtTwoPositionsIsRefused() throws {
        // Before, this planned a walk of 93 km through a node 40 km to the north, with exit 0.
        let file = try streetsWith(#"<node id="8" version="1" visible="true" lat="52.8870560" lon="5.7179628"/>"#, as: "dubbel.osm")
        let dutch = try plan(file)
        #expect(dutch.status == 1)
        #expect(
            dutch.stderr
                == "schouw plan: dubbel.osm: 1 id staat meer dan eens in het bestand, met verschillende inhoud: "
                + "node 8 (regels 11, 12: andere positie). Een id hoort bij één object: is het een bestand met geschiedenis, "
                + "of zijn extracten verkeerd samengevoegd?\n")
        let english = try plan(file, ["--lang", "en"])
        #expect(english.status == 1)
        #expect(
            english.stderr
                == "schouw plan: dubbel.osm: 1 id occurs more than once in the file, with different content: "
                + "node 8 (lines 11, 12: other position). An id belongs to one object: is this a history file, "
                + "or were extracts merged wrongly?\n")
    }

    @Test func anExactCopyOfANodeIsUsedOnceWithAWarning() throws {
        let file = try streetsWith(Self.node8, as: "kopie.osm")
        let copy = try plan(file)
        let original = try plan(streets)
        #expect(copy.status == 0)
        #expect(
            copy.stderr.hasPrefix(
                "waarschuwing: kopie.osm: regel 11: node 8 staat twee keer in het bestand (regels 11, 12), telkens gelijk; "
                    + "hij wordt één keer gebruikt\n"))
        // The same walk as without the copy: the summary lines that give lengths are equal.
        func lengths(_ stdout: String) -> [String] {
            stdout.split(separator: "\n").filter { $0.contains("straten om te lopen") || $0.contains("totaal gelopen") }.map(String.init)
        }
        #expect(lengths(copy.stdout).count == 2)
        #expect(lengths(copy.stdout) == lengths(original.stdout))
        #expect(!original.stderr.contains("waarschuwing"))
    }

    @Test(
        "a malformed value in an element is refused with its line",
        arguments: [
            (#"<node id="1" lat="nan" lon="5.7"/>"#, #"regel 3: node 1: lat "nan" is geen getal"#),
            (#"<node id="1" lat="52.5" lon="1e400"/>"#, #"regel 3: node 1: lon "1e400" is geen getal"#),
            (#"<node id="99999999999999999999" lat="52.5" lon="5.7"/>"#, #"regel 3: node: id "99999999999999999999" is geen geheel getal"#),
            (#"<node id="1" lat="-91" lon="5.7"/>"#, "regel 3: node 1: lat -91 valt buiten -90…90 graden"),
        ])
    func malformedValue(element: String, expected: String) throws {
        let file = try TestPaths.temporaryFile("waarden.osm", contents: "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n \(element)\n</osm>\n")
        let result = try plan(file)
        #expect(result.status == 1)
        #expect(result.stderr == "schouw plan: waarden.osm: \(expected)\n")
    }

    @Test func billionLaughsIsNotExpanded() throws {
        let entities = (1...9).map { level in
            let previous = Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(level)))
            return " <!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE osm [\n <!ENTITY a \"lol\">\n" + entities.joined() + "]>\n"
            + "<osm version=\"0.6\">\n <node id=\"1\" lat=\"52.5\" lon=\"5.7\"/>\n <node id=\"2\" lat=\"52.6\" lon=\"5.7\"/>\n"
            + " <way id=\"3\"><nd ref=\"1\"/><nd ref=\"2\"/><tag k=\"highway\" v=\"residential\"/><tag k=\"name\" v=\"&j;\"/></way>\n</osm>\n"
        let started = Date()
        let result = try plan(try TestPaths.temporaryFile("lachen.osm", contents: text))
        // Not a speed goal: a hang never ends. Loose, as the suite runs tests in parallel on two busy cores.
        #expect(Date().timeIntervalSince(started) < 120)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("schouw plan: lachen.osm: regel "))
        #expect(
            result.stderr.hasSuffix(
                ": XML-fout: entiteiten die naar elkaar verwijzen of zich tot een enorme tekst uitvouwen (een 'billion laughs'?); "
                    + "ze worden niet uitgevouwen\n"))
    }

    @Test func anExternalEntityIsNotRead() throws {
        let secret = try TestPaths.temporaryFile("geheim.txt", contents: "GEHEIM-7731")
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE osm [ <!ENTITY geheim SYSTEM \"\(secret.absoluteString)\"> ]>\n"
            + "<osm version=\"0.6\">\n <node id=\"1\" lat=\"52.5\" lon=\"5.7\"/>\n <node id=\"2\" lat=\"52.6\" lon=\"5.7\"/>\n"
            + " <way id=\"3\"><nd ref=\"1\"/><nd ref=\"2\"/><tag k=\"highway\" v=\"residential\"/><tag k=\"name\" v=\"&geheim;\"/></way>\n</osm>\n"
        let result = try plan(try TestPaths.temporaryFile("extern.osm", contents: text))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("schouw plan: extern.osm: regel 6, kolom "))
        #expect(result.stderr.hasSuffix(": XML-fout: een verwijzing naar een externe entiteit; die wordt niet gelezen\n"))
        #expect(!(result.stdout + result.stderr).contains("GEHEIM"))
    }

    @Test func deepNestingIsNoCrash() throws {
        let text = "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n" + String(repeating: "<a>", count: 100_000)
            + String(repeating: "</a>", count: 100_000) + "\n</osm>\n"
        let result = try plan(try TestPaths.temporaryFile("diep.osm", contents: text))
        #expect(result.status == 1)
        #expect(result.stderr == "schouw plan: diep.osm: geen beloopbare straten gevonden (highway-ways van de beloopbare soorten; zie --highways)\n")
    }

    // MARK: GeoJSON and JSON

    /// Runs `schouw heatmap --points` on `json` saved as `name`; the heatmap must not be written.
    func heatmap(_ json: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutput {
        let out = try TestPaths.temporaryDirectory().appendingPathComponent("heatmap.geojson")
        let result = try BuiltProducts.run("schouw", ["heatmap", "--points", try TestPaths.temporaryFile(name, contents: json).path, "--out", out.path])
        #expect(!FileManager.default.fileExists(atPath: out.path), sourceLocation: sourceLocation)
        return result
    }

    @Test(
        "hostile GeoJSON points are refused naming the file and the place",
        arguments: [
            (
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5.72,52.52]}},"#
                    + #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5.72,52.52],"coordinates":[5.0,51.0]}}]}"#,
                #"features[1].geometry: het lid "coordinates" staat twee keer in dit object; een naam mag maar één keer voorkomen"#
            ),
            (#"{"type":"Point","coordinates":[NaN,52]}"#, "regel 1, kolom 32: geen geldige JSON: verwacht een waarde, gevonden teken 'N'"),
            (#"{"type":"Point","coordinates":[1e400,52]}"#, "coordinates[0]: een coördinaat moet een eindig getal zijn"),
            (String(repeating: "[", count: 100_000), "regel 1, kolom 513: geen geldige JSON: dieper genest dan 512 niveaus"),
            (
                #"{"type":"FeatureCollection","features":[],"features":[]}"#,
                #"hoogste niveau: het lid "features" staat twee keer in dit object; een naam mag maar één keer voorkomen"#
            ),
        ])
    func hostileGeoJSON(json: String, expected: String) throws {
        let result = try heatmap(json, "punten.geojson")
        #expect(result.status == 1)
        #expect(result.stderr == "schouw heatmap: punten.geojson: \(expected)\n")
    }

    /// A buurt file with one square around the demo streets and the given properties and crs member.
    func buurten(properties: String, crs: String = "") -> String {
        #"{"type":"FeatureCollection","# + crs + #""features":[{"type":"Feature","properties":{"# + properties + "},"
            + #""geometry":{"type":"Polygon","coordinates":[[[5.70,52.50],[5.74,52.50],[5.74,52.53],[5.70,52.53],[5.70,52.50]]]}}]}"#
    }

    @Test func aBuurtPropertyGivenTwiceIsRefused() throws {
        let area = try TestPaths.temporaryFile("buurten.geojson", contents: buurten(properties: #""buurtcode":"BU1","buurtnaam":"Noord","buurtcode":"BU2""#))
        let result = try plan(streets, ["--area", area.path, "--area-code", "BU1"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasSuffix(
                #"schouw plan: buurten.geojson: features[0].properties: het lid "buurtcode" staat twee keer in dit object; "#
                    + "een naam mag maar één keer voorkomen\n"))
    }

    @Test func anUnknownEPSGCodeInAnAreaFileNamesTheFile() throws {
        let area = try TestPaths.temporaryFile(
            "wijken.geojson",
            contents: buurten(properties: #""buurtcode":"BU1""#, crs: #""crs":{"type":"name","properties":{"name":"EPSG:999999"}},"#))
        let result = try plan(streets, ["--area", area.path, "--area-code", "BU1", "--lang", "en"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasSuffix(
                #"schouw plan: wijken.geojson: crs.properties.name: unknown crs name "EPSG:999999"; "#
                    + #"expected a name like "urn:ogc:def:crs:EPSG::28992" or "EPSG:28992" that PROJ knows"# + "\n"))
    }

    @Test func aTaxonomyWithAMemberGivenTwiceCreatesNoDatabase() throws {
        let folder = try TestPaths.temporaryDirectory()
        let taxonomy = folder.appendingPathComponent("taxonomie.json")
        try Data(#"{"name":"x","name":"y","version":1,"levels":{},"categories":[]}"#.utf8).write(to: taxonomy)
        let database = folder.appendingPathComponent("k.schouw")
        let result = try BuiltProducts.run(
            "schouw", ["init", database.path, "--name", "Schouw", "--date", "2025-09-20", "--taxonomy", taxonomy.path])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "schouw init: \(taxonomy.path) is geen geldige taxonomie: regel 1, kolom 13: geen geldige JSON: "
                + #"het lid "name" staat twee keer in het object op het hoogste niveau"# + "\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taxonomie.json"])
    }
}
