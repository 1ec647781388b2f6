import Testing
import SchouwTestSupport

@Suite struct SchouwCommandTests {
    @Test func versionIsPrintedAsSemanticVersion() throws {
        let result = try BuiltProducts.run("schouw", ["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.wholeMatch(of: /\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\n/) != nil, "printed \(result.stdout)")
    }
}
