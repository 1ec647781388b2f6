import Foundation
import SchouwTestSupport
import Testing

/// The module graph of the README: data flows one way, and no module imports one to its right.
@Suite struct ModuleLayerTests {
    /// The layers as the README's table states them, lowest first; modules in one layer are peers
    /// and may not import each other, except where `allowedPeers` says so.
    static let layers: [[String]] = [
        ["CGEOS", "CPROJ"],
        ["SchouwCore"],
        ["SchouwGeometry"],
        ["SchouwFormats"],
        ["SchouwNetwork", "SchouwStore", "SchouwAnalysis"],
        ["SchouwOutputs"],
        ["SchouwJobs"],
        ["SchouwWeb"],
        ["SchouwCommands"],
    ]

    static func layer(of module: String) -> Int? { layers.firstIndex { $0.contains(module) } }

    /// `import X` lines of every Swift file of a source module.
    static func imports(of module: String) throws -> [(file: String, module: String)] {
        let folder = TestPaths.packageRoot.appendingPathComponent("Sources/\(module)")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        try #require(!files.isEmpty, "no Swift files in Sources/\(module)")
        return try files.flatMap { file in
            try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n")
                .compactMap { line -> (String, String)? in
                    let words = line.split(separator: " ")
                    guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { return nil }
                    guard words[..<index].allSatisfy({ $0.hasPrefix("@") }) else { return nil }
                    return (file, String(words[index + 1]))
                }
        }
    }

    @Test(arguments: layers.joined().filter { $0.hasPrefix("Schouw") })
    func importsOnlyLowerLayers(_ module: String) throws {
        let own = try #require(Self.layer(of: module))
        for (file, imported) in try Self.imports(of: module) {
            guard let other = Self.layer(of: imported) else { continue }
            #expect(other < own, "\(module)/\(file) imports \(imported), which is not below it")
        }
    }

    @Test func geometryCoreHasNoDatabaseOrFormatCode() throws {
        let imported = Set(try Self.imports(of: "SchouwGeometry").map(\.module))
        #expect(imported.isDisjoint(with: ["GRDB", "GRDBSQLite", "SchouwFormats", "OrderedCollections", "Collections"]))
    }
}
