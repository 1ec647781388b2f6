/// K closed walks from one start that together cover every required edge.
public struct GroupPlan: Hashable, Sendable {
    /// One walk per group, each closed at the start. A group can be empty when there is less work than groups.
    public var routes: [Route]
    /// Length of the longest walk, the quantity the plan minimises.
    public var longestMeters: Double
    /// The longest walk divided by the shortest: 1 is perfectly balanced (see ``balance(ofLengths:)``).
    public var balance: Double
    /// No plan with this many groups has a shorter longest walk: the larger of the single-walk lower
    /// bound divided by the group count, and the longest round trip from the start over one required edge.
    public var lowerBoundMeters: Double

    /// The balance of walks of these lengths: the longest divided by the shortest, 1 when they are equal,
    /// and 1 by convention when a walk is empty (less work than groups) or there are none.
    static func balance(ofLengths lengths: [Double]) -> Double {
        guard let longest = lengths.max(), let shortest = lengths.min(), shortest > 0 else { return 1 }
        return longest / shortest
    }
}

extension RoutingGraph {
    /// Splits the work over `groupCount` walks from `start`, keeping the longest walk short
    /// (min–max K-Chinese-postman, heuristic).
    ///
    /// 1. One postman walk over all required edges (see `postmanRoute(from:visiting:)`).
    /// 2. Cut its service passes into at most `groupCount` consecutive runs, each closed by shortest paths
    ///    from and back to `start`, choosing the cuts that minimise the longest closed run (bisection on
    ///    the length limit with a greedy cut; Frederickson–Hecht–Kim style).
    /// 3. Re-plan each group's own required edges (and its via vertices) as its own postman walk and keep
    ///    whichever of the two walks is shorter.
    ///
    /// - Parameters:
    ///   - viaVertices: `viaVertices[i]` are vertices group i's walk must pass (zero-length required loops);
    ///     missing entries mean none.
    ///   - matchingMemoryLimitBytes: As for `postmanRoute(from:visiting:matchingMemoryLimitBytes:)`.
    /// - Throws: `SchouwNetworkError.invalidGroupCount`, and the errors of `postmanRoute(from:visiting:)`.
    /// - Complexity: one postman walk, O(r log L) for the cuts (r service passes, L the walk length in
    ///   bisection steps), and `groupCount` postman walks over subsets of the edges.
    public func groupRoutes(
        from start: Int, groupCount: Int, visiting viaVertices: [[Int]] = [],
        matchingMemoryLimitBytes: Int = PerfectMatching.defaultMemoryLimitBytes
    ) throws(SchouwNetworkError) -> GroupPlan {
        guard groupCount >= 1 else { throw .invalidGroupCount(groupCount) }
        var planner = try GroupPlanner(graph: self, start: start, matchingMemoryLimitBytes: matchingMemoryLimitBytes)
        return try planner.plan(groupCount: groupCount, viaVertices: viaVertices)
    }

    /// The plan with the fewest groups (up to `maximumGroupCount`) whose longest walk is at most
    /// `maxLengthMeters` and whose every walk `accepting` accepts (e.g. a time limit that counts stops).
    ///
    /// - Throws: `SchouwNetworkError.edgeRoundTripTooLong` when a single required edge's round trip from
    ///   `start` already exceeds the limit (no group count can help), `.noGroupCountFits` when even
    ///   `maximumGroupCount` groups leave a walk too long, and the errors of `groupRoutes`.
    /// - Complexity: up to `maximumGroupCount` calls of the splitting and re-planning steps of `groupRoutes`.
    public func smallestGroupCount(
        from start: Int, fitting maxLengthMeters: Double, maximumGroupCount: Int = 30,
        visiting viaVertices: [[Int]] = [], matchingMemoryLimitBytes: Int = PerfectMatching.defaultMemoryLimitBytes,
        accepting: (Route) -> Bool = { _ in true }
    ) throws(SchouwNetworkError) -> GroupPlan {
        guard maximumGroupCount >= 1 else { throw .invalidGroupCount(maximumGroupCount) }
        var planner = try GroupPlanner(graph: self, start: start, matchingMemoryLimitBytes: matchingMemoryLimitBytes)
        if let worst = planner.longestSingleEdgeRoundTrip, worst.meters > maxLengthMeters {
            throw .edgeRoundTripTooLong(edgeID: worst.edgeID, roundTripMeters: worst.meters, maxLengthMeters: maxLengthMeters)
        }
        let firstCandidate = max(1, Int((planner.tour.lowerBoundMeters / maxLengthMeters).rounded(.up)))
        var longest = Double.infinity
        for groupCount in min(firstCandidate, maximumGroupCount)...maximumGroupCount {
            let plan = try planner.plan(groupCount: groupCount, viaVertices: viaVertices)
            if plan.longestMeters <= maxLengthMeters && plan.routes.allSatisfy(accepting) { return plan }
            longest = plan.longestMeters
        }
        throw .noGroupCountFits(
            maximumGroupCount: maximumGroupCount, longestWalkMeters: longest, maxLengthMeters: maxLengthMeters)
    }
}

