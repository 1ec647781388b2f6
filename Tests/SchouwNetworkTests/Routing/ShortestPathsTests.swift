import SchouwGeometry
import Testing

@testable import SchouwNetwork
import SchouwCore
import SchouwFormats

@Test(arguments: 0..<60)
func dijkstraMatchesFloydWarshall(seed: Int) throws {
    var rng = SeededGenerator(seed: UInt64(seed))
    let graph = try TestGraphs.random(
        vertexCount: Int.random(in: 1...12, using: &rng), edgeCount: Int.random(in: 0...25, using: &rng),
        connected: seed % 3 != 0, using: &rng)
    let oracle = TestGraphs.allPairsDistances(graph)
    let edgeByID = Dictionary(uniqueKeysWithValues: graph.edges.map { ($0.id, $0) })
    for source in 0..<graph.vertexCount {
        let tree = try graph.shortestPaths(from: source)
        for target in 0..<graph.vertexCount {
            #expect(tree.distancesMeters[target] == oracle[source][target] || abs(tree.distancesMeters[target] - oracle[source][target]) < 1e-9)
            guard let path = tree.path(to: target) else {
                #expect(oracle[source][target] == .infinity)
                continue
            }
            var at = source
            var length = 0.0
            for pass in path {
                #expect(pass.from == at)
                let edge = try #require(edgeByID[pass.edgeID])
                #expect(Set([edge.u, edge.v]) == Set([pass.from, pass.to]))
                length += edge.lengthMeters
                at = pass.to
            }
            #expect(at == target)
            #expect(abs(length - oracle[source][target]) < 1e-9)
        }
        let targets = (0..<graph.vertexCount).filter { $0 % 3 == seed % 3 }
        let early = try graph.shortestPaths(from: source, to: targets)
        for target in targets { #expect(abs(early.distancesMeters[target] - oracle[source][target]) < 1e-9 || early.distancesMeters[target] == oracle[source][target]) }
    }
}

@Test func invalidGraphsAreRejected() {
    #expect(throws: SchouwNetworkError.vertexOutOfRange(edgeID: 1, vertex: 3, vertexCount: 2)) {
        try RoutingGraph(vertexCount: 2, edges: [.init(id: 1, u: 0, v: 3, lengthMeters: 1, isRequired: true)])
    }
    #expect(throws: SchouwNetworkError.invalidLength(edgeID: 1, lengthMeters: -1)) {
        try RoutingGraph(vertexCount: 2, edges: [.init(id: 1, u: 0, v: 1, lengthMeters: -1, isRequired: true)])
    }
    #expect(throws: SchouwNetworkError.duplicateEdgeID(1)) {
        try RoutingGraph(vertexCount: 2, edges: [
            .init(id: 1, u: 0, v: 1, lengthMeters: 1, isRequired: true),
            .init(id: 1, u: 1, v: 0, lengthMeters: 1, isRequired: true),
        ])
    }
}
