import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// Why one input value (a CSV cell, a GPX waypoint, a command-line option) cannot be used.
public enum IssueReason: Hashable, Sendable {
    case missingField
    case missingLocation
    case unknownCategory
    case unknownSubcategory(category: String)
    case unknownLevel
    /// A level word of another scale that means several levels of the schouw's scale (`codes`):
    /// "slecht" on a CROW schouw is C or D (`candidates`).
    case ambiguousLevel(candidates: [String], codes: [String])
    /// Not a level of the schouw's scale (`codes`), nor a word that maps onto one.
    case levelOffScale(codes: [String])
    /// The schouw has no stored plan (and no route was given), so there are no checkpoints.
    case noPlan
    /// A route file without checkpoints.
    case noCheckpoints
    /// A group the plan does not have; `known` are its groups.
    case unknownGroup(known: [String])
    /// A quality scale the taxonomy does not have; `scales` are its own.
    case unknownScale(scales: [String])
    case badNumber
    case coordinateOutOfRange(expected: String)
    case coordinatesSwapped
    case outOfArea(distanceMeters: Double, area: String)
    case duplicate(of: String, distanceMeters: Double)
    case unknownCheckpoint(group: String?)
    case ambiguousCheckpoint(groups: [String])
    case unknownStreet
    case unknownStatus
    case unknownOwner
    case badTime
    case badID
    case idExists
    /// A short id that is not a group prefix, a dash and a number (`A-12`).
    case badShortID
    /// A short id that another finding of the schouw has, or that the file gives twice.
    case shortIDExists
    case photoUnreadable(String)
    case photoWithoutPosition
    case photosNeedFileDatabase
    case notAPoint(String)
    /// A GPX waypoint without `<type>` whose name (the value) is not a category, imported without `--category`.
    case waypointWithoutCategory
    /// A GPX route written by `schouw plan`: checkpoints to walk past, not findings.
    case plannedRoute
    /// A GPX file without waypoints (only tracks or routes).
    case noWaypoints
    /// The file's structure is wrong, in the words of the reader that found it.
    case malformedFile(Phrase)
    /// A CSV header names a column the import does not know; `column` is its spreadsheet letter.
    case unknownColumn(column: String)
    /// A CSV column fills the same field as an earlier one (the same name, or `text` and `tekst`).
    case duplicateColumn(column: String, earlier: String, earlierName: String)
    /// A CSV value in a column without a name: an empty header cell, or past the header's end.
    case valueWithoutColumn(column: String)
    /// Not an action status (open, in_behandeling, afgehandeld, geannuleerd).
    case unknownActionStatus
    /// An action cannot move from `from` to the value; `allowed` are the statuses it can move to.
    case actionTransition(from: String, allowed: [String])
    /// A word within two edits of a partner kind: taken for a typo, not for an organisation's name.
    case misspeltPartner
    /// A department belongs to the gemeente only.
    case departmentNeedsGemeente
    /// Not a day (`2025-10-31`, `31-10-2025`).
    case badDate
    /// An "after" photo belongs to an afgehandeld action.
    case photoNeedsDone
    /// No finding of the schouw has this short id or UUID.
    case unknownFinding
    /// An action number or id that another action has.
    case actionExists
}

/// One problem with one input value, with where it came from and a suggestion when there is one.
public struct InputIssue: Hashable, Sendable, CustomStringConvertible {
    /// The input file's name, or nil for command-line input.
    public var file: String?
    /// The line in the file (1-based; the header is line 1 of a CSV).
    public var line: Int?
    /// The field (column, option or element) that holds the bad value.
    public var field: String
    /// The value as given.
    public var value: String?
    public var reason: IssueReason
    /// A corrected value, e.g. the code nearest to a misspelt category.
    public var suggestion: String?

    public init(file: String? = nil, line: Int? = nil, field: String, value: String? = nil, reason: IssueReason, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.value = value
        self.reason = reason
        self.suggestion = suggestion
    }

    public var description: String { message(.en) }

