import Foundation

/// GDAL's `ogrinfo`, the practical validator of GeoJSON and GeoPackage outputs, for the test suites.
/// Installed by `scripts/setup.sh --tests`; tests that need it are skipped with a message when absent.
public enum OgrInfo {
    /// Where ogrinfo lives, when installed.
    public static let path = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    public static var isInstalled: Bool { path != nil }

    /// Runs `ogrinfo -al -so FILE` and returns its exit status, standard output and standard error.
    public static func run(_ file: URL) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "ogrinfo")
        process.arguments = ["-al", "-so", file.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // `-so` prints a short summary, far below a pipe's buffer, so reading one pipe after the other is safe.
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
