/// A multiset of edge passes to be ordered into one closed walk: each pass is one copy of a graph edge.
struct PassMultigraph {
    /// Index into `RoutingGraph.edges` of each pass.
    var edgeIndices: [Int] = []

    mutating func add(_ edgeIndex: Int) { edgeIndices.append(edgeIndex) }
    mutating func add(contentsOf path: [Int]) { edgeIndices.append(contentsOf: path) }

    /// Hierholzer's algorithm: orders every pass into a closed walk starting and ending at `start`.
    ///
    /// Requires every vertex to have even degree and all passes to be connected to `start`.
    /// Returns `(edge index, from, to)` triples in walking order; empty when there are no passes.
    /// - Complexity: O(V + P), where V is the graph's vertex count and P the number of passes.
    func eulerianCircuit(in graph: RoutingGraph, from start: Int) -> [(edge: Int, from: Int, to: Int)] {
        guard !edgeIndices.isEmpty else { return [] }
        let vertexCount = graph.vertexCount
        var offset = [Int](repeating: 0, count: vertexCount + 1)
        for edgeIndex in edgeIndices {
            let edge = graph.edges[edgeIndex]
            offset[edge.u + 1] += 1
            offset[edge.v + 1] += 1
        }
        for x in 0..<vertexCount { offset[x + 1] += offset[x] }
        var next = offset
        var incident = [Int32](repeating: 0, count: offset[vertexCount])
        for (pass, edgeIndex) in edgeIndices.enumerated() {
            let edge = graph.edges[edgeIndex]
            incident[next[edge.u]] = Int32(pass)
            next[edge.u] += 1
            incident[next[edge.v]] = Int32(pass)
            next[edge.v] += 1
        }

        var used = [Bool](repeating: false, count: edgeIndices.count)
        var cursor = Array(offset.dropLast())
        var stack: [(vertex: Int, pass: Int, from: Int)] = [(start, -1, -1)]
        var reversedWalk: [(edge: Int, from: Int, to: Int)] = []
        reversedWalk.reserveCapacity(edgeIndices.count)
        while let (vertex, arrivingPass, from) = stack.last {
            while cursor[vertex] < offset[vertex + 1] && used[Int(incident[cursor[vertex]])] {
                cursor[vertex] += 1
            }
            if cursor[vertex] < offset[vertex + 1] {
                let pass = Int(incident[cursor[vertex]])
                used[pass] = true
                let neighbor = graph.edges[edgeIndices[pass]].other(vertex)
                stack.append((neighbor, pass, vertex))
            } else {
                stack.removeLast()
                if arrivingPass >= 0 {
                    reversedWalk.append((edgeIndices[arrivingPass], from, vertex))
                }
            }
        }
        precondition(reversedWalk.count == edgeIndices.count, "passes are not connected to the start vertex")
        return reversedWalk.reversed()
    }
}
