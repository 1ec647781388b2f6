import Foundation

/// The kernel shapes of QGIS's "Heatmap (Kernel Density Estimation)" tool.
public enum KernelShape: String, CaseIterable, Sendable {
    case quartic, triangular, uniform, triweight, epanechnikov
}

/// A radially symmetric kernel K(u) on the unit disk, u = d / r (distance over radius), zero for u > 1.
///
/// Raw values are QGIS's: quartic (1−u²)², triweight (1−u²)³, Epanechnikov 1−u², uniform 1, and
/// triangular 1 − (1 − decay)·u. A point of weight w adds w·K(d/r) to every cell centre within r.
///
/// Scaled values divide by the kernel's integral over the disk of radius r, so each point's kernel
/// integrates to exactly its weight. With I = ∫₀¹ K(u)·2πu du (the integral over the unit disk):
///
/// | shape | I | scaled factor 1 / (I·r²) |
/// |---|---|---|
/// | uniform | π | 1 / (π r²) |
/// | Epanechnikov | π/2 | 2 / (π r²) |
/// | quartic | π/3 | 3 / (π r²) |
/// | triweight | π/4 | 4 / (π r²) |
/// | triangular, decay a | π(1 + 2a)/3 | 3 / (π (1 + 2a) r²) |
///
/// (For (1−u²)ⁿ substitute v = u²: I = π∫₀¹(1−v)ⁿ dv = π/(n+1).) QGIS's scaled quartic uses
/// 116/(5π r²) · 15/16 = 21.75/(π r²) — the typo of qgis/QGIS issue 60616; 16/5 · 15/16 = 3 is the
/// constant above.
public struct Kernel: Hashable, Sendable {
    public var shape: KernelShape
    /// Triangular only: the kernel's value at the edge relative to the centre, 0 (falls to zero) … 1 (flat).
    public var decay: Double

    /// - Throws: ``AnalysisError/decayOutOfRange(_:)`` when `decay` is outside 0…1. (QGIS also allows
    ///   negative decay, which makes the kernel negative near its edge; such a kernel is no density.)
    public init(_ shape: KernelShape, decay: Double = 0) throws {
        guard decay >= 0, decay <= 1, decay.isFinite else {
            throw AnalysisError.decayOutOfRange(decay)
        }
        self.shape = shape
        self.decay = decay
    }

    /// K(u) for u = d / r; zero beyond the radius.
    @inline(__always)
    public func value(u: Double) -> Double {
        guard u <= 1 else { return 0 }
        return value(u: u, uSquared: u * u)
    }

    /// K from both u and u², so the hot loop can skip the square root for the shapes that need only u².
    @inline(__always)
    func value(u: @autoclosure () -> Double, uSquared: Double) -> Double {
        switch shape {
        case .uniform: return 1
        case .epanechnikov: return 1 - uSquared
        case .quartic:
            let t = 1 - uSquared
            return t * t
        case .triweight:
            let t = 1 - uSquared
            return t * t * t
        case .triangular: return 1 - (1 - decay) * u()
        }
    }

    /// I = ∫ over the unit disk of K, in closed form (see the type's table).
    public var unitDiskIntegral: Double {
        switch shape {
        case .uniform: .pi
        case .epanechnikov: .pi / 2
        case .quartic: .pi / 3
        case .triweight: .pi / 4
        case .triangular: .pi * (1 + 2 * decay) / 3
        }
    }

    /// The factor that turns a raw sum into a density per square metre for radius `radiusMeters`.
    public func scaleFactor(radiusMeters: Double) -> Double {
        1 / (unitDiskIntegral * radiusMeters * radiusMeters)
    }
}
