/// An undirected multigraph of streets for route planning.
///
/// Vertices are the integers `0..<vertexCount`; edges carry a caller-chosen `id`, a length in metres and
/// whether the walk must cover them. Loops (`u == v`) and parallel edges are allowed. The graph is an
/// immutable value: the adjacency lists are built once in `init` and shared by every algorithm.
public struct RoutingGraph: Hashable, Sendable {
    /// One street segment between two vertices.
    public struct Edge: Hashable, Sendable {
        /// Caller-chosen identifier, unique within the graph (for example derived from an OSM way and segment).
        public var id: Int
        public var u: Int
        public var v: Int
        public var lengthMeters: Double
        /// Whether every walk must traverse this edge at least once.
        public var isRequired: Bool

        public init(id: Int, u: Int, v: Int, lengthMeters: Double, isRequired: Bool) {
            self.id = id
            self.u = u
            self.v = v
            self.lengthMeters = lengthMeters
            self.isRequired = isRequired
        }

        /// The endpoint that is not `vertex` (the same vertex for a loop).
        func other(_ vertex: Int) -> Int { vertex == u ? v : u }
    }

    public let vertexCount: Int
    public let edges: [Edge]

    /// Compressed adjacency: the incidences of vertex `x` are `incidences[adjacencyStart[x]..<adjacencyStart[x + 1]]`.
    /// A loop is listed twice at its vertex, so the list length of a vertex is its degree.
    let adjacencyStart: [Int]
    let incidences: [Incidence]

    /// An edge index seen from one endpoint.
    struct Incidence: Hashable, Sendable {
        var edge: Int32
        var neighbor: Int32
        /// The edge's length, copied here so Dijkstra's inner loop reads one contiguous array.
        var lengthMeters: Double
    }

    /// Builds a graph and its adjacency lists.
    ///
    /// - Throws: `SchouwNetworkError.vertexOutOfRange`, `.invalidLength` or `.duplicateEdgeID` when an
    ///   edge is malformed.
    /// - Complexity: O(V + E log E), where V is `vertexCount` and E the number of edges.
    public init(vertexCount: Int, edges: [Edge]) throws(SchouwNetworkError) {
        var seen = Set<Int>()
        seen.reserveCapacity(edges.count)
        var degree = [Int](repeating: 0, count: vertexCount + 1)
        for edge in edges {
            for endpoint in [edge.u, edge.v] where !(0..<vertexCount).contains(endpoint) {
                throw .vertexOutOfRange(edgeID: edge.id, vertex: endpoint, vertexCount: vertexCount)
            }
            guard edge.lengthMeters.isFinite, edge.lengthMeters >= 0 else {
                throw .invalidLength(edgeID: edge.id, lengthMeters: edge.lengthMeters)
            }
            guard seen.insert(edge.id).inserted else { throw .duplicateEdgeID(edge.id) }
            degree[edge.u] += 1
            degree[edge.v] += 1
        }
        var start = [Int](repeating: 0, count: vertexCount + 1)
        for x in 0..<vertexCount { start[x + 1] = start[x] + degree[x] }
        var fill = start
        var incidences = [Incidence](repeating: Incidence(edge: 0, neighbor: 0, lengthMeters: 0), count: start[vertexCount])
        for (index, edge) in edges.enumerated() {
            incidences[fill[edge.u]] = Incidence(edge: Int32(index), neighbor: Int32(edge.v), lengthMeters: edge.lengthMeters)
            fill[edge.u] += 1
            incidences[fill[edge.v]] = Incidence(edge: Int32(index), neighbor: Int32(edge.u), lengthMeters: edge.lengthMeters)
            fill[edge.v] += 1
        }
        self.vertexCount = vertexCount
        self.edges = edges
        self.adjacencyStart = start
        self.incidences = incidences
    }

    /// Total length of the required edges, in metres.
    ///
    /// - Complexity: O(E).
    public var requiredLengthMeters: Double {
        edges.reduce(0) { $0 + ($1.isRequired ? $1.lengthMeters : 0) }
    }

    func checkVertex(_ vertex: Int) throws(SchouwNetworkError) {
        guard (0..<vertexCount).contains(vertex) else {
            throw .vertexNotInGraph(vertex: vertex, vertexCount: vertexCount)
        }
    }
}
