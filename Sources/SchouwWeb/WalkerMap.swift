import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwOutputs
import SchouwStore
import SchouwCore
import SchouwFormats

/// The stored plan drawn as the route sheets' map, plus what the web form needs around it: checkpoint
/// and street lists, and the mapping between the map's view box and WGS84 for clicks and markers.
struct WalkerMap: Sendable {
    let groups: [PlanGroup]
    let streetNames: [String]
    /// nil when the database has no plan yet.
    let map: SheetMap?
    /// lon = lon[0] + lon[1]·x + lon[2]·y, lat likewise, for x, y in view-box units.
    let lonCoefficients: [Double]
    let latCoefficients: [Double]

    /// Reads the plan and streets from the store and projects them with the schouw's buurt once.
    /// - Throws: store and PROJ errors.
    init(store: any ObservationStore, schouw: SchouwRecord) async throws {
        let groups = try await store.plan()
        self.groups = groups
        let streets = try await store.streets()
        streetNames = Array(Set(streets.compactMap(\.name) + groups.flatMap { $0.checkpoints.compactMap(\.street) })).sorted {
            $0.localizedStandardCompare($1) == .orderedAscending
        }
        guard let start = groups.first?.line.first else {
            map = nil
            lonCoefficients = [0, 0, 0]
            latCoefficients = [0, 0, 0]
            return
        }
        var rings: [[Coordinate]] = []
        if let wkb = schouw.areaWKB {
            let areaRD = try GEOSContext().geometry(wkb: [UInt8](wkb))
            rings = try areaRD.polygons.flatMap(\.rings).map { try CoordinateTransforms.transform($0, from: .rdNew, to: .wgs84) }
        }
        let content = RouteMapContent(
            streets: streets.map { RouteMapContent.Street(name: $0.name, line: $0.line, lengthMeters: $0.lengthMeters) },
            groups: try Self.walked(groups: groups, streets: streets).enumerated().map { index, walked in
                RouteMapContent.Group(
                    line: groups[index].line,
                    checkpoints: groups[index].checkpoints.map { RouteMapContent.Checkpoint(number: $0.number, coordinate: $0.coordinate) },
                    walkedMeters: walked)
            },
            areaRings: rings, start: start)
        let map = try SheetMap(content: content)
        self.map = map
        // Three corners of the view box fix an affine map to WGS84; over a buurt of a few kilometres it
        // is within a metre of the exact inverse projection.
        let corners = [(0.0, 0.0), (SheetMap.width, 0.0), (0.0, SheetMap.height)].map { map.rdCoordinate(mapX: $0.0, mapY: $0.1) }
        let wgs = try CoordinateTransforms.transform(corners, from: .rdNew, to: .wgs84)
        lonCoefficients = [wgs[0].longitude, (wgs[1].longitude - wgs[0].longitude) / SheetMap.width, (wgs[2].longitude - wgs[0].longitude) / SheetMap.height]
        latCoefficients = [wgs[0].latitude, (wgs[1].latitude - wgs[0].latitude) / SheetMap.width, (wgs[2].latitude - wgs[0].latitude) / SheetMap.height]
    }

    /// Metres walked per street name and group: a street segment counts for a group when its middle lies
    /// within 3 m of the group's walk (the walk follows the street lines exactly).
    /// - Complexity: O(s·r), where s is the number of street segments and r the points of all walks.
    static func walked(groups: [PlanGroup], streets: [PlanStreet]) throws -> [[String: Double]] {
        let middles = try CoordinateTransforms.transform(streets.map { $0.line[$0.line.count / 2] }, from: .wgs84, to: .rdNew)
        return try groups.map { group in
            let line = try CoordinateTransforms.transform(group.line, from: .wgs84, to: .rdNew)
            var walked: [String: Double] = [:]
            for (index, street) in streets.enumerated() {
                guard let name = street.name else { continue }
                let p = middles[index]
                let near = zip(line, line.dropFirst()).contains { a, b in p.planarDistance(toSegment: a, b) < 3 }
                if near { walked[name, default: 0] += street.lengthMeters }
            }
            return walked
        }
    }

    /// The view-box point of a WGS84 position (the inverse of the affine map).
    func mapPoint(_ c: Coordinate) -> (x: Double, y: Double) {
        let (a, b) = (lonCoefficients, latCoefficients)
        let determinant = a[1] * b[2] - a[2] * b[1]
        guard determinant != 0 else { return (0, 0) }
        let u = c.longitude - a[0]
        let v = c.latitude - b[0]
        return ((u * b[2] - a[2] * v) / determinant, (a[1] * v - u * b[1]) / determinant)
    }

    /// The group's index in the plan.
    func groupIndex(_ name: String) -> Int? {
        groups.firstIndex { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
