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

    static let ogrinfoPath = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static var hasOgrinfo: Bool { ogrinfoPath != nil }

    /// Runs `ogrinfo -al -so FILE` and returns (exit status, stdout, stderr).
    static func ogrinfo(_ file: URL) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ogrinfoPath ?? "ogrinfo")
        process.arguments = ["-al", "-so", file.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
