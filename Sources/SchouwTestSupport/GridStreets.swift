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
