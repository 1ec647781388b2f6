import SchouwCore

/// Why a file could not be read or written: the one error enum of the formats module. Every case names
/// the file (its last path component, or the path as given) and, where there is one, the line, column,
/// element, feature or JSON path, so the message can be acted on.
///
/// Everything here is bad input (exit 1) except ``sqlite(file:reason:)``, a failure of SQLite itself.
public enum FormatError: SchouwError, Hashable {
    // MARK: Any file

    /// The file does not exist, is a folder, or could not be read.
    case unreadable(file: String, reason: Phrase)
    /// An output file that cannot be created or written (a missing folder, no permission).
    case unwritable(file: String, reason: String)
    /// SQLite failed while reading or writing a GeoPackage (disk I/O, out of memory): internal.
    case sqlite(file: String, reason: String)

    // MARK: XML (OpenStreetMap, GPX)

    /// An OpenStreetMap file with no bytes, or only white space.
    case emptyFile(file: String)
    /// The root element is not `<osm>` (for example an `<osmChange>` diff or some other XML).
    case notOSM(file: String, line: Int, root: String)
    /// A GPX file without a `<gpx>` element.
    case notGPX(file: String)
    /// A GPX file that is not valid XML, or holds an element that cannot be read (a point without a position).
    case invalidGPX(file: String, line: Int, reason: Phrase)
    /// The XML is not well-formed, for example because the file was truncated.
    case malformedXML(file: String, line: Int, column: Int, reason: Phrase)
    /// An element lacks a required attribute or has a value out of range; `element` is for example
    /// `node 42` and `reason` `lat "abc" is not a number`.
    case invalidElement(file: String, line: Int, element: String, reason: Phrase)
    /// An OpenStreetMap PBF file that libreadosm cannot read: empty, not PBF, a block that does not unzip,
    /// a truncated file.
    case invalidPBF(file: String, reason: Phrase)
    /// Ways refer to nodes that are not in the file; every such way is listed.
    case missingNodes(file: String, ways: [OSMMissingNodes])
    /// Nodes or ways share an id but differ (position, node list or tags): which one is meant cannot be
    /// known, so nothing is read. Every such id is listed with its lines.
    case conflictingIDs(file: String, ids: [OSMRepeatedID])

    // MARK: GeoJSON

    /// Broken JSON (with line and column) or invalid GeoJSON (with the JSON path).
    case geoJSON(GeoJSONProblem)

    // MARK: CSV

    /// A quoted field that is never closed; `line` is where its quote opened.
    case unterminatedQuote(file: String?, line: Int)
    /// Bytes that are not text in the encoding a byte order mark `declared`, or, without one (nil),
    /// neither UTF-8 nor Windows-1252; `line` holds the first such byte.
    case undecodableText(file: String?, line: Int, declared: TextEncoding?)
    /// A NUL character (byte 0), which no spreadsheet writes in a CSV file: another kind of file
    /// (such as .xlsx), a damaged one, or UTF-16 without a byte order mark.
    case nulCharacter(file: String?, line: Int)
    /// A CSV file without a single line (no bytes, only a byte order mark, or only blank lines).
    case emptyCSV(file: String?)

    // MARK: GeoPackage

    /// The file is not a GeoPackage: empty, not SQLite at all, or without `gpkg_contents` or
    /// `gpkg_geometry_columns`; `reason` says which.
    case notGeoPackage(file: String, reason: Phrase)
    /// A GeoPackage that SQLite cannot read: damaged or truncated, a layer whose table is missing, a value
    /// of the wrong kind in a GeoPackage table, a value larger than the reader takes.
    case unreadableGeoPackage(file: String, reason: Phrase)
    /// A GeoPackage whose `gpkg_contents` lists no feature layer (only attribute or tile tables).
    case noFeatureLayer(file: String)
    /// A query that did not finish within the time allowed, such as a layer that is a recursive view
    /// without end; `layer` is nil when it was not a layer's query.
    case geoPackageTimeout(file: String, layer: String?, seconds: Int)
    /// No feature layer of that name.
    case noSuchLayer(file: String, layer: String, layers: [String])
    /// Several feature layers and none was named.
    case ambiguousLayer(file: String, layers: [String])
    /// A layer whose `srs_id` is no EPSG code.
    case noEPSGCode(file: String, layer: String, srsID: Int)
    /// A layer whose EPSG code PROJ does not know.
    case unknownLayerCRS(file: String, layer: String, crs: String)
    /// A geometry blob that is not a GeoPackage geometry, before its file is known.
    case invalidGeometryBlob(Phrase)
    /// A feature whose geometry cannot be decoded.
    case invalidGeometry(file: String, layer: String, feature: Int64, reason: Phrase)

