/// Shortest paths from one source, as distances and a predecessor edge per vertex.
public struct ShortestPathTree: Hashable, Sendable {
    public let source: Int
    /// Distance from `source` in metres; `.infinity` for vertices not reached (or not settled before an early stop).
    public let distancesMeters: [Double]
    /// Index into `RoutingGraph.edges` of the last edge on a shortest path to each vertex; `nil` for the
    /// source and for vertices not reached.
    public let predecessorEdges: [Int?]
    let edges: [RoutingGraph.Edge]

    /// The shortest path from `source` to `target` as passes in walking order; empty when `target == source`,
    /// `nil` when `target` was not reached.
    ///
    /// - Complexity: O(k), where k is the number of edges on the path.
    public func path(to target: Int) -> [Traversal]? {
        guard distancesMeters[target].isFinite else { return nil }
        var reversed: [Traversal] = []
        var vertex = target
        while let edgeIndex = predecessorEdges[vertex] {
            let edge = edges[edgeIndex]
            let previous = edge.other(vertex)
            reversed.append(Traversal(edgeID: edge.id, from: previous, to: vertex, isService: false))
            vertex = previous
        }
        return reversed.reversed()
    }
}

extension RoutingGraph {
    /// Dijkstra's algorithm with a binary heap from `source` to every vertex.
    ///
    /// - Complexity: O((V + E) log V), where V is the number of vertices and E the number of edges.
    public func shortestPaths(from source: Int) throws(SchouwNetworkError) -> ShortestPathTree {
        try shortestPaths(from: source, toAnyOf: nil)
    }

    /// Dijkstra's algorithm from `source`, stopping as soon as every vertex of `targets` is settled.
    ///
    /// Vertices farther away than the last target may be left at `.infinity`.
    /// - Complexity: O((V + E) log V) in the worst case; less when the targets are near the source.
    public func shortestPaths(from source: Int, to targets: [Int]) throws(SchouwNetworkError) -> ShortestPathTree {
        try shortestPaths(from: source, toAnyOf: targets)
    }

    private func shortestPaths(from source: Int, toAnyOf targets: [Int]?) throws(SchouwNetworkError) -> ShortestPathTree {
        try checkVertex(source)
        var search = DijkstraSearch(graph: self)
        if let targets {
            for target in targets { try checkVertex(target) }
            search.run(from: [source], until: targets)
        } else {
            search.run(from: [source], until: nil)
        }
        return ShortestPathTree(
            source: source,
            distancesMeters: search.distance,
            predecessorEdges: search.predecessorEdge.map { $0 < 0 ? nil : Int($0) },
            edges: edges)
    }
}

/// Reusable Dijkstra state: repeated searches only reset the vertices the previous search touched,
/// so many searches on one graph (all pairs among odd vertices) cost no allocation.
struct DijkstraSearch {
    let graph: RoutingGraph
    private(set) var distance: [Double]
    private(set) var predecessorEdge: [Int32]
    private var settled: [Bool]
    private var isTarget: [Bool]
    private var touched: [Int32] = []
    private var heap = DistanceHeap()

    init(graph: RoutingGraph) {
        self.graph = graph
        distance = Array(repeating: .infinity, count: graph.vertexCount)
        predecessorEdge = Array(repeating: -1, count: graph.vertexCount)
        settled = Array(repeating: false, count: graph.vertexCount)
        isTarget = Array(repeating: false, count: graph.vertexCount)
    }

    /// Settles vertices in order of distance from the nearest of `sources`, stopping when all `targets`
    /// are settled (or when everything reachable is settled if `targets` is nil).
    ///
    /// - Complexity: O((V + E) log V).
    mutating func run(from sources: [Int], until targets: [Int]?) {
        for vertex in touched {
            distance[Int(vertex)] = .infinity
            predecessorEdge[Int(vertex)] = -1
            settled[Int(vertex)] = false
        }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()

        var remainingTargets = Int.max
        if let targets {
            remainingTargets = 0
            for target in targets where !isTarget[target] {
                isTarget[target] = true
                remainingTargets += 1
            }
        }
        defer {
            if let targets { for target in targets { isTarget[target] = false } }
        }

        for source in sources where distance[source] != 0 {
            distance[source] = 0
            touched.append(Int32(source))
            heap.push(0, Int32(source))
        }
        while remainingTargets > 0, let (d, vertex32) = heap.popMin() {
            let vertex = Int(vertex32)
            if settled[vertex] { continue }
            settled[vertex] = true
            if isTarget[vertex] { remainingTargets -= 1 }
            for slot in graph.adjacencyStart[vertex]..<graph.adjacencyStart[vertex + 1] {
                let incidence = graph.incidences[slot]
                let neighbor = Int(incidence.neighbor)
                let candidate = d + incidence.lengthMeters
                if candidate < distance[neighbor] {
                    if distance[neighbor] == .infinity { touched.append(incidence.neighbor) }
                    distance[neighbor] = candidate
                    predecessorEdge[neighbor] = incidence.edge
                    heap.push(candidate, incidence.neighbor)
                }
            }
        }
    }

    /// Edge indices of the found shortest path from the nearest source to `target`, in walking order.
    func edgePath(to target: Int) -> [Int] {
        var reversed: [Int] = []
        var vertex = target
        while predecessorEdge[vertex] >= 0 {
            let edgeIndex = Int(predecessorEdge[vertex])
            reversed.append(edgeIndex)
            vertex = graph.edges[edgeIndex].other(vertex)
        }
        return reversed.reversed()
    }
}

/// A binary min-heap of (distance, vertex) with lazy deletion: stale entries are skipped by the caller.
struct DistanceHeap {
    private struct Entry {
        var key: Double
        var vertex: Int32
    }
    private var entries: [Entry] = []

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    /// - Complexity: O(log n).
    mutating func push(_ key: Double, _ vertex: Int32) {
        entries.append(Entry(key: key, vertex: vertex))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].key < entries[parent].key else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// - Complexity: O(log n).
    mutating func popMin() -> (Double, Int32)? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            let count = entries.count
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                var smallest = left
                if left + 1 < count, entries[left + 1].key < entries[left].key { smallest = left + 1 }
                guard entries[smallest].key < entries[parent].key else { break }
                entries.swapAt(smallest, parent)
                parent = smallest
            }
        }
        return (first.key, first.vertex)
    }
}
