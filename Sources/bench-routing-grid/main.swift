// Times the routing algorithms on a generated town-sized street grid. Run in release:
//   swift run -c release bench-routing-grid [side] [seed]
import Foundation
import SchouwGeometry
import SchouwNetwork
import SchouwCore
import SchouwFormats


func center(_ side: Int) -> Int { side / 2 * side + side / 2 }

/// A side×side grid with jittered 80 m blocks, a quarter of the streets deleted, and only the part
/// connected to the centre vertex kept; `requiredFraction` of the streets must be walked.
func perturbedGrid(side: Int, seed: UInt64, requiredFraction: Double) throws -> RoutingGraph {
    var rng = SeededGenerator(seed: seed)
    let points = (0..<(side * side)).map { _ in
        (Double.random(in: -15...15, using: &rng), Double.random(in: -15...15, using: &rng))
    }
    func length(_ a: Int, _ b: Int) -> Double {
        let dx = Double(b % side - a % side) * 80 + points[b].0 - points[a].0
        let dy = Double(b / side - a / side) * 80 + points[b].1 - points[a].1
        return (dx * dx + dy * dy).squareRoot()
    }
    var candidates: [(Int, Int)] = []
    for row in 0..<side {
        for column in 0..<side {
            let v = row * side + column
            if column + 1 < side { candidates.append((v, v + 1)) }
            if row + 1 < side { candidates.append((v, v + side)) }
        }
    }
    let kept = candidates.filter { _ in Double.random(in: 0..<1, using: &rng) >= 0.25 }
    var adjacency = [[Int]](repeating: [], count: side * side)
    for (a, b) in kept {
        adjacency[a].append(b)
        adjacency[b].append(a)
    }
    var reached = [Bool](repeating: false, count: side * side)
    reached[center(side)] = true
    var stack = [center(side)]
    while let v = stack.popLast() {
        for w in adjacency[v] where !reached[w] {
            reached[w] = true
            stack.append(w)
        }
    }
    let edges = kept.filter { reached[$0.0] }.enumerated().map { index, pair in
        RoutingGraph.Edge(
            id: index, u: pair.0, v: pair.1, lengthMeters: length(pair.0, pair.1),
            isRequired: Double.random(in: 0..<1, using: &rng) < requiredFraction)
    }
    return try RoutingGraph(vertexCount: side * side, edges: edges)
}

func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let clock = ContinuousClock()
    var result: T?
    let duration = try clock.measure { result = try body() }
    print("\(label): \(duration.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 1))))")
    return result!
}

func describe(_ route: Route) -> String {
    String(
        format: "length %.0f m, required %.0f m, deadhead %.0f m, lower bound %.0f m, gap %.2f%%, optimal %@",
        route.lengthMeters, route.requiredLengthMeters, route.deadheadLengthMeters, route.lowerBoundMeters,
        route.optimalityGap * 100, route.isOptimal ? "yes" : "no")
}

let arguments = CommandLine.arguments
let side = arguments.count > 1 ? Int(arguments[1]) ?? 60 : 60
let seed = arguments.count > 2 ? UInt64(arguments[2]) ?? 1 : 1

let town = try perturbedGrid(side: side, seed: seed, requiredFraction: 1)
let odd = (0..<town.vertexCount).filter { v in town.edges.filter { $0.u == v || $0.v == v }.count % 2 == 1 }.count
print("grid \(side)×\(side): \(town.edges.count) edges, \(odd) odd vertices")
let tour = try timed("Chinese postman (all streets)") { try town.postmanRoute(from: center(side)) }
print("  " + describe(tour))

let partial = try perturbedGrid(side: side, seed: seed, requiredFraction: 0.6)
let ruralTour = try timed("rural postman (60% of streets)") { try partial.postmanRoute(from: center(side)) }
print("  " + describe(ruralTour))

for groupCount in [4, 8] {
    let plan = try timed("\(groupCount) groups (all streets)") { try town.groupRoutes(from: center(side), groupCount: groupCount) }
    print(String(
        format: "  longest %.0f m, balance (longest/shortest) %.3f, lower bound %.0f m",
        plan.longestMeters, plan.balance, plan.lowerBoundMeters))
}
