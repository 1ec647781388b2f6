import SchouwGeometry
import Testing

@testable import SchouwNetwork
import SchouwCore
import SchouwFormats

/// Small random multigraphs with loops, parallel edges and dead ends; lengths are millimetre multiples
/// (and sometimes zero) so optimal lengths can be compared exactly.
enum TestGraphs {
    static func random(
        vertexCount: Int, edgeCount: Int, requiredFraction: Double = 1, connected: Bool = true,
        using rng: inout SeededGenerator
    ) throws -> RoutingGraph {
        var edges: [RoutingGraph.Edge] = []
        func length() -> Double {
            Int.random(in: 0..<10, using: &rng) == 0 ? 0 : Double(Int.random(in: 1...20_000, using: &rng)) / 1000
        }
        if connected {
            // A random spanning tree keeps the graph connected; the other edges land anywhere.
            for v in 1..<vertexCount {
                let u = Int.random(in: 0..<v, using: &rng)
                edges.append(.init(id: edges.count * 10 + 7, u: u, v: v, lengthMeters: length(), isRequired: true))
            }
        }
        while edges.count < edgeCount {
            let u = Int.random(in: 0..<vertexCount, using: &rng)
            let v = Int.random(in: 0..<6, using: &rng) == 0 ? u : Int.random(in: 0..<vertexCount, using: &rng)
            edges.append(.init(id: edges.count * 10 + 7, u: u, v: v, lengthMeters: length(), isRequired: true))
        }
        for index in edges.indices {
            edges[index].isRequired = Double.random(in: 0..<1, using: &rng) < requiredFraction
        }
        edges.shuffle(using: &rng)
        return try RoutingGraph(vertexCount: vertexCount, edges: edges)
    }

    /// Floyd–Warshall distances, the naive oracle for Dijkstra.
    static func allPairsDistances(_ graph: RoutingGraph) -> [[Double]] {
        let n = graph.vertexCount
        var d = Array(repeating: Array(repeating: Double.infinity, count: n), count: n)
        for v in 0..<n { d[v][v] = 0 }
        for edge in graph.edges {
            d[edge.u][edge.v] = min(d[edge.u][edge.v], edge.lengthMeters)
            d[edge.v][edge.u] = min(d[edge.v][edge.u], edge.lengthMeters)
        }
        for k in 0..<n {
            for i in 0..<n {
                for j in 0..<n where d[i][k] + d[k][j] < d[i][j] { d[i][j] = d[i][k] + d[k][j] }
            }
        }
        return d
    }

    /// The shortest closed walk from `start` covering every required edge and via vertex, by enumerating
    /// how often each edge is walked (required 1–2 times, optional 0–2 times: an optimal walk never needs
    /// a third pass) and keeping the cheapest connected, even-degree choice that touches `start`.
    static func bruteForcePostmanLength(_ graph: RoutingGraph, start: Int, via: [Int] = []) -> Double {
        let edges = graph.edges
        var multiplicity = edges.map { $0.isRequired ? 1 : 0 }
        var best = Double.infinity
        func evaluate() {
            var degree = [Int](repeating: 0, count: graph.vertexCount)
            var length = 0.0
            var sets = UnionFind(count: graph.vertexCount)
            var used = [Bool](repeating: false, count: graph.vertexCount)
            for (edge, count) in zip(edges, multiplicity) where count > 0 {
                degree[edge.u] += count
                degree[edge.v] += count
                length += Double(count) * edge.lengthMeters
                sets.union(edge.u, edge.v)
                used[edge.u] = true
                used[edge.v] = true
            }
            guard length < best, degree.allSatisfy({ $0 % 2 == 0 }) else { return }
            let mustVisit = via + [start]
            if !used.contains(true) {
                if mustVisit.allSatisfy({ $0 == start }) { best = 0 }
                return
            }
            let root = sets.find(start)
            guard used[start] else { return }
            for vertex in 0..<graph.vertexCount where used[vertex] || mustVisit.contains(vertex) {
                guard sets.find(vertex) == root else { return }
            }
            best = length
        }
        func enumerate(_ index: Int) {
            if index == edges.count { return evaluate() }
            let low = edges[index].isRequired ? 1 : 0
            for count in low...2 {
                multiplicity[index] = count
                enumerate(index + 1)
            }
        }
        enumerate(0)
        return best
    }

    /// Checks the walk's shape: closed at its start, consecutive passes joined, every pass a real edge
    /// in a real direction, lengths adding up; returns the ids of the edges it serves.
    static func checkWalk(_ route: Route, in graph: RoutingGraph, sourceLocation: SourceLocation = #_sourceLocation) -> Set<Int> {
        let edgeByID = Dictionary(uniqueKeysWithValues: graph.edges.map { ($0.id, $0) })
        var at = route.start
        var length = 0.0
        var served = Set<Int>()
        for pass in route.traversals {
            #expect(pass.from == at, sourceLocation: sourceLocation)
            guard let edge = edgeByID[pass.edgeID] else {
                Issue.record("unknown edge \(pass.edgeID)", sourceLocation: sourceLocation)
                return served
            }
            #expect((edge.u, edge.v) == (pass.from, pass.to) || (edge.v, edge.u) == (pass.from, pass.to), sourceLocation: sourceLocation)
            if pass.isService {
                #expect(served.insert(pass.edgeID).inserted, "edge served twice", sourceLocation: sourceLocation)
            }
            at = pass.to
            length += edge.lengthMeters
        }
        #expect(at == route.start, "walk is not closed", sourceLocation: sourceLocation)
        #expect(abs(length - route.lengthMeters) < 1e-6, sourceLocation: sourceLocation)
        let serviceLength = served.reduce(0.0) { $0 + edgeByID[$1]!.lengthMeters }
        #expect(abs(serviceLength - route.requiredLengthMeters) < 1e-6, sourceLocation: sourceLocation)
        #expect(abs(route.lengthMeters - route.requiredLengthMeters - route.deadheadLengthMeters) < 1e-6, sourceLocation: sourceLocation)
        #expect(route.lowerBoundMeters <= route.lengthMeters + 1e-9, sourceLocation: sourceLocation)
        return served
    }
}
