import SchouwCore
import SchouwGeometry

/// Why a street network could not be built or a walk not planned: the one error enum of the network module.
///
/// Bad input (exit 1): the street file, the area, the start, the via points, the group count or time limit.
/// Internal (exit 3): a routing graph that breaks its own invariants, which the planner never builds.
public enum SchouwNetworkError: SchouwError, Equatable {
    // MARK: Streets and planning (bad input)

    /// Nothing walkable in the street file.
    case noStreets(file: String)
    /// The street file's extension is none of .osm, .geojson, .json.
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

    // MARK: Routing

    /// An edge names a vertex outside `0..<vertexCount` (internal).
    case vertexOutOfRange(edgeID: Int, vertex: Int, vertexCount: Int)
    /// An edge length is negative, infinite or NaN (internal).
    case invalidLength(edgeID: Int, lengthMeters: Double)
    /// Two edges share an id (internal).
    case duplicateEdgeID(Int)
    /// A start or via vertex is outside the graph (internal).
    case vertexNotInGraph(vertex: Int, vertexCount: Int)
    /// A required edge cannot be reached from the start vertex: the streets are not connected.
    case requiredEdgeUnreachable(edgeID: Int, start: Int)
    /// A via vertex cannot be reached from the start vertex: the streets are not connected.
    case viaVertexUnreachable(vertex: Int, start: Int)
    /// The number of groups must be at least one.
    case invalidGroupCount(Int)
    /// Even a walk that only covers this one edge from the start and back is longer than the limit.
    case edgeRoundTripTooLong(edgeID: Int, roundTripMeters: Double, maxLengthMeters: Double)
    /// A street to walk lies so far from the start that walking there, along it and back takes longer
    /// than `--max-minutes` by itself: named by its name, or its highway type when it has none.
    case streetTooFar(
        street: String?, highway: String, position: Coordinate, distanceMeters: Double, roundTripMeters: Double,
        roundTripMinutes: Double, maxMinutes: Double)
    /// No group count up to the cap keeps every walk, stops included, within `--max-minutes`.
    case noGroupCountFitsInTime(maximumGroupCount: Int, longestWalkMeters: Double, maxMinutes: Double)
    /// No group count up to the cap keeps every walk within the limit.
    case noGroupCountFits(maximumGroupCount: Int, longestWalkMeters: Double, maxLengthMeters: Double)
    /// The exact matching of this many odd junctions could need more memory than the limit allows.
    case matchingTooLarge(oddJunctions: Int, estimatedBytes: Int, limitBytes: Int)

    public var exitClass: ExitClass {
        switch self {
        case .vertexOutOfRange, .invalidLength, .duplicateEdgeID, .vertexNotInGraph: .internalFailure
        default: .badInput
        }
    }

    /// Bytes in decimal units with one decimal: "3,6 GB" in Dutch, "3.6 GB" in English.
    static func size(_ bytes: Int, _ language: Language) -> String {
        let (value, unit): (Double, String) =
            switch bytes {
            case 1_000_000_000...: (Double(bytes) / 1e9, "GB")
            case 1_000_000...: (Double(bytes) / 1e6, "MB")
            case 1_000...: (Double(bytes) / 1e3, "kB")
            default: (Double(bytes), "B")
            }
        return (unit == "B" ? String(bytes) : language.decimal(value, places: 1)) + " " + unit
    }

