import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// One hexagon of a hexagon binning, with what fell in it.
public struct HexBin: Hashable, Sendable {
    /// Axial coordinates of the hexagon (pointy-top layout).
    public var q: Int
    public var r: Int
    public var count: Int
    public var weight: Double
}

/// Hexagon binning with pointy-top hexagons anchored at the CRS origin, so bins of separate runs line up.
public struct HexGrid: Hashable, Sendable {
    /// The distance between the centres of neighbouring hexagons (the width across flats), metres.
    public var widthMeters: Double

    public init(widthMeters: Double) throws {
        guard widthMeters > 0, widthMeters.isFinite else {
            throw AnalysisError.notPositive(.hexagonWidth, widthMeters)
        }
        self.widthMeters = widthMeters
    }

    /// The circumradius (centre to corner).
    public var sizeMeters: Double { widthMeters / 3.0.squareRoot() }

    /// The hexagon that holds `p` (cube rounding; a point exactly on an edge goes to one side, always the same).
    public func cell(of p: Coordinate) -> (q: Int, r: Int) {
        let size = sizeMeters
        let fq = (3.0.squareRoot() / 3 * p.x - p.y / 3) / size
        let fr = (2.0 / 3 * p.y) / size
        let fs = -fq - fr
        var q = fq.rounded()
        var r = fr.rounded()
        let s = fs.rounded()
        let dq = abs(q - fq)
        let dr = abs(r - fr)
        let ds = abs(s - fs)
        if dq > dr && dq > ds { q = -r - s } else if dr > ds { r = -q - s }
        return (Int(q), Int(r))
    }

    public func centre(q: Int, r: Int) -> Coordinate {
        let size = sizeMeters
        return Coordinate(
            x: size * 3.0.squareRoot() * (Double(q) + Double(r) / 2), y: size * 1.5 * Double(r))
    }

    /// The hexagon as a closed counter-clockwise ring.
    public func polygon(q: Int, r: Int) -> Polygon {
        let c = centre(q: q, r: r)
        let size = sizeMeters
        var ring = (0..<6).map { i -> Coordinate in
            let angle = Double.pi / 180 * (60 * Double(i) - 30)
            return Coordinate(x: c.x + size * cos(angle), y: c.y + size * sin(angle))
        }
        ring.append(ring[0])
        return Polygon([ring])
    }

    /// Counts points (and sums weights) per hexagon; only hexagons with points are returned, sorted by (r, q).
    /// - Complexity: O(n + b log b) for n points and b bins.
    /// - Throws: ``AnalysisError/gridTooLarge(columns:rows:cellSizeMeters:)`` when a point's hexagon index
    ///   would not fit the 32-bit key (a width far too small for the coordinates, e.g. 1e-300 m).
    public func bin(_ points: [Coordinate], weights: [Double]? = nil) throws -> [HexBin] {
        // |q| and |r| stay below (|x| + |y|) / size; keep them inside Int32 so cell(of:) cannot trap and keys stay distinct.
        let limit = Double(Int32.max - 1) * sizeMeters
        if let far = points.first(where: { !(abs($0.x) + abs($0.y) < limit) }) {
            let span = GridSpec.clamped((abs(far.x) + abs(far.y)) / sizeMeters)
            throw AnalysisError.gridTooLarge(columns: span, rows: span, cellSizeMeters: widthMeters)
        }
        var bins: [Int64: HexBin] = [:]
        for (index, p) in points.enumerated() {
            let (q, r) = cell(of: p)
            let key = Int64(r) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: q)))
            bins[key, default: HexBin(q: q, r: r, count: 0, weight: 0)].count += 1
            bins[key]?.weight += weights?[index] ?? 1
        }
        return bins.values.sorted { ($0.r, $0.q) < ($1.r, $1.q) }
    }
}