    /// "walk.csv, regel 3, veld 'category': onbekende categorie 'zwerfvul'; bedoelde u 'zwerfvuil'?"
    public func message(_ language: Language) -> String {
        let nl = language == .nl
        var place: [String] = []
        if let file { place.append(file) }
        if let line { place.append(nl ? "regel \(line)" : "line \(line)") }
        place.append(nl ? "veld '\(field)'" : "field '\(field)'")
        var text = place.joined(separator: ", ") + ": " + Messages.reason(reason, value: value ?? "", language)
        if let suggestion { text += nl ? "; bedoelde u '\(suggestion)'?" : "; did you mean '\(suggestion)'?" }
        return text
    }
}

/// Failures of the store. Bad input (exit 1) is kept apart from library and I/O failures (exit 3).
public enum StoreError: SchouwError {
    /// Input that cannot be used; nothing was changed.
    case invalidInput([InputIssue])
    /// No schouw database at the path.
    case noDatabase(String)
    /// A PostgreSQL URL given to a command that works on a schouw file only (for now).
    case fileOnly(String)
    /// `init` on an existing database.
    case databaseExists(String)
    /// SQLite cannot open the file as a database (not an SQLite file, no permission, a missing folder).
    case cannotOpen(String, reason: String)
    case notFound(id: String)
    /// No action with this number or id.
    case actionNotFound(String)
    case ambiguousID(String, matches: Int)
    /// `purge` of an observation that was not removed first (only removed ones can be purged).
    case notRemoved(id: String)
    case unreadableFile(String, Phrase)
    case invalidTaxonomy(String, Phrase)
    case areaNotFound(file: String, code: String, suggestion: String?)
    case unsupportedFormat(String)
    /// A group's photos with the new ones would be more than its quota (count or bytes); `usage` is what
    /// the group has now. Checked inside the write transaction, so two writers cannot both pass it.
    case photoQuotaExceeded(group: String, usage: PhotoUsage, quota: PhotoQuota)
    /// SQLite, GEOS or PROJ failed.
    case library(String)
    /// The database server could not be reached or the connection was lost (`store` is the URL
    /// without password); what was not committed is not stored.
    case serverUnavailable(store: String, reason: String)
    /// The connection was lost while the server was committing: whether the change was stored is not
    /// known (the server may have committed it before the answer got lost). Nothing was retried.
    case commitUnknown(store: String, reason: String)
    /// A store URL that cannot be used (`postgresql://USER@/DATABASE?host=/run/postgresql`).
    case badStoreURL(String, reason: String)
    /// `--schouw NAME` names no schouw of the store (`available` are its schouwen).
    case noSchouw(store: String, name: String?, available: [String])
    /// The store holds several schouwen and no `--schouw` was given.
    case schouwNeeded(store: String, available: [String])
    /// `init` with a schouw name the store already holds.
    case schouwExists(store: String, name: String)

    public var exitClass: ExitClass {
        switch self {
        case .library, .serverUnavailable, .commitUnknown: return .internalFailure
        default: return .badInput
        }
    }

    public var isBadInput: Bool { exitClass == .badInput }

