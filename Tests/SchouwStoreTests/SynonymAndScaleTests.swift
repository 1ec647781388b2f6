import Foundation
import GRDB
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

@Suite struct SynonymAndScaleTests {
    let resolver = TaxonomyResolver(.standard)

    /// Words people use, with the codes of geodata/taxonomy.json they mean (written out by hand).
    static let words: [(String, String, String)] = [
        ("lantaarnpaal", "verlichting", "lamp_kapot"), ("straatlantaarn", "verlichting", "lamp_kapot"),
        ("lamp kapot", "verlichting", "lamp_kapot"), ("Kapotte lantaarnpaal", "verlichting", "lamp_kapot"),
        ("straatverlichting", "verlichting", "lamp_kapot"), ("STRAAT-VERLICHTING", "verlichting", "lamp_kapot"), ("straat lantaarn", "verlichting", "lamp_kapot"),
        ("vuilniszakken", "afval", "bijplaatsing"), ("dumping", "afval", "grofvuil"), ("gat in de weg", "bestrating", "kuil_gat"),
        ("Gat_in_de_weg", "bestrating", "kuil_gat"), ("hondendrollen", "dieren", "hondenpoep"), ("ratten", "dieren", "ongedierte"),
        ("vandalisme", "graffiti_vandalisme", "vernieling"),
    ]

    @Test(arguments: words)
    func aSynonymResolvesToItsSubcategory(word: String, category: String, subcategory: String) throws {
        let codes = try resolver.resolve(category: word, subcategory: nil).get()
        #expect(codes.category == category && codes.subcategory == subcategory)
    }

    @Test func namesStillWinAndASubcategoryBesideASynonymCounts() throws {
        #expect(try resolver.resolve(category: "zwerfvuil", subcategory: nil).get() == ("afval", "zwerfvuil"))
        #expect(try resolver.resolve(category: "lantaarnpaal", subcategory: "te donker").get() == ("verlichting", "te_donker"))
        #expect(try resolver.resolve(category: "verlichting", subcategory: "lantaarnpaal").get() == ("verlichting", "lamp_kapot"))
        // A synonym of another category's subcategory is no subcategory here
        #expect(throws: TaxonomyResolver.Miss.self) { try resolver.resolve(category: "afval", subcategory: "lantaarnpaal").get() }
    }

    @Test(arguments: [("lantarenpaal", "lamp_kapot"), ("hondendrolen", "hondenpoep"), ("vuilnisakken", "bijplaatsing"), ("gat in de wag", "kuil_gat")])
    func aNearMissOfASynonymIsSuggested(typed: String, suggestion: String) {
        let result = resolver.resolve(category: typed, subcategory: nil)
        guard case .failure(.category(let suggested)) = result else {
            Issue.record("\(typed) resolved: \(result)")
            return
        }
        #expect(suggested == suggestion)
    }

    @Test func everyFileFormatAndTheCommandLineTakeSynonyms() throws {
        // Given a schouw on disk
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try SchouwDatabase.create(at: dir.appendingPathComponent("s.schouw"), schouw: Fixtures.definition())
        func at(_ east: Double) throws -> Coordinate { try Fixtures.offset(east: east, north: 0) }
        // When a synonym comes by command line, CSV, GPX (as <type> and as name) and GeoJSON
        let draft = Fixtures.draft("Kapotte lantaarnpaal", level: "C", text: "cli")
        _ = try db.add(draft)
        let csv = dir.appendingPathComponent("a.csv")
        try Data("categorie;omschrijving;lengtegraad;breedtegraad\r\nhondendrollen;csv;\(try at(20).longitude);\(try at(20).latitude)\r\n".utf8).write(to: csv)
        let gpx = dir.appendingPathComponent("b.gpx")
        try Data("""
            <?xml version="1.0"?>
            <gpx version="1.1" creator="Phone" xmlns="http://www.topografix.com/GPX/1/1">
              <wpt lat="\(try at(40).latitude)" lon="\(try at(40).longitude)"><name>Bij de school</name><type>gat in de weg</type></wpt>
              <wpt lat="\(try at(60).latitude)" lon="\(try at(60).longitude)"><name>Vuilniszakken</name><desc>gpx</desc></wpt>
            </gpx>
            """.utf8).write(to: gpx)
        let geojson = dir.appendingPathComponent("c.geojson")
        try Data("""
            {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[\(try at(80).longitude),\(try at(80).latitude)]},
            "properties":{"categorie":"straatverlichting","tekst":"geojson"}}]}
            """.utf8).write(to: geojson)
        for file in [csv, gpx, geojson] { _ = try db.importFile(file) }
        // Then each is stored under the subcategory the word means
        let stored = Set(try db.observations().map { "\($0.category)/\($0.subcategory ?? "-")" })
        #expect(stored == ["verlichting/lamp_kapot", "dieren/hondenpoep", "bestrating/kuil_gat", "afval/bijplaatsing"])
        #expect(try db.observations().count == 5)
        // A waypoint named in the walker's words keeps them as the start of its text
        #expect(try db.observations().contains { $0.subcategory == "bijplaatsing" && $0.text == "Vuilniszakken. gpx" })
    }

