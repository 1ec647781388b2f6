import SchouwTestSupport
import Testing
@testable import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct ProjectionTests {
    @Test func amersfootReferencePointIsTheRDOrigin() throws {
        let rd = try CoordinateTransforms.toRD(Coordinate(longitude: 5.38720621, latitude: 52.15517440))
        #expect(abs(rd.x - 155_000) < 1)
        #expect(abs(rd.y - 463_000) < 1)
    }

    @Test func drontenMatchesPROJsHelmertOperation() throws {
        let rd = try CoordinateTransforms.toRD(Coordinate(longitude: 5.7220, latitude: 52.5185))
        #expect(abs(rd.x - 177_724.6) < 0.5)
        #expect(abs(rd.y - 503_478.0) < 0.5)
    }

    @Test(arguments: [
        Coordinate(longitude: 5.7220, latitude: 52.5185),
        Coordinate(longitude: 5.38720621, latitude: 52.15517440),
        Coordinate(longitude: 3.4, latitude: 51.3),
        Coordinate(longitude: 7.1, latitude: 53.4),
    ])
    func roundTripReturnsWithinOneMillimetre(_ wgs: Coordinate) throws {
        let back = try CoordinateTransforms.fromRD(try CoordinateTransforms.toRD(wgs))
        let metres = Geodesic.distanceMeters(wgs, back)
        #expect(metres < 0.001)
    }

    @Test func arrayTransformEqualsSingleTransforms() throws {
        let points = (0..<50).map { Coordinate(longitude: 5.7 + Double($0) * 0.001, latitude: 52.5 + Double($0) * 0.0005) }
        let batch = try CoordinateTransforms.transform(points, from: .wgs84, to: .rdNew)
        for (p, b) in zip(points, batch) {
            #expect(try CoordinateTransforms.toRD(p) == b)
        }
    }

    @Test func anyTwoEPSGCodesCanBeNamed() throws {
        // ETRS89 / UTM zone 31N, used by Rijkswaterstaat.
        let utm = try CoordinateTransforms.transform(
            Coordinate(longitude: 5.7220, latitude: 52.5185), from: .wgs84, to: CRS(epsg: 25831))
        #expect(utm.x > 600_000 && utm.x < 800_000)
        #expect(utm.y > 5_800_000 && utm.y < 5_850_000)
    }

    @Test func unknownCRSIsBadInputNamingTheCode() {
        #expect(throws: GeometryError.unknownCRS(CRS(epsg: 999_999))) { try ProjTransformer(from: .wgs84, to: CRS(epsg: 999_999)) }
        #expect(GeometryError.unknownCRS(CRS(epsg: 999_999)).exitClass == .badInput)
    }

    @Test func transformsAreSafeFromConcurrentTasks() async throws {
        let expected = try CoordinateTransforms.toRD(Coordinate(longitude: 5.7220, latitude: 52.5185))
        try await withThrowingTaskGroup(of: Coordinate.self) { group in
            for _ in 0..<16 {
                group.addTask { try CoordinateTransforms.toRD(Coordinate(longitude: 5.7220, latitude: 52.5185)) }
            }
            for try await result in group { #expect(result == expected) }
        }
    }

    @Test(arguments: [
        ("EPSG:28992", 28992), ("urn:ogc:def:crs:EPSG::28992", 28992), ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
        ("4326", 4326), ("epsg:25831", 25831),
    ])
    func crsNamesParse(_ name: String, _ code: Int) {
        #expect(CRS(name: name)?.epsg == code)
    }

    @Test func nonsenseCRSNameIsRejected() {
        #expect(CRS(name: "urn:ogc:def:crs:FOO::abc") == nil)
        #expect(CRS(name: "") == nil)
    }
}

@Suite struct GeodesicTests {
    @Test func oneDegreeOfLatitudeAtTheEquator() {
        let d = Geodesic.distanceMeters(Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 0, latitude: 1))
        #expect(abs(d - 110_574.389) < 0.01)
    }

    @Test func oneDegreeOfLongitudeAlongTheEquator() {
        let d = Geodesic.distanceMeters(Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0))
        #expect(abs(d - 111_319.491) < 0.01)
    }

    @Test func karneysJFKToLondonExample() {
        // GeographicLib documentation: Inverse(40.6, -73.8, 51.6, -0.5) = 5551759.4 m.
        let d = Geodesic.distanceMeters(
            Coordinate(longitude: -73.8, latitude: 40.6), Coordinate(longitude: -0.5, latitude: 51.6))
        #expect(abs(d - 5_551_759.4) < 0.1)
    }

    @Test func lineLengthIsTheSumOfItsSegments() {
        let line = LineString([
            Coordinate(longitude: 5.72, latitude: 52.51), Coordinate(longitude: 5.73, latitude: 52.51),
            Coordinate(longitude: 5.73, latitude: 52.52),
        ])
        // East along a parallel, then north along a meridian: arcs worked out from the ellipsoid's radii.
        // Over 680 m the geodesic between two points of a parallel is shorter than the parallel by about 1 µm.
        let east = Ellipsoid.parallelArcMeters(latitude: 52.51, degrees: 0.01)
        let north = Ellipsoid.meridianArcMeters(from: 52.51, degrees: 0.01)
        #expect(abs(Geodesic.distanceMeters(line.coordinates[0], line.coordinates[1]) - east) < 1e-4)
        #expect(abs(Geodesic.distanceMeters(line.coordinates[1], line.coordinates[2]) - north) < 1e-4)
        #expect(abs(line.geodesicLengthMeters - (east + north)) < 1e-4)
    }

    @Test func destinationInvertsInverse() {
        let a = Coordinate(longitude: 5.72, latitude: 52.51)
        let b = Geodesic.destination(from: a, azimuth: 37, distanceMeters: 250)
        let back = Geodesic.inverse(a, b)
        #expect(abs(back.distanceMeters - 250) < 1e-6)
        #expect(abs(back.azimuth1 - 37) < 1e-6)
    }
}
