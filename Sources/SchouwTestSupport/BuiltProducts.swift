import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The package's executables (`schouw`, `schouw-stress`), run as a user would.
///
/// `swift test` builds only the test bundle and the libraries it links, never the executables, so a
/// binary left by an earlier build may be stale or missing. The first use of a product in a test process
/// therefore runs `swift build --product NAME` for the configuration and build folder of the running
/// tests (one build at a time, once per product and process). After `swift build --build-tests` (the
/// README's test command, scripts/test.sh) that build has nothing to do and takes a second or two.
///
/// `swift test` keeps the build folder locked while the tests run, so a nested `swift build` would wait
/// for it forever. When SwiftPM started the tests, the nested build passes (hidden) `--ignore-lock`:
/// the lock is our own parent's, and it builds nothing while the tests run. Should the build still find
/// the folder locked (another SwiftPM at work), it stops at once and the test fails saying so.
///
/// `SCHOUW_BIN_DIR=DIR` uses prebuilt executables in DIR instead and builds nothing.
public enum BuiltProducts {
    /// Why a product could not be built or found.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Where the executables are: `SCHOUW_BIN_DIR`, or the folder of the running test bundle
    /// (`.build/<triple>/<configuration>`).
    public static let folder: URL = {
        if let folder = ProcessInfo.processInfo.environment["SCHOUW_BIN_DIR"], !folder.isEmpty {
            return URL(fileURLWithPath: folder, isDirectory: true)
        }
        #if os(macOS)
            // The tests run inside a helper of the toolchain; the bundle lies in the build folder.
            if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
                return bundle.bundleURL.deletingLastPathComponent()
            }
        #endif
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        return runner.deletingLastPathComponent()
    }()

    private static let built = Mutex<[String: Result<URL, Failure>]>([:])

    /// The executable `product`, built first (once per test process) unless `SCHOUW_BIN_DIR` is set.
    /// - Throws: ``Failure`` with the build's output when it does not build.
    public static func url(_ product: String) throws -> URL {
        try built.withLock { results in
            if let result = results[product] { return result }
            let result = Result { () throws(Failure) -> URL in try build(product) }
            results[product] = result
            return result
        }.get()
    }

    /// Runs `product` with `arguments` to its end.
    public static func run(
        _ product: String, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]
    ) throws -> ProcessOutput {
        try ChildProcess.run(url(product), arguments, in: folder, environment: environment)
    }

    /// ``run(_:_:in:environment:)`` on a thread of its own, for async tests: waiting for a child on one of
    /// Swift's few cooperative threads can starve the test process's own tasks, and when such a task holds
    /// a PostgreSQL lock the child waits for, nothing moves again.
    public static func runOffPool(
        _ product: String, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]
    ) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try ChildProcess.run(url(product), arguments, in: folder, environment: environment) })
            }
        }
    }

    /// Starts `product` with `arguments`.
    public static func start(
        _ product: String, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]
    ) throws -> ChildProcess {
        try ChildProcess(url(product), arguments, in: folder, environment: environment)
    }

    private static func build(_ product: String) throws(Failure) -> URL {
        let executable = folder.appendingPathComponent(product)
        if ProcessInfo.processInfo.environment["SCHOUW_BIN_DIR"].map({ !$0.isEmpty }) == true {
            guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                throw Failure(description: "\(executable.path) does not exist (SCHOUW_BIN_DIR is set, so nothing is built)")
            }
            return executable
        }
        // folder is <scratch>/<triple>/<configuration>.
        let configuration = folder.lastPathComponent
        let scratch = folder.deletingLastPathComponent().deletingLastPathComponent()
        guard ["debug", "release"].contains(configuration) else {
            throw Failure(description: "the tests do not run from a SwiftPM build folder (\(folder.path)); set SCHOUW_BIN_DIR")
        }
        guard let swift = ChildProcess.tool("swift") else {
            throw Failure(description: "`swift` is not on PATH, so \(product) cannot be built; set SCHOUW_BIN_DIR")
        }
        let arguments = [
            "build", "--package-path", TestPaths.packageRoot.path, "--scratch-path", scratch.path,
            "--configuration", configuration, "--product", product,
        ] + (parentIsSwiftPM ? ["--ignore-lock"] : [])
        let output: ProcessOutput
        do {
            let build = try ChildProcess(swift, arguments)
            if build.waitForStandardError(containing: "waiting until that process has finished") {
                build.send(SIGTERM)
                throw Failure(
                    description: "the build folder \(scratch.path) is in use by another SwiftPM process, so \(product) "
                        + "cannot be built now: run `swift build --build-tests` before `swift test --skip-build`, "
                        + "or set SCHOUW_BIN_DIR (ran `swift \(arguments.joined(separator: " "))`)")
            }
            output = try build.wait()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "could not run `swift \(arguments.joined(separator: " "))`: \(error)")
        }
        guard output.status == 0, FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Failure(
                description: "`swift \(arguments.joined(separator: " "))` failed (status \(output.status)):\n"
                    + output.stdout + output.stderr)
        }
        return executable
    }

    /// Whether this test process was started by `swift test` (which holds the build folder's lock):
    /// SwiftPM passes `--testing-library`, and on Linux the parent process is `swift-test`.
    private static var parentIsSwiftPM: Bool {
        if ProcessInfo.processInfo.arguments.contains("--testing-library") { return true }
        let parent = getppid()
        // procfs reports a size of 0, so read to the end rather than trusting the size.
        guard let commandLine = FileHandle(forReadingAtPath: "/proc/\(parent)/cmdline")?.readDataToEndOfFile(),
            let program = commandLine.split(separator: 0).first
        else { return false }
        let name = URL(fileURLWithPath: String(decoding: program, as: UTF8.self)).lastPathComponent
        return name.hasPrefix("swift-test") || name == "swift-build" || name == "swift-package"
    }
}
