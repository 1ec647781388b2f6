extension RoutingGraph {
    /// A shortest (or near-shortest) closed walk from `start` that traverses every required edge and
    /// passes every via vertex.
    ///
    /// **Chinese postman (exact).** When the required edges, `start` and the via vertices form one
    /// connected piece, the walk is optimal: the odd-degree vertices of the required edges are paired by
    /// an exact minimum-weight perfect matching on shortest-path distances (paths may use optional edges),
    /// those paths are added, and Hierholzer's algorithm orders the result from `start`.
    ///
    /// **Rural postman (heuristic).** Otherwise the pieces ("components": connected sets of required
    /// edges; `start` and each via vertex off a required edge are components of their own) are first
    /// joined by the shortest paths of a minimum spanning tree over the distances between components
    /// (Frederickson's heuristic), then parity is repaired by the matching as above. A start vertex off
    /// the required edges is thus walked to from the nearest required vertex, and the way back is chosen
    /// by the matching: never longer than the same path back.
    ///
    /// **Via vertices** act as zero-length required loops at those vertices: they must be visited but add
    /// no length and no traversal of their own.
    ///
    /// **Lower bound.** `lowerBoundMeters` = required length + max(M, T), where M is the minimum-weight
    /// perfect matching of the odd-degree vertices of the required edges under shortest-path distances
    /// (every closed covering walk repeats or adds a T-join of those vertices; M is reduced by the
    /// matching's rounding tolerance), and T is the larger of the weight of the minimum spanning tree
    /// over the shortest-path distances between components, and twice the distance from the start's
    /// component to the farthest component (hopping through components for free). Between components a
    /// closed walk travels along edges that are not required, for at least an MST's worth, and it must
    /// get to the farthest component and back. T is 0 for one component, where the bound equals the
    /// walk's length (up to the tolerance) and `isOptimal` is true.
    ///
    /// **Memory.** The exact matching holds O(t²) bytes for t odd-degree vertices (about 9t² at most,
    /// see `PerfectMatching.estimatedMemoryBytes(vertexCount:)`); when that estimate exceeds
    /// `matchingMemoryLimitBytes` the walk is refused before anything that size is allocated.
    ///
    /// - Throws: `SchouwNetworkError.vertexNotInGraph` for a bad start or via vertex,
    ///   `.requiredEdgeUnreachable` / `.viaVertexUnreachable` when part of the work cannot be reached,
    ///   `.matchingTooLarge` when the matching's memory estimate exceeds the limit.
    /// - Complexity: O(k·(V + E) log V + t·(V + E) log V + t³ + k²), where k is the number of components
    ///   and t the number of odd-degree vertices.
    public func postmanRoute(
        from start: Int, visiting viaVertices: [Int] = [],
        matchingMemoryLimitBytes: Int = PerfectMatching.defaultMemoryLimitBytes
    ) throws(SchouwNetworkError) -> Route {
        var planner = PostmanPlanner(graph: self, matchingMemoryLimitBytes: matchingMemoryLimitBytes)
        return try planner.route(
            from: start, covering: edges.indices.filter { edges[$0].isRequired }, visiting: viaVertices)
    }
}

/// Plans postman walks for any subset of edges, reusing one Dijkstra workspace across calls.
struct PostmanPlanner {
    let graph: RoutingGraph
    /// The largest `PerfectMatching.estimatedMemoryBytes` a walk may need.
    let matchingMemoryLimitBytes: Int
    private var search: DijkstraSearch

    init(graph: RoutingGraph, matchingMemoryLimitBytes: Int) {
        self.graph = graph
        self.matchingMemoryLimitBytes = matchingMemoryLimitBytes
        search = DijkstraSearch(graph: graph)
    }

