/// A minimum-weight perfect matching of a complete graph on an even number of vertices.
public struct PerfectMatching: Hashable, Sendable {
    /// `mates[i]` is the vertex matched with `i`.
    public let mates: [Int]
    /// Sum of the given (unrounded) weights of the matched pairs.
    public let totalWeight: Double
    /// How far `totalWeight` may exceed the true optimum because weights were rounded to the resolution:
    /// no perfect matching weighs less than `totalWeight - tolerance`. About 1e-12 when every weight is a
    /// multiple of the resolution.
    public let tolerance: Double

    /// Edmonds' blossom algorithm (primal-dual, with per-blossom slack tracking).
    ///
    /// **Real weights.** The algorithm runs in exact integer arithmetic on `round(weight / resolution)`;
    /// the default resolution of 0.001 suits metres (millimetre units). Integer duals make the
    /// tightness tests exact, where float epsilons would either miss tight edges or accept loose ones.
    /// The result is exactly optimal for the rounded weights, hence optimal for the given weights when
    /// they are multiples of `resolution`, and otherwise within `tolerance` (at most
    /// `vertexCount × resolution / 2`) of the optimum.
    ///
    /// - Parameters:
    ///   - vertexCount: An even number of vertices.
    ///   - resolution: The weight unit the algorithm counts in; weights must stay below 2⁴⁸ units.
    ///   - weight: The weight of the edge between `i` and `j`, read once for each `i < j`; any sign.
    /// - Complexity: O(n³) time and O(n²) memory, where n is `vertexCount`.
    public static func minimumWeight(
        vertexCount: Int, resolution: Double = 0.001, weight: (Int, Int) -> Double
    ) -> PerfectMatching {
        minimumWeight(vertexCount: vertexCount, resolution: resolution, candidatesPerVertex: 10, weight: weight)
    }

    /// As the public variant, starting the sparse candidate search from `candidatesPerVertex` partners
    /// per vertex (tests use tiny values to exercise the verification rounds).
    static func minimumWeight(
        vertexCount: Int, resolution: Double, candidatesPerVertex: Int, weight: (Int, Int) -> Double
    ) -> PerfectMatching {
        precondition(vertexCount >= 0 && vertexCount % 2 == 0, "a perfect matching needs an even vertex count")
        precondition(resolution > 0 && resolution.isFinite, "resolution must be positive")
        let n = vertexCount
        var units = [Int64](repeating: 0, count: n * n)
        var original = [Double](repeating: 0, count: n * n)
        var largest: Int64 = 0
        var largestRoundingError = 0.0
        for i in 0..<n {
            for j in (i + 1)..<n {
                let w = weight(i, j)
                let scaled = (w / resolution).rounded()
                precondition(scaled.isFinite && abs(scaled) < 0x1p48, "weight \(w) out of range")
                units[i * n + j] = Int64(scaled)
                units[j * n + i] = Int64(scaled)
                original[i * n + j] = w
                largestRoundingError = max(largestRoundingError, abs(w - scaled * resolution))
                largest = max(largest, Int64(scaled))
            }
        }
        // Maximising (largest + 1 - w) over perfect matchings minimises w; all these profits are positive.
        var profit = [Int64](repeating: 0, count: n * n)
        for index in profit.indices { profit[index] = largest + 1 - units[index] }
        let mates = maximumProfitPerfectMatching(vertexCount: n, profit: profit, nearestCount: candidatesPerVertex)
        var total = 0.0
        for i in 0..<n where i < mates[i] { total += original[i * n + mates[i]] }
        // Each of the n/2 pairs of this matching and of a true optimum is off by at most the largest rounding error.
        return PerfectMatching(mates: mates, totalWeight: total, tolerance: Double(n) * largestRoundingError)
    }
}

