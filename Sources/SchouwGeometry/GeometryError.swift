import SchouwCore

/// Failures of the geometry core. Library failures (PROJ or GEOS said no) are kept apart from bad input.
public enum GeometryError: SchouwError, Equatable {
    /// PROJ failed although the CRSs are known (no context, no `proj.db`, no transformation): internal.
    case proj(String)
    /// GEOS reported an error: internal.
    case geos(String)
    /// PROJ's database has no such CRS, e.g. a file's legacy `crs` member names an EPSG code that does not exist.
    case unknownCRS(CRS)
    /// PROJ cannot transform this coordinate (it lies outside the area of the CRS), e.g. degrees in a
    /// file that says it is in RD New metres.
    case coordinateOutsideCRS(Coordinate, source: CRS, target: CRS)

    public var exitClass: ExitClass {
        switch self {
        case .proj, .geos: .internalFailure
        case .unknownCRS, .coordinateOutsideCRS: .badInput
        }
    }

    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .proj(let detail):
            return ErrorReport.internalPrefix(l) + "PROJ: \(detail)"
        case .geos(let detail):
            return ErrorReport.internalPrefix(l) + "GEOS: \(detail)"
        case .unknownCRS(let crs):
            return l.pick(
                "PROJ kent het coördinatenstelsel \(crs) niet; gebruik bijvoorbeeld EPSG:4326 (WGS84) of EPSG:28992 (RD New)",
                "PROJ does not know the coordinate reference system \(crs); use e.g. EPSG:4326 (WGS84) or EPSG:28992 (RD New)")
        case .coordinateOutsideCRS(let c, let source, let target):
            return l.pick(
                "coördinaat (\(c.x), \(c.y)) in \(source) valt buiten het gebied van \(target) en kan niet omgerekend worden; "
                    + "klopt het coördinatenstelsel van het bestand?",
                "coordinate (\(c.x), \(c.y)) in \(source) lies outside the area of \(target) and cannot be transformed; "
                    + "is the file's coordinate reference system right?")
        }
    }
}
