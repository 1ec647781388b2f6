/// Which OSM ways a walking group can use.
///
/// Default: `highway` in residential, living_street, pedestrian, footway, path, service (except
/// `service=parking_aisle|driveway`), unclassified, tertiary, secondary, primary, steps, track, and
/// cycleway only with `foot=yes|designated|permissive`. Excluded: `area=yes` (squares are crossed, not
/// walked around), `foot=no`, and `access=private|no` unless foot access is granted explicitly.
public struct WalkableFilter: Hashable, Sendable {
    public static let defaultHighways: [String] = [
        "residential", "living_street", "pedestrian", "footway", "path", "service", "unclassified",
        "tertiary", "secondary", "primary", "steps", "track", "cycleway",
    ]
    /// Highway values that are walkable only with explicit foot access.
    public static let footOnlyWithPermission: Set<String> = ["cycleway"]
    private static let footGranted: Set<String> = ["yes", "designated", "permissive"]

    public var highways: Set<String>

    /// - Parameter highways: the `highway` values to accept; nil for the default list.
    public init(highways: [String]? = nil) {
        self.highways = Set(highways ?? Self.defaultHighways)
    }

    /// Whether a way with these tags is walkable.
    public func accepts(_ tags: [String: String]) -> Bool {
        guard let highway = tags["highway"], highways.contains(highway) else { return false }
        if tags["area"] == "yes" { return false }
        let foot = tags["foot"]
        if foot == "no" { return false }
        let footGranted = foot.map(Self.footGranted.contains) ?? false
        if let access = tags["access"], access == "private" || access == "no", !footGranted { return false }
        if Self.footOnlyWithPermission.contains(highway), !footGranted { return false }
        if highway == "service", let service = tags["service"], service == "parking_aisle" || service == "driveway" {
            return false
        }
        return true
    }
}