/// A maximum-profit perfect matching of the complete graph, solved on a sparse candidate graph first.
///
/// Street-distance instances pair almost every vertex with one of its nearest few, so the blossom
/// algorithm runs on each vertex's `nearestCount` most profitable partners. Its final duals are then
/// checked against every pair of the complete graph: if the candidate matching is perfect and no pair
/// violates dual feasibility, the duals certify it optimal for the complete graph too. Otherwise the
/// violating pairs (or, if no perfect matching was found, twice as many nearest partners) are added
/// and it solves again; with all pairs as candidates the answer is the plain O(n³) algorithm's.
///
/// - Complexity: O(n³) worst case; about O(n² log n + n²·k) on street instances.
func maximumProfitPerfectMatching(vertexCount n: Int, profit: [Int64], nearestCount: Int) -> [Int] {
    var isCandidate = [Bool](repeating: false, count: n * n)
    var nearest = min(max(nearestCount, 1), n - 1)
    func addNearest(_ count: Int) {
        guard count > 0 else { return }
        var best: [Int] = []
        for i in 0..<n {
            best.removeAll(keepingCapacity: true)
            for j in 0..<n where j != i {
                if best.count == count && profit[i * n + j] <= profit[i * n + best[count - 1]] { continue }
                if best.count == count { best.removeLast() }
                var position = best.count
                while position > 0 && profit[i * n + best[position - 1]] < profit[i * n + j] { position -= 1 }
                best.insert(j, at: position)
            }
            for j in best where !isCandidate[i * n + j] {
                isCandidate[i * n + j] = true
                isCandidate[j * n + i] = true
            }
        }
    }
    addNearest(nearest)
    while true {
        var solver = BlossomSolver(vertexCount: n, profit: profit, isCandidate: isCandidate)
        let mates = solver.maximumWeightMatching()
        if mates.contains(-1) {
            precondition(nearest < n - 1, "no perfect matching on the complete graph")
            nearest = min(2 * nearest, n - 1)
            addNearest(nearest)
            continue
        }
        let violations = solver.dualViolations(profit: profit)
        if violations.isEmpty { return mates }
        for (i, j) in violations {
            isCandidate[i * n + j] = true
            isCandidate[j * n + i] = true
        }
    }
}

/// Maximum-weight matching with positive integer weights on a candidate subgraph of a complete graph,
/// O(n³).
///
/// Internals follow the classic primal-dual presentation (Edmonds; Galil's survey "Efficient algorithms
/// for finding maximum matching in graphs", 1986). Nodes are numbered from 1: vertices `1...n`, blossoms
/// `n+1...2n`; 0 means "none". Duals are doubled (`dual[u] + dual[v] ≥ 2w(u, v)`) so everything stays
/// integral: all even-labelled vertices share one parity, so halving an even–even slack is exact.
struct BlossomSolver {
    private static let unlabeled: Int8 = -1
    private static let even: Int8 = 0  // "S" / outer
    private static let odd: Int8 = 1  // "T" / inner

    private let n: Int
    private let nodeStride: Int
    /// Vertex weights, `(n + 1)²`, row 0 and column 0 unused.
    private var weight: [Int64]
    /// For nodes x and y, `bestEnd[x * nodeStride + y]` is the vertex inside x at the end of the
    /// least-slack edge between x and y; the edge itself runs `bestEnd[x][y]`–`bestEnd[y][x]`.
    private var bestEnd: [Int32]
    /// For blossom b and vertex v, the child of b that contains v (0 if v is not in b); `(2n + 1) × (n + 1)`.
    private var childContaining: [Int32]
    private var dual: [Int64]
    /// The vertex at the other end of a node's matched edge, or 0.
    private var mate: [Int]
    /// The outermost blossom (or the vertex itself) containing each node; 0 for unused blossom slots.
    private var top: [Int]
    /// For an odd node, the even-side vertex of the tree edge above it.
    private var treeParent: [Int]
    /// For a top-level node, the even vertex outside it with the least-slack edge into it, or 0.
    private var slackSource: [Int]
    private var label: [Int8]
    private var visitStamp: [Int]
    private var stamp = 0
    /// The children of each blossom in cyclic order, starting at the base.
    private var children: [[Int]]
    private var nodeCount: Int
    private var queue: [Int] = []

    /// Candidate neighbours of vertex u: `neighbors[neighborStart[u]..<neighborStart[u + 1]]`.
    private var neighborStart: [Int]
    private var neighbors: [Int32]

