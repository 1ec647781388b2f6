import CPROJ
import Synchronization
import SchouwCore

/// A PROJ transformation between two CRSs, always in visualization order (lon/lat, x/y).
///
/// Owns one `PJ_CONTEXT` and one `PJ`; not `Sendable`: use it from one task, or use
/// ``CoordinateTransforms`` which keeps a pool of them behind a lock.
public final class ProjTransformer {
    public let source: CRS
    public let target: CRS
    private let context: OpaquePointer
    private let pj: OpaquePointer

    /// Creates the transformation from `source` to `target`.
    /// - Throws: ``GeometryError/unknownCRS(_:)`` when PROJ's database has no such CRS,
    ///   ``GeometryError/proj(_:)`` when PROJ fails otherwise (e.g. no `proj.db`).
    public init(from source: CRS, to target: CRS) throws {
        self.source = source
        self.target = target
        // proj_context_create returns nil only when out of memory.
        guard let context = proj_context_create() else { throw GeometryError.proj("cannot create a PROJ context") }
        // Without network access PROJ would log grid download failures; keep it quiet and local.
        proj_context_set_enable_network(context, 0)
        proj_log_level(context, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(context, source.description, target.description, nil) else {
            let message = Self.errorText(context)
            // Without its database PROJ knows no code at all: that is PROJ's failure, not the input's.
            let hasDatabase = proj_context_get_database_path(context) != nil
            let unknown = hasDatabase ? [source, target].first { !$0.isKnown(in: context) } : nil
            proj_context_destroy(context)
            if let unknown { throw GeometryError.unknownCRS(unknown) }
            throw GeometryError.proj("no transformation from \(source) to \(target): \(message)")
        }
        // proj_normalize_for_visualization returns a new PJ; the original must be destroyed by us.
        let normalized = proj_normalize_for_visualization(context, raw)
        proj_destroy(raw)
        guard let normalized else {
            let message = Self.errorText(context)
            proj_context_destroy(context)
            throw GeometryError.proj("cannot normalise axis order for \(source) → \(target): \(message)")
        }
        self.context = context
        self.pj = normalized
    }

    deinit {
        proj_destroy(pj)
        proj_context_destroy(context)
    }

    /// Transforms one coordinate.
    public func transform(_ c: Coordinate) throws -> Coordinate {
        var coords = [c]
        try transform(&coords)
        return coords[0]
    }

    /// Transforms coordinates in place with one `proj_trans_generic` call.
    /// - Complexity: O(n).
    public func transform(_ coordinates: inout [Coordinate]) throws {
        guard !coordinates.isEmpty else { return }
        let original = coordinates
        proj_errno_reset(pj)
        let count = coordinates.count
        let stride = MemoryLayout<Coordinate>.stride
        let done = coordinates.withUnsafeMutableBytes { raw -> Int in
            let base = raw.baseAddress!
            return proj_trans_generic(
                pj, PJ_FWD,
                base.assumingMemoryBound(to: Double.self), stride, count,
                base.advanced(by: MemoryLayout<Double>.stride).assumingMemoryBound(to: Double.self), stride, count,
                nil, 0, 0, nil, 0, 0)
        }
        let errno = proj_errno(pj)
        // PROJ_ERR_COORD_TRANSFM (2048…4095) means the coordinate cannot be transformed: it came from the input.
        let isCoordinateError = errno & PROJ_ERR_COORD_TRANSFM != 0
        if done != count || errno != 0, !isCoordinateError {
            throw GeometryError.proj("transform \(source) → \(target) failed: \(Self.errorText(context, code: errno))")
        }
        // A coordinate PROJ could not transform comes back as infinity (HUGE_VAL).
        if let bad = coordinates.indices.first(where: { !coordinates[$0].x.isFinite || !coordinates[$0].y.isFinite }) {
            throw GeometryError.coordinateOutsideCRS(original[bad], source: source, target: target)
        }
    }

    fileprivate static func errorText(_ context: OpaquePointer, code: Int32? = nil) -> String {
        let errno = code ?? proj_context_errno(context)
        guard let text = proj_context_errno_string(context, errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}

/// Thread-safe access to PROJ transformations: a small pool of ``ProjTransformer``s per CRS pair.
///
/// Creating a transformation reads `proj.db` and costs about a millisecond; the pool makes repeated
/// calls cheap while giving each concurrent caller its own context, as PROJ requires.
public enum CoordinateTransforms {
    /// Transforms coordinates from `source` to `target`.
    public static func transform(_ coordinates: [Coordinate], from source: CRS, to target: CRS) throws -> [Coordinate] {
        if source == target { return coordinates }
        var result = coordinates
        try withTransformer(from: source, to: target) { try $0.transform(&result) }
        return result
    }

    /// Transforms one coordinate from `source` to `target`.
    public static func transform(_ coordinate: Coordinate, from source: CRS, to target: CRS) throws -> Coordinate {
        try transform([coordinate], from: source, to: target)[0]
    }

    /// Transforms a geometry from `source` to `target`.
    public static func transform(_ geometry: Geometry, from source: CRS, to target: CRS) throws -> Geometry {
        try transform([geometry], from: source, to: target)[0]!
    }

    /// Transforms many geometries (nil ones stay nil) from `source` to `target` with one PROJ call:
    /// every coordinate is gathered, transformed at once, and put back in its place.
    /// - Complexity: O(n), where n is the number of coordinates.
    public static func transform(_ geometries: [Geometry?], from source: CRS, to target: CRS) throws -> [Geometry?] {
        if source == target { return geometries }
        let transformed = try transform(geometries.flatMap { $0?.allCoordinates ?? [] }, from: source, to: target)
        var index = 0
        return geometries.map { geometry in
            geometry?.mapCoordinates { _ in
                defer { index += 1 }
                return transformed[index]
            }
        }
    }

    /// WGS84 longitude/latitude → RD New metres.
    public static func toRD(_ coordinate: Coordinate) throws -> Coordinate {
        try transform(coordinate, from: .wgs84, to: .rdNew)
    }

    /// RD New metres → WGS84 longitude/latitude.
    public static func fromRD(_ coordinate: Coordinate) throws -> Coordinate {
        try transform(coordinate, from: .rdNew, to: .wgs84)
    }

    /// Runs `body` with a transformer taken from the pool, and returns it afterwards.
    public static func withTransformer<R>(
        from source: CRS, to target: CRS, _ body: (ProjTransformer) throws -> R
    ) throws -> R {
        let key = Pair(source: source, target: target)
        let box = try pool.withLock { $0[key]?.popLast() } ?? TransformerBox(try ProjTransformer(from: source, to: target))
        defer { pool.withLock { $0[key, default: []].append(box) } }
        return try body(box.transformer)
    }

    private struct Pair: Hashable, Sendable {
        var source: CRS
        var target: CRS
    }

    /// Hands a transformer from one task to the next through the pool. Only one task holds a box at a
    /// time (it is removed from the pool while in use), which is what PROJ's threading rules ask.
    private final class TransformerBox: @unchecked Sendable {
        let transformer: ProjTransformer
        init(_ transformer: ProjTransformer) { self.transformer = transformer }
    }

    private static let pool = Mutex<[Pair: [TransformerBox]]>([:])
}

extension CRS {
    /// PROJ's name of this EPSG CRS, e.g. "Amersfoort / RD New".
    /// - Throws: ``GeometryError/unknownCRS(_:)`` when PROJ does not know the code.
    public func projName() throws -> String {
        try withProjCRS { _, pj in proj_get_name(pj).map { String(cString: $0) } ?? description }
    }

    /// The OGC WKT 1 definition (GDAL flavour) of this EPSG CRS, as PROJ writes it (for GeoPackage's
    /// `gpkg_spatial_ref_sys`).
    /// - Throws: ``GeometryError/unknownCRS(_:)`` when PROJ does not know the code.
    public func wktDefinition() throws -> String {
        try withProjCRS { context, pj in
            // The returned string belongs to the PJ object; copy it before proj_destroy.
            guard let text = proj_as_wkt(context, pj, PJ_WKT1_GDAL, nil) else {
                throw GeometryError.proj("PROJ cannot write \(self) as WKT")
            }
            return String(cString: text)
        }
    }

    private func withProjCRS<R>(_ body: (OpaquePointer, OpaquePointer) throws -> R) throws -> R {
        // A private context: proj_create reads proj.db, which must not be shared between threads.
        guard let context = proj_context_create() else { throw GeometryError.proj("cannot create a PROJ context") }
        defer { proj_context_destroy(context) }
        proj_log_level(context, PJ_LOG_NONE)
        guard let pj = proj_create(context, description) else {
            // Without its database PROJ knows no code at all: that is PROJ's failure, not the input's.
            guard proj_context_get_database_path(context) != nil else {
                throw GeometryError.proj("cannot create \(self): \(ProjTransformer.errorText(context))")
            }
            throw GeometryError.unknownCRS(self)
        }
        defer { proj_destroy(pj) }
        return try body(context, pj)
    }

    /// True when PROJ can create this CRS in `context`.
    fileprivate func isKnown(in context: OpaquePointer) -> Bool {
        guard let pj = proj_create(context, description) else { return false }
        proj_destroy(pj)
        return true
    }
}

extension CRS {
    /// False when PROJ's database has no such CRS (an EPSG code that does not exist). True when PROJ knows
    /// it, and also when PROJ itself fails: that failure is reported, as internal, by the transformation.
    public var isKnownToPROJ: Bool {
        if self == .wgs84 || self == .rdNew { return true }
        do {
            _ = try projName()
            return true
        } catch GeometryError.unknownCRS {
            return false
        } catch {
            return true
        }
    }
}
