import Foundation
import SchouwTestSupport
import Testing

/// `schouw observe template` on both stores: the same file from the stored plan (written out by hand here).
@Suite struct TemplateBackendTests {
    @Test(arguments: Backend.available)
    func templateComesFromTheStoredPlan(_ backend: Backend) async throws {
        let schouw = try await TestSchouw.make(backend, plan: true)
        defer { schouw.remove() }
        let out = schouw.folder.appendingPathComponent("invullen.csv")
        let result = try await BuiltProducts.runOffPool("schouw", ["observe", "template"] + schouw.cli + ["--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(3 controlepunt(en) van Groep A, Groep B)"), "\(result.stdout)")
        let text = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        let header = "\u{FEFF}controlepunt;straat;groep;categorie;subcategorie;niveau;omschrijving;tijdstip;loper;foto;lengtegraad;breedtegraad"
        #expect(text == [header, "1;Lavendelpad;Groep A;;;;;;;;;", "2;Kruidenplein;Groep A;;;;;;;;;", "1;Tijmlaan;Groep B;;;;;;;;;", ""]
            .joined(separator: "\r\n"))
        // Only one group, by its letter.
        let b = try await BuiltProducts.runOffPool("schouw", ["observe", "template"] + schouw.cli + ["--out", out.path, "--group", "b"])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(String(decoding: try Data(contentsOf: out), as: UTF8.self).components(separatedBy: "\r\n").dropFirst().first == "1;Tijmlaan;Groep B;;;;;;;;;")
    }
}

/// `schouw info URL` describes a PostgreSQL database by its schouwen; an unreachable one is exit 3, naming it.
@Suite struct InfoServerTests {
    @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.absentMessage))
    func infoOfAServerListsItsSchouwen() async throws {
        let url = try #require(TestPostgres.url)
        let schouw = try await TestSchouw.make(.postgresql, plan: true)
        defer { schouw.remove() }
        let result = try await BuiltProducts.runOffPool("schouw", ["info", url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("PostgreSQL-database met"), "\(result.stdout)")
        #expect(result.stdout.contains("  2025-09-20  \(schouw.name)  0 bevinding(en), 0 verwijderd, 2 groep(en)"), "\(result.stdout)")
        let down = try await BuiltProducts.runOffPool("schouw", ["info", "postgresql://schouw@/schouw?host=\(schouw.folder.path)/geen-server", "--lang", "en"])
        #expect(down.status == 3 && down.stderr.contains("geen-server"), "\(down.stderr)")
    }
}