/// The shared state of group planning: the single walk, distances from the start and a postman planner.
struct GroupPlanner {
    let graph: RoutingGraph
    let start: Int
    let tour: Route
    /// Shortest paths from `start`; the graph is undirected, so also the distances back to it.
    private let fromStart: ShortestPathTree
    private var postman: PostmanPlanner
    /// Positions in `tour.traversals` of the service passes, and the tour length before each position.
    private let servicePositions: [Int]
    private let lengthBefore: [Double]
    private let edgeIndexByID: [Int: Int]

    init(graph: RoutingGraph, start: Int, matchingMemoryLimitBytes: Int) throws(SchouwNetworkError) {
        self.graph = graph
        self.start = start
        fromStart = try graph.shortestPaths(from: start)
        postman = PostmanPlanner(graph: graph, matchingMemoryLimitBytes: matchingMemoryLimitBytes)
        let tour = try postman.route(
            from: start, covering: graph.edges.indices.filter { graph.edges[$0].isRequired }, visiting: [])
        let edgeIndexByID = Dictionary(uniqueKeysWithValues: graph.edges.enumerated().map { ($1.id, $0) })
        var lengthBefore = [0.0]
        for pass in tour.traversals {
            lengthBefore.append(lengthBefore[lengthBefore.count - 1] + graph.edges[edgeIndexByID[pass.edgeID]!].lengthMeters)
        }
        self.tour = tour
        self.edgeIndexByID = edgeIndexByID
        self.lengthBefore = lengthBefore
        servicePositions = tour.traversals.indices.filter { tour.traversals[$0].isService }
    }

    /// The required edge whose walk from the start, along it and back is longest.
    var longestSingleEdgeRoundTrip: (edgeID: Int, meters: Double)? {
        graph.edges.filter(\.isRequired)
            .map { ($0.id, fromStart.distancesMeters[$0.u] + $0.lengthMeters + fromStart.distancesMeters[$0.v]) }
            .max { $0.1 < $1.1 }
    }

    /// Length of the walk start → service pass `a` … service pass `b` → start, along the tour in between.
    private func closedRunLength(_ a: Int, _ b: Int) -> Double {
        let first = tour.traversals[servicePositions[a]]
        let last = tour.traversals[servicePositions[b]]
        return fromStart.distancesMeters[first.from] + lengthBefore[servicePositions[b] + 1]
            - lengthBefore[servicePositions[a]] + fromStart.distancesMeters[last.to]
    }

    /// Greedy cut of the service passes into closed runs of at most `limit` metres: each run extends to
    /// the farthest pass that still fits. Returns the runs' inclusive ranges, or nil if a pass alone
    /// does not fit.
    private func cut(within limit: Double) -> [ClosedRange<Int>]? {
        var runs: [ClosedRange<Int>] = []
        var a = 0
        while a < servicePositions.count {
            let approach = fromStart.distancesMeters[tour.traversals[servicePositions[a]].from]
            var farthest: Int?
            var b = a
            while b < servicePositions.count
                && approach + lengthBefore[servicePositions[b] + 1] - lengthBefore[servicePositions[a]] <= limit
            {
                if closedRunLength(a, b) <= limit { farthest = b }
                b += 1
            }
            guard let end = farthest else { return nil }
            runs.append(a...end)
            a = end + 1
        }
        return runs
    }

