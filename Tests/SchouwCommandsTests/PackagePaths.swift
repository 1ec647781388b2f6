import Foundation

/// Paths of the package's own data and of the shared real data beside it.
enum PackagePaths {
    /// The package root, found from this file's location.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geodata = root.appendingPathComponent("geodata")
    static let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static var hasSharedData: Bool {
        FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("karhula.osm").path)
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
