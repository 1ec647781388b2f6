import CPROJ
import SchouwCore

/// Lengths and azimuths on the WGS84 ellipsoid, by PROJ's geodesic routines (Karney's algorithms).
public enum Geodesic {
    private static let wgs84: geod_geodesic = {
        var g = geod_geodesic()
        geod_init(&g, 6_378_137, 1 / 298.257_223_563)
        return g
    }()

    /// The ellipsoidal distance in metres between two WGS84 positions.
    public static func distanceMeters(_ a: Coordinate, _ b: Coordinate) -> Double {
        inverse(a, b).distanceMeters
    }

    /// Distance in metres and the forward azimuths (degrees clockwise from north) at both ends.
    public static func inverse(_ a: Coordinate, _ b: Coordinate) -> (distanceMeters: Double, azimuth1: Double, azimuth2: Double) {
        var g = wgs84
        var s12 = 0.0
        var azi1 = 0.0
        var azi2 = 0.0
        geod_inverse(&g, a.latitude, a.longitude, b.latitude, b.longitude, &s12, &azi1, &azi2)
        return (s12, azi1, azi2)
    }

    /// The position reached from `start` after `distanceMeters` at `azimuth` degrees.
    public static func destination(from start: Coordinate, azimuth: Double, distanceMeters: Double) -> Coordinate {
        var g = wgs84
        var lat2 = 0.0
        var lon2 = 0.0
        var azi2 = 0.0
        geod_direct(&g, start.latitude, start.longitude, azimuth, distanceMeters, &lat2, &lon2, &azi2)
        return Coordinate(longitude: lon2, latitude: lat2)
    }

    /// The length in metres of a WGS84 line.
    /// - Complexity: O(n), where n is the number of coordinates.
    public static func lengthMeters(_ coordinates: [Coordinate]) -> Double {
        guard coordinates.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<coordinates.count { total += distanceMeters(coordinates[i - 1], coordinates[i]) }
        return total
    }
}

extension LineString {
    /// The geodesic length in metres, for WGS84 coordinates.
    public var geodesicLengthMeters: Double { Geodesic.lengthMeters(coordinates) }
}
