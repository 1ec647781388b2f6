import SchouwGeometry
import SchouwNetwork
import SchouwCore
import SchouwFormats

/// What a route map shows, as plain WGS84 values: the street lines, each group's walk and checkpoints,
/// the buurt and the meeting point.
///
/// A fresh plan fills it from the street network (``init(plan:)``); the web app fills it from the
/// schouw database, which keeps the same lines.
public struct RouteMapContent: Sendable {
    public struct Street: Sendable, Hashable {
        public var name: String?
        /// The segment from junction to junction; segments meeting at a junction share its coordinate.
        public var line: [Coordinate]
        public var lengthMeters: Double

        public init(name: String?, line: [Coordinate], lengthMeters: Double) {
            self.name = name
            self.line = line
            self.lengthMeters = lengthMeters
        }
    }

    public struct Checkpoint: Sendable, Hashable {
        public var number: Int
        public var coordinate: Coordinate

        public init(number: Int, coordinate: Coordinate) {
            self.number = number
            self.coordinate = coordinate
        }
    }

    public struct Group: Sendable, Hashable {
        /// The walk in walking order.
        public var line: [Coordinate]
        public var checkpoints: [Checkpoint]
        /// Metres this group walks per street name; these names get bold labels first.
        public var walkedMeters: [String: Double]

        public init(line: [Coordinate], checkpoints: [Checkpoint], walkedMeters: [String: Double]) {
            self.line = line
            self.checkpoints = checkpoints
            self.walkedMeters = walkedMeters
        }
    }

    public var streets: [Street]
    public var groups: [Group]
    /// The buurt's rings (outer and holes of every part); empty without an area.
    public var areaRings: [[Coordinate]]
    public var start: Coordinate

    public init(streets: [Street], groups: [Group], areaRings: [[Coordinate]], start: Coordinate) {
        self.streets = streets
        self.groups = groups
        self.areaRings = areaRings
        self.start = start
    }

    /// The content of a fresh plan: every street of its network, walked metres from the traversals.
    public init(plan: WalkPlan) {
        let edges = plan.network.edges
        streets = edges.map { Street(name: $0.name, line: $0.coordinates, lengthMeters: $0.lengthMeters) }
        groups = plan.groups.map { group in
            var walked: [String: Double] = [:]
            for t in group.traversals {
                if let name = edges[t.edgeID].name { walked[name, default: 0] += edges[t.edgeID].lengthMeters }
            }
            return Group(
                line: group.line, checkpoints: group.checkpoints.map { Checkpoint(number: $0.number, coordinate: $0.coordinate) },
                walkedMeters: walked)
        }
        areaRings = plan.area?.geometry.polygons.flatMap(\.rings) ?? []
        start = plan.start
    }
}