    /// - Parameters:
    ///   - profit: Positive weights, row-major `n × n`, 0-based.
    ///   - isCandidate: Which pairs are edges (symmetric). Other pairs get weight 0: duals stay positive
    ///     while the algorithm runs, so such a pair is never tight and never matched.
    init(vertexCount n: Int, profit: [Int64], isCandidate: [Bool]) {
        self.n = n
        nodeStride = 2 * n + 1
        weight = Array(repeating: 0, count: (n + 1) * (n + 1))
        neighborStart = Array(repeating: 0, count: n + 2)
        neighbors = []
        var largest: Int64 = 0
        for i in 1..<(n + 1) {
            neighborStart[i] = neighbors.count
            for j in 1..<(n + 1) where i != j && isCandidate[(i - 1) * n + (j - 1)] {
                let value = profit[(i - 1) * n + (j - 1)]
                weight[i * (n + 1) + j] = value
                largest = max(largest, value)
                neighbors.append(Int32(j))
            }
        }
        neighborStart[n + 1] = neighbors.count
        bestEnd = Array(repeating: 0, count: nodeStride * nodeStride)
        childContaining = Array(repeating: 0, count: nodeStride * (n + 1))
        for u in 1..<(n + 1) {
            for x in 0..<nodeStride { bestEnd[u * nodeStride + x] = Int32(u) }
            childContaining[u * (n + 1) + u] = Int32(u)
        }
        dual = Array(repeating: 0, count: nodeStride)
        for u in 1..<(n + 1) { dual[u] = largest }
        mate = Array(repeating: 0, count: nodeStride)
        top = Array(repeating: 0, count: nodeStride)
        for u in 1..<(n + 1) { top[u] = u }
        treeParent = Array(repeating: 0, count: nodeStride)
        slackSource = Array(repeating: 0, count: nodeStride)
        label = Array(repeating: Self.unlabeled, count: nodeStride)
        visitStamp = Array(repeating: 0, count: nodeStride)
        children = Array(repeating: [], count: nodeStride)
        nodeCount = n
    }

    /// Returns 0-based mates, -1 for unmatched vertices.
    mutating func maximumWeightMatching() -> [Int] {
        while augmentOnce() {}
        return (1..<(n + 1)).map { u in mate[u] - 1 }
    }

    /// After a perfect matching: the 0-based pairs of the complete graph whose reduced cost under the
    /// final vertex and blossom duals is negative. None means the duals prove the matching a
    /// maximum-profit perfect matching of the complete graph (matched edges are tight, blossom duals
    /// are non-negative and their blossoms full, and now every pair is dual feasible).
    ///
    /// - Complexity: O(n² + p·d), where p is the number of pairs inside one top-level blossom and d
    ///   the nesting depth.
    func dualViolations(profit: [Int64]) -> [(Int, Int)] {
        var parent = [Int](repeating: 0, count: nodeStride)
        for b in (n + 1)..<(nodeCount + 1) where top[b] != 0 {
            for child in children[b] { parent[child] = b }
        }
        var mark = [Int](repeating: 0, count: nodeStride)
        var violations: [(Int, Int)] = []
        for u in 1..<(n + 1) {
            var x = parent[u]
            while x != 0 {
                mark[x] = u
                x = parent[x]
            }
            for v in (u + 1)..<(n + 1) {
                var reducedCost = dual[u] + dual[v] - 2 * profit[(u - 1) * n + (v - 1)]
                if top[u] == top[v] {
                    var y = parent[v]
                    while y != 0 {
                        if mark[y] == u { reducedCost += dual[y] }
                        y = parent[y]
                    }
                }
                if reducedCost < 0 { violations.append((u - 1, v - 1)) }
            }
        }
        return violations
    }

    // MARK: Slack

    /// Slack of the edge between vertices a and b (twice the reduced cost, ignoring blossom duals,
    /// which cancel for edges between different top-level blossoms).
    private func slack(_ a: Int, _ b: Int) -> Int64 {
        dual[a] + dual[b] - 2 * weight[a * (n + 1) + b]
    }

    /// Slack of the best edge from vertex u into node x.
    private func slack(vertex u: Int, node x: Int) -> Int64 {
        slack(u, Int(bestEnd[x * nodeStride + u]))
    }

    private mutating func offerSlack(from u: Int, to x: Int) {
        if slackSource[x] == 0 || slack(vertex: u, node: x) < slack(vertex: slackSource[x], node: x) {
            slackSource[x] = u
        }
    }

    private mutating func recomputeSlack(of x: Int) {
        slackSource[x] = 0
        for u in 1..<(n + 1) where top[u] != x && label[top[u]] == Self.even {
            offerSlack(from: u, to: x)
        }
    }

    // MARK: Blossom structure

    private mutating func enqueue(_ x: Int) {
        if x <= n {
            queue.append(x)
        } else {
            for child in children[x] { enqueue(child) }
        }
    }

