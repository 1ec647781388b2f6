import Foundation
import SchouwStore
import SchouwTestSupport
import Testing

/// `schouw observe import DB FILE.gpx` through the built binary: waypoints from phones with and
/// without `--category`, and GPX files that must be refused without changing the database.
@Suite struct GPXImportTests {
    /// A schouw database (no area, so every point in the Netherlands is accepted) holding one finding.
    func seededDatabase() throws -> (folder: URL, database: String) {
        let folder = try TestPaths.temporaryDirectory()
        let database = folder.appendingPathComponent("k.schouw").path
        let created = try BuiltProducts.run("schouw", ["init", database, "--name", "Buurtschouw Kruidentuin", "--date", "2025-09-20"])
        #expect(created.status == 0, "\(created.stderr)")
        let added = try BuiltProducts.run("schouw", [
            "observe", "add", database, "--category", "groen", "--text", "Onkruid", "--at", "5.7220,52.5185",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        return (folder, database)
    }

    func write(_ contents: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// Every stored observation, removed ones too, with all its fields. (The file's bytes are no measure:
    /// opening the database rewrites its header even when nothing is stored.)
    func storedObservations(_ database: String) throws -> [Observation] {
        try SchouwDatabase.open(at: URL(fileURLWithPath: database)).observations(ObservationFilter(includeRemoved: true))
    }

    /// The stored observations other than the seeded one, in file order.
    func imported(_ database: String) throws -> [Observation] {
        try SchouwDatabase.open(at: URL(fileURLWithPath: database)).observations()
            .filter { $0.sourceFile != "cli" }
            .sorted { ($0.sourceLine ?? 0) < ($1.sourceLine ?? 0) }
    }

    // MARK: Phone GPX

    /// OsmAnd-style favourites: GPX 1.1, names in the walker's words, one `<type>`, one name that is a
    /// category. `<wpt>` elements start on lines 4, 11, 18 and 24.
    let phone = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gpx version="1.1" creator="OsmAnd~ 4.8.6" xmlns="http://www.topografix.com/GPX/1/1" xmlns:osmand="https://osmand.net">
          <metadata><name>favourites</name><time>2025-09-20T18:05:00Z</time></metadata>
          <wpt lat="52.5185000" lon="5.7220000">
            <ele>-3.4</ele>
            <time>2025-09-20T17:31:05Z</time>
            <name>Zwerfvuil bij de speeltuin</name>
            <desc>Veel blikjes en een kapotte fles</desc>
            <extensions><osmand:color>#b4eecc00</osmand:color></extensions>
          </wpt>
          <wpt lat="52.5190000" lon="5.7230000">
            <ele>-3.1</ele>
            <time>2025-09-20T19:44:30.6+02:00</time>
            <name>Losse tegel bij nr. 12!</name>
            <cmt>Losse tegel bij nr. 12!</cmt>
            <desc>Struikelgevaar</desc>
          </wpt>
          <wpt lat="52.5195000" lon="5.7240000">
            <time>2025-09-20T17:50:00Z</time>
            <name>Lantaarnpaal</name>
            <type>verlichting</type>
            <desc>Lamp brandt overdag</desc>
          </wpt>
          <wpt lat="52.5200000" lon="5.7250000">
            <name>Zwerfvuil</name>
          </wpt>
        </gpx>

        """

    @Test func phoneWaypointsGetTheGivenCategoryAndKeepTheirWords() throws {
        let (folder, database) = try seededDatabase()
        let file = try write(phone, "telefoon.gpx", in: folder)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, file, "--category", "afval"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "4 waarneming(en) geïmporteerd\n")
        let rows = try imported(database)
        #expect(rows.map(\.sourceLine) == [4, 11, 18, 24])
        #expect(rows.map(\.category) == ["afval", "afval", "verlichting", "afval"])
        // "Zwerfvuil" is a subcategory name, so that waypoint keeps its own category.
        #expect(rows.map(\.subcategory) == [nil, nil, nil, "zwerfvuil"])
        #expect(rows.map(\.text) == [
            "Zwerfvuil bij de speeltuin. Veel blikjes en een kapotte fles",
            "Losse tegel bij nr. 12! Struikelgevaar",
            "Lantaarnpaal. Lamp brandt overdag",
            "",
        ])
        // 19:44:30.6 at +02:00 is 17:44:30.6 UTC, stored to the whole second.
        #expect(rows.map(\.observedAt) == ["2025-09-20T17:31:05Z", "2025-09-20T17:44:30Z", "2025-09-20T17:50:00Z", nil])
        #expect(rows.map(\.lat) == [52.5185, 52.519, 52.5195, 52.52])
        #expect(rows.map(\.lon) == [5.722, 5.723, 5.724, 5.725])
        #expect(rows.allSatisfy { $0.locationSource == .gpx && $0.sourceFile == "telefoon.gpx" })
    }

    @Test func phoneWaypointsWithoutCategoryAreRefusedSayingWhatToGive() throws {
        let (folder, database) = try seededDatabase()
        let file = try write(phone, "telefoon.gpx", in: folder)
        let before = try storedObservations(database)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            schouw observe import: 2 fout(en) in de invoer; er is niets veranderd:
              telefoon.gpx, regel 4, veld 'name': 'Zwerfvuil bij de speeltuin' is geen categorie; geef --category CODE om alle punten zonder categorie die categorie te geven
              telefoon.gpx, regel 11, veld 'name': 'Losse tegel bij nr. 12!' is geen categorie; geef --category CODE om alle punten zonder categorie die categorie te geven

            """)
        #expect(try storedObservations(database) == before)
        #expect(try imported(database).isEmpty)
        let english = try BuiltProducts.run("schouw", ["observe", "import", database, file, "--lang", "en"])
        #expect(english.stderr.contains(
            "telefoon.gpx, line 4, field 'name': 'Zwerfvuil bij de speeltuin' is not a category; give --category CODE to give every point without a category that category"))
    }

    @Test func gpx10WithTypeAndURLAndACategoryGivenByItsSubcategory() throws {
        // GPSBabel's GPX 1.0: <url> instead of <link>, <sym> and <type>. `--category graffiti` names a
        // subcategory, which fixes the category too.
        let gpx = """
            <?xml version="1.0"?>
            <gpx version="1.0" creator="GPSBabel - https://www.gpsbabel.org" xmlns="http://www.topografix.com/GPX/1/0">
            <time>2025-09-20T18:00:00Z</time>
            <wpt lat="52.518600" lon="5.722100">
              <time>2025-09-20T17:05:00Z</time>
              <name>Hondenpoep op de stoep</name>
              <desc>Hondenpoep op de stoep bij de school</desc>
              <sym>Flag</sym>
              <type>dieren</type>
            </wpt>
            <wpt lat="52.518700" lon="5.722200">
              <name>Graffiti op trafohuisje</name>
              <url>https://example.org/foto/7</url>
            </wpt>
            </gpx>

            """
        let (folder, database) = try seededDatabase()
        let file = try write(gpx, "oud.gpx", in: folder)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, file, "--category", "graffiti"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try imported(database)
        #expect(rows.map(\.sourceLine) == [4, 11])
        #expect(rows.map(\.category) == ["dieren", "graffiti_vandalisme"])
        #expect(rows.map(\.subcategory) == [nil, "graffiti"])
        // The name is part of the description, so it is not repeated.
        #expect(rows.map(\.text) == ["Hondenpoep op de stoep bij de school", "Graffiti op trafohuisje"])
        #expect(rows.map(\.observedAt) == ["2025-09-20T17:05:00Z", nil])
    }

    @Test func waypointsThatAllHaveATypeNeedNoCategoryOption() throws {
        let gpx = """
            <gpx version="1.1" creator="Locus Map" xmlns="http://www.topografix.com/GPX/1/1">
            <wpt lat="52.5185" lon="5.7220"><time>2025-09-20T17:00:00Z</time><name>Bankje stuk</name><type>Straatmeubilair</type></wpt>
            <wpt lat="52.5186" lon="5.7221"><name>Boom</name><desc>Takken over het fietspad</desc><type>snoeien</type></wpt>
            </gpx>
            """
        let (folder, database) = try seededDatabase()
        let file = try write(gpx, "locus.gpx", in: folder)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, file])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try imported(database)
        #expect(rows.map(\.category) == ["straatmeubilair", "groen"])
        #expect(rows.map(\.subcategory) == [nil, "snoeien"])
        #expect(rows.map(\.text) == ["Bankje stuk", "Boom. Takken over het fietspad"])
        #expect(rows.map(\.observedAt) == ["2025-09-20T17:00:00Z", nil])
    }

    // MARK: Refusals

    /// Hostile and broken GPX files: each is refused with exit 1 and one issue naming the file, and the
    /// database stays as it was.
    static let hostile: [(name: String, contents: String, issue: String)] = [
        ("nee.gpx", "Dit is geen GPX, maar een boodschappenlijst.\n",
         "nee.gpx, regel 1, veld 'gpx': geen geldige XML (geen hoofdelement; het document is leeg of begint niet met <)"),
        ("leeg.gpx", "",
         "leeg.gpx, regel 1, veld 'gpx': het bestand is leeg; verwacht GPX die begint met <gpx>"),
        ("afgebroken.gpx", "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"x\">\n<wpt lat=\"52.5185\" lon=\"5.7220\">\n<name>Zwerf",
         "afgebroken.gpx, regel 4, veld 'gpx': het bestand houdt op voordat </gpx> komt (afgebroken?)"),
        ("zonderlat.gpx", "<gpx version=\"1.1\">\n<wpt lon=\"5.7220\"><name>x</name></wpt>\n</gpx>\n",
         "zonderlat.gpx, regel 2, veld 'gpx': <wpt> heeft de attributen lat en lon nodig"),
        ("lat91.gpx", "<gpx version=\"1.1\">\n<wpt lat=\"91\" lon=\"5.7220\"/>\n</gpx>\n",
         "lat91.gpx, regel 2, veld 'gpx': <wpt> heeft een ongeldige positie lat=\"91\" lon=\"5.7220\""),
        ("lonabc.gpx", "<gpx version=\"1.1\">\n<wpt lat=\"52.5\" lon=\"abc\"/>\n</gpx>\n",
         "lonabc.gpx, regel 2, veld 'gpx': <wpt> heeft een ongeldige positie lat=\"52.5\" lon=\"abc\""),
        ("nan.gpx", "<gpx version=\"1.1\">\n<wpt lat=\"NaN\" lon=\"5.7\"/>\n</gpx>\n",
         "nan.gpx, regel 2, veld 'gpx': <wpt> heeft een ongeldige positie lat=\"NaN\" lon=\"5.7\""),
        ("oneindig.gpx", "<gpx version=\"1.1\">\n<wpt lat=\"52.5\" lon=\"1e999\"/>\n</gpx>\n",
         "oneindig.gpx, regel 2, veld 'gpx': <wpt> heeft een ongeldige positie lat=\"52.5\" lon=\"1e999\""),
        ("bom.gpx", """
            <?xml version="1.0"?>
            <!DOCTYPE gpx [
            <!ENTITY a "aaaaaaaaaa">
            <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
            <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
            <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
            <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
            <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
            <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
            ]>
            <gpx version="1.1"><wpt lat="52.5185" lon="5.7220"><name>&i;</name></wpt></gpx>
            """,
         "bom.gpx, regel 2, veld 'gpx': een <!DOCTYPE> of <!ENTITY> wordt niet gelezen (GPX heeft er geen nodig; entiteiten kunnen een XML-bom zijn of naar een ander bestand wijzen)"),
        ("extern.gpx", """
            <?xml version="1.0"?>

            <!DOCTYPE gpx [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>
            <gpx version="1.1"><wpt lat="52.5185" lon="5.7220"><name>&geheim;</name></wpt></gpx>
            """,
         "extern.gpx, regel 3, veld 'gpx': een <!DOCTYPE> of <!ENTITY> wordt niet gelezen (GPX heeft er geen nodig; entiteiten kunnen een XML-bom zijn of naar een ander bestand wijzen)"),
        ("nul.gpx", "<gpx version=\"1.1\">\n<wpt lat=\"52.5\" lon=\"5.7\"><name>Zwerf\u{0}vuil</name></wpt>\n</gpx>\n",
         "nul.gpx, regel 2, veld 'gpx': een NUL-teken, dat XML niet toestaat (een beschadigd bestand?)"),
        ("diep.gpx",
         "<gpx version=\"1.1\">\n<wpt lat=\"52.5\" lon=\"5.7\"><extensions>" + String(repeating: "<a>", count: 10_000)
            + String(repeating: "</a>", count: 10_000) + "</extensions></wpt>\n</gpx>\n",
         "diep.gpx, regel 2, veld 'gpx': elementen zijn meer dan 100 lagen diep genest; zo diep gaat geen GPX"),
        ("tijd.gpx", "<gpx version=\"1.1\">\n<wpt lat=\"52.5\" lon=\"5.7\"><time>2025-02-29T10:00:00Z</time><name>x</name></wpt>\n</gpx>\n",
         "tijd.gpx, regel 2, veld 'gpx': <time> is geen geldige tijd zoals 2025-09-20T17:31:05Z: \"2025-02-29T10:00:00Z\""),
        ("kml.gpx", "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Placemark/></kml>\n",
         "kml.gpx, regel 1, veld 'gpx': het hoofdelement is <kml>, verwacht <gpx>"),
        ("track.gpx", """
            <gpx version="1.1" creator="Strava">
            <trk><name>Ochtendwandeling</name><trkseg><trkpt lat="52.5" lon="5.7"/><trkpt lat="52.51" lon="5.71"/></trkseg></trk>
            </gpx>
            """,
         "track.gpx, veld 'wpt': geen waypoints (<wpt>); alleen waypoints worden als bevindingen gelezen, geen tracks of routes"),
        ("typo.gpx", "<gpx version=\"1.1\">\n<wpt lat=\"52.5185\" lon=\"5.7220\"><name>Lamp</name><type>verlichtng</type></wpt>\n</gpx>\n",
         "typo.gpx, regel 2, veld 'type': onbekende categorie 'verlichtng'; bedoelde u 'verlichting'?"),
    ]

    @Test(arguments: hostile.indices)
    func hostileFileIsRefusedAndChangesNothing(index: Int) throws {
        let (name, contents, issue) = Self.hostile[index]
        let (folder, database) = try seededDatabase()
        let file = try write(contents, name, in: folder)
        let before = try storedObservations(database)
        // With --category too: it gives a category, it does not make a broken file readable.
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, file, "--category", "afval"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.endedBySignal)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "schouw observe import: 1 fout(en) in de invoer; er is niets veranderd:\n  \(issue)\n")
        #expect(result.stderr.contains(name))
        #expect(try storedObservations(database) == before)
        #expect(try imported(database).isEmpty)
    }

    /// What importing a plan's route.gpx means: nothing. Its waypoints are the meeting point and the
    /// checkpoints to walk past ("A-03"), not findings, also when an app has saved it again.
    @Test func routeFromSchouwPlanIsRefusedAsNoFindings() throws {
        let (folder, database) = try seededDatabase()
        let plan = folder.appendingPathComponent("plan")
        let planned = try BuiltProducts.run("schouw", [
            "plan", "--streets", TestPaths.geodata("streets.osm").path, "--start", "Tijmlaan", "--groups", "2", "--out", plan.path,
        ])
        #expect(planned.status == 0, "\(planned.stderr)")
        let route = plan.appendingPathComponent("route.gpx")
        let resaved = folder.appendingPathComponent("route-app.gpx")
        let text = try String(contentsOf: route, encoding: .utf8).replacingOccurrences(of: "creator=\"Schouw\"", with: "creator=\"OsmAnd\"")
        try Data(text.utf8).write(to: resaved)
        let before = try storedObservations(database)
        for file in [route, resaved] {
            for extra in [[], ["--category", "afval"]] {
                let result = try BuiltProducts.run("schouw", ["observe", "import", database, file.path] + extra)
                #expect(result.status == 1)
                #expect(result.stderr == """
                    schouw observe import: 1 fout(en) in de invoer; er is niets veranderd:
                      \(file.lastPathComponent), veld 'gpx': dit is een route van `schouw plan` (tracks en genummerde controlepunten, geen bevindingen); een bevinding bij een controlepunt gaat met `schouw observe add … --checkpoint N` of een CSV met de kolom checkpoint

                    """)
            }
        }
        #expect(try storedObservations(database) == before)
        #expect(try imported(database).isEmpty)
    }

    @Test func unknownCategoryOptionIsRefusedWithASuggestionBeforeTheFileIsRead() throws {
        let (folder, database) = try seededDatabase()
        let file = try write(phone, "telefoon.gpx", in: folder)
        let before = try storedObservations(database)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, file, "--category", "afvl"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            schouw observe import: 1 fout(en) in de invoer; er is niets veranderd:
              veld '--category': onbekende categorie 'afvl'; bedoelde u 'afval'?

            """)
        // Checked before the file: a missing file with a bad category still names the category.
        let missing = try BuiltProducts.run("schouw", ["observe", "import", database, folder.appendingPathComponent("weg.gpx").path, "--category", "afvl"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("veld '--category': onbekende categorie 'afvl'"))
        #expect(try storedObservations(database) == before)
    }

    @Test(arguments: ["rondje.csv", "punten.geojson"])
    func categoryOptionIsForGPXOnly(name: String) throws {
        let (folder, database) = try seededDatabase()
        let file = try write("category,text,lon,lat\nafval,x,5.722,52.5185\n", name, in: folder)
        let before = try storedObservations(database)
        let result = try BuiltProducts.run("schouw", ["observe", "import", database, file, "--category", "afval"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--category applies to GPX waypoints only"), "\(result.stderr)")
        #expect(try storedObservations(database) == before)
    }
}
