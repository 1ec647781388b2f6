/// Why a routing request could not be answered.
public enum SchouwNetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An edge names a vertex outside `0..<vertexCount`.
    case vertexOutOfRange(edgeID: Int, vertex: Int, vertexCount: Int)
    /// An edge length is negative, infinite or NaN.
    case invalidLength(edgeID: Int, lengthMeters: Double)
    /// Two edges share an id.
    case duplicateEdgeID(Int)
    /// A start or via vertex is outside the graph.
    case vertexNotInGraph(vertex: Int, vertexCount: Int)
    /// A required edge cannot be reached from the start vertex.
    case requiredEdgeUnreachable(edgeID: Int, start: Int)
    /// A via vertex cannot be reached from the start vertex.
    case viaVertexUnreachable(vertex: Int, start: Int)
    /// The number of groups must be at least one.
    case invalidGroupCount(Int)
    /// Even a walk that only covers this one edge from the start and back is longer than the limit.
    case edgeRoundTripTooLong(edgeID: Int, roundTripMeters: Double, maxLengthMeters: Double)
    /// No group count up to the cap keeps every walk within the limit.
    case noGroupCountFits(maximumGroupCount: Int, longestWalkMeters: Double, maxLengthMeters: Double)

    public var description: String {
        switch self {
        case let .vertexOutOfRange(edgeID, vertex, vertexCount):
            "edge \(edgeID) names vertex \(vertex), expected 0..<\(vertexCount)"
        case let .invalidLength(edgeID, lengthMeters):
            "edge \(edgeID) has length \(lengthMeters) m, expected a finite length ≥ 0"
        case let .duplicateEdgeID(id):
            "edge id \(id) is used more than once"
        case let .vertexNotInGraph(vertex, vertexCount):
            "vertex \(vertex) is not in the graph, expected 0..<\(vertexCount)"
        case let .requiredEdgeUnreachable(edgeID, start):
            "required edge \(edgeID) cannot be reached from start vertex \(start)"
        case let .viaVertexUnreachable(vertex, start):
            "via vertex \(vertex) cannot be reached from start vertex \(start)"
        case let .invalidGroupCount(count):
            "group count \(count) is invalid, expected at least 1"
        case let .edgeRoundTripTooLong(edgeID, roundTripMeters, maxLengthMeters):
            "edge \(edgeID) alone needs a \(Int(roundTripMeters.rounded())) m walk from the start, "
                + "longer than the limit of \(Int(maxLengthMeters.rounded())) m"
        case let .noGroupCountFits(maximumGroupCount, longestWalkMeters, maxLengthMeters):
            "with \(maximumGroupCount) groups the longest walk is still \(Int(longestWalkMeters.rounded())) m, "
                + "longer than the limit of \(Int(maxLengthMeters.rounded())) m"
        }
    }
}
