import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

/// Every way of entering an observation.
@Suite struct EnteringTests {
    @Test func addAtWGS84StoresBothCRSsAndTheBuurt() throws {
        // Given a schouw with an area
        let db = try Fixtures.memoryDatabase()
        // When a walker adds an observation by lon,lat with labels instead of codes
        var draft = Fixtures.draft("Litter", level: "zeer goed", text: "Blikjes bij de bank")
        draft.walker = "Anja"
        draft.observedAt = "2025-09-20 10:15"
        let o = try db.add(draft)
        // Then codes, both coordinate systems, the buurt and the initial status are stored
        #expect(o.category == "afval" && o.subcategory == "zwerfvuil" && o.level == "A+")
        #expect(o.locationSource == .coordinates && o.buurtCode == "BU03039901")
        #expect(abs(o.rdX - Fixtures.centerRD.x) < 0.01 && abs(o.rdY - Fixtures.centerRD.y) < 0.01)
        #expect(o.observedAt == "2025-09-20T08:15:00Z")
        #expect(UUID(uuidString: o.id) != nil)
        #expect(try db.details(id: o.id).history.map(\.toStatus) == ["open"])
    }

    @Test func addInRDNew() throws {
        let db = try Fixtures.memoryDatabase()
        var draft = Fixtures.draft()
        (draft.lon, draft.lat) = (nil, nil)
        (draft.rdX, draft.rdY) = (String(Fixtures.centerRD.x + 50), "\(Fixtures.centerRD.y)".replacingOccurrences(of: ".", with: ","))
        let o = try db.add(draft)
        #expect(o.locationSource == .rd)
        #expect(abs(o.rdX - Fixtures.centerRD.x - 50) < 1e-6)
        #expect(abs(Geodesic.distanceMeters(Coordinate(longitude: o.lon, latitude: o.lat), Fixtures.center) - 50) < 0.5)
    }

    @Test func addAtCheckpointAfterPlanWasSaved() throws {
        // Given a saved plan with two groups
        let db = try Fixtures.memoryDatabase(plan: true)
        #expect(try db.plan().map(\.name) == ["Groep A", "Groep B"])
        // When checkpoint 3 is given (only in Groep B)
        var draft = Fixtures.draft()
        (draft.lon, draft.lat, draft.checkpoint) = (nil, nil, "3")
        let o = try db.add(draft)
        // Then the point, group and street come from the plan
        #expect(o.locationSource == .checkpoint && o.groupName == "Groep B" && o.checkpoint == 3 && o.street == "Tijmlaan")
        // And checkpoint 1 needs a group; with one it works
        var ambiguous = Fixtures.draft(text: "Anders")
        (ambiguous.lon, ambiguous.lat, ambiguous.checkpoint) = (nil, nil, "1")
        let issues = Fixtures.issues { try db.add(ambiguous) }
        #expect(issues.map(\.reason) == [.ambiguousCheckpoint(groups: ["Groep A", "Groep B"])])
        ambiguous.group = "groep a"
        #expect(try db.add(ambiguous).street == "Lavendelpad")
    }

    @Test func addAtStreetWithSuggestionOnTypo() throws {
        let db = try Fixtures.memoryDatabase(plan: true)
        var draft = Fixtures.draft()
        (draft.lon, draft.lat, draft.street) = (nil, nil, "tijmlaan")
        let o = try db.add(draft)
        #expect(o.locationSource == .street && o.street == "Tijmlaan")
        draft.street = "Tijmlan"
        let issues = Fixtures.issues { try db.add(draft) }
        #expect(issues.first?.reason == .unknownStreet && issues.first?.suggestion == "Tijmlaan")
    }

