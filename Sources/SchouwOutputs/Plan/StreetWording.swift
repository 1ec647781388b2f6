import SchouwGeometry
import SchouwNetwork
import SchouwCore
import SchouwFormats

/// How streets, turns and groups are named in Dutch and English directions.
public struct StreetWording: Sendable {
    public var language: Language

    public init(language: Language) {
        self.language = language
    }

    /// "de Tijmlaan", "het Kruidenplein", "De Noordweg"; English keeps the bare name.
    /// Unnamed ways are described by their type: "het voetpad" / "the footpath".
    public func street(_ name: String?, highway: String) -> String {
        guard let name, !name.isEmpty else { return unnamed(highway) }
        guard language == .nl else { return name }
        let lower = name.lowercased()
        if lower.hasPrefix("de ") || lower.hasPrefix("het ") || lower.hasPrefix("'t ") { return name }
        let neuter = ["plein", "hof", "pad", "park", "erf", "veld", "plantsoen", "laantje", "pleintje", "hofje", "steegje"]
        return (neuter.contains { lower.hasSuffix($0) } ? "het " : "de ") + name
    }

    /// The bare label for tables: the name, or the description of an unnamed way without article.
    public func label(_ name: String?, highway: String) -> String {
        if let name, !name.isEmpty { return name }
        let described = unnamed(highway)
        for article in ["het ", "de ", "the "] where described.hasPrefix(article) {
            return String(described.dropFirst(article.count))
        }
        return described
    }

    private func unnamed(_ highway: String) -> String {
        switch highway {
        case "footway": language.pick("het voetpad", "the footpath")
        case "path": language.pick("het pad", "the path")
        case "cycleway": language.pick("het fietspad", "the cycle path")
        case "steps": language.pick("de trap", "the steps")
        case "pedestrian": language.pick("het voetgangersgebied", "the pedestrian area")
        case "track": language.pick("het onverharde pad", "the track")
        case "service": language.pick("de toegangsweg", "the service road")
        default: language.pick("de naamloze weg", "the unnamed road")
        }
    }

    /// One direction line, e.g. "Sla linksaf de Tijmlaan in" / "Turn left onto Tijmlaan".
    public func instruction(_ step: DirectionStep) -> String {
        let s = street(step.street, highway: step.highway)
        if step.staysOnStreet {
            let stay = language.pick("blijf op \(s)", "staying on \(step.street ?? s)")
            switch step.turn {
            case .left, .slightLeft: return language.pick("Sla linksaf, \(stay)", "Turn left, \(stay)")
            case .sharpLeft: return language.pick("Sla scherp linksaf, \(stay)", "Turn sharp left, \(stay)")
            case .right, .slightRight: return language.pick("Sla rechtsaf, \(stay)", "Turn right, \(stay)")
            case .sharpRight: return language.pick("Sla scherp rechtsaf, \(stay)", "Turn sharp right, \(stay)")
            default: break
            }
        }
        switch step.turn {
        case .depart: return language.pick("Vertrek over \(s)", "Start along \(s)")
        case .straight: return language.pick("Ga rechtdoor, \(s) in", "Continue straight onto \(s)")
        case .slightLeft: return language.pick("Houd links aan, \(s) in", "Keep left onto \(s)")
        case .left: return language.pick("Sla linksaf \(s) in", "Turn left onto \(s)")
        case .sharpLeft: return language.pick("Sla scherp linksaf \(s) in", "Turn sharp left onto \(s)")
        case .slightRight: return language.pick("Houd rechts aan, \(s) in", "Keep right onto \(s)")
        case .right: return language.pick("Sla rechtsaf \(s) in", "Turn right onto \(s)")
        case .sharpRight: return language.pick("Sla scherp rechtsaf \(s) in", "Turn sharp right onto \(s)")
        case .uTurn: return language.pick("Keer om en loop terug over \(s)", "Turn around and walk back along \(s)")
        }
    }

    /// The closing line of every walk.
    public var arrival: String { language.pick("Terug bij het startpunt", "Back at the meeting point") }

    /// Default group names: "Groep A", "Groep B", … / "Group A", …
    public func defaultGroupName(_ number: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let letter = number >= 1 && number <= letters.count ? String(letters[number - 1]) : "\(number)"
        return language.pick("Groep \(letter)", "Group \(letter)")
    }

    /// "3,4 km" / "3.4 km", or metres below one kilometre.
    public func distance(_ meters: Double) -> String {
        if meters < 1000 { return "\(Int(meters.rounded())) m" }
        return language.decimal((meters / 100).rounded() / 10, places: 1) + " km"
    }

    /// "1 u 25 min" / "1 h 25 min".
    public func duration(_ minutes: Double) -> String {
        let total = Int(minutes.rounded())
        let hours = total / 60
        let rest = total % 60
        if hours == 0 { return "\(rest) min" }
        return language.pick("\(hours) u \(rest) min", "\(hours) h \(rest) min")
    }
}