    public func message(_ language: Language) -> String {
        let nl = language == .nl
        switch self {
        case .invalidInput(let issues):
            let head =
                nl ? "\(issues.count) fout(en) in de invoer; er is niets veranderd:"
                : "\(issues.count) problem(s) in the input; nothing was changed:"
            return ([head] + issues.map { "  " + $0.message(language) }).joined(separator: "\n")
        case .fileOnly(let url):
            return nl
                ? "\(url): deze opdracht werkt (nog) alleen met een schouwbestand, niet met PostgreSQL; "
                    + "kopieer de schouw naar een bestand met `schouw copy \(url) schouw.schouw` en geef dat bestand"
                : "\(url): this command works on a schouw file only (for now), not on PostgreSQL; "
                    + "copy the schouw to a file with `schouw copy \(url) schouw.schouw` and give that file"
        case .noDatabase(let path):
            return nl
                ? "\(path): geen schouwdatabase; maak er een met `schouw init \(path) --name … --date …`"
                : "\(path): not a schouw database; create one with `schouw init \(path) --name … --date …`"
        case .cannotOpen(let path, let reason):
            return nl
                ? "\(path) kan niet als schouwdatabase geopend worden (SQLite: \(reason))"
                : "cannot open \(path) as a schouw database (SQLite: \(reason))"
        case .databaseExists(let path):
            return nl ? "\(path) bestaat al; kies een andere naam" : "\(path) already exists; choose another name"
        case .notFound(let id):
            return nl ? "geen waarneming met id '\(id)'" : "no observation with id '\(id)'"
        case .actionNotFound(let id):
            return nl
                ? "geen actie '\(id)'; `schouw action list` toont de nummers"
                : "no action '\(id)'; `schouw action list` shows the numbers"
        case .notRemoved(let id):
            return nl
                ? "waarneming '\(id)' is niet verwijderd; verwijder haar eerst met `schouw observe remove`, daarna kan ze definitief weg"
                : "observation '\(id)' was not removed; remove it first with `schouw observe remove`, then it can be purged"
        case .ambiguousID(let id, let matches):
            return nl
                ? "'\(id)' past bij \(matches) waarnemingen; geef meer tekens van het id"
                : "'\(id)' matches \(matches) observations; give more characters of the id"
        case .unreadableFile(let path, let reason):
            return nl ? "\(path) kan niet gelezen worden: \(reason.nl)" : "cannot read \(path): \(reason.en)"
        case .invalidTaxonomy(let path, let reason):
            return nl ? "\(path) is geen geldige taxonomie: \(reason.nl)" : "\(path) is not a valid taxonomy: \(reason.en)"
        case .areaNotFound(let file, let code, let suggestion):
            let hint = suggestion.map { nl ? "; bedoelde u '\($0)'?" : "; did you mean '\($0)'?" } ?? ""
            return (nl ? "\(file) heeft geen gebied met code '\(code)'" : "\(file) has no area with code '\(code)'") + hint
        case .unsupportedFormat(let file):
            return nl
                ? "\(file): onbekend formaat; gebruik .csv, .gpx, .geojson of .json"
                : "\(file): unknown format; use .csv, .gpx, .geojson or .json"
        case .photoQuotaExceeded(_, let usage, let quota):
            let mb = { (bytes: Int64) in (bytes + 1024 * 1024 - 1) / (1024 * 1024) }
            return nl
                ? "Jullie groep heeft geen ruimte meer voor deze foto’s: er staan er al \(usage.count) van de \(quota.count) "
                    + "(\(mb(usage.bytes)) van de \(mb(quota.bytes)) MB). Sla de melding op zonder foto’s, of vraag de organisator om ruimte."
                : "Your group has no room left for these photos: it already has \(usage.count) of \(quota.count) "
                    + "(\(mb(usage.bytes)) of \(mb(quota.bytes)) MB). Save the finding without photos, or ask the organizer for room."
        case .library(let reason):
            return nl ? "interne fout: \(reason)" : "internal failure: \(reason)"
        case .serverUnavailable(let store, let reason):
            return nl
                ? "de databaseserver \(store) is niet bereikbaar of de verbinding is verbroken (\(reason)); wat niet was vastgelegd is niet opgeslagen, probeer het opnieuw"
                : "the database server \(store) cannot be reached or the connection was lost (\(reason)); nothing uncommitted was stored, try again"
        case .commitUnknown(let store, let reason):
            return nl
                ? "de verbinding met \(store) viel weg terwijl de wijziging werd vastgelegd (\(reason)); of ze is opgeslagen is onbekend: kijk met `schouw observe list` voordat u het opnieuw probeert"
                : "the connection to \(store) was lost while the change was being committed (\(reason)); whether it was stored is unknown: check with `schouw observe list` before trying again"
        case .badStoreURL(let text, let reason):
            return nl
                ? "\(text) is geen bruikbare database-URL (\(reason)); bijvoorbeeld postgresql://schouw@/schouw?host=/run/postgresql"
                : "\(text) is not a usable database URL (\(reason)); for example postgresql://schouw@/schouw?host=/run/postgresql"
        case .noSchouw(let store, let name, let available):
            let list = available.isEmpty ? (nl ? "geen" : "none") : available.joined(separator: ", ")
            if let name {
                return nl
                    ? "\(store) heeft geen schouw '\(name)' (wel: \(list))"
                    : "\(store) has no schouw '\(name)' (it has: \(list))"
            }
            return nl
                ? "\(store) heeft nog geen schouw; maak er een met `schouw init \(store) --name … --date …`"
                : "\(store) holds no schouw yet; create one with `schouw init \(store) --name … --date …`"
        case .schouwNeeded(let store, let available):
            return nl
                ? "\(store) heeft \(available.count) schouwen; kies er een met --schouw NAAM: \(available.joined(separator: ", "))"
                : "\(store) holds \(available.count) schouwen; choose one with --schouw NAME: \(available.joined(separator: ", "))"
        case .schouwExists(let store, let name):
            return nl
                ? "\(store) heeft al een schouw '\(name)'; kies een andere naam"
                : "\(store) already holds a schouw '\(name)'; choose another name"
        }
    }
}

