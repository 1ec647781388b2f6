import Foundation

/// Small OSM XML street files on a grid of about 100 m near Dronten, written on the fly.
public enum GridStreets {
    /// The grid's node (0, 0).
    public static let originLongitude = 5.72
    public static let originLatitude = 52.51
    /// Degrees per grid step: about 100 m east and 100 m north at 52.51° N.
    public static let longitudeStep = 0.001_47
    public static let latitudeStep = 0.000_9

    /// The longitude and latitude of grid node (column, row).
    public static func position(column: Int, row: Int) -> (longitude: Double, latitude: Double) {
        (originLongitude + Double(column) * longitudeStep, originLatitude + Double(row) * latitudeStep)
    }

    /// Writes a full street grid of `columns` × `rows` junctions: one residential way per row and per
    /// column. Junctions on the edge but not in a corner meet three streets, so the grid has
    /// 2(columns − 2) + 2(rows − 2) junctions with an odd number of streets.
    public static func fullGrid(columns: Int, rows: Int, name: String = "grid.osm") throws -> URL {
        func id(_ column: Int, _ row: Int) -> Int { 1 + row * columns + column }
        var nodes: [Int: (Int, Int)] = [:]
        for row in 0..<rows {
            for column in 0..<columns { nodes[id(column, row)] = (column, row) }
        }
        var ways: [(id: Int, nodes: [Int], tags: [String: String])] = []
        for row in 0..<rows {
            ways.append((1_000 + row, (0..<columns).map { id($0, row) }, ["highway": "residential", "name": "Rij \(row)"]))
        }
        for column in 0..<columns {
            ways.append((2_000 + column, (0..<rows).map { id(column, $0) }, ["highway": "residential", "name": "Kolom \(column)"]))
        }
        return try osm(nodes: nodes, ways: ways, name: name)
    }

    /// Writes an OSM file, `name` in a fresh temporary folder, whose nodes sit on the grid:
    /// node id → (column, row).
    public static func osm(
        nodes: [Int: (Int, Int)], ways: [(id: Int, nodes: [Int], tags: [String: String])], name: String = "streets.osm"
    ) throws -> URL {
        var xml = "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n"
        for (id, cell) in nodes.sorted(by: { $0.key < $1.key }) {
            let p = position(column: cell.0, row: cell.1)
            xml += " <node id=\"\(id)\" lat=\"\(p.latitude)\" lon=\"\(p.longitude)\"/>\n"
        }
        for way in ways {
            xml += " <way id=\"\(way.id)\">\n"
            for n in way.nodes { xml += "  <nd ref=\"\(n)\"/>\n" }
            for (k, v) in way.tags.sorted(by: { $0.key < $1.key }) { xml += "  <tag k=\"\(k)\" v=\"\(v)\"/>\n" }
            xml += " </way>\n"
        }
        xml += "</osm>\n"
        return try TestPaths.temporaryFile(name, contents: xml)
    }
}