    private mutating func setTop(_ x: Int, _ b: Int) {
        top[x] = b
        if x > n {
            for child in children[x] { setTop(child, b) }
        }
    }

    /// Position of child `xr` in blossom b, reorienting the cycle if needed so that the even-length
    /// path from the base to `xr` runs forward through positions `0...result`.
    private mutating func evenPathLength(in b: Int, to xr: Int) -> Int {
        let position = children[b].firstIndex(of: xr)!
        if position % 2 == 1 {
            children[b][1...].reverse()
            return children[b].count - position
        }
        return position
    }

    /// Matches node u along its best edge towards node v, rematching inside u so its new base is the
    /// child holding that edge's endpoint.
    private mutating func matchAlongBestEdge(_ u: Int, _ v: Int) {
        let endInU = Int(bestEnd[u * nodeStride + v])
        mate[u] = Int(bestEnd[v * nodeStride + u])
        guard u > n else { return }
        let xr = Int(childContaining[u * (n + 1) + endInU])
        let position = evenPathLength(in: u, to: xr)
        for i in 0..<position {
            matchAlongBestEdge(children[u][i], children[u][i ^ 1])
        }
        matchAlongBestEdge(xr, v)
        children[u] = Array(children[u][position...] + children[u][..<position])
    }

    /// Flips the alternating path from node u up to its tree root, after u got matched to v.
    private mutating func augmentPath(from u: Int, to v: Int) {
        var u = u
        var v = v
        while true {
            let next = top[mate[u]]
            matchAlongBestEdge(u, v)
            if next == 0 { return }
            let parent = top[treeParent[next]]
            matchAlongBestEdge(next, parent)
            u = parent
            v = next
        }
    }

    /// The nearest common ancestor of even nodes u and v in the alternating forest, or 0 if they lie in
    /// different trees.
    private mutating func commonAncestor(_ u: Int, _ v: Int) -> Int {
        stamp += 1
        var u = u
        var v = v
        while u != 0 || v != 0 {
            if u != 0 {
                if visitStamp[u] == stamp { return u }
                visitStamp[u] = stamp
                u = top[mate[u]]
                if u != 0 { u = top[treeParent[u]] }
            }
            swap(&u, &v)
        }
        return 0
    }

    /// Shrinks the odd cycle through even nodes u and v and their common ancestor into a new blossom.
    private mutating func shrinkBlossom(_ u: Int, _ ancestor: Int, _ v: Int) {
        var b = n + 1
        while b <= nodeCount && top[b] != 0 { b += 1 }
        if b > nodeCount { nodeCount += 1 }
        dual[b] = 0
        label[b] = Self.even
        mate[b] = mate[ancestor]
        children[b] = [ancestor]
        var x = u
        while x != ancestor {
            let y = top[mate[x]]
            children[b].append(x)
            children[b].append(y)
            enqueue(y)
            x = top[treeParent[y]]
        }
        children[b][1...].reverse()
        x = v
        while x != ancestor {
            let y = top[mate[x]]
            children[b].append(x)
            children[b].append(y)
            enqueue(y)
            x = top[treeParent[y]]
        }
        setTop(b, b)

        for x in 1..<(nodeCount + 1) { bestEnd[b * nodeStride + x] = 0 }
        for vertex in 1..<(n + 1) { childContaining[b * (n + 1) + vertex] = 0 }
        for child in children[b] {
            for x in 1..<(nodeCount + 1) {
                let current = bestEnd[b * nodeStride + x]
                let candidateInB = bestEnd[child * nodeStride + x]
                let candidateInX = bestEnd[x * nodeStride + child]
                if current == 0
                    || slack(Int(candidateInB), Int(candidateInX))
                        < slack(Int(current), Int(bestEnd[x * nodeStride + b]))
                {
                    bestEnd[b * nodeStride + x] = candidateInB
                    bestEnd[x * nodeStride + b] = candidateInX
                }
            }
            for vertex in 1..<(n + 1) where childContaining[child * (n + 1) + vertex] != 0 {
                childContaining[b * (n + 1) + vertex] = Int32(child)
            }
        }
        recomputeSlack(of: b)
    }