/// The message catalogue for issue reasons.
enum Messages {
    static func reason(_ reason: IssueReason, value: String, _ language: Language) -> String {
        let nl = language == .nl
        switch reason {
        case .missingField: return nl ? "ontbreekt" : "is missing"
        case .missingLocation:
            return nl
                ? "geen plaats: geef coördinaten (lon/lat of RD x/y), een controlepunt, een straat of een foto met GPS"
                : "no location: give coordinates (lon/lat or RD x/y), a checkpoint, a street or a photo with GPS"
        case .unknownCategory: return nl ? "onbekende categorie '\(value)'" : "unknown category '\(value)'"
        case .unknownSubcategory(let category):
            return nl
                ? "onbekende subcategorie '\(value)' bij categorie '\(category)'"
                : "unknown subcategory '\(value)' for category '\(category)'"
        case .unknownLevel:
            return nl
                ? "onbekend niveau '\(value)' (gebruik A+, A, B, C, D of goed, slecht, plus)"
                : "unknown level '\(value)' (use A+, A, B, C, D or goed, slecht, plus)"
        case .ambiguousLevel(let candidates, let codes):
            let list = codes.joined(separator: ", ")
            let choice = candidates.dropLast().joined(separator: ", ") + (nl ? " of " : " or ") + (candidates.last ?? "")
            return nl
                ? "niveau '\(value)' hoort niet bij de schaal van deze schouw (\(list)); bedoelt u \(choice)?"
                : "level '\(value)' is not on this schouw's scale (\(list)); do you mean \(choice)?"
        case .levelOffScale(let codes):
            let list = codes.joined(separator: ", ")
            return nl
                ? "niveau '\(value)' hoort niet bij de schaal van deze schouw (\(list))"
                : "level '\(value)' is not on this schouw's scale (\(list))"
        case .noPlan:
            return nl
                ? "de database kent geen route; sla hem op met `schouw plan … --db DB`, of geef --route met de checkpoints.geojson (of de map) van `schouw plan`"
                : "the database holds no route; save it with `schouw plan … --db DB`, or give --route with the checkpoints.geojson (or the folder) of `schouw plan`"
        case .noCheckpoints:
            return nl
                ? "geen controlepunten (Point-features met 'group' en 'number', zoals in checkpoints.geojson van `schouw plan`)"
                : "no checkpoints (Point features with 'group' and 'number', as in the checkpoints.geojson of `schouw plan`)"
        case .unknownGroup(let known):
            return nl
                ? "onbekende groep '\(value)' (de route heeft: \(known.joined(separator: ", ")))"
                : "unknown group '\(value)' (the route has: \(known.joined(separator: ", ")))"
        case .unknownScale(let scales):
            let list = scales.joined(separator: ", ")
            return nl ? "de taxonomie heeft geen schaal '\(value)' (wel: \(list))" : "the taxonomy has no scale '\(value)' (it has: \(list))"
        case .badNumber: return nl ? "'\(value)' is geen getal" : "'\(value)' is not a number"
        case .coordinateOutOfRange(let expected):
            return nl ? "'\(value)' valt buiten het bereik \(expected)" : "'\(value)' is outside the range \(expected)"
        case .coordinatesSwapped:
            return nl
                ? "'\(value)' lijkt lengte- en breedtegraad verwisseld (lon komt eerst, in Nederland 3-8; lat 50-54)"
                : "'\(value)' looks like longitude and latitude swapped (lon comes first, 3-8 in the Netherlands; lat 50-54)"
        case .outOfArea(let distance, let area):
            let meters = Int(distance.rounded())
            return nl
                ? "punt ligt \(meters) m buiten het schouwgebied \(area) (toegestaan: 250 m)"
                : "point lies \(meters) m outside the schouw area \(area) (allowed: 250 m)"
        case .duplicate(let id, let distance):
            let meters = language.decimal(distance, places: 1)
            return nl
                ? "waarschijnlijk dubbel: zelfde categorie en tekst als \(id) op \(meters) m; overgeslagen (--allow-duplicates neemt het toch op)"
                : "likely duplicate: same category and text as \(id) at \(meters) m; skipped (--allow-duplicates keeps it)"
        case .unknownCheckpoint(let group):
            let inGroup = group.map { nl ? " in groep '\($0)'" : " in group '\($0)'" } ?? ""
            return nl
                ? "controlepunt '\(value)' bestaat niet\(inGroup) (is de route al opgeslagen met `schouw plan`?)"
                : "checkpoint '\(value)' does not exist\(inGroup) (has the route been saved with `schouw plan`?)"
        case .ambiguousCheckpoint(let groups):
            return nl
                ? "controlepunt '\(value)' bestaat in meerdere groepen (\(groups.joined(separator: ", "))); geef de groep"
                : "checkpoint '\(value)' exists in several groups (\(groups.joined(separator: ", "))); give the group"
        case .unknownStreet:
            return nl ? "straat '\(value)' komt niet voor in de route" : "street '\(value)' is not on the route"
        case .unknownStatus:
            return nl
                ? "onbekende status '\(value)' (open, gemeld, in_behandeling, afgehandeld, geannuleerd)"
                : "unknown status '\(value)' (open, gemeld, in_behandeling, afgehandeld, geannuleerd)"
        case .unknownOwner:
            return nl
                ? "onbekende eigenaar '\(value)' (gemeente, woningcorporatie, bewoners, politie, anders)"
                : "unknown owner '\(value)' (gemeente, woningcorporatie, bewoners, politie, anders)"
        case .badTime:
            return nl
                ? "'\(value)' is geen tijd (bijv. 20-9-2025 19:30, 2025-09-20T19:30 of alleen 19:30 op de dag van de schouw)"
                : "'\(value)' is not a time (e.g. 20-9-2025 19:30, 2025-09-20T19:30 or just 19:30 on the day of the schouw)"
        case .badID: return nl ? "'\(value)' is geen UUID" : "'\(value)' is not a UUID"
        case .idExists: return nl ? "id '\(value)' bestaat al" : "id '\(value)' already exists"
        case .badShortID:
            return nl
                ? "'\(value)' is geen kort id (een groepsletter, een streepje en een nummer, bijv. A-12)"
                : "'\(value)' is not a short id (a group letter, a dash and a number, e.g. A-12)"
        case .shortIDExists:
            return nl
                ? "kort id '\(value)' bestaat al (of staat twee keer in het bestand); laat de kolom weg om nieuwe nummers te geven"
                : "short id '\(value)' already exists (or is in the file twice); leave the column out to give new numbers"
        case .photoUnreadable(let reason):
            return nl ? "foto '\(value)' kan niet gelezen worden: \(reason)" : "cannot read photo '\(value)': \(reason)"
        case .photoWithoutPosition:
            return nl ? "foto '\(value)' heeft geen GPS-positie" : "photo '\(value)' has no GPS position"
        case .photosNeedFileDatabase:
            return nl ? "foto's kunnen alleen bij een database op schijf" : "photos need a database on disk"
        case .notAPoint(let type):
            return nl ? "geometrie is een \(type), verwacht een Point" : "geometry is a \(type), expected a Point"
        case .waypointWithoutCategory:
            let what = value.isEmpty
                ? (nl ? "punt zonder naam of type heeft geen categorie" : "point without a name or type has no category")
                : (nl ? "'\(value)' is geen categorie" : "'\(value)' is not a category")
            return what
                + (nl
                    ? "; geef --category CODE om alle punten zonder categorie die categorie te geven"
                    : "; give --category CODE to give every point without a category that category")
        case .plannedRoute:
            return nl
                ? "dit is een route van `schouw plan` (tracks en genummerde controlepunten, geen bevindingen); "
                    + "een bevinding bij een controlepunt gaat met `schouw observe add … --checkpoint N` of een CSV met de kolom checkpoint"
                : "this is a route from `schouw plan` (tracks and numbered checkpoints, not findings); "
                    + "a finding at a checkpoint goes in with `schouw observe add … --checkpoint N` or a CSV with a checkpoint column"
        case .noWaypoints:
            return nl
                ? "geen waypoints (<wpt>); alleen waypoints worden als bevindingen gelezen, geen tracks of routes"
                : "no waypoints (<wpt>); only waypoints are read as findings, not tracks or routes"
        case .malformedFile(let reason): return reason.text(language)
        case .unknownColumn(let column):
            let known = ObservationFiles.fieldColumns.joined(separator: ", ")
            return nl
                ? "onbekende kolom \(column); gebruik de kolommen van `schouw observe template` of \(known), of hun Nederlandse namen"
                : "unknown column \(column); use the columns of `schouw observe template` or \(known), or their Dutch names"
        case .duplicateColumn(let column, let earlier, let earlierName):
            return nl
                ? "kolom \(column) vult hetzelfde veld als kolom \(earlier) ('\(earlierName)'); laat er één staan"
                : "column \(column) fills the same field as column \(earlier) ('\(earlierName)'); keep one of them"
        case .unknownActionStatus:
            return nl
                ? "onbekende status '\(value)' (open, in_behandeling, afgehandeld, geannuleerd)"
                : "unknown status '\(value)' (open, in_behandeling, afgehandeld, geannuleerd)"
        case .actionTransition(let from, let allowed):
            let list = allowed.joined(separator: ", ")
            return nl
                ? "een actie met status '\(from)' kan niet naar '\(value)' (wel naar: \(list))"
                : "an action with status '\(from)' cannot move to '\(value)' (it can move to: \(list))"
        case .misspeltPartner:
            return nl
                ? "'\(value)' lijkt een verschrijving van een soort partner (gemeente, woningcorporatie, politie, bewoners); een eigen naam mag ook, maar niet zo dicht bij een soort"
                : "'\(value)' looks like a misspelt kind of partner (gemeente, woningcorporatie, politie, bewoners); an organisation's own name is fine, but not this close to a kind"
        case .departmentNeedsGemeente:
            return nl ? "een afdeling hoort alleen bij de gemeente" : "a department belongs to the gemeente only"
        case .badDate:
            return nl ? "'\(value)' is geen datum (bijv. 2025-10-31 of 31-10-2025)" : "'\(value)' is not a date (e.g. 2025-10-31 or 31-10-2025)"
        case .photoNeedsDone:
            return nl
                ? "een foto 'na' hoort bij een afgehandelde actie; gebruik `schouw action done … --photo`"
                : "an 'after' photo belongs to a done action; use `schouw action done … --photo`"
        case .unknownFinding:
            return nl ? "geen bevinding met id '\(value)'" : "no finding with id '\(value)'"
        case .actionExists:
            return nl ? "actie '\(value)' bestaat al" : "action '\(value)' already exists"
        case .valueWithoutColumn(let column):
            return nl
                ? "waarde '\(value)' in kolom \(column), die in de kopregel geen naam heeft; geef de kolom een naam, "
                    + "of staat er een scheidingsteken in een tekst zonder aanhalingstekens?"
                : "value '\(value)' in column \(column), which has no name in the header line; name the column, "
                    + "or does a text hold the delimiter without quotes?"
        }
    }
}
