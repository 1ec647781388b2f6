import Foundation
import SchouwGeometry
import SchouwNetwork
import SchouwCore
import SchouwFormats

/// The route sheets of a plan: per group one A4 sheet, printed on both sides — the front with the map and
/// the turn-by-turn table, the back with the checkpoint checklist — as self-contained HTML for print and
/// as Markdown (without the map) for e-mail.
public struct RouteSheets: Sendable {
    public var outputs: PlanOutputs
    public var settings: RouteSheetSettings

    public init(outputs: PlanOutputs, settings: RouteSheetSettings) {
        self.outputs = outputs
        self.settings = settings
    }

    var plan: WalkPlan { outputs.plan }
    var language: Language { outputs.language }
    var wording: StreetWording { StreetWording(language: language) }

    /// "Buurtschouw Kruidentuin-Noord", or the organizer's own title.
    public var title: String {
        settings.title ?? language.pick("Buurtschouw", "Neighbourhood walk") + (settings.buurtName.map { " \($0)" } ?? "")
    }

    /// The organizer's name for the meeting point, or the street(s) meeting there: "hoek Tijmlaan / Salieweg".
    public var meetingPoint: String {
        if let name = settings.meetingPointName, !name.isEmpty { return name }
        var names: [String] = []
        for e in plan.network.edges where e.u == plan.startVertex || e.v == plan.startVertex {
            let label = wording.label(e.name, highway: e.highway)
            if !names.contains(label) { names.append(label) }
        }
        switch names.count {
        case 0: return language.pick("startpunt", "meeting point")
        case 1: return names[0]
        default: return language.pick("hoek ", "corner of ") + names.prefix(3).joined(separator: " / ")
        }
    }

    /// The start as latitude, longitude (the order phones and map sites accept).
    var meetingPointPosition: String {
        String(format: "%.5f, %.5f", plan.start.latitude, plan.start.longitude)
    }

    // MARK: Content shared by HTML and Markdown

    struct Fact {
        var label: String
        var value: String
    }

    func facts(_ index: Int) -> [Fact] {
        let group = plan.groups[index]
        let walkMinutes = plan.options.walkingMinutes(forMeters: group.lengthMeters)
        let stopMinutes = max(0, group.minutes - walkMinutes)
        var facts: [Fact] = []
        if settings.buurtName != nil || settings.buurtCode != nil {
            facts.append(Fact(
                label: language.pick("Buurt", "Buurt"),
                value: [settings.buurtName, settings.buurtCode].compactMap { $0 }.joined(separator: " · ")))
        }
        facts.append(Fact(label: language.pick("Datum", "Date"), value: settings.date.formatted(language)))
        facts.append(Fact(label: language.pick("Startpunt", "Meeting point"), value: meetingPoint))
        facts.append(Fact(label: language.pick("Afstand", "Distance"), value: wording.distance(group.lengthMeters)))
        facts.append(Fact(
            label: language.pick("Verwachte tijd", "Expected time"),
            value: wording.duration(group.minutes) + language.pick(
                ": \(wording.duration(walkMinutes)) lopen, \(wording.duration(stopMinutes)) stops",
                ": \(wording.duration(walkMinutes)) walking, \(wording.duration(stopMinutes)) stops")))
        facts.append(Fact(label: language.pick("Controlepunten", "Checkpoints"), value: "\(group.checkpoints.count)"))
        return facts
    }

    struct StepRow {
        var step: Int
        /// Metres walked when the step begins.
        var atMeters: Int
        var instruction: String
        var street: String
        var checkpoints: [Int]
    }

    /// The turn-by-turn rows, ending with the arrival back at the meeting point.
    func stepRows(_ index: Int) -> [StepRow] {
        let group = plan.groups[index]
        var rows = group.steps.map { step in
            StepRow(
                step: step.number, atMeters: Int((step.cumulativeMeters - step.lengthMeters).rounded()),
                instruction: wording.instruction(step), street: wording.label(step.street, highway: step.highway),
                checkpoints: step.checkpoints)
        }
        rows.append(StepRow(
            step: group.steps.count + 1, atMeters: Int(group.lengthMeters.rounded()), instruction: wording.arrival,
            street: meetingPoint, checkpoints: []))
        return rows
    }

    var levels: [SheetTaxonomy.Entry] { settings.taxonomy.levels(settings.scale) }

    var levelLegend: String {
        levels.map { $0.code == $0.label(language) ? $0.code : "\($0.code) \($0.label(language))" }.joined(separator: " · ")
    }