    /// The cut into at most `groupCount` runs with the smallest longest run, by bisection on the limit;
    /// then, while groups are left over, the longest run is split where that does not lengthen it.
    private func balancedRuns(groupCount: Int) -> [ClosedRange<Int>] {
        var runs = shortestLongestRuns(groupCount: groupCount)
        while runs.count < groupCount {
            let candidates = runs.indices.filter { runs[$0].count > 1 }
            guard let longest = candidates.max(by: {
                closedRunLength(runs[$0].lowerBound, runs[$0].upperBound)
                    < closedRunLength(runs[$1].lowerBound, runs[$1].upperBound)
            }) else { break }
            let run = runs[longest]
            let split = run.dropLast().min { c, d in
                max(closedRunLength(run.lowerBound, c), closedRunLength(c + 1, run.upperBound))
                    < max(closedRunLength(run.lowerBound, d), closedRunLength(d + 1, run.upperBound))
            }!
            let splitLongest = max(closedRunLength(run.lowerBound, split), closedRunLength(split + 1, run.upperBound))
            guard splitLongest <= closedRunLength(run.lowerBound, run.upperBound) else { break }
            runs.replaceSubrange(longest...longest, with: [run.lowerBound...split, (split + 1)...run.upperBound])
        }
        return runs
    }

    private func shortestLongestRuns(groupCount: Int) -> [ClosedRange<Int>] {
        guard !servicePositions.isEmpty else { return [] }
        var low = 0.0
        var high = closedRunLength(0, servicePositions.count - 1)
        var best = cut(within: high) ?? [0...(servicePositions.count - 1)]
        for _ in 0..<60 where high - low > 0.001 {
            let middle = (low + high) / 2
            if let runs = cut(within: middle), runs.count <= groupCount {
                best = runs
                high = middle
            } else {
                low = middle
            }
        }
        return best
    }

    mutating func plan(groupCount: Int, viaVertices: [[Int]]) throws(SchouwNetworkError) -> GroupPlan {
        let runs = balancedRuns(groupCount: groupCount)
        var routes: [Route] = []
        for group in 0..<groupCount {
            let via = group < viaVertices.count ? viaVertices[group] : []
            guard group < runs.count else {
                routes.append(try postman.route(from: start, covering: [], visiting: via))
                continue
            }
            let run = runs[group]
            let edges = servicePositions[run].map { edgeIndexByID[tour.traversals[$0].edgeID]! }
            var route = try postman.route(from: start, covering: edges, visiting: via)
            if via.isEmpty {
                let cutRoute = closedRunRoute(run)
                if cutRoute.lengthMeters < route.lengthMeters {
                    route.traversals = cutRoute.traversals
                    route.lengthMeters = cutRoute.lengthMeters
                    route.deadheadLengthMeters = cutRoute.lengthMeters - route.requiredLengthMeters
                    route.isOptimal = false
                }
            }
            routes.append(route)
        }
        let longest = routes.map(\.lengthMeters).max() ?? 0
        let edgeBound = longestSingleEdgeRoundTrip?.meters ?? 0
        return GroupPlan(
            routes: routes,
            longestMeters: longest,
            balance: GroupPlan.balance(ofLengths: routes.map(\.lengthMeters)),
            lowerBoundMeters: min(longest, max(tour.lowerBoundMeters / Double(groupCount), edgeBound)))
    }

    /// The cut run as a walk: shortest path out, the tour between the run's first and last service
    /// pass, shortest path back.
    private func closedRunRoute(_ run: ClosedRange<Int>) -> (traversals: [Traversal], lengthMeters: Double) {
        let first = servicePositions[run.lowerBound]
        let last = servicePositions[run.upperBound]
        let out = fromStart.path(to: tour.traversals[first].from) ?? []
        let back = (fromStart.path(to: tour.traversals[last].to) ?? []).reversed().map {
            Traversal(edgeID: $0.edgeID, from: $0.to, to: $0.from, isService: false)
        }
        let traversals = out + tour.traversals[first...last] + back
        return (traversals, closedRunLength(run.lowerBound, run.upperBound))
    }
}
