import Foundation
import SchouwStore
import SchouwTestSupport
import Testing

/// `schouw observe purge`: only removed findings go for good, with the photo files no other finding uses.
@Suite struct PurgeCommandTests {
    @Test func purgeDeletesRemovedFindingsAndTheirPhotoFilesOnly() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("k.schouw").path
        #expect(try BuiltProducts.run("schouw", ["init", db, "--name", "Schouw", "--date", "2025-09-20"]).status == 0)
        try TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220).write(to: folder.appendingPathComponent("a.jpg"))
        try TestJPEG.withGPS(latitude: 52.5186, longitude: 5.7221, takenAt: "2025:09:20 10:16:00").write(to: folder.appendingPathComponent("b.jpg"))
        let csv = folder.appendingPathComponent("in.csv")
        try Data("category,text,lon,lat,photo\nafval,Een,5.7220,52.5185,a.jpg|b.jpg\ngroen,Twee,5.7230,52.5190,b.jpg\n".utf8).write(to: csv)
        let imported = try BuiltProducts.run("schouw", ["observe", "import", db, csv.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let photos = folder.appendingPathComponent("photos")
        let files = { Set((try? FileManager.default.contentsOfDirectory(atPath: photos.path)) ?? []) }
        #expect(files().count == 2)
        let store = try SchouwDatabase.open(at: URL(fileURLWithPath: db))
        let one = try #require(try store.observations().first { $0.text == "Een" })

        let notRemoved = try BuiltProducts.run("schouw", ["observe", "purge", db, one.id])
        #expect(notRemoved.status == 1)
        #expect(notRemoved.stderr.contains("is niet verwijderd; verwijder haar eerst met `schouw observe remove`"), "\(notRemoved.stderr)")
        #expect(try BuiltProducts.run("schouw", ["observe", "remove", db, one.id]).status == 0)
        #expect(files().count == 2, "removed, still restorable: the photos stay")
        let usage = try BuiltProducts.run("schouw", ["observe", "purge", db])
        #expect(usage.status == 64)
        let purged = try BuiltProducts.run("schouw", ["observe", "purge", db, "--all-removed"])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(purged.stdout == "1 verwijderde waarneming(en) definitief verwijderd\n")
        // a.jpg went with "Een"; b.jpg stays for "Twee".
        let left = files()
        let two = try #require(try store.observations().first { $0.text == "Twee" })
        #expect(left.map { "photos/\($0)" } == (try store.details(id: two.id).photos.map(\.fileName)))
        #expect(try store.observations(ObservationFilter(includeRemoved: true)).count == 1)
    }
}
