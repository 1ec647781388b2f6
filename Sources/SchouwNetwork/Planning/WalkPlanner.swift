import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// The buurt (or any polygon) whose streets the walk must cover.
public struct PlanArea: Sendable {
    /// Shown in messages, e.g. "BU03039901 Kruidentuin-Noord".
    public var label: String
    /// Polygon or MultiPolygon in WGS84.
    public var geometry: Geometry

    public init(label: String, geometry: Geometry) {
        self.label = label
        self.geometry = geometry
    }
}

/// How many groups walk.
public enum GroupSetting: Hashable, Sendable {
    /// Exactly this many groups.
    case count(Int)
    /// The fewest groups whose longest walk fits in this many minutes.
    case maxMinutes(Double)
}

/// What the organizer asks for besides the streets and the start.
public struct PlanOptions: Hashable, Sendable {
    /// The group setting `schouw plan` uses when neither a count nor a time limit is given: the fewest
    /// groups whose walk fits in two hours.
    public static let defaultMaxMinutes = 120.0

    public var groups: GroupSetting = .count(1)
    /// Walking speed of a schouw group (4–8 people who look around and talk): 3 km/h.
    public var speedKmh = 3.0
    /// The stop at each checkpoint (looking, talking, noting): 90 s.
    public var stopSecondsPerCheckpoint = 90.0
    /// An extra allowance per 100 m walked, for those who want the older model (0 by default).
    public var stopSecondsPer100m = 0.0
    /// Points each walk must pass within `viaRadiusMeters` of (e.g. last year's problem spots).
    public var via: [Coordinate] = []
    public var viaRadiusMeters = 25.0
    /// The start must lie within this distance of a street.
    public var startRadiusMeters = 500.0
    public var checkpointSpacingMeters = 150.0
    /// Largest group count tried with `.maxMinutes`.
    public var maximumGroupCount = 12
    /// Planning is refused when the exact matching of the odd junctions could need more memory than
    /// this (`PerfectMatching.estimatedMemoryBytes(vertexCount:)`): 2 GB by default.
    public var matchingMemoryLimitBytes = PerfectMatching.defaultMemoryLimitBytes
    /// Footway ways beside or across a street (`footway=sidewalk|crossing|traffic_island`) must be walked
    /// too; by default they only connect (the street beside them is walked once).
    public var includeSidewalks = false
    /// Only this many groups turn up: with `.maxMinutes`, cover what fits in this many walks and leave
    /// the farthest streets out (``WalkPlan/leftOutForTime``).
    public var groupsAvailable: Int?
    /// Last year's findings (WGS84): with ``groupsAvailable``, a street within `viaRadiusMeters` of one is
    /// left out only after every street without one, and listed first among the streets left out.
    public var previousFindings: [Coordinate] = []

    public init() {}

    /// Expected minutes for a walk of this length with this many checkpoints: walking at `speedKmh`, a
    /// stop of `stopSecondsPerCheckpoint` at each checkpoint, and the per-100 m allowance.
    public func minutes(forMeters meters: Double, checkpoints: Int) -> Double {
        walkingMinutes(forMeters: meters) + Double(checkpoints) * stopSecondsPerCheckpoint / 60
    }

    /// Minutes of walking alone (with the per-100 m allowance), without the checkpoint stops.
    public func walkingMinutes(forMeters meters: Double) -> Double {
        meters / (speedKmh * 1000) * 60 + meters / 100 * stopSecondsPer100m / 60
    }

    /// The longest walk, in metres, that fits in `minutes` when it has no checkpoint stops (an upper
    /// bound for any walk that does).
    public func meters(forMinutes minutes: Double) -> Double {
        minutes / (60 / (speedKmh * 1000) + stopSecondsPer100m / 6000)
    }
}

/// A street left out of a plan because the groups that turn up cannot walk it in time.
public struct LeftOutStreet: Hashable, Sendable {
    /// The street's name, or nil for an unnamed segment (then `highway` says what it is).
    public var name: String?
    public var highway: String
    /// The required segments left out.
    public var edges: [Int]
    public var lengthMeters: Double
    /// Whether one of last year's findings lies on it (``PlanOptions/previousFindings``).
    public var hadFindings = false
}

/// One group's closed walk.
public struct GroupWalk: Sendable {
    /// 1-based group number.
    public var number: Int
    public var traversals: [Traversal]
    /// The walk as a line from start to start.
    public var line: [Coordinate]
    public var lengthMeters: Double
    public var minutes: Double
    public var checkpoints: [Checkpoint]
    public var steps: [DirectionStep]
    /// Edge ids this walk covers (first passes).
    public var coveredEdges: [Int]
}

