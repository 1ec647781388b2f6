import Foundation

/// Paths and tools shared by the geometry tests.
enum TestSupport {
    /// The package root, found from this file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/data` beside the project, holding real-world files; absent on some machines.
    static let sharedData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let cbsGeoPackage = sharedData.appendingPathComponent("lelystad_buurten_cbs_style.gpkg")
    static var hasCBSGeoPackage: Bool { FileManager.default.fileExists(atPath: cbsGeoPackage.path) }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
