import SchouwGeometry
import SchouwCore
import SchouwFormats

/// What the organizer puts on the route sheets besides the plan itself.
public struct RouteSheetSettings: Sendable {
    /// The sheets' title; default "Buurtschouw" and the buurt name.
    public var title: String?
    public var buurtName: String?
    public var buurtCode: String?
    public var date: SheetDate
    /// E.g. "Buurthuis De Kruidentuin"; default the street(s) at the start.
    public var meetingPointName: String?
    public var scale: QualityScale
    /// The web form where walkers enter what they saw, printed as text.
    public var formURL: String?
    public var taxonomy: SheetTaxonomy

    public init(
        title: String? = nil, buurtName: String? = nil, buurtCode: String? = nil, date: SheetDate = .today(),
        meetingPointName: String? = nil, scale: QualityScale = .crow, formURL: String? = nil,
        taxonomy: SheetTaxonomy = .standard
    ) {
        self.title = title
        self.buurtName = buurtName
        self.buurtCode = buurtCode
        self.date = date
        self.meetingPointName = meetingPointName
        self.scale = scale
        self.formURL = formURL
        self.taxonomy = taxonomy
    }
}