/// A planned buurtschouw: one or more closed walks from one meeting point covering every required street.
public struct WalkPlan: Sendable {
    public var network: StreetNetwork
    public var area: PlanArea?
    public var options: PlanOptions
    /// Ids of the edges the walks must cover.
    public var requiredEdges: [Int]
    /// Edges not required because they are not connected to the main network or the start.
    public var leftOutEdges: [Int]
    /// Streets left out because the available groups cannot walk them in time (with
    /// ``PlanOptions/groupsAvailable``), nearest to the start first.
    public var leftOutForTime: [LeftOutStreet] = []
    /// Sidewalks, crossings and traffic islands (``StreetEdge/isSidewalk``) that would otherwise be required
    /// but go with their street (without ``PlanOptions/includeSidewalks``); walks may still use them.
    public var setAsideSidewalks: [Int] = []
    public var startVertex: Int
    public var start: Coordinate
    public var groups: [GroupWalk]
    /// Sum of the required edges' lengths.
    public var streetLengthMeters: Double
    public var totalLengthMeters: Double
    public var deadheadMeters: Double { totalLengthMeters - streetLengthMeters }
    /// No single closed walk covering the required streets is shorter than this.
    public var lowerBoundMeters: Double
    /// Whether the single-walk length is proven optimal (Chinese postman on connected streets).
    public var isOptimal: Bool
    /// The longest walk divided by the shortest: 1 is perfectly balanced (see ``GroupPlan/balance``).
    public var balance: Double { GroupPlan.balance(ofLengths: groups.map(\.lengthMeters)) }
}

/// Plans walks over a street network.
public struct WalkPlanner: Sendable {
    public var network: StreetNetwork

    public init(network: StreetNetwork) {
        self.network = network
    }

