import Foundation
import SchouwCore
import SchouwGeometry

/// The GeoPackage geometry blob (OGC 12-128 section 2.1.3): a "GP" header with the SRS id and an
/// envelope, followed by standard WKB.
public enum GeoPackageBinary {
    /// Encodes a geometry as a GeoPackage blob with an xy envelope, everything little-endian.
    ///
    /// - Parameters:
    ///   - geometry: the geometry, in the coordinates of `srsID`.
    ///   - srsID: the `gpkg_spatial_ref_sys.srs_id` of the layer.
    ///   - context: the GEOS context that writes the WKB.
    /// - Throws: ``GeometryError/geos(_:)`` when GEOS cannot write the geometry.
    public static func encode(_ geometry: Geometry, srsID: Int32, context: GEOSContext) throws -> [UInt8] {
        let wkb = try context.wkb(geometry)
        let box = geometry.boundingBox
        // Flags: bit 0 = little-endian header, bits 1-3 = envelope kind (1: minx, maxx, miny, maxy),
        // bit 4 = empty geometry (then no envelope).
        let flags: UInt8 = box == nil ? 0b0001_0001 : 0b0000_0011
        var bytes: [UInt8] = [0x47, 0x50, 0x00, flags]
        bytes.reserveCapacity(8 + 32 + wkb.count)
        append(UInt32(bitPattern: srsID), to: &bytes)
        if let box {
            for value in [box.minX, box.maxX, box.minY, box.maxY] { append(value.bitPattern, to: &bytes) }
        }
        bytes.append(contentsOf: wkb)
        return bytes
    }

    /// The parts of a decoded blob's header.
    public struct Header: Hashable, Sendable {
        public var srsID: Int32
        public var isEmpty: Bool
        /// Where the WKB starts.
        public var wkbOffset: Int
    }

    /// Reads the header of a GeoPackage blob.
    /// - Throws: ``FormatError/invalidGeometryBlob(_:)`` when the magic, version or envelope kind is wrong.
    public static func header(_ blob: [UInt8]) throws -> Header {
        guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else {
            throw FormatError.invalidGeometryBlob(
                Phrase(
                    "geen GeoPackage-geometrie: de blob begint niet met \"GP\"",
                    "not a GeoPackage geometry: the blob does not start with \"GP\""))
        }
        guard blob[2] == 0 else {
            throw FormatError.invalidGeometryBlob(
                Phrase(
                    "GeoPackage-geometrie versie \(blob[2]) wordt niet ondersteund (alleen 0)",
                    "GeoPackage geometry version \(blob[2]) is not supported (only 0)"))
        }
        let flags = blob[3]
        let littleEndian = flags & 1 == 1
        let envelopeDoubles: Int
        switch (flags >> 1) & 0b111 {
        case 0: envelopeDoubles = 0
        case 1: envelopeDoubles = 4
        case 2, 3: envelopeDoubles = 6
        case 4: envelopeDoubles = 8
        case let kind:
            throw FormatError.invalidGeometryBlob(
                Phrase(
                    "GeoPackage-geometrie heeft een ongeldig soort envelop (\(kind))",
                    "GeoPackage geometry has invalid envelope kind \(kind)"))
        }
        var raw: UInt32 = 0
        for i in 0..<4 { raw |= UInt32(blob[4 + i]) << (8 * (littleEndian ? i : 3 - i)) }
        let offset = 8 + 8 * envelopeDoubles
        guard blob.count >= offset else {
            throw FormatError.invalidGeometryBlob(Phrase("GeoPackage-geometrie is afgekapt", "GeoPackage geometry is truncated"))
        }
        return Header(srsID: Int32(bitPattern: raw), isEmpty: flags & 0b1_0000 != 0, wkbOffset: offset)
    }

    /// Decodes a GeoPackage blob; nil for an empty geometry.
    /// - Throws: ``FormatError/invalidGeometryBlob(_:)`` for a bad header, ``GeometryError/geos(_:)`` for bad WKB.
    public static func decode(_ blob: [UInt8], context: GEOSContext) throws -> Geometry? {
        let header = try header(blob)
        if header.isEmpty { return nil }
        return try context.geometry(wkb: Array(blob[header.wkbOffset...]))
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