    // MARK: CBS buurt files

    /// A feature without any of the buurt code fields.
    case missingBuurtCode(file: String, feature: Int, found: [String])
    /// A buurt whose geometry is not a (multi)polygon.
    case buurtNotAPolygon(file: String, feature: Int, code: String, name: String, found: String)
    /// A buurt whose geometry cannot be used in its file's CRS (a coordinate outside it); `reason` is the
    /// geometry module's message.
    case unusableBuurtGeometry(file: String, feature: Int, code: String, name: String, reason: Phrase)
    /// Two features share a buurt code.
    case duplicateBuurtCode(file: String, code: String)
    /// No buurt with the code asked for; `known` lists "code (name)" of every buurt.
    /// `skippedWater` lists the water buurten left out, which may be the one asked for.
    case unknownBuurtCode(file: String, code: String, known: [String], skippedWater: [String])
    /// No buurt with the name asked for.
    case unknownBuurtName(file: String, name: String, known: [String], skippedWater: [String])
    /// Several buurten have the name asked for.
    case ambiguousBuurtName(file: String, name: String, codes: [String])

    // MARK: Vector files

    /// A file whose extension says no format this reader knows; `expected` lists the extensions.
    case unknownFileType(file: String, expected: String)
    /// Bytes that are not one JSON text (RFC 8259); `file` is nil for a stored value.
    case notJSON(file: String?, line: Int, column: Int, reason: Phrase)

