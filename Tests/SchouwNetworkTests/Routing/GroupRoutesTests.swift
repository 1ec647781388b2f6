import SchouwGeometry
import Testing

@testable import SchouwNetwork
import SchouwCore
import SchouwFormats

@Test(arguments: 0..<120)
func groupsCoverEveryRequiredEdgeOnce(seed: Int) throws {
    var rng = SeededGenerator(seed: UInt64(seed) &+ 31_337)
    let vertexCount = Int.random(in: 2...12, using: &rng)
    let graph = try TestGraphs.random(
        vertexCount: vertexCount, edgeCount: Int.random(in: vertexCount - 1...24, using: &rng),
        requiredFraction: seed % 2 == 0 ? 1 : 0.6, using: &rng)
    let start = Int.random(in: 0..<vertexCount, using: &rng)
    let groupCount = 1 + seed % 4
    let plan = try graph.groupRoutes(from: start, groupCount: groupCount)
    #expect(plan.routes.count == groupCount)

    var served: [Int] = []
    for route in plan.routes {
        #expect(route.start == start)
        served += TestGraphs.checkWalk(route, in: graph)
    }
    #expect(served.count == Set(served).count, "an edge is served by two groups")
    #expect(Set(served) == Set(graph.edges.filter(\.isRequired).map(\.id)))

    let single = try graph.postmanRoute(from: start)
    #expect(plan.longestMeters == plan.routes.map(\.lengthMeters).max())
    #expect(plan.lowerBoundMeters <= plan.longestMeters + 1e-9)
    if single.isOptimal {
        #expect(plan.longestMeters >= single.lengthMeters / Double(groupCount) - 1e-6)
    }
    if groupCount == 1 {
        #expect(plan.longestMeters <= single.lengthMeters + 1e-6)
    }
    // Balance is the longest walk over the shortest (1 when some group has nothing to walk).
    let lengths = plan.routes.map(\.lengthMeters)
    let shortest = lengths.min() ?? 0
    let longest = lengths.max() ?? 0
    #expect(plan.balance == (shortest > 0 ? longest / shortest : 1))
}

/// Four arms of two 100 m streets around vertex 0: 1,600 m of work, at most 400 m per street round trip.
private func star() throws -> RoutingGraph {
    var edges: [RoutingGraph.Edge] = []
    for arm in 0..<4 {
        let middle = 1 + 2 * arm
        edges.append(.init(id: 10 * arm, u: 0, v: middle, lengthMeters: 100, isRequired: true))
        edges.append(.init(id: 10 * arm + 1, u: middle, v: middle + 1, lengthMeters: 100, isRequired: true))
    }
    return try RoutingGraph(vertexCount: 9, edges: edges)
}

@Test(arguments: [(1, 1600.0), (2, 800.0), (4, 400.0)])
func groupsSplitAStarEvenly(groupCount: Int, longest: Double) throws {
    let plan = try star().groupRoutes(from: 0, groupCount: groupCount)
    #expect(plan.longestMeters == longest)
    #expect(plan.balance == 1)
}

@Test func tiedSplitsStillUseEveryGroup() throws {
    // A ring of 100 m streets: every split has a 800 m walk, but both groups should get work.
    let edges = (0..<8).map { RoutingGraph.Edge(id: $0, u: $0, v: ($0 + 1) % 8, lengthMeters: 100, isRequired: true) }
    let plan = try RoutingGraph(vertexCount: 8, edges: edges).groupRoutes(from: 0, groupCount: 2)
    #expect(plan.longestMeters == 800)
    #expect(plan.routes.allSatisfy { !$0.traversals.isEmpty })
    // Both walks go round the ring, one there and back: 800 m against at most 800 m.
    let shortest = try #require(plan.routes.map(\.lengthMeters).min())
    #expect(plan.balance == 800 / shortest)
}

@Test func balanceIsTheLongestWalkOverTheShortest() throws {
    // One arm of 100 m + 100 m and one of 300 m from vertex 0: the cut gives walks of 400 m and 600 m.
    let graph = try RoutingGraph(vertexCount: 4, edges: [
        .init(id: 1, u: 0, v: 1, lengthMeters: 100, isRequired: true),
        .init(id: 2, u: 1, v: 2, lengthMeters: 100, isRequired: true),
        .init(id: 3, u: 0, v: 3, lengthMeters: 300, isRequired: true),
    ])
    let plan = try graph.groupRoutes(from: 0, groupCount: 2)
    #expect(plan.routes.map(\.lengthMeters).sorted() == [400, 600])
    #expect(plan.balance == 1.5)
}

@Test func groupViaVerticesAreVisited() throws {
    let graph = try star()
    let plan = try graph.groupRoutes(from: 0, groupCount: 2, visiting: [[], [8]])
    #expect(plan.routes[1].traversals.contains { $0.to == 8 })
    for route in plan.routes { _ = TestGraphs.checkWalk(route, in: graph) }
}

@Test func smallestGroupCountGrowsUntilTheWalksFit() throws {
    let graph = try star()
    #expect(try graph.smallestGroupCount(from: 0, fitting: 1600).routes.count == 1)
    #expect(try graph.smallestGroupCount(from: 0, fitting: 1599).routes.count == 2)
    let plan = try graph.smallestGroupCount(from: 0, fitting: 500)
    #expect(plan.routes.count == 4)
    #expect(plan.longestMeters <= 500)
}

@Test func smallestGroupCountExplainsWhyNothingFits() throws {
    let graph = try star()
    #expect(throws: SchouwNetworkError.edgeRoundTripTooLong(edgeID: 1, roundTripMeters: 400, maxLengthMeters: 399)) {
        try graph.smallestGroupCount(from: 0, fitting: 399)
    }
    #expect(throws: SchouwNetworkError.noGroupCountFits(maximumGroupCount: 1, longestWalkMeters: 1600, maxLengthMeters: 1000)) {
        try graph.smallestGroupCount(from: 0, fitting: 1000, maximumGroupCount: 1)
    }
}
