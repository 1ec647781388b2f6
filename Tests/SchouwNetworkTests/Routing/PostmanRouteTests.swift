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

/// A star of three streets: the centre and the three ends are the four odd junctions, and the walk goes
/// out and back along each street (2 × (10 + 20 + 30) = 120 m).
private func star() throws -> RoutingGraph {
    try RoutingGraph(vertexCount: 4, edges: [
        .init(id: 1, u: 0, v: 1, lengthMeters: 10, isRequired: true),
        .init(id: 2, u: 0, v: 2, lengthMeters: 20, isRequired: true),
        .init(id: 3, u: 0, v: 3, lengthMeters: 30, isRequired: true),
    ])
}

@Test func matchingOverTheMemoryLimitIsRefusedBeforeItIsMade() throws {
    // The estimate for 4 odd junctions is 764 bytes (see memoryEstimateMatchesTheHandCount).
    let graph = try star()
    let refusal = SchouwNetworkError.matchingTooLarge(oddJunctions: 4, estimatedBytes: 764, limitBytes: 763)
    #expect(throws: refusal) { try graph.postmanRoute(from: 0, matchingMemoryLimitBytes: 763) }
    #expect(throws: refusal) { try graph.groupRoutes(from: 0, groupCount: 2, matchingMemoryLimitBytes: 763) }
    #expect(throws: refusal) {
        try graph.smallestGroupCount(from: 0, fitting: 100, maximumGroupCount: 3, matchingMemoryLimitBytes: 763)
    }
    // At the limit itself the walk is planned as without one.
    let route = try graph.postmanRoute(from: 0, matchingMemoryLimitBytes: 764)
    #expect(route.lengthMeters == 120)
    #expect(route.isOptimal)
}

@Test func memoryRefusalSaysHowManyJunctionsHowMuchAndWhatToDo() {
    let error = SchouwNetworkError.matchingTooLarge(oddJunctions: 20_000, estimatedBytes: 3_652_400_124, limitBytes: 2_000_000_000)
    #expect(error.exitClass == .badInput)
    #expect(error.message(.nl) == """
        de te lopen straten hebben 20000 kruispunten met een oneven aantal straten; die exact koppelen kan tot \
        ongeveer 3,7 GB geheugen vragen, meer dan de grens van 2,0 GB. Plan één buurt met --area FILE --area-code CODE, \
        of gebruik een kleiner stratenbestand (--max-matching-memory verhoogt de grens)
        """)
    #expect(error.message(.en) == """
        the streets to walk have 20000 junctions with an odd number of streets; matching them exactly may need up to \
        about 3.7 GB of memory, more than the limit of 2.0 GB. Plan one buurt with --area FILE --area-code CODE, \
        or use a smaller street file (--max-matching-memory raises the limit)
        """)
    let small = SchouwNetworkError.matchingTooLarge(oddJunctions: 40, estimatedBytes: 19_484, limitBytes: 999)
    #expect(small.message(.nl).contains("tot ongeveer 19,5 kB geheugen vragen, meer dan de grens van 999 B."))
}
