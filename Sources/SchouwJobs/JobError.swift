import SchouwCore

/// Input problems the jobs themselves find (the modules below report their own): the one error enum of
/// the job layer. All are bad input (exit 1).
public enum JobError: SchouwError, Equatable {
    /// The street file has ways that cannot be streets (e.g. a single node); `--lenient` skips them.
    case brokenWays(file: String, problems: [Phrase])
    /// A feature of the `--via` file is not a point.
    case viaNotAPoint(file: String, feature: Int, found: String)
    /// `schouw info` does not know the file's extension.
    case unknownFileType(file: String, fileExtension: String)
    /// The buurten file has no buurten left after the filters.
    case noBuurten(file: String, gemeente: String?, waterSkipped: Bool)
    /// A line or feature of a `--starts` file that is no meeting point (`code,lon,lat` or a point with a code).
    case badMeetingPoint(file: String, place: String)
    /// The Signalen category mapping file is not an object of sub-category paths; `place` names the key.
    case badCategoryMap(file: String, place: String?, problem: Phrase)

    public var exitClass: ExitClass { .badInput }

    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .brokenWays(let file, let problems):
            let shown = problems.prefix(10).map { $0.text(l) }.joined(separator: "\n  ")
            let more = problems.count > 10 ? l.pick("\n  … en nog \(problems.count - 10)", "\n  … and \(problems.count - 10) more") : ""
            return l.pick(
                "\(file) heeft \(problems.count) kapotte way(s):\n  \(shown)\(more)\n"
                    + "(gebruik --lenient om ze over te slaan en met de rest te plannen)",
                "\(file) has \(problems.count) broken way(s):\n  \(shown)\(more)\n"
                    + "(use --lenient to skip them and plan with the rest)")
        case .badMeetingPoint(let file, let place):
            return "\(file): \(place): "
                + l.pick(
                    "geen ontmoetingspunt; verwacht CSV met de kolommen code, lon, lat of GeoJSON-punten met een eigenschap code",
                    "no meeting point; expected CSV with the columns code, lon, lat or GeoJSON points with a property code")
        case .badCategoryMap(let file, let place, let problem):
            return "\(file): " + (place.map { l.pick("sleutel '\($0)': ", "key '\($0)': ") } ?? "") + problem.text(l)
        case .viaNotAPoint(let file, let feature, let found):
            return "\(file): features[\(feature)]: "
                + l.pick("verwacht een Point, gevonden \(found)", "expected a Point, found \(found)")
        case .unknownFileType(let file, let fileExtension):
            return l.pick(
                "\(file): onbekend bestandstype '.\(fileExtension)'; verwacht .geojson, .json, .gpkg, .osm, .osm.pbf, .csv, .gpx, .schouw of .md",
                "\(file): unknown file type '.\(fileExtension)'; expected .geojson, .json, .gpkg, .osm, .osm.pbf, .csv, .gpx, .schouw or .md")
        case .noBuurten(let file, let gemeente, let waterSkipped):
            return l.pick(
                "\(file) heeft geen buurten" + (gemeente.map { " in gemeente \($0)" } ?? "")
                    + (waterSkipped ? " (buurten met alleen water worden overgeslagen; --include-water houdt ze)" : ""),
                "\(file) has no buurten" + (gemeente.map { " in gemeente \($0)" } ?? "")
                    + (waterSkipped ? " (water-only buurten are skipped; --include-water keeps them)" : ""))
        }
    }
}
