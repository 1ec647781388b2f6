import Foundation

/// Paths of the package's own data and of the shared real data beside it, for every test suite.
public enum TestPaths {
    /// The package root, found from this file's location (Sources/SchouwTestSupport/TestPaths.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The embedded demo data.
    public static let geodata = packageRoot.appendingPathComponent("geodata")
    /// `../shared/data` beside the project, holding real-world files; absent on some machines.
    public static let sharedData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// A file in `../shared/data`.
    public static func shared(_ name: String) -> URL { sharedData.appendingPathComponent(name) }

    /// Whether `../shared/data/NAME` exists; tests that need it skip with a message when it does not.
    public static func hasShared(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: shared(name).path)
    }

    /// A fresh, empty temporary directory of its own.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
