import Foundation
import SchouwCore
import SchouwGeometry
import SchouwTestSupport
import Testing
@testable import SchouwFormats

/// The PBF reader gives exactly the nodes and ways the XML reader (independent code over the XML form) gives,
/// and never traps on damaged blocks.
@Suite struct OSMPBFReaderTests {
    func elements(_ url: URL) throws -> (nodes: [OSMNode], ways: [OSMWay]) {
        var nodes: [OSMNode] = []
        var ways: [OSMWay] = []
        try OSMFile.read(url: url, onNode: { nodes.append($0) }, onWay: { ways.append($0) })
        // PBF has no lines; compare everything else.
        return (nodes.map { OSMNode(id: $0.id, coordinate: $0.coordinate, tags: $0.tags) },
                ways.map { OSMWay(id: $0.id, nodeIDs: $0.nodeIDs, tags: $0.tags, line: 0) })
    }

    @Test(arguments: ["pbf", "pbf,pbf_compression=none", "pbf,pbf_dense_nodes=false"])
    func theDemoReadsAsItsXML(format: String) throws {
        let xml = TestPaths.geodata("streets.osm")
        let fromXML = try elements(xml)
        let fromPBF = try elements(Osmium.pbf(from: xml, format: format))
        #expect(fromXML.nodes.count == 520 && fromXML.ways.count == 89)
        #expect(fromPBF.nodes == fromXML.nodes)
        #expect(fromPBF.ways == fromXML.ways)
    }

    @Test(.sharedData("karhula.osm"))
    func aRealTownReadsAsItsXML() throws {
        let xml = TestPaths.shared("karhula.osm")
        let fromXML = try elements(xml)
        let fromPBF = try elements(Osmium.pbf(from: xml))
        #expect(fromPBF.nodes.count == fromXML.nodes.count && fromPBF.ways.count == fromXML.ways.count)
        #expect(fromPBF.nodes == fromXML.nodes)
        #expect(fromPBF.ways == fromXML.ways)
    }

    /// With a region, exactly the kept ways that have a node inside the box remain: checked against a naive
    /// filter over everything the XML reader gives, for the XML and the PBF form.
    @Test(.sharedData("karhula.osm"))
    func aRegionKeepsTheWaysThatReachIt() throws {
        let xml = TestPaths.shared("karhula.osm")
        let box = BoundingBox(minX: 26.944, minY: 60.527, maxX: 26.957, maxY: 60.533)
        let all = try elements(xml)
        let position = Dictionary(uniqueKeysWithValues: all.nodes.map { ($0.id, $0.coordinate) })
        let expected = all.ways.filter { way in
            way.tags["highway"] != nil && way.nodeIDs.count >= 2 && way.nodeIDs.contains { position[$0].map(box.contains) ?? false }
        }.map(\.id)
        #expect(expected.count > 20 && expected.count < all.ways.filter { $0.tags["highway"] != nil }.count / 2)
        for url in [xml, try Osmium.pbf(from: xml)] {
            let data = try OSMData.load(url: url, keepWay: { $0.tags["highway"] != nil }, missingNodes: .cutWays, region: box)
            #expect(data.ways.map(\.id) == expected, "\(url.lastPathComponent)")
        }
    }

    /// 300 seeded damages of an uncompressed PBF (so the changed bytes reach the protobuf decoding, not only
    /// zlib's checksum): each is read or refused with a FormatError, never a trap (which would end this test
    /// process).
    @Test func damagedBlocksAreReadOrRefusedNeverATrap() throws {
        let source = try [UInt8](Data(contentsOf: Osmium.pbf(from: TestPaths.geodata("streets.osm"), format: "pbf,pbf_compression=none")))
        var generator = SeededGenerator(seed: 20251129)
        let file = try TestPaths.temporaryDirectory().appendingPathComponent("kapot.osm.pbf")
        var refused = 0
        for _ in 0..<300 {
            var bytes = source
            for _ in 0..<[1, 2, 5, 20].randomElement(using: &generator)! {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if Int.random(in: 0..<5, using: &generator) == 0 { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator))) }
            try Data(bytes).write(to: file)
            do {
                try OSMPBFReader().read(url: file, onNode: { _ in }, onWay: { _ in })
            } catch FormatError.invalidPBF(let name, _), FormatError.invalidElement(let name, _, _, _) {
                #expect(name == "kapot.osm.pbf")
                refused += 1
            }
        }
        // Most damages are found; some only change a tag's text or a position, which reads.
        #expect(refused > 150)
    }
}
