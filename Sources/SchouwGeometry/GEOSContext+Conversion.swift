import CGEOS
import SchouwCore

extension GEOSContext {
    /// Converts a Swift geometry into a GEOS geometry owned by the returned handle.
    public func handle(for geometry: Geometry) throws -> GEOSGeometryHandle {
        try own(makeGeometry(geometry), "creating a \(geometry.typeName)")
    }

    /// Builds an unowned GEOS geometry; the caller owns the result (or passes it into a collection).
    private func makeGeometry(_ geometry: Geometry) throws -> OpaquePointer? {
        switch geometry {
        case .point(let c):
            return GEOSGeom_createPointFromXY_r(handle, c.x, c.y)
        case .lineString(let line):
            return try GEOSGeom_createLineString_r(handle, sequence(line.coordinates))
        case .polygon(let polygon):
            return try makePolygon(polygon)
        case .multiPoint(let cs):
            return try makeCollection(GEOS_MULTIPOINT, cs.map { .point($0) })
        case .multiLineString(let ls):
            return try makeCollection(GEOS_MULTILINESTRING, ls.map { .lineString($0) })
        case .multiPolygon(let ps):
            return try makeCollection(GEOS_MULTIPOLYGON, ps.map { .polygon($0) })
        case .geometryCollection(let gs):
            return try makeCollection(GEOS_GEOMETRYCOLLECTION, gs)
        }
    }

    private func sequence(_ coordinates: [Coordinate]) throws -> OpaquePointer {
        // Coordinate is two Doubles, so the array is the interleaved x,y buffer GEOS copies from.
        let seq = coordinates.withUnsafeBytes { raw in
            GEOSCoordSeq_copyFromBuffer_r(
                handle, raw.baseAddress?.assumingMemoryBound(to: Double.self), UInt32(coordinates.count), 0, 0)
        }
        guard let seq else { throw failure("creating a coordinate sequence") }
        return seq
    }

    private func makeRing(_ ring: [Coordinate]) throws -> OpaquePointer {
        // GEOSGeom_createLinearRing_r takes ownership of the sequence, also when it fails.
        guard let ring = GEOSGeom_createLinearRing_r(handle, try sequence(ring)) else {
            throw failure("creating a linear ring")
        }
        return ring
    }

    private func makePolygon(_ polygon: Polygon) throws -> OpaquePointer? {
        guard let exteriorCoordinates = polygon.rings.first else { return GEOSGeom_createEmptyPolygon_r(handle) }
        let shell = try makeRing(exteriorCoordinates)
        var holes: [OpaquePointer?] = []
        do {
            for hole in polygon.holes { holes.append(try makeRing(hole)) }
        } catch {
            GEOSGeom_destroy_r(handle, shell)
            for hole in holes { GEOSGeom_destroy_r(handle, hole) }
            throw error
        }
        // Takes ownership of the shell and the holes (the array itself stays ours).
        return holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(handle, shell, $0.baseAddress, UInt32($0.count))
        }
    }

    private func makeCollection(_ type: GEOSGeomTypes, _ members: [Geometry]) throws -> OpaquePointer? {
        var parts: [OpaquePointer?] = []
        do {
            for member in members {
                guard let part = try makeGeometry(member) else { throw failure("creating a \(member.typeName)") }
                parts.append(part)
            }
        } catch {
            for part in parts { GEOSGeom_destroy_r(handle, part) }
            throw error
        }
        // Takes ownership of the parts.
        return parts.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))
        }
    }

    /// Converts a GEOS geometry back into a Swift value; an empty geometry becomes an empty collection.
    public func geometry(from handle: GEOSGeometryHandle) throws -> Geometry {
        try geometry(pointer: handle.pointer)
    }

    func geometry(pointer: OpaquePointer) throws -> Geometry {
        let typeID = GEOSGeomTypes(rawValue: UInt32(bitPattern: GEOSGeomTypeId_r(handle, pointer)))
        if GEOSisEmpty_r(handle, pointer) == 1 {
            switch typeID {
            case GEOS_POLYGON, GEOS_MULTIPOLYGON: return .multiPolygon([])
            case GEOS_LINESTRING, GEOS_LINEARRING, GEOS_MULTILINESTRING: return .multiLineString([])
            case GEOS_POINT, GEOS_MULTIPOINT: return .multiPoint([])
            default: return .geometryCollection([])
            }
        }
        switch typeID {
        case GEOS_POINT:
            let cs = try coordinates(of: pointer)
            return .point(cs[0])
        case GEOS_LINESTRING, GEOS_LINEARRING:
            return .lineString(LineString(try coordinates(of: pointer)))
        case GEOS_POLYGON:
            return .polygon(try polygon(pointer))
        case GEOS_MULTIPOINT:
            return .multiPoint(try parts(pointer).map { try coordinates(of: $0)[0] })
        case GEOS_MULTILINESTRING:
            return .multiLineString(try parts(pointer).map { LineString(try coordinates(of: $0)) })
        case GEOS_MULTIPOLYGON:
            return .multiPolygon(try parts(pointer).filter { GEOSisEmpty_r(handle, $0) == 0 }.map(polygon))
        default:
            return .geometryCollection(try parts(pointer).map { try geometry(pointer: $0) })
        }
    }

    private func parts(_ pointer: OpaquePointer) throws -> [OpaquePointer] {
        let count = GEOSGetNumGeometries_r(handle, pointer)
        guard count >= 0 else { throw failure("counting parts") }
        // GEOSGetGeometryN_r returns a pointer owned by the collection: never destroy it.
        return try (0..<count).map {
            guard let part = GEOSGetGeometryN_r(handle, pointer, $0) else { throw failure("reading part \($0)") }
            return part
        }
    }

    private func polygon(_ pointer: OpaquePointer) throws -> Polygon {
        // Rings returned here are owned by the polygon.
        guard let shell = GEOSGetExteriorRing_r(handle, pointer) else { throw failure("reading an exterior ring") }
        var rings = [try coordinates(of: shell)]
        let holes = GEOSGetNumInteriorRings_r(handle, pointer)
        for i in 0..<max(holes, 0) {
            guard let hole = GEOSGetInteriorRingN_r(handle, pointer, i) else { throw failure("reading hole \(i)") }
            rings.append(try coordinates(of: hole))
        }
        return Polygon(rings)
    }

    private func coordinates(of pointer: OpaquePointer) throws -> [Coordinate] {
        // The sequence belongs to the geometry.
        guard let seq = GEOSGeom_getCoordSeq_r(handle, pointer) else { throw failure("reading coordinates") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) != 0 else { throw failure("reading a sequence size") }
        var result = [Coordinate](repeating: Coordinate(x: 0, y: 0), count: Int(size))
        guard size > 0 else { return result }
        let ok = result.withUnsafeMutableBytes {
            GEOSCoordSeq_copyToBuffer_r(handle, seq, $0.baseAddress!.assumingMemoryBound(to: Double.self), 0, 0)
        }
        guard ok != 0 else { throw failure("copying coordinates") }
        return result
    }
}
