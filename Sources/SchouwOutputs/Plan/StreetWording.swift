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

    /// The Dutch preposition for going onto a way: "de Tijmlaan in", but "het voetpad op", "het
    /// Kruidenplein op", "de trap op": paths, squares, bridges and dikes are gone onto, streets into.
    public func preposition(_ name: String?, highway: String) -> String {
        let onto = ["plein", "pleintje", "pad", "paadje", "brug", "dijk", "kade", "markt", "erf", "dam", "trap"]
        if let name, !name.isEmpty {
            let lower = name.lowercased()
            return onto.contains { lower.hasSuffix($0) } ? "op" : "in"
        }
        return ["footway", "path", "cycleway", "steps", "pedestrian", "track", "bridleway"].contains(highway) ? "op" : "in"
    }

    /// "2 × 60 m" for a dead end walked in and out.
    private func inAndOut(_ meters: Double) -> String { "2 × \(Int(meters.rounded())) m" }

    /// One direction line, e.g. "Sla linksaf de Tijmlaan in" / "Turn left onto Tijmlaan", "Sla rechtsaf het
    /// voetpad op", "Loop het Munthof in en weer terug, 2 × 60 m".
    public func instruction(_ step: DirectionStep) -> String {
        let base = ownInstruction(step)
        guard let first = step.turnFirst, step.turn != .depart else { return base }
        // A short piece before this step: its turn first, then this one.
        func lowerFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }
        switch first {
        case .uTurn:
            return language.pick("Keer om en ", "Turn around and ") + lowerFirst(base)
        case .left, .sharpLeft, .right, .sharpRight:
            let left = first == .left || first == .sharpLeft
            if language == .nl {
                let word = left ? "linksaf" : "rechtsaf"
                if base.hasPrefix("Sla ") { return "Sla \(word) en dan " + base.dropFirst(4) }
                if base.hasPrefix("Linksaf ") || base.hasPrefix("Rechtsaf ") { return "Sla \(word) en dan " + lowerFirst(base) }
                return "Sla \(word) en " + lowerFirst(base)
            }
            return (left ? "Turn left, then " : "Turn right, then ") + lowerFirst(base)
        default:
            return base
        }
    }

    /// The step's own instruction, without a turn folded into it.
    private func ownInstruction(_ step: DirectionStep) -> String {
        let s = street(step.street, highway: step.highway)
        let p = preposition(step.street, highway: step.highway)
        if let oneWay = step.inAndOutMeters {
            // An unnamed road walked in and out is best known as what it is: a dead end.
            let unnamedRoad = (step.street ?? "").isEmpty
                && !["footway", "path", "cycleway", "steps", "pedestrian", "track", "bridleway"].contains(step.highway)
            let s = unnamedRoad ? language.pick("de doodlopende weg", "the dead end") : s
            let there = language.pick("Loop \(s) \(p) en weer terug, \(inAndOut(oneWay))", "Walk into \(s) and back, \(inAndOut(oneWay))")
            // After a turn, short enough for one line of the sheet: "Linksaf het Munthof in en terug, 2 × 60 m".
            switch step.turn {
            case .left, .slightLeft, .sharpLeft:
                return language.pick("Linksaf \(s) \(p) en terug, \(inAndOut(oneWay))", "Turn left into \(s) and back, \(inAndOut(oneWay))")
            case .right, .slightRight, .sharpRight:
                return language.pick("Rechtsaf \(s) \(p) en terug, \(inAndOut(oneWay))", "Turn right into \(s) and back, \(inAndOut(oneWay))")
            default: return there
            }
        }
        if step.staysOnStreet {
            let stay = language.pick("blijf op \(s)", "staying on \(step.street ?? s)")
            switch step.turn {
            case .left, .slightLeft: return language.pick("Sla linksaf, \(stay)", "Turn left, \(stay)")
            case .sharpLeft: return language.pick("Sla scherp linksaf, \(stay)", "Turn sharp left, \(stay)")
            case .right, .slightRight: return language.pick("Sla rechtsaf, \(stay)", "Turn right, \(stay)")
            case .sharpRight: return language.pick("Sla scherp rechtsaf, \(stay)", "Turn sharp right, \(stay)")
            case .straight: return language.pick("Ga rechtdoor, \(stay)", "Go straight on, \(stay)")
            default: break
            }
        }
        switch step.turn {
        case .depart: return language.pick("Vertrek over \(s)", "Start along \(s)")
        case .straight: return language.pick("Ga rechtdoor, \(s) \(p)", "Continue straight onto \(s)")
        case .slightLeft: return language.pick("Houd links aan, \(s) \(p)", "Keep left onto \(s)")
        case .left: return language.pick("Sla linksaf \(s) \(p)", "Turn left onto \(s)")
        case .sharpLeft: return language.pick("Sla scherp linksaf \(s) \(p)", "Turn sharp left onto \(s)")
        case .slightRight: return language.pick("Houd rechts aan, \(s) \(p)", "Keep right onto \(s)")
        case .right: return language.pick("Sla rechtsaf \(s) \(p)", "Turn right onto \(s)")
        case .sharpRight: return language.pick("Sla scherp rechtsaf \(s) \(p)", "Turn sharp right onto \(s)")
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