    @Test func addWithPhotoUsesEXIFPositionAndStoresItByHash() throws {
        // Given a database on disk and a photo with GPS
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try SchouwDatabase.create(at: dir.appendingPathComponent("s.schouw"), schouw: Fixtures.definition())
        let position = try Fixtures.offset(east: 40, north: -20)
        let jpeg = TestJPEG.withGPS(latitude: position.latitude, longitude: position.longitude)
        let photo = dir.appendingPathComponent("IMG_0001.JPG")
        try jpeg.write(to: photo)
        // When it is added with only the photo
        var draft = Fixtures.draft()
        (draft.lon, draft.lat) = (nil, nil)
        draft.photos = [photo]
        let o = try db.add(draft)
        // Then the location and time come from EXIF and the photo is copied under its SHA-256
        #expect(o.locationSource == .photo)
        #expect(Geodesic.distanceMeters(Coordinate(longitude: o.lon, latitude: o.lat), position) < 0.5)
        #expect(o.observedAt == "2025-09-20T08:15:00Z")
        let stored = try #require(try db.details(id: o.id).photos.first)
        #expect(stored.fileName == "photos/\(ContentHash.sha256Hex(of: jpeg)).jpg" && stored.originalName == "IMG_0001.JPG")
        #expect(FileManager.default.contentsEqual(atPath: dir.appendingPathComponent(stored.fileName).path, andPath: photo.path))
    }

    @Test func csvWithCommas() throws {
        let db = try Fixtures.memoryDatabase()
        let c = Fixtures.center
        let csv = "id,group,walker,observed_at,category,subcategory,level,text,street,checkpoint,status,owner,lon,lat\n"
            + "6891e74b-9445-43d4-9b9f-cd8a50f69242,Groep A,Henk,2025-09-20T10:04:57+02:00,water,verstopte_put,B,\"Blad, veel blad\",Lavendelpad,1,gemeld,gemeente,\(c.longitude),\(c.latitude)\n"
        let drafts = try ObservationFiles.csv(Data(csv.utf8), fileName: "w.csv", folder: try TestPaths.temporaryDirectory()).drafts
        let report = try db.ingest(drafts)
        #expect(report.insertedIDs == ["6891e74b-9445-43d4-9b9f-cd8a50f69242"])
        let o = try db.details(id: "6891e74b").observation
        #expect(o.status == "gemeld" && o.owner == "gemeente" && o.text == "Blad, veel blad" && o.checkpoint == 1 && o.sourceLine == 2)
    }

    @Test func excelCSVWithSemicolonsBOMDecimalCommasAndQuotedNewlines() throws {
        let db = try Fixtures.memoryDatabase()
        let lon = String(Fixtures.center.longitude).replacingOccurrences(of: ".", with: ",")
        let lat = String(Fixtures.center.latitude).replacingOccurrences(of: ".", with: ",")
        let csv = "Categorie;Niveau;Tekst;Lengtegraad;Breedtegraad\r\nzwerfvuil;C;\"Twee regels:\r\nblikjes; papier\";\(lon);\(lat)\r\nverlichting;D;Lamp kapot;\(lon);\(lat)\r\n"
        let drafts = try ObservationFiles.csv(Data([0xEF, 0xBB, 0xBF] + Array(csv.utf8)), fileName: "excel.csv", folder: try TestPaths.temporaryDirectory()).drafts
        let report = try db.ingest(drafts)
        #expect(report.insertedIDs.count == 2)
        let all = try db.observations()
        #expect(all.map(\.text).contains("Twee regels:\r\nblikjes; papier"))
        #expect(all.allSatisfy { abs($0.lon - Fixtures.center.longitude) < 1e-9 })
        #expect(drafts.map(\.line) == [2, 4])
    }

    @Test func gpxWaypoints() throws {
        let db = try Fixtures.memoryDatabase()
        let a = try Fixtures.offset(east: 10, north: 10)
        let gpx = """
            <?xml version="1.0"?>
            <gpx version="1.1" creator="Phone" xmlns="http://www.topografix.com/GPX/1/1">
              <wpt lat="\(a.latitude)" lon="\(a.longitude)"><time>2025-09-20T08:30:00Z</time><name>Hondenpoep</name><desc>Veel bij het veldje</desc></wpt>
              <wpt lat="\(Fixtures.center.latitude)" lon="\(Fixtures.center.longitude)"><name>verlichting</name><cmt>Lamp knippert</cmt></wpt>
            </gpx>
            """
        let report = try db.ingest(try ObservationFiles.gpxDrafts(Data(gpx.utf8), fileName: "walk.gpx"))
        #expect(report.insertedIDs.count == 2)
        let all = try db.observations()
        #expect(Set(all.map(\.category)) == ["dieren", "verlichting"])
        #expect(all.allSatisfy { $0.locationSource == .gpx })
        #expect(all.contains { $0.text == "Lamp knippert" } && all.contains { $0.observedAt == "2025-09-20T08:30:00Z" })
    }

