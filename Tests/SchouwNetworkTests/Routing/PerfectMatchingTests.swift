import SchouwGeometry
import Testing

@testable import SchouwNetwork
import SchouwCore
import SchouwFormats

/// Every perfect matching of `0..<n`, by pairing the lowest free vertex with each other free vertex.
private func bruteForceMinimum(_ n: Int, _ weight: [Double]) -> Double {
    var free = Array(0..<n)
    func best() -> Double {
        guard let first = free.first else { return 0 }
        var result = Double.infinity
        for index in 1..<free.count {
            let partner = free[index]
            let saved = free
            free.remove(at: index)
            free.removeFirst()
            result = min(result, weight[first * n + partner] + best())
            free = saved
        }
        return result
    }
    return best()
}

/// Symmetric weights: millimetre multiples, with many ties and zeros when `levels` is small.
private func randomWeights(_ n: Int, levels: Int, using rng: inout SeededGenerator) -> [Double] {
    var weight = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in (i + 1)..<n {
            let w = Double(Int.random(in: 0..<levels, using: &rng)) * (levels > 10 ? 0.001 : 1.5)
            weight[i * n + j] = w
            weight[j * n + i] = w
        }
    }
    return weight
}

/// Checks the matching found from `candidatesPerVertex` nearest partners (1 forces the
/// candidate-graph verification rounds; 11 is the complete graph at these sizes).
private func checkAgainstBruteForce(_ n: Int, _ weight: [Double]) {
    for candidatesPerVertex in [1, 2, 11] {
        checkAgainstBruteForce(n, weight, candidatesPerVertex: candidatesPerVertex)
    }
}

private func checkAgainstBruteForce(_ n: Int, _ weight: [Double], candidatesPerVertex: Int) {
    let matching = PerfectMatching.minimumWeight(
        vertexCount: n, resolution: 0.001, candidatesPerVertex: candidatesPerVertex
    ) { weight[$0 * n + $1] }
    #expect(matching.mates.count == n)
    for i in 0..<n {
        #expect(matching.mates[i] != i)
        #expect(matching.mates[matching.mates[i]] == i)
    }
    var total = 0.0
    for i in 0..<n where i < matching.mates[i] { total += weight[i * n + matching.mates[i]] }
    #expect(abs(total - matching.totalWeight) < 1e-9)
    let optimum = bruteForceMinimum(n, weight)
    #expect(abs(matching.totalWeight - optimum) < 1e-6, "n=\(n) weights=\(weight)")
    #expect(matching.tolerance < 1e-9)
}

@Test(arguments: [2, 4, 6, 8, 10, 12])
func matchingIsMinimalOnRandomWeights(size: Int) {
    let seeds = size <= 8 ? 400 : (size == 10 ? 120 : 25)
    for seed in 0..<UInt64(seeds) {
        var rng = SeededGenerator(seed: seed &* 7919 &+ UInt64(size))
        checkAgainstBruteForce(size, randomWeights(size, levels: 100_000, using: &rng))
    }
}

@Test(arguments: [2, 4, 6, 8, 10, 12])
func matchingIsMinimalWithTiesAndZeros(size: Int) {
    let seeds = size <= 8 ? 400 : (size == 10 ? 120 : 25)
    for seed in 0..<UInt64(seeds) {
        var rng = SeededGenerator(seed: seed &* 104_729 &+ UInt64(size))
        checkAgainstBruteForce(size, randomWeights(size, levels: 1 + Int(seed % 4), using: &rng))
    }
}

@Test func matchingIsMinimalOnMetricInstances() {
    // Distances between points on a line and in the plane: the shape postman matchings see.
    for seed in 0..<UInt64(300) {
        var rng = SeededGenerator(seed: seed)
        let n = 2 * Int.random(in: 1...6, using: &rng)
        let points = (0..<n).map { _ in
            (Double(Int.random(in: 0..<50, using: &rng)), Double(Int.random(in: 0..<3, using: &rng)))
        }
        var weight = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { weight[i * n + j] = abs(points[i].0 - points[j].0) + abs(points[i].1 - points[j].1) }
        }
        checkAgainstBruteForce(n, weight)
    }
}

