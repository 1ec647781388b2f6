import Foundation
import SchouwTestSupport
import Testing

/// Commands that take a schouw file only (for now: `observe template`; serve, observe purge, report, action,
/// compare and the Signalen export take a URL too) say so when given a PostgreSQL URL, in Dutch and
/// English, with exit code 1 and nothing written; the expected texts are written out by hand.
@Suite struct FileOnlyCommandTests {
    static let url = "postgresql://schouw@/schouw?host=/run/postgresql"

    @Test(arguments: [
        ["observe", "template", url, "--out", "OUT"],
    ])
    func aServerURLIsRefusedClearly(arguments: [String]) throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("invullen.csv")
        let args = arguments.map { $0 == "OUT" ? out.path : $0 }
        let command = arguments.prefix { $0 != Self.url }.joined(separator: " ")
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
