import Foundation
import SchouwTestSupport
import Testing
@testable import SchouwAnalysis
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct AreaLocatorTests {
    func mismatches(_ areas: [[Polygon]], cellsPerArea: Int, points: [Coordinate]) throws -> [Coordinate] {
        let geos = try GEOSContext()
        let locator = try AreaLocator(
            areas: areas.map { .multiPolygon($0) }, context: geos, cellsPerArea: cellsPerArea)
        return points.filter { locator.locate($0) != TestData.naiveArea(areas, $0) }
    }

    @Test(arguments: [1, 16, 1024])
    func agreesWithNaivePointInPolygonOnATiling(cellsPerArea: Int) throws {
        let areas = TestData.tiling(columns: 6, rows: 5, seed: UInt64(cellsPerArea)).map { [$0] }
        let points = TestData.probePoints(areas, random: 3000, seed: 11)
        let wrong = try mismatches(areas, cellsPerArea: cellsPerArea, points: points)
        #expect(wrong.isEmpty, "first mismatches: \(wrong.prefix(5))")
    }

    @Test func sharedBoundaryGoesToTheLowestNumber() throws {
        let geos = try GEOSContext()
        let left = Polygon([[
            Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 0, y: 10), Coordinate(x: 0, y: 0),
        ]])
        let right = Polygon([[
            Coordinate(x: 10, y: 0), Coordinate(x: 20, y: 0), Coordinate(x: 20, y: 10), Coordinate(x: 10, y: 10), Coordinate(x: 10, y: 0),
        ]])
        let locator = try AreaLocator(areas: [.polygon(right), .polygon(left)], context: geos)
        #expect(locator.locate(Coordinate(x: 10, y: 5)) == 0)
        #expect(locator.locate(Coordinate(x: 5, y: 5)) == 1)
        #expect(locator.locate(Coordinate(x: 0, y: 0)) == 1)
        #expect(locator.locate(Coordinate(x: 25, y: 5)) == nil)
        #expect(locator.locate(Coordinate(x: .nan, y: 5)) == nil)
    }

    @Test(.sharedData("lelystad_buurten_2017_rd.geojson"))
    func agreesWithNaivePointInPolygonOnLelystad() throws {
        let areas = try TestData.lelystadRD()
        #expect(areas.count == 141)
        let points = TestData.probePoints(areas, random: 20_000, seed: 995)
        let wrong = try mismatches(areas, cellsPerArea: 256, points: points)
        #expect(wrong.isEmpty, "first mismatches: \(wrong.prefix(5))")
    }
}