    /// See `RoutingGraph.postmanRoute(from:visiting:)`; `requiredEdges` are indices into `graph.edges`
    /// and are covered whatever their `isRequired` flag says.
    mutating func route(
        from start: Int, covering requiredEdges: [Int], visiting viaVertices: [Int]
    ) throws(SchouwNetworkError) -> Route {
        try graph.checkVertex(start)
        for vertex in viaVertices { try graph.checkVertex(vertex) }

        var isService = [Bool](repeating: false, count: graph.edges.count)
        var passes = PassMultigraph()
        var requiredLength = 0.0
        for edgeIndex in requiredEdges where !isService[edgeIndex] {
            isService[edgeIndex] = true
            passes.add(edgeIndex)
            requiredLength += graph.edges[edgeIndex].lengthMeters
        }

        let requiredPasses = passes
        let components = try components(start: start, passes: passes, viaVertices: viaVertices)
        var connectionBound = 0.0
        if components.count > 1 {
            connectionBound = try connect(components, start: start, required: requiredPasses, into: &passes)
        }
        let requiredMatching = try cheapestPairing(of: oddVertices(requiredPasses))
        let matchingBound = max(0, requiredMatching.matching.totalWeight - requiredMatching.matching.tolerance)
        let pairing = components.count > 1 ? try cheapestPairing(of: oddVertices(passes)) : requiredMatching
        for path in pairing.paths { passes.add(contentsOf: path) }

        var traversals: [Traversal] = []
        var length = 0.0
        for (edgeIndex, from, to) in passes.eulerianCircuit(in: graph, from: start) {
            let edge = graph.edges[edgeIndex]
            traversals.append(Traversal(edgeID: edge.id, from: from, to: to, isService: isService[edgeIndex]))
            isService[edgeIndex] = false
            length += edge.lengthMeters
        }
        return Route(
            start: start,
            traversals: traversals,
            lengthMeters: length,
            requiredLengthMeters: requiredLength,
            deadheadLengthMeters: length - requiredLength,
            lowerBoundMeters: min(length, requiredLength + max(matchingBound, connectionBound)),
            isOptimal: components.count == 1)
    }

    /// The connected pieces of the required edges, `start` and the via vertices, each as its vertex list;
    /// the first component contains `start`.
    private func components(start: Int, passes: PassMultigraph, viaVertices: [Int]) throws(SchouwNetworkError) -> [[Int]] {
        var sets = UnionFind(count: graph.vertexCount)
        var isMember = [Bool](repeating: false, count: graph.vertexCount)
        var members = [start]
        isMember[start] = true
        func mark(_ vertex: Int) {
            if !isMember[vertex] {
                isMember[vertex] = true
                members.append(vertex)
            }
        }
        for vertex in viaVertices { mark(vertex) }
        for edgeIndex in passes.edgeIndices {
            let edge = graph.edges[edgeIndex]
            mark(edge.u)
            mark(edge.v)
            sets.union(edge.u, edge.v)
        }
        var componentOfRoot: [Int: Int] = [:]
        var components: [[Int]] = []
        for vertex in members {
            let root = sets.find(vertex)
            if let index = componentOfRoot[root] {
                components[index].append(vertex)
            } else {
                componentOfRoot[root] = components.count
                components.append([vertex])
            }
        }
        return components
    }

    /// Adds the shortest paths of a minimum spanning tree over inter-component distances (Prim on the
    /// dense distance matrix) and returns the connection bound: the larger of the tree's weight and the
    /// round trip to the component farthest from the start's one.
    ///
    /// - Complexity: O(k·(V + E) log V + k²), where k is the number of components.
    private mutating func connect(
        _ components: [[Int]], start: Int, required: PassMultigraph, into passes: inout PassMultigraph
    ) throws(SchouwNetworkError) -> Double {
        let k = components.count
        var componentOf = [Int](repeating: -1, count: graph.vertexCount)
        for (index, vertices) in components.enumerated() {
            for vertex in vertices { componentOf[vertex] = index }
        }
        // distance[c * k + d]: from the nearest vertex of c to the nearest vertex of d, reaching `nearest[c * k + d]`.
        var distance = [Double](repeating: .infinity, count: k * k)
        var nearest = [Int](repeating: -1, count: k * k)
        for c in 0..<k {
            search.run(from: components[c], until: nil)
            for d in 0..<k where d != c {
                for vertex in components[d] where search.distance[vertex] < distance[c * k + d] {
                    distance[c * k + d] = search.distance[vertex]
                    nearest[c * k + d] = vertex
                }
            }
        }
        for d in 1..<k where !distance[d].isFinite {
            try throwUnreachable(components[d], start: start, required: required)
        }

        let roundTrip = 2 * farthestDistanceFromFirst(distance, k)
        var inTree = [Bool](repeating: false, count: k)
        var bestDistance = [Double](repeating: .infinity, count: k)
        var bestFrom = [Int](repeating: 0, count: k)
        inTree[0] = true
        for d in 1..<k { bestDistance[d] = distance[d] }
        var weight = 0.0
        for _ in 1..<k {
            var next = -1
            for d in 0..<k where !inTree[d] && (next < 0 || bestDistance[d] < bestDistance[next]) { next = d }
            inTree[next] = true
            weight += bestDistance[next]
            let from = bestFrom[next]
            let target = nearest[from * k + next]
            search.run(from: components[from], until: [target])
            passes.add(contentsOf: search.edgePath(to: target))
            for d in 0..<k where !inTree[d] && distance[next * k + d] < bestDistance[d] {
                bestDistance[d] = distance[next * k + d]
                bestFrom[d] = next
            }
        }
        return max(weight, roundTrip)
    }