    /// "1,2 km" in Dutch, "1.2 km" in English; whole metres below a kilometre.
    static func kilometres(_ meters: Double, _ language: Language) -> String {
        if meters < 1000 { return "\(Int(meters.rounded())) m" }
        let text = String(format: "%.1f km", meters / 1000)
        return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// An unnamed way described by its highway type: "een naamloos voetpad" / "an unnamed footpath".
    static func highwayWords(_ highway: String, _ language: Language) -> String {
        let (nl, en): (String, String) =
            switch highway {
            case "footway": ("voetpad", "footpath")
            case "path": ("pad", "path")
            case "cycleway": ("fietspad", "cycle path")
            case "steps": ("trap", "flight of steps")
            case "track": ("onverhard pad", "track")
            case "service": ("toegangsweg", "service road")
            case "pedestrian": ("voetgangersgebied", "pedestrian area")
            default: ("weg (\(highway))", "road (\(highway))")
            }
        return language.pick("een naamloos \(nl)".replacingOccurrences(of: "naamloos weg", with: "naamloze weg")
            .replacingOccurrences(of: "naamloos trap", with: "naamloze trap")
            .replacingOccurrences(of: "naamloos toegangsweg", with: "naamloze toegangsweg"), "an unnamed \(en)")
    }

    public func message(_ language: Language) -> String {
        let l = language
        func meters(_ value: Double) -> Int { Int(value.rounded()) }
        switch self {
        case .noStreets(let file):
            return "\(file): "
                + l.pick(
                    "geen beloopbare straten gevonden (highway-ways van de beloopbare soorten; zie --highways)",
                    "no walkable streets found (highway ways of the walkable types; see --highways)")
        case .unknownFileType(let file):
            return "\(file): "
                + l.pick(
                    "onbekend soort stratenbestand; verwacht .osm, .osm.pbf, .geojson of .json",
                    "unknown street file type; expected .osm, .osm.pbf, .geojson or .json")
        case .noStreetsInArea(let area):
            return l.pick(
                "er liggen geen straten in gebied \(area) (een straat telt mee als minstens de helft van zijn lengte erin ligt)",
                "no streets lie inside area \(area) (a street counts when at least half of its length is inside)")
        case .startTooFar(let distance, let limit):
            return l.pick(
                "het startpunt ligt \(meters(distance)) m van de dichtstbijzijnde straat; dat mag hoogstens \(Int(limit)) m zijn",
                "the start point is \(meters(distance)) m from the nearest street; it must be within \(Int(limit)) m")
        case .unknownStreet(let name, let suggestions):
            let quoted = suggestions.map { "'\($0)'" }.joined(separator: ", ")
            return l.pick("geen straat '\(name)' in het netwerk", "no street named '\(name)' in the network")
                + (suggestions.isEmpty ? "" : l.pick("; bedoelde u \(quoted)?", "; did you mean \(quoted)?"))
        case .badLocation(let text):
            return l.pick(
                "kan de plaats '\(text)' niet lezen: gebruik lon,lat (bijv. 5.7220,52.5185), rd:x,y (bijv. rd:177724,503478) of een straatnaam",
                "cannot read location '\(text)': use lon,lat (e.g. 5.7220,52.5185), rd:x,y (e.g. rd:177724,503478) or a street name")
        case .viaTooFar(let index, let distance, let limit):
            return l.pick(
                "via-punt \(index + 1) ligt \(meters(distance)) m van de dichtstbijzijnde straat; dat mag hoogstens \(Int(limit)) m zijn",
                "via point \(index + 1) is \(meters(distance)) m from the nearest street; it must be within \(Int(limit)) m")
        case .vertexOutOfRange(let edgeID, let vertex, let vertexCount):
            return ErrorReport.internalPrefix(l)
                + l.pick(
                    "rand \(edgeID) noemt knoop \(vertex), verwacht 0..<\(vertexCount)",
                    "edge \(edgeID) names vertex \(vertex), expected 0..<\(vertexCount)")
        case .invalidLength(let edgeID, let lengthMeters):
            return ErrorReport.internalPrefix(l)
                + l.pick(
                    "rand \(edgeID) heeft lengte \(lengthMeters) m, verwacht een eindige lengte ≥ 0",
                    "edge \(edgeID) has length \(lengthMeters) m, expected a finite length ≥ 0")
        case .duplicateEdgeID(let id):
            return ErrorReport.internalPrefix(l)
                + l.pick("rand-id \(id) komt meer dan eens voor", "edge id \(id) is used more than once")
        case .vertexNotInGraph(let vertex, let vertexCount):
            return ErrorReport.internalPrefix(l)
                + l.pick(
                    "knoop \(vertex) zit niet in de graaf, verwacht 0..<\(vertexCount)",
                    "vertex \(vertex) is not in the graph, expected 0..<\(vertexCount)")
        case .requiredEdgeUnreachable(let edgeID, let start):
            return l.pick(
                "straatsegment \(edgeID) is vanaf het startpunt (knoop \(start)) niet te bereiken: de straten hangen niet samen",
                "required edge \(edgeID) cannot be reached from start vertex \(start): the streets are not connected")
        case .viaVertexUnreachable(let vertex, let start):
            return l.pick(
                "via-knoop \(vertex) is vanaf het startpunt (knoop \(start)) niet te bereiken: de straten hangen niet samen",
                "via vertex \(vertex) cannot be reached from start vertex \(start): the streets are not connected")
        case .invalidGroupCount(let count):
            return l.pick("aantal groepen \(count) is ongeldig, verwacht minstens 1", "group count \(count) is invalid, expected at least 1")
        case .edgeRoundTripTooLong(let edgeID, let roundTrip, let maxLength):
            return l.pick(
                "alleen al straatsegment \(edgeID) vraagt een wandeling van \(meters(roundTrip)) m vanaf het startpunt, "
                    + "langer dan de grens van \(meters(maxLength)) m",
                "edge \(edgeID) alone needs a \(meters(roundTrip)) m walk from the start, "
                    + "longer than the limit of \(meters(maxLength)) m")
        case .streetTooFar(let street, let highway, let position, let distance, let roundTrip, let roundTripMinutes, let maxMinutes):
            // An unnamed way is found by its position (latitude, longitude, as map sites take it).
            let place = String(format: "%.5f, %.5f", position.latitude, position.longitude)
            let what = street.map { "'\($0)'" } ?? (Self.highwayWords(highway, l) + l.pick(" bij ", " at ") + place)
            let km = { (m: Double) in Self.kilometres(m, l) }
            return l.pick(
                "\(what) ligt \(km(distance)) van het startpunt: heen, erlangs en terug is al \(km(roundTrip)), "
                    + "\(Int(roundTripMinutes.rounded())) minuten lopen, meer dan de \(Int(maxMinutes.rounded())) minuten die een wandeling mag duren (--max-minutes); "
                    + "kies een startpunt dichterbij, een kleiner gebied (--area) of meer tijd",
                "\(what) is \(km(distance)) from the start: there, along it and back is already \(km(roundTrip)), "
                    + "\(Int(roundTripMinutes.rounded())) minutes of walking, more than the \(Int(maxMinutes.rounded())) minutes a walk may take (--max-minutes); "
                    + "choose a start nearer to it, a smaller area (--area) or more time")
        case .noGroupCountFitsInTime(let maximumGroupCount, let longestWalk, let maxMinutes):
            return l.pick(
                "ook met \(maximumGroupCount) groepen past niet elke wandeling (met de stops) in \(Int(maxMinutes.rounded())) minuten; "
                    + "de langste is \(Self.kilometres(longestWalk, l)). Kies een kleiner gebied (--area), een startpunt in het midden of meer tijd",
                "even with \(maximumGroupCount) groups not every walk (stops included) fits in \(Int(maxMinutes.rounded())) minutes; "
                    + "the longest is \(Self.kilometres(longestWalk, l)). Choose a smaller area (--area), a start in the middle or more time")
        case .noGroupCountFits(let maximumGroupCount, let longestWalk, let maxLength):
            return l.pick(
                "met \(maximumGroupCount) groepen is de langste wandeling nog \(meters(longestWalk)) m, "
                    + "langer dan de grens van \(meters(maxLength)) m",
                "with \(maximumGroupCount) groups the longest walk is still \(meters(longestWalk)) m, "
                    + "longer than the limit of \(meters(maxLength)) m")
        case .matchingTooLarge(let oddJunctions, let estimatedBytes, let limitBytes):
            let estimate = Self.size(estimatedBytes, l)
            let limit = Self.size(limitBytes, l)
            return l.pick(
                "de te lopen straten hebben \(oddJunctions) kruispunten met een oneven aantal straten; die exact koppelen "
                    + "kan tot ongeveer \(estimate) geheugen vragen, meer dan de grens van \(limit). Plan één buurt met "
                    + "--area FILE --area-code CODE, of gebruik een kleiner stratenbestand (--max-matching-memory verhoogt de grens)",
                "the streets to walk have \(oddJunctions) junctions with an odd number of streets; matching them exactly "
                    + "may need up to about \(estimate) of memory, more than the limit of \(limit). Plan one buurt with "
                    + "--area FILE --area-code CODE, or use a smaller street file (--max-matching-memory raises the limit)")
        }
    }
}
