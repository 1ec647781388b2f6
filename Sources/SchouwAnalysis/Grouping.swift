import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// What fell in one buurt.
public struct AreaCounts: Sendable {
    public var buurt: Buurt
    public var total: Int
    /// Per main category code.
    public var byCategory: [String: Int]
    /// Per level field suffix (see ``Grouping/levelColumns``).
    public var byLevel: [String: Int]
    /// Findings not (yet) afgehandeld or geannuleerd.
    public var open: Int
    public var afgehandeld: Int
    /// Findings per street name.
    public var byStreet: [String: Int]
}

/// Findings assigned to buurten.
public struct GroupingResult: Sendable {
    public var areas: [AreaCounts]
    /// Findings in no buurt.
    public var outside: Int
    /// The main category codes that get a column, in column order.
    public var categories: [String]
    /// Per finding, the index into `areas` (nil when outside).
    public var assignment: [Int?]
}

/// Assigns findings to buurten.
///
/// Boundary rule: a finding on the boundary shared by several buurten goes to the one with the lowest
/// code (codes compared as text) among those whose closed polygon holds it. A finding in no buurt is
/// counted as outside.
public enum Grouping {
    /// Level values and the GIS-safe suffix of their count field (`n_level_<suffix>`); anything else
    /// (or no level) counts as `unknown`.
    public static let levelColumns: [(level: String, suffix: String)] = [
        ("A+", "A_plus"), ("A", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("goed", "goed"), ("slecht", "slecht"),
        ("plus", "plus"), ("", "unknown"),
    ]

    /// Statuses that count as settled; every other status (gemeld, open, in behandeling, ingepland,
    /// heropend, none) counts as open. Geannuleerd counts as neither.
    public static let settledStatuses = ["afgehandeld"]
    public static let cancelledStatuses = ["geannuleerd"]

    /// Groups findings into buurten.
    ///
    /// - Parameters:
    ///   - categories: the main category codes that get a column (e.g. a taxonomy's, in its order); nil
    ///     takes the codes found, sorted. Findings of other categories count in `total` only.
    /// - Complexity: O(n) lookups of ``AreaLocator`` plus building it.
    public static func group(_ findings: [Finding], into buurten: BuurtSet, categories: [String]? = nil) throws
        -> GroupingResult
    {
        let geos = try GEOSContext()
        // BuurtSet keeps buurten sorted by code, so the locator's lowest number is the lowest code.
        let locator = try AreaLocator(areas: buurten.buurten.map(\.geometryRD), context: geos, cellsPerArea: 256)
        var areas = buurten.buurten.map {
            AreaCounts(buurt: $0, total: 0, byCategory: [:], byLevel: [:], open: 0, afgehandeld: 0, byStreet: [:])
        }
        var outside = 0
        var assignment: [Int?] = []
        assignment.reserveCapacity(findings.count)
        for finding in findings {
            let area = locator.locate(finding.rd)
            assignment.append(area)
            guard let area else {
                outside += 1
                continue
            }
            areas[area].total += 1
            if let category = finding.category { areas[area].byCategory[category, default: 0] += 1 }
            areas[area].byLevel[levelSuffix(finding.level), default: 0] += 1
            let status = finding.status?.lowercased() ?? ""
            if settledStatuses.contains(status) {
                areas[area].afgehandeld += 1
            } else if !cancelledStatuses.contains(status) {
                areas[area].open += 1
            }
            if let street = finding.street, !street.isEmpty { areas[area].byStreet[street, default: 0] += 1 }
        }
        let columns = categories ?? Set(findings.compactMap(\.category)).sorted()
        return GroupingResult(areas: areas, outside: outside, categories: columns, assignment: assignment)
    }

    /// The suffixes by lower-case level, for ``levelSuffix(_:)``.
    private static let suffixByLevel = Dictionary(levelColumns.map { ($0.level.lowercased(), $0.suffix) }) { first, _ in first }

    static func levelSuffix(_ level: String?) -> String {
        var level = level ?? ""
        // Trimming goes through NSString on Linux; most levels ("B", "goed") have nothing to trim.
        if let first = level.unicodeScalars.first, let last = level.unicodeScalars.last,
            CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last)
        {
            level = level.trimmingCharacters(in: .whitespaces)
        }
        return suffixByLevel[level.lowercased()] ?? "unknown"
    }

    /// A field name GIS tools take without quoting: lower-case letters, digits and underscores.
    public static func fieldName(_ prefix: String, _ code: String) -> String {
        let safe = code.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }
        return prefix + String(safe)
    }
}
