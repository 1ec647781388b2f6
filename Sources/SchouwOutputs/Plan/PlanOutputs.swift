import Foundation
import SchouwGeometry
import SchouwNetwork
import SchouwStore
import SchouwCore
import SchouwFormats

/// Writes a ``WalkPlan`` as the organizer's files: route.geojson, checkpoints.geojson, route.gpx, directions.txt and a JSON
/// summary; it holds what the route sheets (sheets.html, sheets.md) are laid out from.
public struct PlanOutputs: Sendable {
    public var plan: WalkPlan
    public var language: Language
    /// Group names in order; missing ones get "Groep A", "Groep B", …
    public var groupNames: [String]
    public var title: String
    /// What the printed route sheets carry besides the plan.
    public var sheetSettings: RouteSheetSettings

    public init(
        plan: WalkPlan, language: Language, groupNames: [String] = [], title: String? = nil,
        sheetSettings: RouteSheetSettings = RouteSheetSettings()
    ) {
        self.plan = plan
        self.sheetSettings = sheetSettings
        self.language = language
        let wording = StreetWording(language: language)
        self.groupNames = plan.groups.indices.map { $0 < groupNames.count ? groupNames[$0] : wording.defaultGroupName($0 + 1) }
        self.title = title ?? language.pick("Buurtschouw", "Neighbourhood walk") + (plan.area.map { " \($0.label)" } ?? "")
    }

    var wording: StreetWording { StreetWording(language: language) }

    /// RFC 7946: one LineString per group. Lines only, so that QGIS loads the file as one layer without
    /// asking for a sublayer; the points are in ``checkpointsGeoJSON()``.
    public func routeGeoJSON() -> FeatureCollection {
        FeatureCollection(features: plan.groups.enumerated().map { index, group in
            Feature(geometry: .lineString(LineString(group.line)), properties: [
                "kind": "route", "group": .string(groupNames[index]), "group_number": .number(Double(group.number)),
                "length_m": .number(group.lengthMeters.rounded()), "minutes": .number(group.minutes.rounded()),
                "checkpoints": .number(Double(group.checkpoints.count)),
            ])
        })
    }

    /// RFC 7946: the numbered checkpoints of each group, then the meeting point (points only).
    public func checkpointsGeoJSON() -> FeatureCollection {
        var features: [Feature] = []
        for (index, group) in plan.groups.enumerated() {
            for checkpoint in group.checkpoints {
                features.append(Feature(geometry: .point(checkpoint.coordinate), properties: [
                    "kind": "checkpoint", "group": .string(groupNames[index]), "group_number": .number(Double(group.number)),
                    "number": .number(Double(checkpoint.number)),
                    "street": checkpoint.street.map { .string($0) } ?? .null,
                    "distance_m": .number(checkpoint.distanceMeters.rounded()),
                ]))
            }
        }
        features.append(Feature(geometry: .point(plan.start), properties: [
            "kind": "start", "name": .string(language.pick("Startpunt", "Meeting point")),
        ]))
        return FeatureCollection(features: features)
    }

    /// GPX 1.1: one track per group and one waypoint per checkpoint (named "A-03" for group A, checkpoint 3).
    public func gpx() -> GPXDocument {
        var waypoints = [GPXWaypoint(coordinate: plan.start, name: language.pick("Startpunt", "Meeting point"))]
        var tracks: [GPXTrack] = []
        for (index, group) in plan.groups.enumerated() {
            let prefix = groupPrefix(index)
            for checkpoint in group.checkpoints {
                waypoints.append(GPXWaypoint(
                    coordinate: checkpoint.coordinate, name: "\(prefix)-" + String(format: "%02d", checkpoint.number),
                    description: "\(groupNames[index]) · \(language.pick("controlepunt", "checkpoint")) \(checkpoint.number)"
                        + (checkpoint.street.map { " · \($0)" } ?? "")))
            }
            tracks.append(GPXTrack(
                name: groupNames[index],
                description: "\(wording.distance(group.lengthMeters)), \(wording.duration(group.minutes))",
                segments: [group.line.map { GPXWaypoint(coordinate: $0) }]))
        }
        return GPXDocument(creator: "Schouw", name: title, waypoints: waypoints, tracks: tracks)
    }

    /// The short prefix of a group's checkpoint names: its letter when the name ends in one, else its number.
    func groupPrefix(_ index: Int) -> String {
        if let last = groupNames[index].split(separator: " ").last, last.count <= 2 { return String(last) }
        return "\(index + 1)"
    }

    /// The groups as the schouw database stores them, so walkers can refer to checkpoint numbers later.
    public func planGroups() -> [PlanGroup] {
        plan.groups.enumerated().map { index, group in
            PlanGroup(
                name: groupNames[index], line: group.line, lengthMeters: group.lengthMeters, minutes: group.minutes,
                checkpoints: group.checkpoints.map {
                    PlanCheckpoint(number: $0.number, street: $0.street, coordinate: $0.coordinate)
                })
        }
    }

