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
    /// **Memory.** The rounded weights are kept once per pair and become the profits in place; see
    /// ``estimatedMemoryBytes(vertexCount:)`` for the most the matching can hold, which callers facing
    /// large inputs should check first.
    ///
    /// - Parameters:
    ///   - vertexCount: An even number of vertices.
    ///   - resolution: The weight unit the algorithm counts in; weights must stay below 2⁴⁸ units.
    ///   - weight: The weight of the edge between `i` and `j`, read once for each `i < j` and once more
    ///     for each matched pair; any sign.
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
        precondition(vertexCount >= 0, "a vertex count cannot be negative")
        var units = PairUnits(vertexCount: vertexCount, resolution: resolution)
        for i in 0..<vertexCount {
            for j in (i + 1)..<vertexCount { units.set(i, j, weight: weight(i, j)) }
        }
        return minimumWeight(consume units, candidatesPerVertex: candidatesPerVertex, weight: weight)
    }

    /// The matching of weights already rounded into `units`, which become its profits in place.
    ///
    /// - Parameter weight: The unrounded weight of a matched pair, read once per pair of the result
    ///   for ``totalWeight``.
    static func minimumWeight(
        _ units: consuming PairUnits, candidatesPerVertex: Int = 10, weight: (Int, Int) -> Double
    ) -> PerfectMatching {
        let n = units.vertexCount
        precondition(n % 2 == 0, "a perfect matching needs an even vertex count")
        let tolerance = Double(n) * units.largestRoundingError
        let mates = maximumProfitPerfectMatching(MatchingProfit(units), nearestCount: candidatesPerVertex)
        var total = 0.0
        for i in 0..<n where i < mates[i] { total += weight(i, mates[i]) }
        // Each of the n/2 pairs of this matching and of a true optimum is off by at most the largest rounding error.
        return PerfectMatching(mates: mates, totalWeight: total, tolerance: tolerance)
    }

    /// The most memory, in bytes, that the matching of `vertexCount` vertices holds at once: its
    /// tables that grow with the square of the vertex count, each at its largest, plus 128 bytes per
    /// vertex for the rest.
    ///
    /// With n vertices, p = n(n − 1)/2 pairs and b = ⌊(n − 1)/2⌋ blossoms (every blossom has at least
    /// three children, so no more are ever alive at once):
    /// - the rounded weights, later the profits, 8 bytes per pair: 8p;
    /// - which pairs are candidates, one bit per ordered pair in rows of 64-bit words: 8n·⌈n/64⌉;
    /// - per blossom, the best edge to every node (4 bytes × (n + b + 1)) and the child holding each
    ///   vertex (4 bytes × (n + 1)): 4b(n + b + 1) + 4b(n + 1);
    /// - 128(n + 1) for the per-node arrays and the search.
    ///
    /// About 9n² bytes for large n: 3.7 GB at 20,000 vertices. On generated street grids about half as
    /// many blossoms as the bound are alive at once, so the matching holds some 6–7n².
    /// - Complexity: O(1).
    public static func estimatedMemoryBytes(vertexCount n: Int) -> Int {
        guard n > 0 else { return 0 }
        let pairs = n * (n - 1) / 2
        let blossoms = (n - 1) / 2
        let candidateBits = 8 * n * ((n + 63) / 64)
        let blossomTables = 4 * blossoms * (n + blossoms + 1) + 4 * blossoms * (n + 1)
        return 8 * pairs + candidateBits + blossomTables + 128 * (n + 1)
    }

    /// The default for ``estimatedMemoryBytes(vertexCount:)`` above which planners refuse: 2 GB.
    public static let defaultMemoryLimitBytes = 2_000_000_000
}

/// The weight of every pair of `vertexCount` vertices rounded to whole `resolution` units: the upper
/// triangle of a symmetric matrix, row by row, so a pair is stored once and reads the same either way.
struct PairUnits {
    let vertexCount: Int
    let resolution: Double
    fileprivate var values: [Int64]
    /// The largest rounded weight (at least 0).
    private(set) var largest: Int64 = 0
    /// The largest difference between a weight and its rounded value.
    private(set) var largestRoundingError = 0.0