    static let waypointTexts: [([String?], String?)] = [
        ([nil, nil], nil),
        (["  ", "\n"], nil),
        (["Zwerfvuil bij de speeltuin"], "Zwerfvuil bij de speeltuin"),
        (["Zwerfvuil bij de speeltuin", "Veel blikjes"], "Zwerfvuil bij de speeltuin. Veel blikjes"),
        (["Losse tegel!", "Bij nr. 12", nil], "Losse tegel! Bij nr. 12"),
        (["Vraag:", "waarom staat hier een hek?"], "Vraag: waarom staat hier een hek?"),
        (["Kapotte lamp", "Kapotte lamp", "kapotte lamp"], "Kapotte lamp"),
        (["Graffiti", "Graffiti op de muur van de school"], "Graffiti op de muur van de school"),
        (["Bankje", " Bankje wiebelt ", "Bank"], "Bankje wiebelt"),
        (["A", "B", "C"], "A. B. C"),
    ]

    @Test(arguments: waypointTexts)
    func waypointTextJoinsNameAndDescriptionOnce(parts: [String?], expected: String?) {
        #expect(ObservationFiles.joinedText(parts) == expected)
    }

    @Test func defaultCategoryReachesGPXWaypointsThroughIngestOptions() throws {
        let db = try Fixtures.memoryDatabase()
        let a = try Fixtures.offset(east: 20, north: 0)
        let gpx = """
            <gpx version="1.1" creator="Phone" xmlns="http://www.topografix.com/GPX/1/1">
              <wpt lat="\(a.latitude)" lon="\(a.longitude)"><name>Volle bak bij de bushalte</name></wpt>
              <wpt lat="\(Fixtures.center.latitude)" lon="\(Fixtures.center.longitude)"><name>verlichting</name><desc>Lamp kapot</desc></wpt>
            </gpx>
            """
        let url = try TestPaths.temporaryFile("walk.gpx", contents: gpx)
        // Without it the phone's name is reported as no category, and nothing is stored.
        let issues = Fixtures.issues { _ = try db.importFile(url) }
        #expect(issues.map { $0.message(.nl) } == [
            "walk.gpx, regel 2, veld 'name': 'Volle bak bij de bushalte' is geen categorie; geef --category CODE om alle punten zonder categorie die categorie te geven"
        ])
        #expect(try Fixtures.count(db) == 0)
        // With it (as the web app would pass it) the name becomes the text, and a name that is a category stays one.
        let report = try db.importFile(url, options: IngestOptions(defaultCategory: "Afval"))
        #expect(report.report.insertedIDs.count == 2)
        let stored = try db.observations().sorted { ($0.sourceLine ?? 0) < ($1.sourceLine ?? 0) }
        #expect(stored.map(\.category) == ["afval", "verlichting"])
        #expect(stored.map(\.text) == ["Volle bak bij de bushalte", "Lamp kapot"])
        // An unknown default category is refused before the file is read.
        let unknown = Fixtures.issues { _ = try db.importFile(url, options: IngestOptions(defaultCategory: "verlichtng")) }
        #expect(unknown.map { $0.message(.en) } == ["field '--category': unknown category 'verlichtng'; did you mean 'verlichting'?"])
    }

    @Test func geoJSONPointsAndANonPointReported() throws {
        let db = try Fixtures.memoryDatabase()
        let c = Fixtures.center
        let json = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"category":"graffiti","level":"C","text":"Tag op de muur","checkpoint":null},"geometry":{"type":"Point","coordinates":[\(c.longitude),\(c.latitude)]}},
            {"type":"Feature","properties":{"category":"graffiti","text":"lijn"},"geometry":{"type":"LineString","coordinates":[[5.72,52.51],[5.73,52.52]]}}
            ]}
            """
        let drafts = try ObservationFiles.geoJSONDrafts(Data(json.utf8), fileName: "f.geojson")
        let issues = Fixtures.issues { _ = try db.ingest(drafts) }
        #expect(issues.map(\.reason) == [.notAPoint("LineString")] && issues.first?.file == "f.geojson features[1]")
        let report = try db.ingest(Array(drafts.prefix(1)))
        #expect(report.insertedIDs.count == 1)
        #expect(try db.observations().first?.locationSource == .geojson)
    }
}
