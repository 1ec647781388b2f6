import CGEOS
import SchouwCore

extension GEOSContext {
    /// Little-endian 2D WKB of a geometry (ISO flavour as GeoPackage expects).
    public func wkb(_ geometry: Geometry) throws -> [UInt8] {
        let h = try handle(for: geometry)
        guard let writer = GEOSWKBWriter_create_r(handle) else { throw failure("creating a WKB writer") }
        defer { GEOSWKBWriter_destroy_r(handle, writer) }
        GEOSWKBWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        // The buffer is allocated by GEOS and released with GEOSFree_r.
        guard let bytes = GEOSWKBWriter_write_r(handle, writer, h.pointer, &size) else { throw failure("writing WKB") }
        defer { GEOSFree_r(handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Reads WKB (either byte order).
    public func geometry(wkb: [UInt8]) throws -> Geometry {
        guard let reader = GEOSWKBReader_create_r(handle) else { throw failure("creating a WKB reader") }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        let pointer = wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) }
        return try geometry(from: own(pointer, "reading WKB"))
    }

    /// Well-known text with trailing zeros trimmed.
    public func wkt(_ geometry: Geometry, decimals: Int = 7) throws -> String {
        let h = try handle(for: geometry)
        guard let writer = GEOSWKTWriter_create_r(handle) else { throw failure("creating a WKT writer") }
        defer { GEOSWKTWriter_destroy_r(handle, writer) }
        GEOSWKTWriter_setTrim_r(handle, writer, 1)
        GEOSWKTWriter_setRoundingPrecision_r(handle, writer, Int32(decimals))
        GEOSWKTWriter_setOutputDimension_r(handle, writer, 2)
        guard let text = GEOSWKTWriter_write_r(handle, writer, h.pointer) else { throw failure("writing WKT") }
        defer { GEOSFree_r(handle, text) }
        return String(cString: text)
    }

    /// Reads well-known text.
    public func geometry(wkt: String) throws -> Geometry {
        guard let reader = GEOSWKTReader_create_r(handle) else { throw failure("creating a WKT reader") }
        defer { GEOSWKTReader_destroy_r(handle, reader) }
        return try geometry(from: own(GEOSWKTReader_read_r(handle, reader, wkt), "reading WKT"))
    }
}
