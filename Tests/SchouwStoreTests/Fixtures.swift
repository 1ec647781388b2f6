import Foundation
import SchouwGeometry
@testable import SchouwStore
import SchouwCore
import SchouwFormats

/// Databases, files and places shared by the store tests.
enum Fixtures {
    /// The middle of the test area in Dronten (WGS84) and the same point in RD New.
    static let center = Coordinate(longitude: 5.7220, latitude: 52.5185)
    static var centerRD: Coordinate { (try? CoordinateTransforms.toRD(center)) ?? Coordinate(x: 0, y: 0) }

    /// A 600 m square around `center`, in RD New.
    static func squareArea() -> SchouwArea {
        let c = centerRD
        let ring = [
            Coordinate(x: c.x - 300, y: c.y - 300), Coordinate(x: c.x + 300, y: c.y - 300), Coordinate(x: c.x + 300, y: c.y + 300),
            Coordinate(x: c.x - 300, y: c.y + 300), Coordinate(x: c.x - 300, y: c.y - 300),
        ]
        return SchouwArea(code: "BU03039901", name: "Kruidentuin-Noord", polygonRD: .polygon(Polygon([ring])))
    }

    /// The point `east` and `north` metres from the centre, in WGS84.
    static func offset(east: Double, north: Double) throws -> Coordinate {
        try CoordinateTransforms.fromRD(Coordinate(x: centerRD.x + east, y: centerRD.y + north))
    }

    static func definition(area: Bool = true) -> SchouwDefinition {
        SchouwDefinition(name: "Buurtschouw Kruidentuin", date: "2025-09-20", area: area ? squareArea() : nil)
    }

    /// Two groups; checkpoint 1 exists in both, 2 only in Groep A, 3 only in Groep B.
    static func plan() throws -> [PlanGroup] {
        [
            PlanGroup(
                name: "Groep A", line: [center, try offset(east: 100, north: 0)], lengthMeters: 100, minutes: 5,
                checkpoints: [
                    PlanCheckpoint(number: 1, street: "Lavendelpad", coordinate: try offset(east: 0, north: 0)),
                    PlanCheckpoint(number: 2, street: "Kruidenplein", coordinate: try offset(east: 100, north: 0)),
                ]),
            PlanGroup(
                name: "Groep B", line: [center, try offset(east: 0, north: 100)], lengthMeters: 100, minutes: 5,
                checkpoints: [
                    PlanCheckpoint(number: 1, street: "Tijmlaan", coordinate: try offset(east: 0, north: 100)),
                    PlanCheckpoint(number: 3, street: "Tijmlaan", coordinate: try offset(east: -100, north: 100)),
                ]),
        ]
    }

    static func memoryDatabase(area: Bool = true, plan: Bool = false) throws -> SchouwDatabase {
        let db = try SchouwDatabase.inMemory(schouw: definition(area: area))
        if plan { try db.savePlan(try Self.plan()) }
        return db
    }

    /// A draft at a WGS84 point.
    static func draft(_ category: String = "zwerfvuil", level: String? = "B", text: String = "Blikjes", at c: Coordinate = center) -> ObservationDraft {
        var d = ObservationDraft()
        d.category = category
        d.level = level
        d.text = text
        d.lon = String(c.longitude)
        d.lat = String(c.latitude)
        return d
    }

    static func count(_ db: SchouwDatabase) throws -> Int {
        try db.observations(ObservationFilter(includeRemoved: true)).count
    }

    /// The issues of a thrown ``StoreError/invalidInput(_:)``, or an empty list.
    static func issues(_ body: () throws -> Void) -> [InputIssue] {
        do {
            try body()
            return []
        } catch StoreError.invalidInput(let issues) {
            return issues
        } catch {
            return [InputIssue(field: "unexpected", value: "\(error)", reason: .missingField)]
        }
    }

    /// A minimal JPEG (SOI, APP1 Exif with a GPS IFD and DateTimeOriginal, EOI).
    static func jpeg(latitude: Double, longitude: Double, bigEndian: Bool = false, takenAt: String = "2025:09:20 10:15:00") -> Data {
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