    /// Plans the walk.
    ///
    /// - Throws: ``SchouwNetworkError`` for bad input (no streets in the area, start or via too far, unknown
    ///   street) and when routing fails (unreachable streets, no group count fits).
    public func plan(area: PlanArea?, start: StartLocation, options: PlanOptions = PlanOptions()) throws -> WalkPlan {
        let planar = try PlanarNetwork(network)
        var required = Set<Int>()
        var leftOut: [Int] = []
        if let area {
            required = try edgesInside(area, planar)
            guard !required.isEmpty else { throw SchouwNetworkError.noStreetsInArea(area: area.label) }
        } else {
            let components = network.components()
            required = Set(components.first ?? [])
            leftOut = components.dropFirst().flatMap { $0 }.sorted()
        }
        // Sidewalks, crossings and traffic islands mapped as ways of their own go with their street: the
        // walk may use them to connect, but need not walk them for their own sake.
        var setAside: [Int] = []
        if !options.includeSidewalks {
            setAside = required.filter { network.edges[$0].isSidewalk }.sorted()
            required.subtract(setAside)
            if required.isEmpty, let area {
                throw SchouwNetworkError.noStreetsInArea(area: area.label)
            }
        }
        // Via points: the street nearest each must be walked, which brings the walk within the radius.
        let rdVia = try CoordinateTransforms.transform(options.via, from: .wgs84, to: .rdNew)
        var viaEdges = Set<Int>()
        for (index, point) in rdVia.enumerated() {
            guard let nearest = planar.nearestEdge(to: point, among: Array(network.edges.indices)),
                nearest.distanceMeters <= options.viaRadiusMeters
            else {
                let distance = planar.nearestEdge(to: point, among: Array(network.edges.indices))?.distanceMeters ?? .infinity
                throw SchouwNetworkError.viaTooFar(index: index, distanceMeters: distance, limitMeters: options.viaRadiusMeters)
            }
            required.insert(nearest.edge)
            viaEdges.insert(nearest.edge)
        }
        let startVertex = try resolve(start, planar: planar, required: required, radius: options.startRadiusMeters)
        // Streets of the area that no walk from the start can reach (an island in the extract) are left
        // out and reported, as without an area.
        if let piece = network.components().first(where: { $0.contains { network.edges[$0].u == startVertex || network.edges[$0].v == startVertex } }) {
            let reachable = Set(piece)
            let unreachable = required.filter { !reachable.contains($0) }
            if !unreachable.isEmpty, unreachable.count < required.count {
                required.subtract(unreachable)
                leftOut = (leftOut + unreachable).sorted()
            }
        }
        let describer = RouteDescriber(network: network, checkpointSpacingMeters: options.checkpointSpacingMeters)
        // Only K groups turn up: leave out the streets farthest from the start until K walks fit.
        var groupSetting = options.groups
        var leftOutForTime: [LeftOutStreet] = []
        if let available = options.groupsAvailable, case .maxMinutes(let minutes) = options.groups {
            // Streets with one of last year's findings within the via radius go last.
            var findingEdges = Set<Int>()
            for point in try CoordinateTransforms.transform(options.previousFindings, from: .wgs84, to: .rdNew) {
                if let nearest = planar.nearestEdge(to: point, among: Array(required)), nearest.distanceMeters <= options.viaRadiusMeters {
                    findingEdges.insert(nearest.edge)
                }
            }
            (required, leftOutForTime) = try coverWhatFits(
                groups: available, minutes: minutes, required: required, keep: viaEdges, priority: findingEdges,
                start: startVertex, describer: describer, options: options)
            groupSetting = .count(available)
        }
        let graph = try RoutingGraph(
            vertexCount: network.vertices.count,
            edges: network.edges.map {
                RoutingGraph.Edge(id: $0.id, u: $0.u, v: $0.v, lengthMeters: $0.lengthMeters, isRequired: required.contains($0.id))
            })
        let memoryLimit = options.matchingMemoryLimitBytes
        let single = try graph.postmanRoute(from: startVertex, matchingMemoryLimitBytes: memoryLimit)
        let routes: [Route]
        switch groupSetting {
        case .count(let k) where k <= 1:
            routes = [single]
        case .count(let k):
            routes = try graph.groupRoutes(from: startVertex, groupCount: k, matchingMemoryLimitBytes: memoryLimit).routes
        case .maxMinutes(let minutes):
            routes = try fewestGroups(
                fitting: minutes, graph: graph, start: startVertex, single: single, describer: describer, options: options)
        }
        let groups = routes.enumerated().map { index, route in
            let (steps, checkpoints) = describer.describe(route.traversals)
            return GroupWalk(
                number: index + 1, traversals: route.traversals, line: describer.line(route.traversals),
                lengthMeters: route.lengthMeters,
                minutes: options.minutes(forMeters: route.lengthMeters, checkpoints: checkpoints.count),
                checkpoints: checkpoints, steps: steps,
                coveredEdges: route.traversals.filter(\.isService).map(\.edgeID))
        }
        let streetLength = required.reduce(0) { $0 + network.edges[$1].lengthMeters }
        return WalkPlan(
            network: network, area: area, options: options, requiredEdges: required.sorted(), leftOutEdges: leftOut,
            leftOutForTime: leftOutForTime, setAsideSidewalks: setAside.filter { !required.contains($0) },
            startVertex: startVertex, start: network.vertices[startVertex], groups: groups,
            streetLengthMeters: streetLength, totalLengthMeters: groups.reduce(0) { $0 + $1.lengthMeters },
            lowerBoundMeters: single.lowerBoundMeters, isOptimal: single.isOptimal && routes.count == 1)
    }

