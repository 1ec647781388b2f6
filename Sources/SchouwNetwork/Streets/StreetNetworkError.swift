/// Bad input to street-network building and walk planning (as opposed to algorithm failures,
/// which are `SchouwNetworkError`).
public enum StreetNetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    case noStreets(file: String)
    case unknownFileType(file: String)
    /// No street lies (at least half) inside the area.
    case noStreetsInArea(area: String)
    /// The start point is further than the limit from every street.
    case startTooFar(distanceMeters: Double, limitMeters: Double)
    /// The start names a street that is not in the network.
    case unknownStreet(name: String, suggestions: [String])
    /// The start could not be parsed.
    case badLocation(String)
    /// A via point is further than the limit from every street.
    case viaTooFar(index: Int, distanceMeters: Double, limitMeters: Double)

    public var description: String {
        switch self {
        case .noStreets(let file):
            "\(file): no walkable streets found (highway ways of the walkable types; see --highways)"
        case .unknownFileType(let file):
            "\(file): unknown street file type; expected .osm, .geojson or .json"
        case .noStreetsInArea(let area):
            "no streets lie inside area \(area) (a street counts when at least half of its length is inside)"
        case .startTooFar(let distance, let limit):
            "the start point is \(Int(distance.rounded())) m from the nearest street; it must be within \(Int(limit)) m"
        case .unknownStreet(let name, let suggestions):
            "no street named '\(name)' in the network"
                + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?")
        case .badLocation(let text):
            "cannot read location '\(text)': use lon,lat (e.g. 5.7220,52.5185), rd:x,y (e.g. rd:177724,503478) or a street name"
        case .viaTooFar(let index, let distance, let limit):
            "via point \(index + 1) is \(Int(distance.rounded())) m from the nearest street; it must be within \(Int(limit)) m"
        }
    }
}