    /// All weights zero.
    init(vertexCount: Int, resolution: Double) {
        precondition(resolution > 0 && resolution.isFinite, "resolution must be positive")
        self.vertexCount = vertexCount
        self.resolution = resolution
        values = Array(repeating: 0, count: vertexCount * max(vertexCount - 1, 0) / 2)
    }

    /// The position of pair {i, j}, i ≠ j, in the triangle of `vertexCount` vertices.
    @inline(__always) static func index(_ i: Int, _ j: Int, vertexCount n: Int) -> Int {
        let (a, b) = i < j ? (i, j) : (j, i)
        return a * (2 * n - a - 1) / 2 + (b - a - 1)
    }

    /// Stores `round(weight / resolution)` for pair {i, j}, i ≠ j.
    mutating func set(_ i: Int, _ j: Int, weight: Double) {
        let scaled = (weight / resolution).rounded()
        precondition(scaled.isFinite && abs(scaled) < 0x1p48, "weight \(weight) out of range")
        values[Self.index(i, j, vertexCount: vertexCount)] = Int64(scaled)
        largestRoundingError = max(largestRoundingError, abs(weight - scaled * resolution))
        largest = max(largest, Int64(scaled))
    }
}

/// The matching's integer profits, `largest + 1 - units`: maximising them over perfect matchings
/// minimises the weight, and all are positive.
struct MatchingProfit {
    let vertexCount: Int
    private let values: [Int64]

    /// Turns the units into profits in their own storage, so no second table of pairs is made.
    init(_ units: consuming PairUnits) {
        vertexCount = units.vertexCount
        let ceiling = units.largest + 1
        var values = units.values
        units.values = []
        for k in values.indices { values[k] = ceiling - values[k] }
        self.values = values
    }

    /// The profit of pair {i, j}, 0-based, i ≠ j.
    @inline(__always) func callAsFunction(_ i: Int, _ j: Int) -> Int64 {
        values[PairUnits.index(i, j, vertexCount: vertexCount)]
    }
}

/// Which pairs of `vertexCount` vertices are candidate edges: one bit per ordered pair, kept symmetric.
struct CandidatePairs {
    let vertexCount: Int
    /// 64-bit words per vertex's row of bits.
    let wordsPerRow: Int
    private var bits: [UInt64]

    init(vertexCount: Int) {
        self.vertexCount = vertexCount
        wordsPerRow = (vertexCount + 63) / 64
        bits = Array(repeating: 0, count: wordsPerRow * vertexCount)
    }

    @inline(__always) func contains(_ i: Int, _ j: Int) -> Bool {
        bits[i * wordsPerRow + j >> 6] & (1 << UInt64(j & 63)) != 0
    }

    /// The candidate partners of `i` as bits: partner `64 * word + bit`, for `word` in `0..<wordsPerRow`.
    @inline(__always) func partners(of i: Int, word: Int) -> UInt64 {
        bits[i * wordsPerRow + word]
    }

    /// Marks {i, j} (both directions) as a candidate.
    mutating func insert(_ i: Int, _ j: Int) {
        bits[i * wordsPerRow + j >> 6] |= 1 << UInt64(j & 63)
        bits[j * wordsPerRow + i >> 6] |= 1 << UInt64(i & 63)
    }

