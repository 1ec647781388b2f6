import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

extension StreetNetwork {
    /// Loads the walkable streets of an OSM XML or PBF file; with `region` (degrees) only the ways that reach
    /// that box.
    ///
    /// - Throws: ``FormatError`` for unreadable files, broken XML or PBF, or ways that refer to missing nodes;
    ///   ``SchouwNetworkError/noStreets(file:)`` when nothing walkable is left.
    public static func load(osm url: URL, filter: WalkableFilter = WalkableFilter(), region: BoundingBox? = nil) throws -> StreetNetwork {
        let data = try OSMData.load(url: url, keepWay: { filter.accepts($0.tags) }, region: region)
        var lines: [(keys: [Int64], coordinates: [Coordinate], name: String?, highway: String, sourceID: Int64, footway: String?)] = []
        for way in data.ways {
            let coordinates = way.nodeIDs.compactMap { data.coordinates[$0] }
            guard coordinates.count == way.nodeIDs.count, coordinates.count >= 2 else { continue }
            lines.append((way.nodeIDs, coordinates, way.tags["name"], way.tags["highway"] ?? "", way.id, way.tags["footway"]))
        }
        func phrase(_ problem: OSMProblem) -> Phrase { Phrase(problem.message(.nl), problem.message(.en)) }
        var network = build(lines: lines, problems: data.problems.filter(\.leavesSomethingOut).map(phrase))
        network.warnings = data.problems.filter { !$0.leavesSomethingOut }.map(phrase)
        guard !network.edges.isEmpty else { throw SchouwNetworkError.noStreets(file: url.lastPathComponent) }
        return network
    }

    /// Loads streets from a GeoJSON file of LineString/MultiLineString features (`name` gives the street
    /// name, `highway` the type when present). Lines meet where they share a coordinate (to 7 decimals).
    public static func load(geoJSON url: URL, filter: WalkableFilter = WalkableFilter()) throws -> StreetNetwork {
        let document = try GeoJSON.read(contentsOf: url)
        let crs = document.crs
        var lines: [(keys: [Coordinate], coordinates: [Coordinate], name: String?, highway: String, sourceID: Int64, footway: String?)] = []
        var problems: [Phrase] = []
        for (index, feature) in document.features.enumerated() {
            guard let geometry = feature.geometry else { continue }
            let highway = feature.properties["highway"]?.stringValue
            // A file without highway tags is taken as all walkable; with tags, the filter applies.
            if highway != nil {
                var tags: [String: String] = [:]
                for (key, value) in feature.properties { if let text = value.stringValue { tags[key] = text } }
                if !filter.accepts(tags) { continue }
            }
            let parts = geometry.lineStrings
            if parts.isEmpty {
                let place = "\(url.lastPathComponent): features[\(index)]: \(geometry.typeName)"
                problems.append(Phrase("\(place) is geen lijn; overgeslagen", "\(place) is not a line; skipped"))
            }
            for part in parts {
                let wgs = try CoordinateTransforms.transform(part.coordinates, from: crs, to: .wgs84)
                let keys = wgs.map { Coordinate(x: ($0.x * 1e7).rounded(), y: ($0.y * 1e7).rounded()) }
                lines.append((
                    keys, wgs, feature.properties["name"]?.stringValue, highway ?? "residential", Int64(index),
                    feature.properties["footway"]?.stringValue))
            }
        }
        let network = build(lines: lines, problems: problems)
        guard !network.edges.isEmpty else { throw SchouwNetworkError.noStreets(file: url.lastPathComponent) }
        return network
    }

    /// Loads `.osm`, `.osm.pbf` or `.geojson`/`.json` by extension; `region` (degrees) limits an OSM file
    /// to the ways that reach that box.
    public static func load(url: URL, filter: WalkableFilter = WalkableFilter(), region: BoundingBox? = nil) throws -> StreetNetwork {
        switch url.pathExtension.lowercased() {
        case "osm", "xml", "pbf": try load(osm: url, filter: filter, region: region)
        case "geojson", "json": try load(geoJSON: url, filter: filter)
        default: throw SchouwNetworkError.unknownFileType(file: url.lastPathComponent)
        }
    }
}
