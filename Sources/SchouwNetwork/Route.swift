/// One pass along one edge in one direction.
public struct Traversal: Hashable, Sendable {
    public var edgeID: Int
    public var from: Int
    public var to: Int
    /// Whether this pass covers a required edge of the walk for the first time; every other pass is deadhead.
    public var isService: Bool

    public init(edgeID: Int, from: Int, to: Int, isService: Bool) {
        self.edgeID = edgeID
        self.from = from
        self.to = to
        self.isService = isService
    }
}

/// A closed walk from a start vertex.
public struct Route: Hashable, Sendable {
    public var start: Int
    /// Consecutive passes; the first leaves `start`, each next one leaves where the previous arrived,
    /// and the last arrives at `start`. Empty when there is nothing to cover.
    public var traversals: [Traversal]
    public var lengthMeters: Double
    /// Length of the service passes: every required edge of the walk counted once.
    public var requiredLengthMeters: Double
    /// `lengthMeters - requiredLengthMeters`: repeated and optional edges.
    public var deadheadLengthMeters: Double
    /// No closed walk from `start` covering the same required edges and via vertices is shorter than this.
    /// See `RoutingGraph.postmanRoute(from:visiting:)` for how it is computed.
    public var lowerBoundMeters: Double
    /// Whether the walk is proven shortest (the exact Chinese-postman case).
    public var isOptimal: Bool

    /// `lengthMeters / lowerBoundMeters - 1`, the most the walk can be longer than the optimum; 0 when optimal.
    public var optimalityGap: Double {
        lowerBoundMeters > 0 ? max(0, lengthMeters / lowerBoundMeters - 1) : 0
    }
}