    @Test func aMunicipalTaxonomyWithoutSynonymsGetsTheStandardOnesWhereItsCodesAgree() throws {
        let json = #"""
            {"name":"Gemeente X","version":3,"levels":{"crow":[{"code":"A","nl":"goed","en":"good"}]},
             "categories":[{"code":"verlichting","nl":"Licht","en":"Light","subcategories":[{"code":"lamp_kapot","nl":"Lamp stuk","en":"Lamp broken"}]},
                           {"code":"afval","nl":"Afval","en":"Waste","subcategories":[{"code":"zak","nl":"Zak","en":"Bag"}]}]}
            """#
        let taxonomy = try Taxonomy(json: JSONValue.read(Data(json.utf8)))
        let resolver = TaxonomyResolver(taxonomy)
        #expect(try resolver.resolve(category: "lantaarnpaal", subcategory: nil).get() == ("verlichting", "lamp_kapot"))
        // afval has no bijplaatsing here, so "vuilniszakken" means nothing
        #expect(throws: TaxonomyResolver.Miss.self) { try resolver.resolve(category: "vuilniszakken", subcategory: nil).get() }
    }

    @Test(arguments: [
        (#""synonyms":["afval"]"#, "synonym 'afval' of 'verlichting/lamp_kapot' is already the name or a synonym of 'afval'"),
        (#""synonyms":["Lamp stuk", " "]"#, "empty synonym of 'verlichting/lamp_kapot'"),
        (#""synonyms":["zak"]"#, "synonym 'zak' of 'verlichting/lamp_kapot' is already the name or a synonym of 'afval/zak'"),
        (#""synonyms":[3]"#, "wrong type at .categories[0].subcategories[0].synonyms[0]"),
    ])
    func badSynonymsInATaxonomyFileAreRefused(member: String, reason: String) throws {
        let json = #"{"name":"X","version":1,"levels":{"crow":[{"code":"A","nl":"goed","en":"good"}]},"categories":["#
            + #"{"code":"verlichting","nl":"Licht","en":"Light","subcategories":[{"code":"lamp_kapot","nl":"Lamp stuk","en":"Lamp broken","#
            + member + #"}]},{"code":"afval","nl":"Afval","en":"Waste","subcategories":[{"code":"zak","nl":"Zak","en":"Bag"}]}]}"#
        let file = try TestPaths.temporaryFile("taxonomy.json", contents: json)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        #expect {
            _ = try Taxonomy.read(contentsOf: file)
        } throws: { error in
            if case StoreError.invalidTaxonomy(file.path, let phrase) = error { phrase.en == reason } else { false }
        }
    }

    // MARK: Levels on the schouw's scale

    @Test(arguments: [
        ("C", "C"), ("matig", "C"), ("zeer goed", "A+"), ("basic", "B"), ("a+", "A+"), ("poor", "C"), ("plus", "plus"), ("Pluspunt / idee", "plus"),
    ])
    func levelsOnACROWSchouw(typed: String, code: String) throws {
        #expect(try TaxonomyResolver(.standard, scale: "crow").resolveLevel(typed).get() == code)
    }

    @Test(arguments: [
        ("A+", "goed"), ("A", "goed"), ("b", "goed"), ("C", "slecht"), ("D", "slecht"), ("matig", "slecht"), ("zeer goed", "goed"),
        ("goed", "goed"), ("Slecht", "slecht"), ("plus", "plus"), ("bad", "slecht"),
    ])
    func levelsOnASimpleScaleSchouw(typed: String, code: String) throws {
        #expect(try TaxonomyResolver(.standard, scale: "simple").resolveLevel(typed).get() == code)
    }

    @Test func wordsThatMeanSeveralCROWLevelsAreAsked() throws {
        // Given a CROW schouw (the default)
        let db = try Fixtures.memoryDatabase()
        // When "slecht", "goed" or an unknown word is entered, then each is refused naming the choices
        let issues = Fixtures.issues {
            _ = try db.ingest([
                Fixtures.draft(level: "slecht"), Fixtures.draft(level: "goed", text: "b"), Fixtures.draft(level: "E", text: "c"),
                Fixtures.draft(level: "matog", text: "d"),
            ])
        }
        let crow = ["A+", "A", "B", "C", "D"]
        #expect(issues.map(\.reason) == [
            .ambiguousLevel(candidates: ["C", "D"], codes: crow), .ambiguousLevel(candidates: ["A+", "A", "B"], codes: crow),
            .levelOffScale(codes: crow), .levelOffScale(codes: crow),
        ])
        #expect(issues.map(\.suggestion) == [nil, nil, "A", "C"])
        #expect(issues[0].message(.nl) == "veld 'level': niveau 'slecht' hoort niet bij de schaal van deze schouw (A+, A, B, C, D); bedoelt u C of D?")
        #expect(issues[1].message(.en) == "field 'level': level 'goed' is not on this schouw's scale (A+, A, B, C, D); do you mean A+, A or B?")
        #expect(try db.observations().isEmpty)
    }

    @Test func aSimpleScaleSchouwStoresCROWLettersAsGoedOrSlecht() throws {
        var definition = Fixtures.definition()
        definition.scale = "simple"
        let db = try SchouwDatabase.inMemory(schouw: definition)
        let report = try db.ingest([
            Fixtures.draft(level: "A", text: "a"), Fixtures.draft(level: "B", text: "b"), Fixtures.draft(level: "D", text: "d"),
        ])
        let levels = try report.insertedIDs.map { try db.details(id: $0).observation.level }
        #expect(levels == ["goed", "goed", "slecht"])
    }

    @Test func aScaleTheTaxonomyLacksIsRefused() throws {
        let issues = Fixtures.issues { _ = try SchouwDatabase.inMemory(schouw: SchouwDefinition(name: "x", date: "2025-09-20", scale: "sterren")) }
        #expect(issues == [InputIssue(field: "--scale", value: "sterren", reason: .unknownScale(scales: ["crow", "simple"]))])
    }

    @Test(arguments: [([String?](), "crow"), (["A", nil, "C"], "crow"), (["goed", "plus"], "simple"), (["plus"], "crow"), (["A", "slecht"], nil)])
    func theMigrationGivesAnOlderSchouwTheScaleItsFindingsUse(levels: [String?], scale: String?) throws {
        let queue = try DatabaseQueue()
        try SchouwDatabase.migrator.migrate(queue, upTo: "v3: short ids (A-12) of observations")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO schouw (id, name, date, taxonomy_json, created_at) VALUES (1, 'x', '2025-09-20', '{}', '2025-09-20T00:00:00Z')")
            for (index, level) in levels.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO observation (id, entered_at, category, level, text, lon, lat, rd_x, rd_y, location_source, status)
                        VALUES (?, '2025-09-20T18:00:00Z', 'afval', ?, '', 5.7, 52.5, 170000, 500000, 'coordinates', 'open')
                        """, arguments: ["o\(index)", level])
            }
        }
        try SchouwDatabase.migrator.migrate(queue)
        #expect(try queue.read { try String?.fetchOne($0, sql: "SELECT level_scale FROM schouw") } == scale)
    }

    // MARK: The template's route

    @Test(arguments: [
        ("{\"type\":\"FeatureCollection\",\"features\":[]}", "features"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[5.7,52.5]},"
            + "\"properties\":{\"kind\":\"start\",\"group\":\"Groep A\",\"number\":1}}]}", "features"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[5.7,52.5]},"
            + "\"properties\":{\"group\":\"Groep A\",\"number\":\"een\"}}]}", "features"),
        ("<gpx/>", "geojson"),
        ("{\"type\":\"FeatureCollection\",\"features\":[],\"features\":[]}", "geojson"),
    ])
    func aRouteWithoutCheckpointsIsRefusedNamingTheFile(json: String, field: String) throws {
        let file = try TestPaths.temporaryFile("route.geojson", contents: json)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let issues = Fixtures.issues { _ = try ObservationFiles.routeCheckpoints(file) }
        #expect(issues.map(\.file) == ["route.geojson"] && issues.map(\.field) == [field], "\(issues)")
    }

    @Test func aRoutesCheckpointsAreReadPerGroup() throws {
        let json = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"LineString","coordinates":[[5.7,52.5],[5.71,52.5]]},"properties":{"kind":"route","group":"Groep A"}},
             {"type":"Feature","geometry":{"type":"Point","coordinates":[5.7,52.5]},"properties":{"kind":"checkpoint","group":"Groep A","number":2,"street":"Tijmlaan"}},
             {"type":"Feature","geometry":{"type":"Point","coordinates":[5.71,52.5]},"properties":{"kind":"checkpoint","group":"Groep B","number":1}},
             {"type":"Feature","geometry":{"type":"Point","coordinates":[5.72,52.5]},"properties":{"kind":"checkpoint","group":"Groep A","number":1,"street":"Lavendelpad"}}]}
            """
        let file = try TestPaths.temporaryFile("route.geojson", contents: json)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let groups = try ObservationFiles.routeCheckpoints(file)
        #expect(groups.map(\.name) == ["Groep A", "Groep B"])
        #expect(groups[0].checkpoints.map(\.number) == [2, 1] && groups[0].checkpoints.map(\.street) == ["Tijmlaan", "Lavendelpad"])
    }
}
