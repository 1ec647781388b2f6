import SchouwCore
/// Planar ring helpers used for winding rules and validation.
public enum Ring {
    /// Twice the signed area by the shoelace formula: positive for counter-clockwise rings.
    ///
    /// - Complexity: O(n), where n is the number of coordinates.
    public static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        var previous = ring[ring.count - 1]
        for c in ring {
            sum += (previous.x - c.x) * (previous.y + c.y)
            previous = c
        }
        return sum / 2
    }

    /// Whether the ring runs counter-clockwise (positive signed area).
    public static func isCounterClockwise(_ ring: [Coordinate]) -> Bool { signedArea(ring) > 0 }

    /// Whether the first and last coordinate are equal.
    public static func isClosed(_ ring: [Coordinate]) -> Bool { ring.count > 1 && ring.first == ring.last }

    /// Even-odd point-in-ring test (boundary points may go either way). Used as the naive oracle.
    public static func contains(_ ring: [Coordinate], _ p: Coordinate) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i]
            let b = ring[j]
            if (a.y > p.y) != (b.y > p.y) {
                let xCross = (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
                if p.x < xCross { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}

extension Polygon {
    /// The polygon with its exterior counter-clockwise and its holes clockwise (RFC 7946 section 3.1.6).
    public var rfc7946Wound: Polygon {
        Polygon(rings.enumerated().map { index, ring in
            let wantCCW = index == 0
            return Ring.isCounterClockwise(ring) == wantCCW ? ring : ring.reversed()
        })
    }

    /// Whether the exterior is counter-clockwise and every hole clockwise.
    public var hasRFC7946Winding: Bool {
        rings.enumerated().allSatisfy { index, ring in Ring.isCounterClockwise(ring) == (index == 0) }
    }

    /// Naive point-in-polygon (even-odd over all rings); the oracle for indexed tests.
    public func naiveContains(_ p: Coordinate) -> Bool {
        guard Ring.contains(exterior, p) else { return false }
        return !holes.contains { Ring.contains($0, p) }
    }
}

extension Geometry {
    /// The geometry with every polygon wound per RFC 7946.
    public var rfc7946Wound: Geometry {
        switch self {
        case .polygon(let p): .polygon(p.rfc7946Wound)
        case .multiPolygon(let ps): .multiPolygon(ps.map(\.rfc7946Wound))
        case .geometryCollection(let gs): .geometryCollection(gs.map(\.rfc7946Wound))
        default: self
        }
    }
}

extension Coordinate {
    /// The planar distance from this point to the segment `a`–`b`, in the coordinates' units
    /// (metres for RD New).
    public func planarDistance(toSegment a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared > 0 ? max(0, min(1, ((x - a.x) * dx + (y - a.y) * dy) / lengthSquared)) : 0
        let ex = a.x + t * dx - x
        let ey = a.y + t * dy - y
        return (ex * ex + ey * ey).squareRoot()
    }
}
