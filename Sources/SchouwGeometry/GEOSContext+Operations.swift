import CGEOS
import SchouwCore

/// What GEOS says of a geometry's validity.
public struct ValidityReport: Hashable, Sendable {
    public var isValid: Bool
    /// GEOS's reason, e.g. "Self-intersection[5.71 52.51]"; nil when valid.
    public var reason: String?
}

extension GEOSContext {
    /// Checks OGC validity (`GEOSisValidReason_r`).
    public func validity(of geometry: Geometry) throws -> ValidityReport {
        let h = try handle(for: geometry)
        let valid = GEOSisValid_r(handle, h.pointer)
        guard valid != 2 else { throw failure("validity check") }
        if valid == 1 { return ValidityReport(isValid: true, reason: nil) }
        // The reason string is allocated by GEOS and freed with GEOSFree_r.
        guard let reason = GEOSisValidReason_r(handle, h.pointer) else { throw failure("validity reason") }
        defer { GEOSFree_r(handle, reason) }
        return ValidityReport(isValid: false, reason: String(cString: reason))
    }

    /// Repairs an invalid geometry with the "structure" method (keeps areas, drops collapsed parts).
    public func makeValid(_ geometry: Geometry) throws -> Geometry {
        let h = try handle(for: geometry)
        guard let params = GEOSMakeValidParams_create_r(handle) else { throw failure("make-valid parameters") }
        defer { GEOSMakeValidParams_destroy_r(handle, params) }
        GEOSMakeValidParams_setMethod_r(handle, params, GEOS_MAKE_VALID_STRUCTURE)
        GEOSMakeValidParams_setKeepCollapsed_r(handle, params, 0)
        return try self.geometry(from: own(GEOSMakeValidWithParams_r(handle, h.pointer, params), "make-valid"))
    }

    /// The intersection of two geometries, e.g. street lines clipped by a buurt polygon.
    public func intersection(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        let ha = try handle(for: a)
        let hb = try handle(for: b)
        return try geometry(from: own(GEOSIntersection_r(handle, ha.pointer, hb.pointer), "intersection"))
    }

    /// The union of all geometries (cascaded, via `GEOSUnaryUnion_r` on a collection).
    public func union(_ geometries: [Geometry]) throws -> Geometry {
        let collection = try handle(for: .geometryCollection(geometries))
        return try geometry(from: own(GEOSUnaryUnion_r(handle, collection.pointer), "union"))
    }

    /// The planar length of the parts of `lines` inside `area` (in the coordinates' units).
    public func lengthInside(_ lines: Geometry, _ area: Geometry) throws -> Double {
        try planarLength(intersection(lines, area))
    }

    /// The planar length (`GEOSLength_r`) in the coordinates' units.
    public func planarLength(_ geometry: Geometry) throws -> Double {
        let h = try handle(for: geometry)
        var length = 0.0
        guard GEOSLength_r(handle, h.pointer, &length) == 1 else { throw failure("length") }
        return length
    }

    /// The planar area (`GEOSArea_r`) in the coordinates' units squared.
    public func planarArea(_ geometry: Geometry) throws -> Double {
        let h = try handle(for: geometry)
        var area = 0.0
        guard GEOSArea_r(handle, h.pointer, &area) == 1 else { throw failure("area") }
        return area
    }

    /// Prepares a geometry for many point-in-polygon tests.
    public func prepare(_ geometry: Geometry) throws -> PreparedGeometry {
        try PreparedGeometry(base: handle(for: geometry))
    }
}

/// A GEOS prepared geometry for fast repeated predicates. Holds its base geometry alive.
public final class PreparedGeometry {
    let base: GEOSGeometryHandle
    let prepared: OpaquePointer

    init(base: GEOSGeometryHandle) throws {
        self.base = base
        guard let prepared = GEOSPrepare_r(base.context.handle, base.pointer) else {
            throw base.context.failure("prepare")
        }
        self.prepared = prepared
    }

    deinit {
        GEOSPreparedGeom_destroy_r(base.context.handle, prepared)
    }

    /// Runs a prepared predicate against a fresh point. (Moving one reused point through its coordinate
    /// sequence would leave GEOS's cached envelope behind, so each query makes its own.)
    private func test(
        _ c: Coordinate,
        _ predicate: (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> CChar
    ) -> Bool {
        let context = base.context.handle
        guard let point = GEOSGeom_createPointFromXY_r(context, c.x, c.y) else { return false }
        defer { GEOSGeom_destroy_r(context, point) }
        return predicate(context, prepared, point) == 1
    }

    /// Whether the point lies in the interior (not on the boundary).
    public func contains(_ c: Coordinate) -> Bool {
        test(c, GEOSPreparedContains_r)
    }

    /// Whether the point lies in the interior or on the boundary.
    public func intersects(_ c: Coordinate) -> Bool {
        test(c, GEOSPreparedIntersects_r)
    }

    /// Whether the prepared geometry intersects another geometry.
    public func intersects(_ geometry: Geometry) throws -> Bool {
        let h = try base.context.handle(for: geometry)
        let r = GEOSPreparedIntersects_r(base.context.handle, prepared, h.pointer)
        guard r != 2 else { throw base.context.failure("prepared intersects") }
        return r == 1
    }
}