    /// Calls `body` with every candidate partner of `i`, in increasing order.
    @inline(__always) func forEachPartner(of i: Int, _ body: (Int) -> Void) {
        for word in 0..<wordsPerRow {
            var remaining = partners(of: i, word: word)
            while remaining != 0 {
                body(word << 6 + remaining.trailingZeroBitCount)
                remaining &= remaining - 1
            }
        }
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
func maximumProfitPerfectMatching(_ profit: MatchingProfit, nearestCount: Int) -> [Int] {
    let n = profit.vertexCount
    var candidates = CandidatePairs(vertexCount: n)
    var nearest = min(max(nearestCount, 1), n - 1)
    func addNearest(_ count: Int) {
        guard count > 0 else { return }
        var best: [Int] = []
        var bestProfit: [Int64] = []
        for i in 0..<n {
            best.removeAll(keepingCapacity: true)
            bestProfit.removeAll(keepingCapacity: true)
            for j in 0..<n where j != i {
                let p = profit(i, j)
                if best.count == count && p <= bestProfit[count - 1] { continue }
                if best.count == count {
                    best.removeLast()
                    bestProfit.removeLast()
                }
                var position = best.count
                while position > 0 && bestProfit[position - 1] < p { position -= 1 }
                best.insert(j, at: position)
                bestProfit.insert(p, at: position)
            }
            for j in best { candidates.insert(i, j) }
        }
    }
    addNearest(nearest)
    while true {
        // The solver ends before candidates are added, so they are added in place rather than to a copy.
        let (mates, violations) = { [candidates] in
            var solver = BlossomSolver(profit: profit, candidates: candidates)
            let mates = solver.maximumWeightMatching()
            return (mates, mates.contains(-1) ? [] : solver.dualViolations())
        }()
        if mates.contains(-1) {
            precondition(nearest < n - 1, "no perfect matching on the complete graph")
            nearest = min(2 * nearest, n - 1)
            addNearest(nearest)
            continue
        }
        if violations.isEmpty { return mates }
        for (i, j) in violations { candidates.insert(i, j) }
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
    /// Node slots: vertices `1...n` and at most ⌊(n − 1)/2⌋ blossoms (each has three or more children,
    /// so no more are ever alive at once), plus the unused slot 0.
    private let nodeStride: Int
    /// The weights of the candidate pairs; other pairs weigh 0.
    private let profit: MatchingProfit
    private let candidates: CandidatePairs
    /// For nodes x and y, `bestEnd(x, y)` is the vertex inside x at the end of the least-slack edge
    /// between x and y; the edge itself runs `bestEnd(x, y)`–`bestEnd(y, x)`. For a vertex x that is x
    /// itself, so only the blossoms' rows are stored: `nodeStride` entries for blossom slot `n + 1 + r`
    /// in row r, made when the slot first comes into use (rows apart, so a new one copies none).
    private var blossomBestEnd: [[Int32]] = []
    /// For blossom b and vertex v, the child of b that contains v (0 if v is not in b): `n + 1` entries
    /// per blossom slot, made like `blossomBestEnd`'s rows.
    private var blossomChildContaining: [[Int32]] = []
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

    /// - Parameters:
    ///   - profit: Positive weights of every pair, 0-based.
    ///   - candidates: Which pairs are edges. Other pairs get weight 0: duals stay positive while the
    ///     algorithm runs, so such a pair is never tight and never matched.
    init(profit: MatchingProfit, candidates: CandidatePairs) {
        let n = profit.vertexCount
        self.n = n
        self.profit = profit
        self.candidates = candidates
        nodeStride = n + max(n - 1, 0) / 2 + 1
        var largest: Int64 = 0
        for i in 0..<n {
            candidates.forEachPartner(of: i) { j in largest = max(largest, profit(i, j)) }
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

    /// The weight of the pair of vertices a and b (1-based; 0 for "none", for a = b and for pairs that
    /// are not candidates).
    @inline(__always) private func weight(_ a: Int, _ b: Int) -> Int64 {
        guard a != 0, b != 0, candidates.contains(a - 1, b - 1) else { return 0 }
        return profit(a - 1, b - 1)
    }

    @inline(__always) private func bestEnd(_ x: Int, _ y: Int) -> Int {
        x <= n ? x : Int(blossomBestEnd[x - n - 1][y])
    }

    /// Sets `bestEnd(x, y)`; for a vertex x the only value is x itself, which needs no storing.
    @inline(__always) private mutating func setBestEnd(_ x: Int, _ y: Int, _ end: Int) {
        if x > n {
            blossomBestEnd[x - n - 1][y] = Int32(end)
        } else {
            assert(end == x, "a vertex is its own end")
        }
    }

    /// The child of node x that holds vertex v, 0 if none (a vertex holds only itself).
    @inline(__always) private func childContaining(_ x: Int, _ v: Int) -> Int {
        x <= n ? (x == v ? x : 0) : Int(blossomChildContaining[x - n - 1][v])
    }

    /// After a perfect matching: the 0-based pairs of the complete graph whose reduced cost under the
    /// final vertex and blossom duals is negative. None means the duals prove the matching a
    /// maximum-profit perfect matching of the complete graph (matched edges are tight, blossom duals
    /// are non-negative and their blossoms full, and now every pair is dual feasible).
    ///
    /// - Complexity: O(n² + p·d), where p is the number of pairs inside one top-level blossom and d
    ///   the nesting depth.
    func dualViolations() -> [(Int, Int)] {
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
                var reducedCost = dual[u] + dual[v] - 2 * profit(u - 1, v - 1)
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
    @inline(__always) private func slack(_ a: Int, _ b: Int) -> Int64 {
        dual[a] + dual[b] - 2 * weight(a, b)
    }

    /// Slack of the best edge from vertex u into node x.
    @inline(__always) private func slack(vertex u: Int, node x: Int) -> Int64 {
        slack(u, bestEnd(x, u))
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
        let endInU = bestEnd(u, v)
        mate[u] = bestEnd(v, u)
        guard u > n else { return }
        let xr = childContaining(u, endInU)
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
        if b > nodeCount {
            precondition(b < nodeStride, "more blossoms than a laminar family of odd cycles can hold")
            nodeCount += 1
            blossomBestEnd.append(Array(repeating: 0, count: nodeStride))
            blossomChildContaining.append(Array(repeating: 0, count: n + 1))
        }
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

        let row = b - n - 1
        for x in 1..<(nodeCount + 1) { blossomBestEnd[row][x] = 0 }
        for vertex in 1..<(n + 1) { blossomChildContaining[row][vertex] = 0 }
        for child in children[b] {
            for x in 1..<(nodeCount + 1) {
                let current = bestEnd(b, x)
                let candidateInB = bestEnd(child, x)
                let candidateInX = bestEnd(x, child)
                if current == 0 || slack(candidateInB, candidateInX) < slack(current, bestEnd(x, b)) {
                    setBestEnd(b, x, candidateInB)
                    setBestEnd(x, b, candidateInX)
                }
            }
            if child <= n {
                blossomChildContaining[row][child] = Int32(child)
            } else {
                for vertex in 1..<(n + 1) where childContaining(child, vertex) != 0 {
                    blossomChildContaining[row][vertex] = Int32(child)
                }
            }
        }
        recomputeSlack(of: b)
    }

    /// Dissolves odd blossom b whose dual reached zero: the children on the even-length path from its
    /// entry child to its base stay in the tree (alternately odd and even), the rest become unlabeled.
    private mutating func expandBlossom(_ b: Int) {
        for child in children[b] { setTop(child, child) }
        let entryVertex = bestEnd(b, treeParent[b])
        let xr = childContaining(b, entryVertex)
        let position = evenPathLength(in: b, to: xr)
        var i = 0
        while i < position {
            let xs = children[b][i]
            let xns = children[b][i + 1]
            treeParent[xs] = bestEnd(xns, xs)
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
                for word in 0..<candidates.wordsPerRow {
                    var partners = candidates.partners(of: u - 1, word: word)
                    while partners != 0 {
                        let v = word << 6 + partners.trailingZeroBitCount + 1
                        partners &= partners - 1
                        guard top[u] != top[v] else { continue }
                        if slack(u, v) == 0 {
                            if useTightEdge(u, v) { return true }
                        } else {
                            offerSlack(from: u, to: top[v])
                        }
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
                if useTightEdge(slackSource[x], bestEnd(x, slackSource[x])) { return true }
            }
            for b in (n + 1)..<(nodeCount + 1) where top[b] == b && label[b] == Self.odd && dual[b] == 0 {
                expandBlossom(b)
            }
        }
    }
}