@Test func matchingHandlesNegativeAndUnroundedWeights() {
    for seed in 0..<UInt64(200) {
        var rng = SeededGenerator(seed: seed &+ 1_000)
        let n = 2 * Int.random(in: 1...5, using: &rng)
        var weight = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let w = Double.random(in: -500...500, using: &rng)
                weight[i * n + j] = w
                weight[j * n + i] = w
            }
        }
        let matching = PerfectMatching.minimumWeight(vertexCount: n) { weight[$0 * n + $1] }
        let optimum = bruteForceMinimum(n, weight)
        #expect(matching.totalWeight >= optimum - 1e-9)
        #expect(matching.totalWeight - matching.tolerance <= optimum + 1e-9)
        #expect(matching.tolerance <= Double(n) * 0.0005 + 1e-12)
    }
}

@Test func emptyMatchingIsEmpty() {
    let matching = PerfectMatching.minimumWeight(vertexCount: 0) { _, _ in 0 }
    #expect(matching.mates.isEmpty)
    #expect(matching.totalWeight == 0)
}

@Test func largeMatchingIsPerfectAndBeatsGreedy() {
    var rng = SeededGenerator(seed: 42)
    let n = 120
    let points = (0..<n).map { _ in (Double.random(in: 0...1000, using: &rng), Double.random(in: 0...1000, using: &rng)) }
    func distance(_ i: Int, _ j: Int) -> Double {
        ((points[i].0 - points[j].0) * (points[i].0 - points[j].0) + (points[i].1 - points[j].1) * (points[i].1 - points[j].1)).squareRoot()
    }
    let matching = PerfectMatching.minimumWeight(vertexCount: n, weight: distance)
    #expect(Set(matching.mates).count == n)
    var free = Set(0..<n)
    var greedy = 0.0
    while let i = free.min() {
        free.remove(i)
        let j = free.min { distance(i, $0) < distance(i, $1) }!
        free.remove(j)
        greedy += distance(i, j)
    }
    #expect(matching.totalWeight <= greedy + 1e-6)
}

/// The memory estimate, counted by hand from the tables it names: 8 bytes per pair, candidate bits in
/// rows of 64-bit words, best-end rows of 4 × (n + b + 1) and child rows of 4 × (n + 1) bytes for
/// b = ⌊(n − 1)/2⌋ blossoms, and 128 bytes per vertex slot.
@Test(arguments: [
    (0, 0),
    // 8·1 + 8·2·1 + 0 + 128·3
    (2, 408),
    // 8·6 + 8·4·1 + 4·1·6 + 4·1·5 + 128·5
    (4, 764),
    // 8·45 + 8·10·1 + 4·4·15 + 4·4·11 + 128·11
    (10, 2_264),
    // 8·4950 + 8·100·2 + 4·49·150 + 4·49·101 + 128·101
    (100, 103_324),
    // 8·199,990,000 + 8·20,000·313 + 4·9,999·30,000 + 4·9,999·20,001 + 128·20,001: about 3.7 GB
    (20_000, 3_652_400_124),
])
func memoryEstimateMatchesTheHandCount(vertexCount: Int, bytes: Int) {
    #expect(PerfectMatching.estimatedMemoryBytes(vertexCount: vertexCount) == bytes)
}

@Test func pairUnitsStoreEachPairOnceEitherWayRound() {
    // Every pair of 7 vertices gets its own slot, 21 in all, and reads back from both ends.
    var units = PairUnits(vertexCount: 7, resolution: 1)
    for i in 0..<7 {
        for j in (i + 1)..<7 { units.set(j, i, weight: Double(10 * i + j)) }
    }
    let profit = MatchingProfit(units)
    // largest = 56 (pair 5–6), so profit = 57 − weight.
    for i in 0..<7 {
        for j in 0..<7 where i != j {
            let weight = Int64(10 * min(i, j) + max(i, j))
            #expect(profit(i, j) == 57 - weight, "pair \(i), \(j)")
        }
    }
}