    /// The required streets that `groups` walks of at most `minutes` can cover, and the streets left out:
    /// those with last year's findings first, then the rest, each nearest first (the ones to add back first
    /// when more time or people come).
    ///
    /// Greedy: while some walk is too long, the street (all required segments of one name, or one
    /// unnamed segment) whose farthest segment needs the longest round trip from the start is left out,
    /// streets holding a segment in `priority` (last year's findings) only when no other street is left.
    /// Streets in `keep` (via points) are never left out.
    private func coverWhatFits(
        groups: Int, minutes: Double, required: Set<Int>, keep: Set<Int>, priority: Set<Int> = [], start: Int,
        describer: RouteDescriber, options: PlanOptions
    ) throws -> (required: Set<Int>, leftOut: [LeftOutStreet]) {
        var required = required
        var dropped: [LeftOutStreet] = []
        func graph(_ required: Set<Int>) throws -> RoutingGraph {
            try RoutingGraph(
                vertexCount: network.vertices.count,
                edges: network.edges.map {
                    RoutingGraph.Edge(id: $0.id, u: $0.u, v: $0.v, lengthMeters: $0.lengthMeters, isRequired: required.contains($0.id))
                })
        }
        let distances = try graph(required).shortestPaths(from: start).distancesMeters
        func roundTrip(_ e: Int) -> Double {
            let edge = network.edges[e]
            return distances[edge.u] + edge.lengthMeters + distances[edge.v]
        }
        func fits(_ required: Set<Int>) throws -> Bool {
            let g = try graph(required)
            let routes = groups <= 1
                ? [try g.postmanRoute(from: start, matchingMemoryLimitBytes: options.matchingMemoryLimitBytes)]
                : try g.groupRoutes(from: start, groupCount: groups, matchingMemoryLimitBytes: options.matchingMemoryLimitBytes).routes
            return routes.allSatisfy {
                options.minutes(forMeters: $0.lengthMeters, checkpoints: describer.describe($0.traversals).checkpoints.count) <= minutes
            }
        }
        while !required.isEmpty {
            if try fits(required) { break }
            // The farthest droppable street: by name, or the unnamed segment itself.
            let droppable = required.subtracting(keep)
            // A street's segments: by name, or the unnamed segment itself.
            func street(of e: Int) -> Set<Int> {
                network.edges[e].name.map { n in droppable.filter { network.edges[$0].name == n } } ?? [e]
            }
            let ordinary = droppable.filter { street(of: $0).isDisjoint(with: priority) }
            let candidates = ordinary.isEmpty ? droppable : ordinary
            guard let farthest = candidates.max(by: { roundTrip($0) != roundTrip($1) ? roundTrip($0) < roundTrip($1) : $0 > $1 }) else { break }
            let segments = street(of: farthest)
            required.subtract(segments)
            dropped.append(LeftOutStreet(
                name: network.edges[farthest].name, highway: network.edges[farthest].highway, edges: segments.sorted(),
                lengthMeters: segments.reduce(0) { $0 + network.edges[$1].lengthMeters }, hadFindings: !segments.isDisjoint(with: priority)))
        }
        // Then, nearest first, take back each street that still fits (an earlier cut may have made room).
        var leftOut: [LeftOutStreet] = []
        for street in dropped.reversed() {
            let more = required.union(street.edges)
            if try fits(more) { required = more } else { leftOut.append(street) }
        }
        // Those with last year's findings first (dropped last, so already first), each group nearest first.
        return (required, leftOut.filter(\.hadFindings) + leftOut.filter { !$0.hadFindings })
    }

    /// The fewest groups whose every walk fits in `minutes`, counting the stop at each of its checkpoints.
    private func fewestGroups(
        fitting minutes: Double, graph: RoutingGraph, start: Int, single: Route, describer: RouteDescriber, options: PlanOptions
    ) throws -> [Route] {
        let fits = { (route: Route) -> Bool in
            options.minutes(forMeters: route.lengthMeters, checkpoints: describer.describe(route.traversals).checkpoints.count)
                <= minutes
        }
        let limit = options.meters(forMinutes: minutes)
        if single.lengthMeters <= limit && fits(single) { return [single] }
        let result: Result<GroupPlan, SchouwNetworkError> = Result { () throws(SchouwNetworkError) -> GroupPlan in
            try graph.smallestGroupCount(
                from: start, fitting: limit, maximumGroupCount: options.maximumGroupCount,
                matchingMemoryLimitBytes: options.matchingMemoryLimitBytes, accepting: fits)
        }
        switch result {
        case .success(let plan):
            return plan.routes
        case .failure(.edgeRoundTripTooLong(let edgeID, let roundTrip, _)):
            // Say which street, and how far it is, in the walker's words.
            let edge = network.edges[edgeID]
            let distances = try graph.shortestPaths(from: start).distancesMeters
            throw SchouwNetworkError.streetTooFar(
                street: edge.name, highway: edge.highway, position: edge.coordinates[edge.coordinates.count / 2], distanceMeters: min(distances[edge.u], distances[edge.v]),
                roundTripMeters: roundTrip, roundTripMinutes: options.walkingMinutes(forMeters: roundTrip), maxMinutes: minutes)
        case .failure(.noGroupCountFits(let maximumGroupCount, let longest, _)):
            throw SchouwNetworkError.noGroupCountFitsInTime(
                maximumGroupCount: maximumGroupCount, longestWalkMeters: longest, maxMinutes: minutes)
        case .failure(let error):
            throw error
        }
    }

    /// Edges with at least half their length inside the area (measured in RD New).
    private func edgesInside(_ area: PlanArea, _ planar: PlanarNetwork) throws -> Set<Int> {
        let geos = try GEOSContext()
        let rdArea = try CoordinateTransforms.transform(area.geometry, from: .wgs84, to: .rdNew)
        let prepared = try geos.prepare(rdArea)
        guard let box = rdArea.boundingBox else { return [] }
        var result = Set<Int>()
        for (index, line) in planar.rdEdges.enumerated() {
            guard let lineBox = BoundingBox(line), lineBox.intersects(box) else { continue }
            let geometry = Geometry.lineString(LineString(line))
            guard try prepared.intersects(geometry) else { continue }
            let inside = try geos.lengthInside(geometry, rdArea)
            let total = try geos.planarLength(geometry)
            if total > 0 && inside >= total / 2 { result.insert(index) }
        }
        return result
    }

