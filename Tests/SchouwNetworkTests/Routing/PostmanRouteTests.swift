import SchouwGeometry
import Testing

@testable import SchouwNetwork
import SchouwCore
import SchouwFormats

private func requiredIDs(_ graph: RoutingGraph) -> Set<Int> {
    Set(graph.edges.filter(\.isRequired).map(\.id))
}

@Test(arguments: 0..<300)
func chinesePostmanRouteIsOptimal(seed: Int) throws {
    var rng = SeededGenerator(seed: UInt64(seed) &+ 77)
    let vertexCount = Int.random(in: 1...6, using: &rng)
    let graph = try TestGraphs.random(
        vertexCount: vertexCount, edgeCount: Int.random(in: vertexCount - 1...10, using: &rng), using: &rng)
    let start = Int.random(in: 0..<vertexCount, using: &rng)
    let route = try graph.postmanRoute(from: start)
    #expect(TestGraphs.checkWalk(route, in: graph) == requiredIDs(graph))
    #expect(route.isOptimal || graph.edges.isEmpty)
    let optimum = TestGraphs.bruteForcePostmanLength(graph, start: start)
    #expect(abs(route.lengthMeters - optimum) < 1e-6, "seed \(seed): \(route.lengthMeters) vs \(optimum)")
    #expect(abs(route.lowerBoundMeters - route.lengthMeters) < 1e-6)
}

@Test(arguments: 0..<300)
func ruralPostmanRouteIsBoundedAndCovers(seed: Int) throws {
    var rng = SeededGenerator(seed: UInt64(seed) &+ 9_000)
    let vertexCount = Int.random(in: 2...7, using: &rng)
    let graph = try TestGraphs.random(
        vertexCount: vertexCount, edgeCount: Int.random(in: vertexCount - 1...10, using: &rng),
        requiredFraction: 0.5, using: &rng)
    let start = Int.random(in: 0..<vertexCount, using: &rng)
    let via = seed % 4 == 0 ? [Int.random(in: 0..<vertexCount, using: &rng)] : []
    let route = try graph.postmanRoute(from: start, visiting: via)
    #expect(TestGraphs.checkWalk(route, in: graph) == requiredIDs(graph))
    let visited = Set(route.traversals.map(\.to) + [start])
    for vertex in via { #expect(visited.contains(vertex)) }
    let optimum = TestGraphs.bruteForcePostmanLength(graph, start: start, via: via)
    #expect(route.lowerBoundMeters <= optimum + 1e-6, "seed \(seed): bound \(route.lowerBoundMeters) > optimum \(optimum)")
    #expect(route.lengthMeters >= optimum - 1e-6)
    if route.isOptimal {
        #expect(abs(route.lengthMeters - optimum) < 1e-6, "seed \(seed): \(route.lengthMeters) vs \(optimum)")
    }
}

@Test func startOffTheRequiredEdgesWalksThereAndBack() throws {
    // 0 —(optional 5)— 1 —(required 2)— 2 ; walk 0→1→2→1→0.
    let graph = try RoutingGraph(vertexCount: 3, edges: [
        .init(id: 10, u: 0, v: 1, lengthMeters: 5, isRequired: false),
        .init(id: 11, u: 1, v: 2, lengthMeters: 2, isRequired: true),
    ])
    let route = try graph.postmanRoute(from: 0)
    _ = TestGraphs.checkWalk(route, in: graph)
    #expect(route.lengthMeters == 14)
    #expect(route.requiredLengthMeters == 2)
    #expect(route.deadheadLengthMeters == 12)
    #expect(route.traversals.map(\.edgeID) == [10, 11, 11, 10])
    #expect(route.traversals.filter(\.isService).map(\.edgeID) == [11])
}

@Test func nothingToCoverGivesAnEmptyWalk() throws {
    let graph = try RoutingGraph(vertexCount: 2, edges: [.init(id: 1, u: 0, v: 1, lengthMeters: 3, isRequired: false)])
    let route = try graph.postmanRoute(from: 1)
    #expect(route.traversals.isEmpty)
    #expect(route.lengthMeters == 0)
    let viaRoute = try graph.postmanRoute(from: 1, visiting: [0])
    #expect(viaRoute.lengthMeters == 6)
    #expect(viaRoute.lowerBoundMeters == 6)
}

@Test func unreachableWorkIsReported() throws {
    let graph = try RoutingGraph(vertexCount: 4, edges: [
        .init(id: 1, u: 0, v: 1, lengthMeters: 3, isRequired: true),
        .init(id: 2, u: 2, v: 3, lengthMeters: 3, isRequired: true),
    ])
    #expect(throws: SchouwNetworkError.requiredEdgeUnreachable(edgeID: 2, start: 0)) {
        try graph.postmanRoute(from: 0)
    }
    #expect(throws: SchouwNetworkError.vertexNotInGraph(vertex: 9, vertexCount: 4)) {
        try graph.postmanRoute(from: 9)
    }
}