    /// Dissolves odd blossom b whose dual reached zero: the children on the even-length path from its
    /// entry child to its base stay in the tree (alternately odd and even), the rest become unlabeled.
    private mutating func expandBlossom(_ b: Int) {
        for child in children[b] { setTop(child, child) }
        let entryVertex = Int(bestEnd[b * nodeStride + treeParent[b]])
        let xr = Int(childContaining[b * (n + 1) + entryVertex])
        let position = evenPathLength(in: b, to: xr)
        var i = 0
        while i < position {
            let xs = children[b][i]
            let xns = children[b][i + 1]
            treeParent[xs] = Int(bestEnd[xns * nodeStride + xs])
            label[xs] = Self.odd
            label[xns] = Self.even
            slackSource[xs] = 0
            recomputeSlack(of: xns)
            enqueue(xns)
            i += 2
        }
        label[xr] = Self.odd
        treeParent[xr] = treeParent[b]
        for child in children[b][(position + 1)...] {
            label[child] = Self.unlabeled
            recomputeSlack(of: child)
        }
        top[b] = 0
    }

    /// Handles tight edge a–c with a in an even node; returns true if it completed an augmentation.
    private mutating func useTightEdge(_ a: Int, _ c: Int) -> Bool {
        let u = top[a]
        let v = top[c]
        if label[v] == Self.unlabeled {
            treeParent[v] = a
            label[v] = Self.odd
            let matched = top[mate[v]]
            slackSource[v] = 0
            slackSource[matched] = 0
            label[matched] = Self.even
            enqueue(matched)
        } else if label[v] == Self.even {
            let ancestor = commonAncestor(u, v)
            if ancestor == 0 {
                augmentPath(from: u, to: v)
                augmentPath(from: v, to: u)
                return true
            }
            shrinkBlossom(u, ancestor, v)
        }
        return false
    }

    // MARK: Stage

    /// Grows alternating trees from all free nodes, adjusting duals, until one augmentation happens
    /// (true) or no augmentation can increase the weight (false).
    private mutating func augmentOnce() -> Bool {
        for x in 1..<(nodeCount + 1) {
            label[x] = Self.unlabeled
            slackSource[x] = 0
        }
        queue.removeAll(keepingCapacity: true)
        for x in 1..<(nodeCount + 1) where top[x] == x && mate[x] == 0 {
            treeParent[x] = 0
            label[x] = Self.even
            enqueue(x)
        }
        if queue.isEmpty { return false }
        while true {
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                if label[top[u]] == Self.odd { continue }
                for slot in neighborStart[u]..<neighborStart[u + 1] {
                    let v = Int(neighbors[slot])
                    guard top[u] != top[v] else { continue }
                    if slack(u, v) == 0 {
                        if useTightEdge(u, v) { return true }
                    } else {
                        offerSlack(from: u, to: top[v])
                    }
                }
            }

            var delta = Int64.max
            for b in (n + 1)..<(nodeCount + 1) where top[b] == b && label[b] == Self.odd {
                delta = min(delta, dual[b] / 2)
            }
            for x in 1..<(nodeCount + 1) where top[x] == x && slackSource[x] != 0 {
                if label[x] == Self.unlabeled {
                    delta = min(delta, slack(vertex: slackSource[x], node: x))
                } else if label[x] == Self.even {
                    delta = min(delta, slack(vertex: slackSource[x], node: x) / 2)
                }
            }
            // An even vertex whose dual would reach zero ends the search: no augmentation pays any more
            // (on a candidate graph that may leave vertices unmatched; the caller then adds candidates).
            for u in 1..<(n + 1) where label[top[u]] == Self.even && dual[u] <= delta { return false }
            for u in 1..<(n + 1) {
                switch label[top[u]] {
                case Self.even:
                    dual[u] -= delta
                case Self.odd:
                    dual[u] += delta
                default:
                    break
                }
            }
            for b in (n + 1)..<(nodeCount + 1) where top[b] == b {
                if label[b] == Self.even {
                    dual[b] += 2 * delta
                } else if label[b] == Self.odd {
                    dual[b] -= 2 * delta
                }
            }

            queue.removeAll(keepingCapacity: true)
            for x in 1..<(nodeCount + 1)
            where top[x] == x && slackSource[x] != 0 && top[slackSource[x]] != x
                && slack(vertex: slackSource[x], node: x) == 0
            {
                if useTightEdge(slackSource[x], Int(bestEnd[x * nodeStride + slackSource[x]])) { return true }
            }
            for b in (n + 1)..<(nodeCount + 1) where top[b] == b && label[b] == Self.odd && dual[b] == 0 {
                expandBlossom(b)
            }
        }
    }
}
