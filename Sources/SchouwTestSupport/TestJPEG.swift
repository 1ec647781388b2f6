import Foundation

/// JPEG files made for the tests, byte by byte.
public enum TestJPEG {
    /// A minimal JPEG (SOI, APP1 Exif with a GPS IFD and DateTimeOriginal, EOI).
    public static func withGPS(
        latitude: Double, longitude: Double, bigEndian: Bool = false, takenAt: String = "2025:09:20 10:15:00"
    ) -> Data {
        var tiff: [UInt8] = []
        func u16(_ v: Int) { tiff += bigEndian ? [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) {
            let bytes = (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) }
            tiff += bigEndian ? bytes.reversed() : bytes
        }
        func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: Int) { u16(tag); u16(type); u32(count); u32(value) }
        func dms(_ value: Double) -> [(Int, Int)] {
            let a = abs(value)
            let d = Int(a)
            let m = Int((a - Double(d)) * 60)
            let s = Int(((a - Double(d)) * 60 - Double(m)) * 60 * 10_000)
            return [(d, 1), (m, 1), (s, 10_000)]
        }
        tiff += bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        u16(42)
        u32(8)
        // IFD0 at 8: two entries (Exif pointer, GPS pointer) → 2 + 24 + 4 = 30 bytes, ends at 38.
        let exifIFD = 38
        let exifData = exifIFD + 2 + 12 + 4  // one entry
        let gpsIFD = exifData + 20
        let gpsData = gpsIFD + 2 + 4 * 12 + 4
        u16(2); entry(0x8769, 4, 1, exifIFD); entry(0x8825, 4, 1, gpsIFD); u32(0)
        u16(1); entry(0x9003, 2, 20, exifData); u32(0)
        tiff += Array(takenAt.utf8.prefix(19)) + [0]
        u16(4)
        let ref: (Int) -> Int = { bigEndian ? $0 << 24 : $0 }
        entry(1, 2, 2, ref(latitude >= 0 ? 0x4E : 0x53))
        entry(2, 5, 3, gpsData)
        entry(3, 2, 2, ref(longitude >= 0 ? 0x45 : 0x57))
        entry(4, 5, 3, gpsData + 24)
        u32(0)
        for (n, d) in dms(latitude) + dms(longitude) { u32(n); u32(d) }
        let payload = [0x45, 0x78, 0x69, 0x66, 0, 0] + tiff
        let length = payload.count + 2
        return Data([0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + [0xFF, 0xD9])
    }
}
