import Foundation
@testable import SchouwNetwork
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Paths to the demo and shared data, and small OSM files written on the fly.
enum StreetFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let demoStreets = root.appendingPathComponent("geodata/streets.osm")
    static let demoBuurten = root.appendingPathComponent("geodata/buurten.geojson")
    static let karhula = root.deletingLastPathComponent().appendingPathComponent("shared/data/karhula.osm")
    static var hasKarhula: Bool { FileManager.default.fileExists(atPath: karhula.path) }

    /// Writes an OSM file whose nodes sit on a 100 m grid near Dronten: node id → (column, row).
    static func osm(nodes: [Int: (Int, Int)], ways: [(id: Int, nodes: [Int], tags: [String: String])]) throws -> URL {
        var xml = "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n"
        for (id, cell) in nodes.sorted(by: { $0.key < $1.key }) {
            let lon = 5.72 + Double(cell.0) * 0.001_47
            let lat = 52.51 + Double(cell.1) * 0.000_9
            xml += " <node id=\"\(id)\" lat=\"\(lat)\" lon=\"\(lon)\"/>\n"
        }
        for way in ways {
            xml += " <way id=\"\(way.id)\">\n"
            for n in way.nodes { xml += "  <nd ref=\"\(n)\"/>\n" }
            for (k, v) in way.tags.sorted(by: { $0.key < $1.key }) { xml += "  <tag k=\"\(k)\" v=\"\(v)\"/>\n" }
            xml += " </way>\n"
        }
        xml += "</osm>\n"
        return try write(xml, name: "streets.osm")
    }

    static func write(_ text: String, name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-net-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}
