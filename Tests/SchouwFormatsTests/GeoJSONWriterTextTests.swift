import Foundation
import SchouwCore
import SchouwGeometry
import SchouwTestSupport
import Testing
import SchouwFormats

/// The bytes the GeoJSON writer produces, checked against oracles that do not share its code: numbers
/// built from integers as text, and Python's own JSON parser for a whole file.
@Suite struct GeoJSONWriterTextTests {
    /// `units` / 10^`decimals` written out by hand as text: the independent expectation.
    func decimalText(units: Int64, decimals: Int) -> String {
        var digits = String(units.magnitude)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
            while digits.last == "0" { digits.removeLast() }
            if digits.last == "." { digits.removeLast() }
        }
        return units < 0 && digits != "0" ? "-" + digits : digits
    }

    @Test(arguments: [0, 1, 3, 7, 9])
    func coordinatesMatchTheirDecimalText(decimals: Int) throws {
        var rng = SeededGenerator(seed: UInt64(decimals) + 12)
        let scale = (0..<decimals).reduce(1.0) { product, _ in product * 10 }
        let writer = GeoJSONWriter(crs: .rdNew, decimals: decimals)
        for _ in 0..<2000 {
            // Magnitudes from 0 to 1e12 units, so every digit count and leading zeros after the point occur.
            let magnitude = Int64.random(in: 0...12, using: &rng)
            let bound = (0..<magnitude).reduce(Int64(1)) { product, _ in product * 10 }
            let x = Int64.random(in: -bound...bound, using: &rng)
            let y = Int64.random(in: -bound...bound, using: &rng)
            let point = Geometry.point(Coordinate(x: Double(x) / scale, y: Double(y) / scale))
            let text = writer.string(.geometry(point, crs: .rdNew))
            let expected = "[\(decimalText(units: x, decimals: decimals)),\(decimalText(units: y, decimals: decimals))]"
            #expect(text.contains("\"coordinates\":\(expected)}"), "\(text)")
        }
    }

    @Test func integerPropertiesAreWrittenAsIntegers() {
        let values: [Double] = [0, 7, -7, 999_999_999_999_999, -999_999_999_999_999, 1_000_000]
        let text = GeoJSONWriter().string(.feature(Feature(geometry: nil, properties: ["v": .array(values.map(JSONValue.number))])))
        #expect(text.contains(#""v":[0,7,-7,999999999999999,-999999999999999,1000000]"#))
    }

    @Test func everyControlCharacterIsEscaped() throws {
        let text = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\"\\/é🚶"
        let written = GeoJSONWriter().string(.feature(Feature(geometry: nil, properties: ["t": .string(text)])))
        #expect(written.contains(#"\u0000\u0001"#) && written.contains(#"\b\t\n\u000b\f\r"#) && written.contains(#"\u001f\"\\/é🚶""#))
        // Python reads it back to the same text.
        let python = try Self.python(#"import json,sys; sys.stdout.write(json.load(sys.stdin)["properties"]["t"])"#, input: Data(written.utf8))
        #expect(python == text)
    }

    static let pythonPath = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs a Python program on `input` (its standard input) and returns what it prints.
    static func python(_ program: String, input: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pythonPath ?? "python3")
        process.arguments = ["-c", program]
        let inputFile = try TestPaths.temporaryDirectory().appendingPathComponent("input.json")
        defer { try? FileManager.default.removeItem(at: inputFile.deletingLastPathComponent()) }
        try input.write(to: inputFile)
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    @Test(.enabled(if: pythonPath != nil, "python3 is not installed"))
    func fileOfManyFeaturesParsesBackInPython() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 20_000
        // Made lazily, as the writer is meant to be fed: the collection is never held as an array.
        let features = (0..<count).lazy.map { i -> Feature in
            let position = Coordinate(x: 5 + Double(i) * 1e-7, y: 52 - Double(i % 1000) * 1e-7)
            let level: JSONValue = i % 2 == 0 ? .string("B") : .null
            let properties: JSONObject = ["text": .string("bevinding \(i) \"café\"\n"), "level": level, "n": .number(Double(i) / 4)]
            return Feature(id: .number(Double(i)), geometry: .point(position), properties: properties)
        }
        let url = folder.appendingPathComponent("many.geojson")
        try ByteSink.writeFile(url) { try GeoJSONWriter().write(features: features, crs: .wgs84, to: $0) }
        // Python sums what it read; the expected sums are worked out here from the same formulas.
        let program = """
            import json, sys
            d = json.load(sys.stdin)
            fs = d["features"]
            ok = all(f["properties"]["text"] == 'bevinding %d "café"\\n' % f["id"] for f in fs)
            ok = ok and all(f["properties"]["level"] == ("B" if f["id"] % 2 == 0 else None) for f in fs)
            ok = ok and all(f["properties"]["n"] == f["id"] / 4 for f in fs)
            ok = ok and all(round((f["geometry"]["coordinates"][0] - 5) * 1e7) == f["id"] for f in fs)
            ok = ok and all(round((52 - f["geometry"]["coordinates"][1]) * 1e7) == f["id"] % 1000 for f in fs)
            print(d["type"], len(fs), sum(f["id"] for f in fs), ok)
            """
        let output = try Self.python(program, input: try Data(contentsOf: url))
        #expect(output == "FeatureCollection \(count) \(count * (count - 1) / 2) True\n")
    }
}