    /// The street segments the route map needs: those with a point within `marginMeters` (about; the
    /// box is widened in degrees) of the box around the walks and the buurt, so the database stays small.
    public func planStreets(marginMeters: Double = 150) -> [PlanStreet] {
        var points = plan.groups.flatMap(\.line) + (plan.area?.geometry.polygons.flatMap(\.rings).flatMap { $0 } ?? [])
        points.append(plan.start)
        let latitudes = points.map(\.latitude)
        let longitudes = points.map(\.longitude)
        guard let minLat = latitudes.min(), let maxLat = latitudes.max(), let minLon = longitudes.min(), let maxLon = longitudes.max()
        else { return [] }
        let dLat = marginMeters / 111_320
        let dLon = dLat / max(cos(minLat * .pi / 180), 0.1)
        let latRange = (minLat - dLat)...(maxLat + dLat)
        let lonRange = (minLon - dLon)...(maxLon + dLon)
        return plan.network.edges.filter { edge in
            edge.coordinates.contains { latRange.contains($0.latitude) && lonRange.contains($0.longitude) }
        }.map { PlanStreet(name: $0.name, highway: $0.highway, line: $0.coordinates, lengthMeters: $0.lengthMeters) }
    }

    /// Turn-by-turn directions per group, as plain text.
    public func directionsText() -> String {
        var out = "\(title)\n"
        for (index, group) in plan.groups.enumerated() {
            out += "\n\(groupNames[index])\n"
            out += language.pick("Afstand", "Distance") + " \(wording.distance(group.lengthMeters)), "
                + language.pick("verwachte tijd", "expected time") + " \(wording.duration(group.minutes))"
                + " (\(language.pick("lopen plus stops", "walking plus stops")))\n\n"
            for step in group.steps {
                let checkpoints = step.checkpoints.isEmpty
                    ? "" : "  [" + "cp " + step.checkpoints.map(String.init).joined(separator: ", ") + "]"
                let start = step.cumulativeMeters - step.lengthMeters
                out += Self.row(step.number, start) + "\(wording.instruction(step)) — \(Int(step.lengthMeters.rounded())) m\(checkpoints)\n"
            }
            out += Self.row(group.steps.count + 1, group.lengthMeters) + wording.arrival + "\n"
        }
        return out
    }

    /// The step number and cumulative distance columns of a directions line.
    static func row(_ number: Int, _ meters: Double) -> String {
        let n = String(number)
        let m = "\(Int(meters.rounded())) m"
        return String(repeating: " ", count: max(0, 4 - n.count)) + n + String(repeating: " ", count: max(0, 10 - m.count)) + m + "  "
    }

    /// The machine-readable summary printed by `schouw plan --json`.
    public struct Summary: Codable, Sendable {
        public struct Group: Codable, Sendable {
            public var group: Int
            public var name: String
            public var length_m: Double
            public var minutes: Double
            public var checkpoints: Int
            public var steps: Int
        }
        public var total_length_m: Double
        public var street_length_m: Double
        public var deadhead_m: Double
        public var lower_bound_m: Double
        public var optimal: Bool
        public var required_edges: Int
        public var left_out_edges: Int
        public var balance: Double
        public var start: [Double]
        public var groups: [Group]
    }

    public func summary() -> Summary {
        Summary(
            total_length_m: plan.totalLengthMeters.rounded(), street_length_m: plan.streetLengthMeters.rounded(),
            deadhead_m: plan.deadheadMeters.rounded(), lower_bound_m: plan.lowerBoundMeters.rounded(),
            optimal: plan.isOptimal, required_edges: plan.requiredEdges.count, left_out_edges: plan.leftOutEdges.count,
            balance: (plan.balance * 1000).rounded() / 1000, start: [plan.start.longitude, plan.start.latitude],
            groups: plan.groups.enumerated().map { index, g in
                Summary.Group(
                    group: g.number, name: groupNames[index], length_m: g.lengthMeters.rounded(), minutes: g.minutes.rounded(),
                    checkpoints: g.checkpoints.count, steps: g.steps.count)
            })
    }

    public func summaryJSON() throws -> String {
        // Kept on Foundation's encoder on purpose: this only writes (nothing reads it back through a second
        // parser), and its pretty layout with sorted keys is the published `--json` output scripts rely on.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(summary()), as: UTF8.self)
    }

    /// The printable route sheets.
    public var sheets: RouteSheets { RouteSheets(outputs: self, settings: sheetSettings) }

    /// Writes route.geojson (lines), checkpoints.geojson (points), route.gpkg (both, as the layers `route`
    /// and `checkpoints`), route.gpx and directions.txt into `folder` (created when missing); the route
    /// sheets are the sheets job's.
    /// - Returns: the files written.
    @discardableResult
    public func write(to folder: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let geojson = folder.appendingPathComponent("route.geojson")
        try GeoJSONWriter().write(routeGeoJSON(), to: geojson)
        let checkpoints = folder.appendingPathComponent("checkpoints.geojson")
        try GeoJSONWriter().write(checkpointsGeoJSON(), to: checkpoints)
        let geoPackage = folder.appendingPathComponent("route.gpkg")
        try GeoPackage.write(
            to: geoPackage, crs: .wgs84,
            tables: [
                GeoPackageTable(name: "route", geometryTypeName: "LINESTRING", features: routeGeoJSON().features),
                GeoPackageTable(name: "checkpoints", geometryTypeName: "POINT", features: checkpointsGeoJSON().features),
            ])
        let gpxURL = folder.appendingPathComponent("route.gpx")
        try ByteSink.writeFile(gpxURL) { try GPX.write(gpx(), to: $0) }
        let directions = folder.appendingPathComponent("directions.txt")
        try ByteSink.write(Data(directionsText().utf8), to: directions)
        return [geojson, checkpoints, geoPackage, gpxURL, directions]
    }
}
