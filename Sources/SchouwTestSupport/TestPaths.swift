import Foundation
import Testing

/// Paths of the package's own data and of the shared real data beside it, for every test suite.
public enum TestPaths {
    /// The package root, found from this file's location (Sources/SchouwTestSupport/TestPaths.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The embedded demo data.
    public static let geodata = packageRoot.appendingPathComponent("geodata")
    /// A file of the demo data.
    public static func geodata(_ name: String) -> URL { geodata.appendingPathComponent(name) }

    /// The folder of real-world files: `../shared/data` beside the project, absent on some machines.
    /// `SCHOUW_SHARED_DATA=DIR` points the tests elsewhere, e.g. at an empty folder to check that every
    /// test needing the files skips with a message.
    public static let sharedData: URL = {
        if let folder = ProcessInfo.processInfo.environment["SCHOUW_SHARED_DATA"], !folder.isEmpty {
            return URL(fileURLWithPath: folder, isDirectory: true)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)
    }()

    /// A file in the shared data folder.
    public static func shared(_ name: String) -> URL { sharedData.appendingPathComponent(name) }

    /// Whether every named file exists in the shared data folder.
    public static func hasShared(_ names: String...) -> Bool { hasShared(names) }

    public static func hasShared(_ names: [String]) -> Bool {
        names.allSatisfy { FileManager.default.fileExists(atPath: shared($0).path) }
    }

    /// A fresh, empty temporary directory of its own; callers may remove it when done.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` as UTF-8 to a file called `name` in a fresh temporary directory.
    public static func temporaryFile(_ name: String, contents text: String) throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when the named files are in the shared data folder, and otherwise skips it
    /// with a message that names the missing files and the folder.
    public static func sharedData(_ names: String...) -> Self { sharedData(names) }

    public static func sharedData(_ names: [String]) -> Self {
        let missing = names.filter { !TestPaths.hasShared($0) }
        let comment = Comment(
            rawValue: "\(missing.joined(separator: ", ")) not found in \(TestPaths.sharedData.path) "
                + "(the real-data folder ../shared/data, or SCHOUW_SHARED_DATA)")
        return .enabled(if: missing.isEmpty, comment)
    }
}
