import Foundation
import SchouwCore
import SchouwGeometry

/// A CBS buurt: code, name, municipality and its polygons in both WGS84 and RD New.
public struct Buurt: Hashable, Sendable {
    /// The buurt code, e.g. `BU03039901`.
    public var code: String
    public var name: String
    /// The municipality code, e.g. `GM0303` (from the file, or else from the buurt code's digits).
    public var gemeente: String?
    /// Whether CBS marks the buurt as water only.
    public var isWater: Bool
    /// The polygons in WGS84 longitude/latitude (RFC 7946 winding).
    public var geometryWGS84: Geometry
    /// The polygons in RD New metres (EPSG:28992), for planar work.
    public var geometryRD: Geometry
}

/// The field names of the CBS wijk- en buurtkaart through the years, matched case-insensitively.
public enum BuurtFieldAliases {
    public static let code = ["BU_CODE", "buurtcode", "statcode", "code"]
    public static let name = ["BU_NAAM", "buurtnaam", "statnaam", "naam", "name"]
    public static let gemeente = ["GM_CODE", "gemeentecode"]
    public static let water = ["WATER"]
}
