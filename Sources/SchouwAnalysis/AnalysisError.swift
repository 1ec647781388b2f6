import SchouwCore

/// Failures of the analysis module (grouping, heatmaps, classes), with messages a user can act on.
/// All are bad input (exit 1) except a weights list that does not match the points, which only a bug makes.
public enum AnalysisError: SchouwError, Equatable {
    /// A size that must be a positive number of metres (or a positive count) is not.
    case notPositive(Parameter, Double)
    /// The triangular kernel's decay lies outside 0…1.
    case decayOutOfRange(Double)
    /// The density grid would have more cells than allowed.
    case gridTooLarge(columns: Int, rows: Int, cellSizeMeters: Double)
    /// Class bounds that are not strictly ascending finite numbers.
    case breaksNotAscending([Double])
    /// There are no findings to make a heatmap of.
    case noPoints
    /// Every cell of the heatmap is zero: every finding weighs 0.
    case allWeightsZero
    /// There are no values to put in classes.
    case noValuesToClassify
    /// There are no area polygons to group findings into.
    case noAreas
    /// A finding in a points file is not a point; `place` is e.g. `punten.geojson: feature 3 (id 17)`.
    case notAPoint(place: String, found: String)
    /// The field to weigh by is missing from a finding; `source` names the file and finding.
    case missingWeightField(source: String, field: String)
    /// The field to weigh by is not a finite number ≥ 0.
    case invalidWeight(source: String, field: String, value: String)
    /// The weights do not match the points (internal).
    case weightCountMismatch(weights: Int, points: Int)

    /// A parameter that must be positive.
    public enum Parameter: Sendable, Hashable {
        case radius, cellSize, hexagonWidth, classCount
    }

    public var exitClass: ExitClass {
        if case .weightCountMismatch = self { return .internalFailure }
        return .badInput
    }

    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .notPositive(let parameter, let value):
            let shown = Self.number(value, l)
            switch parameter {
            case .radius:
                return l.pick(
                    "de straal moet een positief aantal meters zijn, niet \(shown)",
                    "the radius must be a positive number of metres, got \(shown)")
            case .cellSize:
                return l.pick(
                    "de celgrootte moet een positief aantal meters zijn, niet \(shown)",
                    "the cell size must be a positive number of metres, got \(shown)")
            case .hexagonWidth:
                return l.pick(
                    "de breedte van de zeshoeken moet een positief aantal meters zijn, niet \(shown)",
                    "the hexagon width must be a positive number of metres, got \(shown)")
            case .classCount:
                return l.pick("het aantal klassen moet minstens 1 zijn, niet \(shown)", "the number of classes must be at least 1, got \(shown)")
            }
        case .decayOutOfRange(let decay):
            return l.pick(
                "het verval van de driehoekskern moet tussen 0 en 1 liggen, niet \(Self.number(decay, l))",
                "the triangular decay must lie between 0 and 1, got \(decay)")
        case .gridTooLarge(let columns, let rows, let cell):
            return l.pick(
                "het raster zou \(columns) × \(rows) cellen krijgen; kies een grotere cel dan \(Self.number(cell, l)) m",
                "the grid would have \(columns) × \(rows) cells; use a larger cell size than \(Self.number(cell, l)) m")
        case .breaksNotAscending(let breaks):
            // A Dutch list of decimal-comma numbers is separated by semicolons, so "0,5; 1,5" stays two numbers.
            let list = breaks.map { Self.number($0, l) }.joined(separator: l.pick("; ", ", "))
            return l.pick(
                "--breaks moeten oplopende getallen zijn, niet \(list)", "--breaks must be strictly ascending numbers, got \(list)")
        case .noPoints:
            return l.pick("geen bevindingen om een heatmap van te maken", "no findings to make a heatmap of")
        case .allWeightsZero:
            return l.pick(
                "elke cel van de heatmap is nul (wegen alle bevindingen 0?)", "every cell of the heatmap is zero (do all findings weigh 0?)")
        case .noValuesToClassify:
            return l.pick("geen waarden om in klassen te verdelen", "no values to classify")
        case .noAreas:
            return l.pick("geen gebieden om de bevindingen in te groeperen", "no area polygons to group into")
        case .notAPoint(let place, let found):
            return l.pick("\(place) is een \(found); verwacht een Point", "\(place) has \(found); expected a Point")
        case .missingWeightField(let source, let field):
            return l.pick("\(source) heeft geen veld '\(field)' om mee te wegen", "\(source) has no field '\(field)' to weigh by")
        case .invalidWeight(let source, let field, let value):
            return l.pick(
                "\(source): veld '\(field)' is \(value), geen getal ≥ 0", "\(source): field '\(field)' is \(value), not a number ≥ 0")
        case .weightCountMismatch(let weights, let points):
            return ErrorReport.internalPrefix(l)
                + l.pick("\(weights) gewichten voor \(points) punten", "\(weights) weights for \(points) points")
        }
    }

    /// A parameter as the user may have typed it, with the language's decimal mark: `8`, `0,5` / `0.5`.
    static func number(_ value: Double, _ language: Language) -> String {
        guard value.isFinite else { return String(value) }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) }
        if abs(value) >= 1e-4 && abs(value) < 1e15 { return language.decimal(value, places: 6, trimmingZeros: true) }
        // Swift's shortest form (`1e-07`), with the language's decimal mark (`2,5e-07`).
        return language.pick(String(value).replacingOccurrences(of: ".", with: ","), String(value))
    }
}
