import Foundation
import SchouwTestSupport
import Testing

/// Commands that take a schouw file only (for now) say so when given a PostgreSQL URL, in Dutch and
/// English, with exit code 1 and nothing written; the expected texts are written out by hand.
@Suite struct FileOnlyCommandTests {
    static let url = "postgresql://schouw@/schouw?host=/run/postgresql"

    @Test(arguments: [
        ["serve", url],
        ["observe", "purge", url, "--all-removed"],
    ])
    func aServerURLIsRefusedClearly(arguments: [String]) throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("rapport")
        let args = arguments.map { $0 == "OUT" ? out.path : $0 }
        let command = arguments[0] == "action" || arguments[0] == "observe" ? "\(arguments[0]) \(arguments[1])" : arguments[0]
        let result = try BuiltProducts.run("schouw", args)
        #expect(result.status == 1)
        #expect(result.stderr == "schouw \(command): \(Self.url): deze opdracht werkt (nog) alleen met een schouwbestand, niet met PostgreSQL; "
            + "kopieer de schouw naar een bestand met `schouw copy \(Self.url) schouw.schouw` en geef dat bestand\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let english = try BuiltProducts.run("schouw", args + ["--lang", "en"])
        #expect(english.status == 1)
        #expect(english.stderr.contains("\(Self.url): this command works on a schouw file only (for now), not on PostgreSQL"))
    }
}
