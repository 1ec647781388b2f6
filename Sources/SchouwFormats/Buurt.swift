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
    /// Whether the buurt is water only (see ``isWater(code:name:waterField:)``).
    public var isWater: Bool
    /// The polygons in WGS84 longitude/latitude (RFC 7946 winding).
    public var geometryWGS84: Geometry
    /// The polygons in RD New metres (EPSG:28992), for planar work.
    public var geometryRD: Geometry
}

extension Buurt {
    /// Whether a buurt is water only: its water field says so (CBS writes `JA`/`NEE`; other sources 1/0,
    /// booleans or `water`), or its code is a CBS water code. CBS numbers the water of a municipality as
    /// wijk 99 (`BU0995 99 97`) and leaves its name blank or calls it water (`" "`, `Water`,
    /// `Water Markermeer`); older files have no water field at all, so the code is the only sign.
    /// A buurt in wijk 99 with a real name (a district numbered 99 on land) is not water.
    /// - Parameters:
    ///   - code: the buurt code, e.g. `BU09959997`.
    ///   - name: the buurt name as read (nil when the file has no name field).
    ///   - waterField: the value of the water field, if the file has one.
    public static func isWater(code: String, name: String?, waterField: JSONValue?) -> Bool {
        if let waterField, isYes(waterField) { return true }
        return isCBSWaterCode(code) && isWaterName(name)
    }

    /// `BU` and eight digits whose wijk part (digits 5 and 6) is 99.
    static func isCBSWaterCode(_ code: String) -> Bool {
        let characters = Array(code.uppercased())
        let digits = characters.dropFirst(2)
        guard characters.count == 10, String(characters.prefix(2)) == "BU", digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        return characters[6] == "9" && characters[7] == "9"
    }

    /// Blank, missing, or a name with the word water in it (`Water`, `Water IJsselmeer`, `Buitenwater`).
    static func isWaterName(_ name: String?) -> Bool {
        guard let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return true }
        return trimmed.lowercased().contains("water")
    }

    /// CBS writes water as "JA"/"NEE"; other sources use 1/0 or booleans.
    private static func isYes(_ value: JSONValue) -> Bool {
        switch value {
        case .bool(let b): b
        case .number(let n): n != 0
        case .string(let s): ["ja", "j", "yes", "y", "true", "1", "water"].contains(s.lowercased().trimmingCharacters(in: .whitespaces))
        default: false
        }
    }
}

/// The field names of the CBS wijk- en buurtkaart through the years, matched case-insensitively.
public enum BuurtFieldAliases {
    public static let code = ["BU_CODE", "buurtcode", "statcode", "code"]
    public static let name = ["BU_NAAM", "buurtnaam", "statnaam", "naam", "name"]
    public static let gemeente = ["GM_CODE", "gemeentecode"]
    public static let water = ["WATER"]
}
