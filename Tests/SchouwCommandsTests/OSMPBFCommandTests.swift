import Foundation
import SchouwCore
import SchouwTestSupport
import Testing

/// `--streets FILE.osm.pbf`: the PBF form of a file (made here by osmium, the reference tool, which
/// `scripts/setup.sh --tests` installs) plans exactly what its XML form plans, and damaged PBF files are refused
/// naming the file, with nothing written.
@Suite struct OSMPBFCommandTests {
    /// Runs `schouw plan` on the XML file and on its PBF form; both must succeed with the same JSON summary
    /// and byte-identical route files (lengths to the millimetre live in route.geojson).
    func expectSamePlans(_ xml: URL, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pbf = try Osmium.pbf(from: xml)
        var outputs: [URL] = []
        var summaries: [String] = []
        for streets in [xml, pbf] {
            let out = try TestPaths.temporaryDirectory()
            let result = try BuiltProducts.run(
                "schouw", ["plan", "--streets", streets.path, "--out", out.path, "--json"] + arguments)
            #expect(result.status == 0, "\(streets.lastPathComponent): \(result.stderr)", sourceLocation: sourceLocation)
            outputs.append(out)
            summaries.append(result.stdout)
        }
        #expect(!summaries[0].isEmpty && summaries[0] == summaries[1], sourceLocation: sourceLocation)
        for name in ["route.geojson", "route.gpx", "directions.txt"] {
            let xmlFile = try Data(contentsOf: outputs[0].appendingPathComponent(name))
            let pbfFile = try Data(contentsOf: outputs[1].appendingPathComponent(name))
            #expect(!xmlFile.isEmpty && xmlFile == pbfFile, "\(name) differs", sourceLocation: sourceLocation)
        }
    }

    @Test func theDemoPlansTheSameFromPBF() throws {
        try expectSamePlans(TestPaths.geodata("streets.osm"), [
            "--area", TestPaths.geodata("buurten.geojson").path, "--area-code", "BU03039901",
            "--start", "5.7219607,52.5194066", "--groups", "2",
        ])
    }

    @Test(.sharedData("karhula.osm"))
    func aRealTownPlansTheSameFromPBF() throws {
        // The whole town from one point (the region filter is tested on this town in OSMPBFReaderTests; a
        // buurt-sized square here would stop at streets not connected to the rest, which the XML form does too).
        try expectSamePlans(TestPaths.shared("karhula.osm"), ["--start", "26.9506783,60.5300092", "--groups", "1", "--lenient"])
    }

    /// The bytes of a protobuf field: key then value (varint or length-delimited bytes).
    static func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] { varint(UInt64(number << 3 | 2)) + varint(UInt64(bytes.count)) + bytes }
    static func field(_ number: Int, varint value: UInt64) -> [UInt8] { varint(UInt64(number << 3)) + varint(value) }
    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var bytes: [UInt8] = []
        repeat {
            bytes.append(UInt8(v & 0x7F) | (v >= 0x80 ? 0x80 : 0))
            v >>= 7
        } while v > 0
        return bytes
    }

    /// One file block: the 4-byte big-endian length, a BlobHeader of `type`, and `blob`.
    static func block(_ type: String, _ blob: [UInt8]) -> [UInt8] {
        let header = field(1, Array(type.utf8)) + field(3, varint: UInt64(blob.count))
        let length = UInt32(header.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + header + blob
    }

    /// Damaged and foreign files under a .osm.pbf name, each with the reason the message must give.
    static func hostile() throws -> [(name: String, bytes: [UInt8], reason: String)] {
        let demo = try [UInt8](Data(contentsOf: Osmium.pbf(from: TestPaths.geodata("streets.osm"))))
        let raw = try [UInt8](Data(contentsOf: Osmium.pbf(from: TestPaths.geodata("streets.osm"), format: "pbf,pbf_compression=none")))
        var seeded = SeededGenerator(seed: 12)
        let header = block("OSMHeader", field(1, field(4, Array("OsmSchema-V0.6".utf8))))
        return [
            ("leeg.osm.pbf", [], "het bestand is leeg"),
            ("ruis.osm.pbf", (0..<4096).map { _ in UInt8.random(in: 0...255, using: &seeded) },
             "blok 1: de kop zou"),
            ("xml.osm.pbf", try [UInt8](Data(contentsOf: TestPaths.geodata("streets.osm"))), "blok 1: de kop zou"),
            ("half.osm.pbf", Array(demo.prefix(demo.count / 2)), "is afgekapt (helemaal gedownload?)"),
            ("kop.osm.pbf", Array(demo.prefix(3)), "blok 1 is afgekapt (helemaal gedownload?)"),
            // Bytes changed in the zlib stream of the last data block: it unpacks to less than it says.
            ("zlib.osm.pbf", demo.enumerated().map { $0.offset > demo.count - 200 && $0.offset % 7 == 0 ? ~$0.element : $0.element },
             "blok 3: het uitgepakte blok heeft niet de grootte die het noemt"),
            ("geschiedenis.osm.pbf", block("OSMHeader", field(1, field(4, Array("HistoricalInformation".utf8)))),
             #"blok 1: het bestand vraagt om "HistoricalInformation", wat deze lezer niet kent"#),
            ("lzma.osm.pbf", header + block("OSMData", field(4, [1, 2, 3])),
             "blok 2: het blok is met LZMA ingepakt; alleen zlib wordt gelezen (osmium cat kan het omzetten)"),
            ("zonderkop.osm.pbf", block("OSMData", field(1, [])), "blok 1: gegevens vóór de OSMHeader; dit is geen geldig OSM PBF"),
            // A string index past the string table in an uncompressed data block: the dense nodes' keys.
            ("tekst.osm.pbf", header + block("OSMData", field(1, field(2, field(2, field(1, [2]) + field(8, [2]) + field(9, [2]) + field(10, [40, 2, 0]))))),
             "blok 2 is beschadigd (tekst 40 staat niet in de tabel)"),
            ("lengte.osm.pbf", Array(raw.prefix(raw.count - 40)) + raw.suffix(40).map { _ in 0xFF }, "blok 3"),
        ]
    }

    @Test func damagedAndForeignPBFFilesAreRefusedNamingTheFile() throws {
        for (name, bytes, reason) in try Self.hostile() {
            let file = try TestPaths.temporaryDirectory().appendingPathComponent(name)
            try Data(bytes).write(to: file)
            let out = try TestPaths.temporaryDirectory().appendingPathComponent("plan")
            let result = try BuiltProducts.run(
                "schouw", ["plan", "--streets", file.path, "--start", "5.7219607,52.5194066", "--out", out.path])
            #expect(!result.endedBySignal && result.status == 1, "\(name): \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("schouw plan: \(name): geen leesbaar OpenStreetMap-PBF-bestand: "), "\(name): \(result.stderr)")
            #expect(result.stderr.contains(reason), "\(name): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(name): a refused plan wrote its folder")
        }
    }

    @Test func infoDescribesAPBF() throws {
        let pbf = try Osmium.pbf(from: TestPaths.geodata("streets.osm"))
        let result = try BuiltProducts.run("schouw", ["info", pbf.path])
        #expect(result.status == 0, "\(result.stderr)")
        // 520 nodes and 89 ways, as osmium fileinfo counts them in geodata/streets.osm.
        #expect(result.stdout.hasPrefix("streets.osm.pbf: OpenStreetMap PBF\n"))
        #expect(result.stdout.contains("(node 520, way 89)"))
    }
}
