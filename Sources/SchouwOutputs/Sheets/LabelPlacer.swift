import Foundation

/// A point on the sheet map, in SVG user units (y grows downwards).
struct MapPoint: Hashable, Sendable {
    var x: Double
    var y: Double

    static func + (a: MapPoint, b: MapPoint) -> MapPoint { MapPoint(x: a.x + b.x, y: a.y + b.y) }
    static func - (a: MapPoint, b: MapPoint) -> MapPoint { MapPoint(x: a.x - b.x, y: a.y - b.y) }
    static func * (a: MapPoint, s: Double) -> MapPoint { MapPoint(x: a.x * s, y: a.y * s) }
    func dot(_ b: MapPoint) -> Double { x * b.x + y * b.y }
    var length: Double { (x * x + y * y).squareRoot() }
}

/// A rectangle turned by `angleDegrees` about its centre: the space a rotated label or a symbol takes.
struct OrientedBox: Hashable, Sendable {
    var center: MapPoint
    var halfWidth: Double
    var halfHeight: Double
    /// Clockwise on the page (SVG `rotate`).
    var angleDegrees: Double

    /// An upright box.
    init(center: MapPoint, halfWidth: Double, halfHeight: Double, angleDegrees: Double = 0) {
        self.center = center
        self.halfWidth = halfWidth
        self.halfHeight = halfHeight
        self.angleDegrees = angleDegrees
    }

    /// The unit vectors along the box's width and height.
    var axes: (MapPoint, MapPoint) {
        let a = angleDegrees * .pi / 180
        return (MapPoint(x: cos(a), y: sin(a)), MapPoint(x: -sin(a), y: cos(a)))
    }

    /// The four corners, in order around the box.
    var corners: [MapPoint] {
        let (u, v) = axes
        let du = u * halfWidth
        let dv = v * halfHeight
        return [center - du - dv, center + du - dv, center + du + dv, center - du + dv]
    }

    /// The axis-aligned bounds: minX, minY, maxX, maxY.
    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        let cs = corners
        return (cs.map(\.x).min() ?? 0, cs.map(\.y).min() ?? 0, cs.map(\.x).max() ?? 0, cs.map(\.y).max() ?? 0)
    }

    /// Whether the two boxes share interior points (touching edges do not count), by the separating
    /// axis theorem: two convex shapes are apart exactly when their projections on one of the four edge
    /// directions do not overlap.
    func overlaps(_ other: OrientedBox) -> Bool {
        let a = bounds
        let b = other.bounds
        if a.maxX <= b.minX || b.maxX <= a.minX || a.maxY <= b.minY || b.maxY <= a.minY { return false }
        let (u1, v1) = axes
        let (u2, v2) = other.axes
        for axis in [u1, v1, u2, v2] {
            let p = corners.map { $0.dot(axis) }
            let q = other.corners.map { $0.dot(axis) }
            if (p.max() ?? 0) <= (q.min() ?? 0) + 1e-9 || (q.max() ?? 0) <= (p.min() ?? 0) + 1e-9 { return false }
        }
        return true
    }

    /// Whether the box lies inside the rectangle 0…width × 0…height.
    func isInside(width: Double, height: Double) -> Bool {
        let b = bounds
        return b.minX >= 0 && b.minY >= 0 && b.maxX <= width && b.maxY <= height
    }
}

/// Greedy label placement: each label takes the first of its candidate positions that stays inside the
/// frame and overlaps nothing placed or reserved before it. Callers offer labels in order of importance.
struct LabelPlacer {
    let width: Double
    let height: Double
    /// Everything taken so far: symbols reserved up front, then accepted labels.
    private(set) var taken: [OrientedBox] = []
    /// A coarse grid over the frame: cell → indices into `taken`, so a check looks only at nearby boxes.
    private var cells: [Int: [Int]] = [:]
    private let cellSize = 60.0

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Marks space as taken (a route, a checkpoint symbol, the scale bar) without checking it.
    mutating func reserve(_ box: OrientedBox) {
        for cell in cellKeys(box) { cells[cell, default: []].append(taken.count) }
        taken.append(box)
    }

    /// Whether `box` fits: inside the frame and overlapping nothing taken.
    func fits(_ box: OrientedBox) -> Bool {
        guard box.isInside(width: width, height: height) else { return false }
        var seen = Set<Int>()
        for cell in cellKeys(box) {
            for index in cells[cell] ?? [] where seen.insert(index).inserted {
                if taken[index].overlaps(box) { return false }
            }
        }
        return true
    }

    /// Takes the first candidate that fits.
    /// - Returns: its index in `candidates`, or nil when none fits (the label is left out).
    /// - Complexity: O(c · k) for c candidates and k boxes taken near each.
    mutating func place(firstOf candidates: [OrientedBox]) -> Int? {
        guard let index = candidates.firstIndex(where: fits) else { return nil }
        reserve(candidates[index])
        return index
    }

    private func cellKeys(_ box: OrientedBox) -> [Int] {
        let b = box.bounds
        let x0 = Int((b.minX / cellSize).rounded(.down))
        let x1 = Int((b.maxX / cellSize).rounded(.down))
        let y0 = Int((b.minY / cellSize).rounded(.down))
        let y1 = Int((b.maxY / cellSize).rounded(.down))
        var keys: [Int] = []
        for x in x0...x1 {
            for y in y0...y1 { keys.append((y + 10_000) * 100_000 + x + 10_000) }
        }
        return keys
    }
}