    /// The start vertex: the vertex of the required streets' network nearest the location.
    private func resolve(_ start: StartLocation, planar: PlanarNetwork, required: Set<Int>, radius: Double) throws -> Int {
        let point: Coordinate
        switch start {
        case .wgs84(let c): point = try CoordinateTransforms.toRD(c)
        case .rd(let c): point = c
        case .street(let name):
            return try streetMiddleVertex(name, planar: planar, required: required)
        case .near(let c):
            return try mainPieceVertex(nearest: try CoordinateTransforms.toRD(c), planar: planar, required: required)
        }
        let reachable = verticesConnected(to: required)
        guard let nearestStreet = planar.nearestEdge(to: point, among: Array(network.edges.indices)),
            nearestStreet.distanceMeters <= radius
        else {
            let distance = planar.nearestEdge(to: point, among: Array(network.edges.indices))?.distanceMeters ?? .infinity
            throw SchouwNetworkError.startTooFar(distanceMeters: distance, limitMeters: radius)
        }
        var best = (vertex: -1, distance: Double.infinity)
        for v in reachable {
            let p = planar.rdVertices[v]
            let d = ((p.x - point.x) * (p.x - point.x) + (p.y - point.y) * (p.y - point.y)).squareRoot()
            if d < best.distance { best = (v, d) }
        }
        return best.vertex
    }

    /// The vertex nearest `point` (RD New) on the connected piece holding the most required length.
    private func mainPieceVertex(nearest point: Coordinate, planar: PlanarNetwork, required: Set<Int>) throws -> Int {
        let pieces = network.components()
        func requiredLength(_ piece: [Int]) -> Double {
            piece.reduce(0) { $0 + (required.contains($1) ? network.edges[$1].lengthMeters : 0) }
        }
        guard let main = pieces.max(by: { requiredLength($0) < requiredLength($1) }), requiredLength(main) > 0 else {
            throw SchouwNetworkError.startTooFar(distanceMeters: .infinity, limitMeters: 0)
        }
        var best = (vertex: -1, distance: Double.infinity)
        for v in Set(main.flatMap { [network.edges[$0].u, network.edges[$0].v] }).sorted() {
            let p = planar.rdVertices[v]
            let d = ((p.x - point.x) * (p.x - point.x) + (p.y - point.y) * (p.y - point.y)).squareRoot()
            if d < best.distance { best = (v, d) }
        }
        return best.vertex
    }

    /// The vertices of the connected pieces that hold required edges.
    private func verticesConnected(to required: Set<Int>) -> [Int] {
        let pieces = network.components().filter { $0.contains(where: required.contains) }
        var vertices = Set<Int>()
        for piece in pieces {
            for e in piece {
                vertices.insert(network.edges[e].u)
                vertices.insert(network.edges[e].v)
            }
        }
        return vertices.sorted()
    }

    private func streetMiddleVertex(_ name: String, planar: PlanarNetwork, required: Set<Int>) throws -> Int {
        let edges = network.edges.filter { $0.name?.caseInsensitiveCompare(name) == .orderedSame }
        guard !edges.isEmpty else {
            throw SchouwNetworkError.unknownStreet(
                name: name, suggestions: EditDistance.suggestions(for: name, among: network.streetNames))
        }
        // The middle of the street: the centre of its segments' extent; then its nearest junction.
        let rdPoints = edges.flatMap { planar.rdEdges[$0.id] }
        guard let box = BoundingBox(rdPoints) else { throw SchouwNetworkError.unknownStreet(name: name, suggestions: []) }
        let middle = box.center
        let candidates = Set(edges.flatMap { [$0.u, $0.v] })
        return candidates.min { a, b in
            let pa = planar.rdVertices[a]
            let pb = planar.rdVertices[b]
            let da = (pa.x - middle.x) * (pa.x - middle.x) + (pa.y - middle.y) * (pa.y - middle.y)
            let db = (pb.x - middle.x) * (pb.x - middle.x) + (pb.y - middle.y) * (pb.y - middle.y)
            return da != db ? da < db : a < b
        }!
    }
}
