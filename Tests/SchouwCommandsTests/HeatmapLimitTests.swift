import Foundation
import SchouwTestSupport
import Testing

/// Cell sizes far too small for the findings are refused with a message, never a trap (issue 12's cases).
@Suite struct HeatmapLimitTests {
    @Test(arguments: [
        (["--cell-m", "1e-300"], "kies een grotere cel dan 1e-300 m"),
        (["--cell-m", "1e-7"], "kies een grotere cel dan 1e-07 m"),
        (["--format", "hex", "--cell-m", "1e-300"], "kies een grotere cel dan 1e-300 m"),
    ])
    func tinyCellsAreRefusedNotCrashed(options: [String], advice: String) throws {
        let out = try TestPaths.temporaryDirectory().appendingPathComponent("heat.geojson")
        let result = try BuiltProducts.run(
            "schouw", ["heatmap", "--points", TestPaths.geodata("observations.geojson").path, "--out", out.path] + options)
        #expect(!result.endedBySignal)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\nschouw heatmap: het raster zou "))
        #expect(result.stderr.hasSuffix(advice + "\n"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
