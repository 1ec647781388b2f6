import SchouwCore
/// Failures of the geometry core. Library failures (PROJ or GEOS said no) are kept apart from bad input.
public enum GeometryError: Error, Sendable, CustomStringConvertible, Equatable {
    /// PROJ could not create or run a transformation.
    case proj(String)
    /// GEOS reported an error.
    case geos(String)
    /// The input geometry or text cannot be used, with the reason.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .proj(let message): "PROJ: \(message)"
        case .geos(let message): "GEOS: \(message)"
        case .invalidInput(let message): message
        }
    }
}
