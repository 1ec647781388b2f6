import Foundation

/// `osmium cat` (Debian osmium-tool, which `scripts/setup.sh --tests` installs): the reference OSM tool that
/// makes the PBF form of an XML file for the tests.
public enum Osmium {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `input` written by `osmium cat` as a new `.osm.pbf` (named after it) in a fresh temporary folder, in
    /// osmium's `format` (e.g. `pbf,pbf_compression=none` or `pbf,pbf_dense_nodes=false`).
    public static func pbf(from input: URL, format: String = "pbf") throws -> URL {
        guard let osmium = ChildProcess.tool("osmium") else {
            throw Failure(description: "osmium (Debian osmium-tool) is missing: run scripts/setup.sh --tests")
        }
        let output = try TestPaths.temporaryDirectory().appendingPathComponent(
            input.deletingPathExtension().lastPathComponent + ".osm.pbf")
        let result = try ChildProcess.run(osmium, ["cat", input.path, "-o", output.path, "-f", format, "--overwrite"])
        guard result.status == 0 else { throw Failure(description: "osmium cat failed: \(result.stderr)") }
        return output
    }
}
