import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func knownVectors(message: String, digest: String) {
        #expect(ContentHash.sha256Hex(of: Data(message.utf8)) == digest)
    }
}

@Suite struct TaxonomyTests {
    let resolver = TaxonomyResolver(.standard)

    @Test func builtInEqualsGeodataFile() throws {
        #expect(try Taxonomy.read(contentsOf: TestPaths.geodata("taxonomy.json")) == Taxonomy.standard)
    }

    @Test(arguments: [
        ("afval", nil, "afval", nil), ("Waste", "Litter", "afval", "zwerfvuil"), ("AFVAL", "volle prullenbak", "afval", "volle_prullenbak"),
        ("zwerfvuil", nil, "afval", "zwerfvuil"), ("Sociale veiligheid", nil, "sociale_veiligheid", nil),
    ] as [(String, String?, String, String?)])
    func resolvesCodesAndLabels(category: String, sub: String?, code: String, subCode: String?) throws {
        let resolved = try resolver.resolve(category: category, subcategory: sub).get()
        #expect(resolved.category == code && resolved.subcategory == subCode)
    }

    /// The miss of a failed lookup, or nil when the lookup succeeded.
    func miss<T>(_ result: Result<T, TaxonomyResolver.Miss>) -> TaxonomyResolver.Miss? {
        if case .failure(let miss) = result { miss } else { nil }
    }

    @Test func suggestsNearMisses() {
        #expect(miss(resolver.resolve(category: "zwerfvul", subcategory: nil)) == .category(suggestion: "zwerfvuil"))
        #expect(
            miss(resolver.resolve(category: "afval", subcategory: "zwerfvul"))
                == .subcategory(category: "afval", suggestion: "zwerfvuil"))
        #expect(miss(resolver.resolve(category: "kabouters", subcategory: nil)) == .category(suggestion: nil))
    }

    @Test(arguments: [("a+", "A+"), ("zeer goed", "A+"), ("basic", "B"), ("goed", "goed"), ("D", "D"), ("Slecht", "slecht")])
    func resolvesLevels(input: String, code: String) throws {
        #expect(try resolver.resolveLevel(input).get() == code)
    }

    @Test(arguments: [
        (#"{"name":"x","version":1,"levels":{"crow":[]},"categories":[{"code":"a","nl":"A"}]}"#, "missing field 'en' at .categories[0]"),
        (#"{"name":"x","version":"1","levels":{},"categories":[]}"#, "wrong type at .version"),
        ("{name: x}", "line 1, column 2: not valid JSON: expected a member name in double quotes, found character 'n'"),
        (#"{"name":"x","name":"y","version":1,"levels":{},"categories":[]}"#,
         #"line 1, column 13: not valid JSON: the member "name" occurs twice in the top-level object"#),
        (#"{"name":"x","version":1,"levels":{"crow":[{"code":"A","nl":"A","en":"A"}]},"categories":[]}"#, "no categories"),
        (#"{"name":"x","version":1,"levels":{"crow":[]},"categories":[{"code":"a","nl":"A","en":"A","subcategories":[]}]}"#, "no levels"),
        (
            #"{"name":"x","version":1,"levels":{"crow":[{"code":"A","nl":"A","en":"A"}]},"categories":["#
                + #"{"code":"a","nl":"A","en":"A","subcategories":[]},{"code":"a","nl":"B","en":"B","subcategories":[]}]}"#,
            "category code 'a' is empty or used twice"
        ),
        (
            #"{"name":"x","version":1,"levels":{"crow":[{"code":"A","nl":"A","en":"A"}]},"categories":[{"code":"a","nl":"A","en":"A","#
                + #""subcategories":[{"code":"s","nl":"S","en":"S"},{"code":"s","nl":"T","en":"T"}]}]}"#,
            "subcategory code 's' in 'a' is empty or used twice"
        ),
    ])
    func badTaxonomyFileIsNamedWithItsProblem(json: String, problem: String) throws {
        let url = try TestPaths.temporaryFile("gemeente-taxonomie.json", contents: json)
        do {
            _ = try Taxonomy.read(contentsOf: url)
            Issue.record("expected the taxonomy to be refused")
        } catch StoreError.invalidTaxonomy(let file, let reason) {
            #expect(file == url.path)
            #expect(reason.en == problem)
            #expect(StoreError.invalidTaxonomy(file, reason).message(.nl).contains("gemeente-taxonomie.json"))
        }
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2017-07-10T19:30:00Z", "2017-07-10T19:30:00Z"),
        ("2017-07-10T19:30:00+02:00", "2017-07-10T17:30:00Z"),
        ("2017-07-10 19:30", "2017-07-10T17:30:00Z"),
        ("10-07-2017 19:30", "2017-07-10T17:30:00Z"),
        ("2017-01-10T19:30", "2017-01-10T18:30:00Z"),
        ("2017:07:10 19:30:00", "2017-07-10T17:30:00Z"),
        ("2017-07-10", "2017-07-09T22:00:00Z"),
        ("2017-07-10T19:30:00.250Z", "2017-07-10T19:30:00Z"),
    ])
    func normalizes(input: String, expected: String) {
        #expect(Timestamps.normalize(input) == expected)
    }

    @Test(arguments: ["gisteren", "2017-13-01", "2017-07-10T25:00", "2017-07-10T19:30 extra", ""])
    func rejects(input: String) {
        #expect(Timestamps.normalize(input) == nil)
    }
}

@Suite struct SequentialUUIDTests {
    @Test func versionEightLowercaseIncreasingWithDistinctShortIDs() {
        var generator = SequentialUUIDs()
        let ids = (0..<1000).map { _ in generator.uuidString() }
        // Increasing as text (so SQLite adds them side by side) unless the 32-bit count wrapped
        let ordered = zip(ids, ids.dropFirst()).filter { $0 < $1 }.count
        #expect(ordered >= 998)
        // The 8 characters `observe list` shows are distinct
        #expect(Set(ids.map { $0.prefix(8) }).count == 1000)
        for id in ids.prefix(50) {
            let uuid = UUID(uuidString: id)
            #expect(uuid?.uuidString.lowercased() == id)
            let chars = Array(id)
            #expect(chars[14] == "8" && "89ab".contains(chars[19]))
        }
        // Two generators (two imports at once) give different ids
        var other = SequentialUUIDs()
        #expect(Set(ids).isDisjoint(with: (0..<1000).map { _ in other.uuidString() }))
    }
}
