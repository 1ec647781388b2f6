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
}
