import Foundation

/// GDAL's `ogrinfo`, the practical validator of GeoJSON and GeoPackage outputs, for the test suites.
/// Installed by `scripts/setup.sh --tests`; tests that need it are skipped with a message when absent.
public enum OgrInfo {
    /// Where ogrinfo lives, when installed.
    public static let path = ChildProcess.tool("ogrinfo")?.path
    public static var isInstalled: Bool { path != nil }

    /// Runs `ogrinfo -al -so FILE` and returns its exit status, standard output and standard error.
    public static func run(_ file: URL) throws -> (status: Int32, output: String, errors: String) {
        let result = try ChildProcess.run(URL(fileURLWithPath: path ?? "ogrinfo"), ["-al", "-so", file.path])
        return (result.status, result.stdout, result.stderr)
    }

    /// Runs `ogrinfo -q -sql STATEMENT FILE` (GDAL's SQLite dialect on a GeoPackage, with its `ST_`
    /// functions and `HasSpatialIndex`) and returns the values printed as `name (Type) = value`, in order.
    public static func values(_ file: URL, sql statement: String) throws -> [String] {
        let result = try ChildProcess.run(URL(fileURLWithPath: path ?? "ogrinfo"), ["-q", "-sql", statement, file.path])
        return result.stdout.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  "), let equals = line.range(of: ") = ") else { return nil }
            return String(line[equals.upperBound...])
        }
    }
}