    public var exitClass: ExitClass {
        if case .sqlite = self { return .internalFailure }
        return .badInput
    }

    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): " + l.pick("kan het bestand niet lezen: ", "cannot read the file: ") + reason.text(l)
        case .unwritable(let file, let reason):
            return "\(file): " + l.pick("kan het bestand niet schrijven: ", "cannot write the file: ") + reason
        case .sqlite(let file, let reason):
            return ErrorReport.internalPrefix(l) + "\(file): SQLite: \(reason)"
        case .emptyFile(let file):
            return "\(file): "
                + l.pick(
                    "het bestand is leeg; verwacht OpenStreetMap-XML die begint met <osm>",
                    "the file is empty; expected OpenStreetMap XML starting with <osm>")
        case .notOSM(let file, let line, let root):
            return "\(file): " + l.pick("regel \(line): ", "line \(line): ")
                + l.pick(
                    "het hoofdelement is <\(root)>, verwacht <osm> (OpenStreetMap-XML)",
                    "the root element is <\(root)>, expected <osm> (OpenStreetMap XML)")
        case .notGPX(let file):
            return "\(file): " + l.pick("geen <gpx>-element", "no <gpx> element")
        case .invalidGPX(let file, let line, let reason):
            return "\(file), " + l.pick("regel \(line): ", "line \(line): ") + reason.text(l)
        case .malformedXML(let file, let line, let column, let reason):
            return "\(file): " + l.pick("regel \(line), kolom \(column): XML-fout: ", "line \(line), column \(column): XML error: ")
                + reason.text(l)
        case .invalidElement(let file, let line, let element, let reason):
            // Line 0: a PBF file, which has no lines.
            return "\(file): " + (line > 0 ? l.pick("regel \(line): ", "line \(line): ") : "") + "\(element): " + reason.text(l)
        case .invalidPBF(let file, let reason):
            return "\(file): " + l.pick("geen leesbaar OpenStreetMap-PBF-bestand: ", "not a readable OpenStreetMap PBF file: ") + reason.text(l)
        case .missingNodes(let file, let ways):
            return "\(file): " + OSMMissingNodes.summary(of: ways, l)
        case .conflictingIDs(let file, let ids):
            return "\(file): " + OSMRepeatedID.conflictSummary(of: ids, l)
        case .geoJSON(let problem):
            return problem.message(l)
        case .unterminatedQuote(let file, let line):
            return (file.map { "\($0): " } ?? "") + l.pick("regel \(line): ", "line \(line): ")
                + l.pick(
                    "een veld tussen aanhalingstekens wordt niet afgesloten", "a quoted field is not closed")
        case .undecodableText(let file, let line, let declared):
            let place = (file.map { "\($0): " } ?? "") + l.pick("regel \(line): ", "line \(line): ")
            guard let declared else {
                return place
                    + l.pick(
                        "tekens die geen UTF-8 en ook geen Windows-1252 zijn; sla het bestand in Excel op als "
                            + "\"CSV UTF-8 (door komma's gescheiden)\"",
                        "bytes that are neither UTF-8 nor Windows-1252; save the file from Excel as \"CSV UTF-8 (Comma delimited)\"")
            }
            return place
                + l.pick(
                    "ongeldige tekens voor \(declared.name), de codering die de byte order mark aan het begin noemt; "
                        + "is het bestand afgekapt of beschadigd?",
                    "invalid characters for \(declared.name), the encoding the byte order mark at the start names; "
                        + "is the file truncated or damaged?")
        case .nulCharacter(let file, let line):
            return (file.map { "\($0): " } ?? "") + l.pick("regel \(line): ", "line \(line): ")
                + l.pick(
                    "een NUL-teken (byte 0), dat in een CSV-bestand niet voorkomt: is het een ander soort bestand "
                        + "(zoals .xlsx), beschadigd, of UTF-16 zonder byte order mark?",
                    "a NUL character (byte 0), which a CSV file never holds: is it another kind of file (such as .xlsx), "
                        + "damaged, or UTF-16 without a byte order mark?")
        case .emptyCSV(let file):
            return (file.map { "\($0): " } ?? "")
                + l.pick(
                    "het bestand is leeg; verwacht een kopregel met de kolomnamen",
                    "the file is empty; expected a header line with the column names")
        case .notGeoPackage(let file, let reason):
            return "\(file): " + l.pick("geen GeoPackage (", "not a GeoPackage (") + reason.text(l) + ")"
        case .unreadableGeoPackage(let file, let reason):
            return "\(file): " + l.pick("kan de GeoPackage niet lezen: ", "cannot read the GeoPackage: ") + reason.text(l)
        case .noFeatureLayer(let file):
            return "\(file): "
                + l.pick(
                    "geen laag met objecten (gpkg_contents noemt geen tabel met data_type 'features')",
                    "no feature layer (gpkg_contents lists no table with data_type 'features')")
        case .geoPackageTimeout(let file, let layer, let seconds):
            guard let layer else {
                return "\(file): " + l.pick("SQLite gaf binnen \(seconds) s geen antwoord", "SQLite gave no answer within \(seconds) s")
            }
            return "\(file): "
                + l.pick(
                    "laag '\(layer)' gaf binnen \(seconds) s geen antwoord; is het een view die niet eindigt? "
                        + "Een laag moet een tabel zijn, of een view die snel antwoordt",
                    "layer '\(layer)' gave no answer within \(seconds) s; is it a view without end? "
                        + "A layer must be a table, or a view that answers quickly")
        case .noSuchLayer(let file, let layer, let layers):
            return "\(file): "
                + l.pick("geen laag '\(layer)'; lagen: ", "no feature layer '\(layer)'; layers: ")
                + layers.joined(separator: ", ")
        case .ambiguousLayer(let file, let layers):
            return "\(file): "
                + l.pick("\(layers.count) lagen; noem er een: ", "\(layers.count) feature layers; name one of: ")
                + layers.joined(separator: ", ")
        case .noEPSGCode(let file, let layer, let srsID):
            return "\(file): "
                + l.pick(
                    "laag '\(layer)' heeft srs_id \(srsID), dat geen EPSG-coördinatenstelsel is",
                    "layer '\(layer)' has srs_id \(srsID), which is no EPSG CRS")
        case .unknownLayerCRS(let file, let layer, let crs):
            return "\(file): "
                + l.pick(
                    "laag '\(layer)' is in \(crs), dat PROJ niet kent; gebruik bijvoorbeeld EPSG:28992 (RD New) of EPSG:4326 (WGS84)",
                    "layer '\(layer)' is in \(crs), which PROJ does not know; use e.g. EPSG:28992 (RD New) or EPSG:4326 (WGS84)")
        case .invalidGeometryBlob(let reason):
            return reason.text(l)
        case .invalidGeometry(let file, let layer, let feature, let reason):
            return "\(file), " + l.pick("laag \(layer), object \(feature): ", "layer \(layer), feature \(feature): ") + reason.text(l)
        case .missingBuurtCode(let file, let feature, let found):
            return "\(file): " + l.pick("object \(feature) heeft geen buurtcode; verwacht een van de velden ", "feature \(feature) has no buurt code; expected one of the fields ")
                + BuurtFieldAliases.code.joined(separator: ", ") + l.pick(" (gevonden: ", " (found: ")
                + found.joined(separator: ", ") + ")"
        case .buurtNotAPolygon(let file, let feature, let code, let name, let found):
            return "\(file): "
                + l.pick(
                    "object \(feature) (\(code) \(name)) is een \(found); verwacht een Polygon of MultiPolygon",
                    "feature \(feature) (\(code) \(name)) has \(found); expected a Polygon or MultiPolygon")
        case .unusableBuurtGeometry(let file, let feature, let code, let name, let reason):
            return "\(file): " + l.pick("object \(feature) (\(code) \(name)): ", "feature \(feature) (\(code) \(name)): ") + reason.text(l)
        case .duplicateBuurtCode(let file, let code):
            return "\(file): " + l.pick("buurtcode \(code) komt meer dan eens voor", "buurt code \(code) occurs more than once")
        case .unknownBuurtCode(let file, let code, let known, let skippedWater):
            if skippedWater.contains(where: { $0.caseInsensitiveCompare(code) == .orderedSame }) {
                return "\(file): " + l.pick("\(code) is een waterbuurt en wordt overgeslagen", "\(code) is a water buurt and is skipped")
            }
            return "\(file): " + l.pick("geen buurt met code \(code); de codes zijn: ", "no buurt with code \(code); the codes are: ")
                + known.joined(separator: ", ") + Self.skippedWaterNote(skippedWater, l)
        case .unknownBuurtName(let file, let name, let known, let skippedWater):
            return "\(file): " + l.pick("geen buurt met de naam \(name); de codes zijn: ", "no buurt named \(name); the codes are: ")
                + known.joined(separator: ", ") + Self.skippedWaterNote(skippedWater, l)
        case .ambiguousBuurtName(let file, let name, let codes):
            return "\(file): "
                + l.pick("\(codes.count) buurten heten \(name): ", "\(codes.count) buurten are named \(name): ")
                + codes.joined(separator: ", ") + l.pick("; geef een code", "; give a code")
        case .notJSON(let file, let line, let column, let reason):
            return (file.map { "\($0): " } ?? "") + l.pick("regel \(line), kolom \(column): geen geldige JSON: ", "line \(line), column \(column): not valid JSON: ")
                + reason.text(l)
        case .unknownFileType(let file, let expected):
            return "\(file): " + l.pick("onbekend bestandstype; verwacht ", "unknown file type; expected ") + expected
        }
    }

    /// "; waterbuurten overgeslagen: BU…" when water buurten were left out, so a user looking for one knows why.
    private static func skippedWaterNote(_ codes: [String], _ l: Language) -> String {
        guard !codes.isEmpty else { return "" }
        return l.pick("; overgeslagen waterbuurten: ", "; water buurten skipped: ") + codes.joined(separator: ", ")
    }
}