    /// How to hand in what was seen, as sentences for a volunteer: the web address and a field for the
    /// group's access code, or that the organizer enters the sheet. No command lines.
    func entryInstructions(_ index: Int) -> [String] {
        let name = outputs.groupNames[index]
        let count = plan.groups[index].checkpoints.count
        let range = count == 0 ? "" : count == 1 ? " (1)" : " (1–\(count))"
        var sentences: [String] = []
        if let url = settings.formURL, !url.isEmpty {
            sentences.append(language.pick(
                "Voer na afloop in wat je zag op \(url), met de toegangscode van jullie groep: ____________.",
                "Afterwards, enter what you saw at \(url) with your group's access code: ____________."))
            sentences.append(language.pick(
                "Noem bij elke waarneming het nummer van het controlepunt\(range) of de straat. Geen computer bij de hand? Geef dit blad aan de organisator.",
                "Give each observation its checkpoint number\(range) or the street. No computer at hand? Give this sheet to the organizer."))
        } else {
            sentences.append(language.pick(
                "Geef dit blad na afloop aan de organisator; die voert het in voor groep „\(name)”.",
                "Afterwards, hand this sheet to the organizer, who enters it for group “\(name)”."))
        }
        return sentences
    }

    // MARK: Markdown

    /// The sheets as Markdown: the same content without the map, for e-mail.
    public func markdown() -> String {
        var out = ""
        for index in plan.groups.indices {
            let name = outputs.groupNames[index]
            if index > 0 { out += "\n---\n\n" }
            out += "# \(Markdown.escape(title)) — \(Markdown.escape(name))\n\n"
            for fact in facts(index) { out += "- **\(Markdown.escape(fact.label)):** \(Markdown.escape(fact.value))\n" }
            out += "- **\(language.pick("Startpunt op de kaart", "Meeting point position")):** \(meetingPointPosition)\n\n"
            out += "## \(language.pick("Route", "Route"))\n\n"
            out += "| \(language.pick("Stap", "Step")) | \(language.pick("Bij", "At")) | "
                + "\(language.pick("Wat te doen", "Instruction")) | \(language.pick("Straat", "Street")) | "
                + "\(language.pick("Punt", "Checkpoint")) |\n|---:|---:|---|---|---|\n"
            for row in stepRows(index) {
                out += "| \(row.step) | \(row.atMeters) m | \(Markdown.escape(row.instruction)) | \(Markdown.escape(row.street)) | "
                    + row.checkpoints.map(String.init).joined(separator: ", ") + " |\n"
            }
            out += "\n## \(language.pick("Controlepunten", "Checkpoints"))\n\n"
            out += language.pick("Kijk bij elk punt naar: ", "At each checkpoint look at: ")
                + settings.taxonomy.categories.map { Markdown.escape($0.label(language)) }.joined(separator: ", ") + ".\n"
            out += language.pick("Niveau: ", "Level: ") + Markdown.escape(levelLegend) + ".\n\n"
            let categoryBoxes = settings.taxonomy.categories.map { "[ ] \(Markdown.escape($0.label(language)))" }.joined(separator: "  ")
            let levelBoxes = levels.map { "[ ] \(Markdown.escape($0.code))" }.joined(separator: "  ")
            for checkpoint in plan.groups[index].checkpoints {
                out += "### \(checkpoint.number). \(Markdown.escape(wording.label(checkpoint.street, highway: checkpointHighway(checkpoint)))) "
                    + language.pick("(bij \(Int(checkpoint.distanceMeters.rounded())) m)", "(at \(Int(checkpoint.distanceMeters.rounded())) m)")
                    + "\n\n"
                out += "- \(language.pick("Gezien", "Seen")): \(categoryBoxes)\n"
                out += "- \(language.pick("Niveau", "Level")): \(levelBoxes)\n"
                out += "- \(language.pick("Notitie", "Note")): ________________________________________\n"
                out += "- \(language.pick("Foto nr.", "Photo no.")): __________\n\n"
            }
            out += "## \(language.pick("Na afloop", "Afterwards"))\n\n"
                + entryInstructions(index).map(Markdown.escape).joined(separator: " ") + "\n"
        }
        return out
    }

    /// The highway type at a checkpoint, to name an unnamed path ("voetpad").
    func checkpointHighway(_ checkpoint: Checkpoint) -> String {
        guard checkpoint.street == nil else { return "residential" }
        return plan.network.edges.first { $0.name == nil && $0.coordinates.contains(checkpoint.coordinate) }?.highway ?? "path"
    }
}
