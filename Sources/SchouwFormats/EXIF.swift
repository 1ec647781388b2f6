import Foundation
import SchouwGeometry
import SchouwCore

/// What a photo's EXIF data says about where and when it was taken.
public struct PhotoMetadata: Hashable, Sendable {
    /// The GPS position (WGS84), when the camera recorded one.
    public var coordinate: Coordinate?
    /// `DateTimeOriginal` as written by the camera ("2017:07:10 19:12:00", local time without zone).
    public var takenAt: String?

    public init(coordinate: Coordinate? = nil, takenAt: String? = nil) {
        self.coordinate = coordinate
        self.takenAt = takenAt
    }
}

/// A small, defensive reader of JPEG EXIF (TIFF IFDs in the APP1 segment), for GPS and time only.
///
/// Every offset is bounds-checked; a damaged or unusual file yields nil fields, never a crash.
public enum EXIF {
    /// Reads the GPS position and original time from a JPEG file's bytes; empty metadata for other files.
    public static func metadata(ofJPEG data: Data) -> PhotoMetadata {
        let bytes = [UInt8](data)
        guard let tiff = exifPayload(bytes) else { return PhotoMetadata() }
        return TIFFReader(bytes: tiff)?.metadata() ?? PhotoMetadata()
    }

    /// The TIFF block of the first `Exif\0\0` APP1 segment.
    private static func exifPayload(_ b: [UInt8]) -> ArraySlice<UInt8>? {
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            // Start of scan or end of image: no more metadata segments follow.
            if marker == 0xDA || marker == 0xD9 { return nil }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { return nil }
            let start = i + 4
            if marker == 0xE1, length >= 8, Array(b[start..<start + 6]) == [0x45, 0x78, 0x69, 0x66, 0, 0] {
                return b[(start + 6)..<(i + 2 + length)]
            }
            i += 2 + length
        }
        return nil
    }

    private struct TIFFReader {
        let bytes: [UInt8]
        let littleEndian: Bool

        init?(bytes slice: ArraySlice<UInt8>) {
            bytes = Array(slice)
            guard bytes.count >= 8 else { return nil }
            switch (bytes[0], bytes[1]) {
            case (0x49, 0x49): littleEndian = true
            case (0x4D, 0x4D): littleEndian = false
            default: return nil
            }
        }

        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return littleEndian ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }

        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return littleEndian ? a | b << 16 : a << 16 | b
        }

        /// Entries of the IFD at `offset`: tag → (type, count, value-or-offset position).
        func entries(at offset: Int) -> [Int: (type: Int, count: Int, valueAt: Int)] {
            guard let n = u16(offset), n < 1000 else { return [:] }
            var result: [Int: (Int, Int, Int)] = [:]
            for k in 0..<n {
                let e = offset + 2 + 12 * k
                guard let tag = u16(e), let type = u16(e + 2), let count = u32(e + 4) else { break }
                let size = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8][type, default: 1] * count
                // Values of four bytes or fewer are stored in the entry itself.
                let valueAt = size <= 4 ? e + 8 : (u32(e + 8) ?? -1)
                result[tag] = (type, count, valueAt)
            }
            return result
        }

        func ascii(_ entry: (type: Int, count: Int, valueAt: Int)?) -> String? {
            guard let entry, entry.type == 2, entry.valueAt >= 0, entry.valueAt + entry.count <= bytes.count else { return nil }
            let raw = bytes[entry.valueAt..<(entry.valueAt + entry.count)].prefix { $0 != 0 }
            return String(decoding: raw, as: UTF8.self)
        }

        /// Degrees from three RATIONALs (degrees, minutes, seconds).
        func degrees(_ entry: (type: Int, count: Int, valueAt: Int)?) -> Double? {
            guard let entry, entry.type == 5, entry.count == 3 else { return nil }
            var parts: [Double] = []
            for i in 0..<3 {
                guard let num = u32(entry.valueAt + 8 * i), let den = u32(entry.valueAt + 8 * i + 4), den != 0 else { return nil }
                parts.append(Double(num) / Double(den))
            }
            return parts[0] + parts[1] / 60 + parts[2] / 3600
        }

        func metadata() -> PhotoMetadata {
            var result = PhotoMetadata()
            guard let ifd0 = u32(4) else { return result }
            let root = entries(at: ifd0)
            if let exifIFD = root[0x8769].flatMap({ u32($0.valueAt) }) {
                result.takenAt = ascii(entries(at: exifIFD)[0x9003])
            }
            if let gpsIFD = root[0x8825].flatMap({ u32($0.valueAt) }) {
                let gps = entries(at: gpsIFD)
                if var lat = degrees(gps[2]), var lon = degrees(gps[4]) {
                    if ascii(gps[1])?.uppercased() == "S" { lat = -lat }
                    if ascii(gps[3])?.uppercased() == "W" { lon = -lon }
                    if (-90...90).contains(lat), (-180...180).contains(lon) {
                        result.coordinate = Coordinate(longitude: lon, latitude: lat)
                    }
                }
            }
            return result
        }
    }
}
