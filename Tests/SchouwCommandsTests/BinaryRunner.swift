import Foundation

/// Runs the built `schouw` executable, as a user would.
enum BinaryRunner {
    /// The debug binary that `swift build` (run by scripts/test.sh before the tests) leaves behind.
    static let binary = PackagePaths.root.appendingPathComponent(".build/debug/schouw")
    static var exists: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary; output goes through files so a chatty child can never block on a full pipe.
    /// `environment` is added to this process's environment.
    static func run(_ arguments: [String], in folder: URL = PackagePaths.root, environment: [String: String] = [:]) throws -> Output {
        let scratch = try PackagePaths.temporaryFolder()
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}