    /// Dense Dijkstra over the component distance matrix from component 0: the largest of the
    /// shortest chained distances, where passing through a component costs nothing.
    ///
    /// - Complexity: O(k²).
    private func farthestDistanceFromFirst(_ distance: [Double], _ k: Int) -> Double {
        var chained = Array(distance[0..<k])
        chained[0] = 0
        var done = [Bool](repeating: false, count: k)
        var farthest = 0.0
        for _ in 0..<k {
            var next = -1
            for c in 0..<k where !done[c] && (next < 0 || chained[c] < chained[next]) { next = c }
            done[next] = true
            farthest = chained[next]
            for c in 0..<k where !done[c] { chained[c] = min(chained[c], chained[next] + distance[next * k + c]) }
        }
        return farthest
    }

    private func throwUnreachable(
        _ component: [Int], start: Int, required: PassMultigraph
    ) throws(SchouwNetworkError) {
        let vertices = Set(component)
        if let edgeIndex = required.edgeIndices.first(where: { vertices.contains(graph.edges[$0].u) }) {
            throw .requiredEdgeUnreachable(edgeID: graph.edges[edgeIndex].id, start: start)
        }
        throw .viaVertexUnreachable(vertex: component[0], start: start)
    }

    /// Vertices with an odd number of pass ends (a loop counts twice).
    private func oddVertices(_ passes: PassMultigraph) -> [Int] {
        var isOdd = [Bool](repeating: false, count: graph.vertexCount)
        for edgeIndex in passes.edgeIndices {
            let edge = graph.edges[edgeIndex]
            isOdd[edge.u].toggle()
            isOdd[edge.v].toggle()
        }
        return isOdd.indices.filter { isOdd[$0] }
    }

    /// The minimum-weight perfect matching of `terminals` under shortest-path distances, with the
    /// shortest path (edge indices) of each matched pair.
    ///
    /// - Throws: `SchouwNetworkError.matchingTooLarge`, before any table of the matching is allocated,
    ///   when its memory estimate exceeds `matchingMemoryLimitBytes`.
    /// - Complexity: O(t·(V + E) log V + t³) time and O(t²) memory, where t is the number of terminals.
    private mutating func cheapestPairing(
        of terminals: [Int]
    ) throws(SchouwNetworkError) -> (matching: PerfectMatching, paths: [[Int]]) {
        let t = terminals.count
        let estimate = PerfectMatching.estimatedMemoryBytes(vertexCount: t)
        guard estimate <= matchingMemoryLimitBytes else {
            throw .matchingTooLarge(oddJunctions: t, estimatedBytes: estimate, limitBytes: matchingMemoryLimitBytes)
        }
        // One rounded distance per pair: from each terminal, the search only has to reach the later ones.
        var units = PairUnits(vertexCount: t, resolution: 0.001)
        for i in 0..<t {
            let later = Array(terminals[(i + 1)...])
            guard !later.isEmpty else { break }
            search.run(from: [terminals[i]], until: later)
            for j in (i + 1)..<t { units.set(i, j, weight: search.distance[terminals[j]]) }
        }
        // The matched pairs' paths are searched again, giving their exact lengths for the total, rather
        // than keeping every pair's path or unrounded length.
        var paths: [[Int]] = []
        let matching = PerfectMatching.minimumWeight(consume units) { i, j in
            search.run(from: [terminals[i]], until: [terminals[j]])
            paths.append(search.edgePath(to: terminals[j]))
            return search.distance[terminals[j]]
        }
        return (matching, paths)
    }
}
