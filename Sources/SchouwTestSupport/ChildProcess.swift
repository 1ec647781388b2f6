import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished child process left behind.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Whether a signal ended the process (then `status` is the signal number).
    public var endedBySignal: Bool
}

/// A child process whose standard output and error go to files, so that a chatty child can never block
/// on a full pipe and the test can read what it has written so far.
///
/// Owned by one test; not `Sendable`.
public final class ChildProcess {
    public let process: Process
    private let scratch: URL
    private let outURL: URL
    private let errURL: URL

    /// Starts `executable` with `arguments`; `environment` is added to this process's environment.
    public init(_ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws {
        scratch = try TestPaths.temporaryDirectory()
        outURL = scratch.appendingPathComponent("stdout")
        errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: scratch)
    }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// What the child has written to standard error so far.
    public var standardErrorSoFar: String {
        String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    }

    /// What the child has written to standard output so far.
    public var standardOutputSoFar: String {
        String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
    }

    /// Waits until the child's standard output contains `marker` (as ``waitForStandardError(containing:limitSeconds:)``).
    public func waitForStandardOutput(containing marker: String, limitSeconds: Double = 600) -> Bool {
        let deadline = Date().addingTimeInterval(limitSeconds)
        while Date() < deadline {
            if standardOutputSoFar.contains(marker) { return true }
            if !process.isRunning { return standardOutputSoFar.contains(marker) }
            usleep(10_000)
        }
        return false
    }

    /// Waits until the child's standard error contains `marker`: true when it does, false when the
    /// child ended first or `limitSeconds` (a safety net against a hung child, not a clock the test
    /// depends on) passed.
    public func waitForStandardError(containing marker: String, limitSeconds: Double = 600) -> Bool {
        let deadline = Date().addingTimeInterval(limitSeconds)
        while Date() < deadline {
            if standardErrorSoFar.contains(marker) { return true }
            if !process.isRunning { return standardErrorSoFar.contains(marker) }
            usleep(10_000)
        }
        return false
    }

    /// Sends a signal, e.g. `SIGKILL`.
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the child to end and returns its status and output.
    public func wait() throws -> ProcessOutput {
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8), endedBySignal: process.terminationReason == .uncaughtSignal)
    }

    /// Runs `executable` to its end.
    public static func run(
        _ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]
    ) throws -> ProcessOutput {
        try ChildProcess(executable, arguments, in: folder, environment: environment).wait()
    }

    /// An installed command-line tool: the first executable `name` on `PATH` or in the usual folders.
    public static func tool(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        return (path + ["/usr/bin", "/usr/local/bin", "/bin"]).map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
