import ArgumentParser
import Foundation
import SchouwCore
import SchouwStore

/// `schouw action …`: agreed actions with partners, linked to the findings they answer.
struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action",
        abstract: "Agree actions with partners on findings and follow them up.",
        discussion: """
            An action says what will be done, by which partner (gemeente with an optional --department, \
            woningcorporatie, politie, bewoners, or an organisation's own name) and by when. Several findings may \
            share one action (three reports of one broken lamp). Status: open → in_behandeling → afgehandeld or \
            geannuleerd; an afgehandeld action may be taken up again, a geannuleerd one reopened. Actions are \
            numbered 1, 2, 3 … within the schouw; commands take the number or the UUID. The database is a schouw \
            file or a PostgreSQL URL with --schouw NAME.

            Examples:
              schouw action add k.schouw --what "Lamp vervangen" --partner gemeente --department Stadsbeheer \\
                  --due 2025-10-31 --finding A-3 --finding B-1
              schouw action add k.schouw --what "Opruimactie speeltuin" --partner "Buurtvereniging De Kruidentuin"
              schouw action list k.schouw --status open
              schouw action edit k.schouw 1 --status in_behandeling --note "Opdracht verstrekt"
              schouw action done k.schouw 1 --date 2025-10-20 --photo na.jpg --note "Lamp brandt weer"
              schouw action import k.schouw bevindingen.acties.csv
              schouw action list postgresql://schouw@/schouw?host=/run/postgresql --schouw "Kruidentuin 2025"
            """,
        subcommands: [ActionAddCommand.self, ActionListCommand.self, ActionEditCommand.self, ActionDoneCommand.self, ActionImportCommand.self])
}

/// What describes an action, shared by `add` and `edit`.
struct ActionFieldOptions: ParsableArguments {
    @Option(help: "What will be done.") var what: String?
    @Option(
        help: ArgumentHelp(
            "The partner: gemeente, woningcorporatie, politie, bewoners, or an organisation's own name.", valueName: "partner"))
    var partner: String?
    @Option(help: ArgumentHelp("The organisation's name beside a kind of partner, e.g. the woningcorporatie's.", valueName: "name"))
    var partnerName: String?
    @Option(help: "The gemeente's department, e.g. Stadsbeheer.") var department: String?
    @Option(help: ArgumentHelp("Due date: 2025-10-31 or 31-10-2025 (\"\" clears it on edit).", valueName: "date")) var due: String?
    @Option(
        help: ArgumentHelp("A finding this action answers: short id (A-12) or UUID; repeat for several.", valueName: "id"))
    var finding: [String] = []
    @Option(help: "A note.") var note: String?

    func draft(unlink: [String] = []) -> ActionDraft {
        ActionDraft(
            what: what, partner: partner, partnerName: partnerName, department: department, dueDate: due, findings: finding,
            unlinkFindings: unlink, note: note)
    }
}

struct ActionAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an open action.",
        discussion: """
            Example: schouw action add k.schouw --what "Lamp vervangen" --partner gemeente --department Stadsbeheer \
            --due 2025-10-31 --finding A-3 --finding B-1
            """)

    @OptionGroup var database: DatabaseArgument
    @OptionGroup var fields: ActionFieldOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let details = try await database.withStore { try await $0.addAction(fields.draft(), names: .options) }
            print(output.lang.pick("Actie \(details.action.number) toegevoegd", "Action \(details.action.number) added"))
            print(details.lines(output.lang, today: nil).joined(separator: "\n"))
        }
    }
}

struct ActionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the actions, by number.",
        discussion: """
            Overdue actions (past their due date and not afgehandeld or geannuleerd) are marked "TE LAAT" ("OVERDUE").
            Example: schouw action list k.schouw --partner gemeente --status open
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: "Only this status: open, in_behandeling, afgehandeld, geannuleerd.") var status: String?
    @Option(help: "Only this partner: a kind (gemeente, …) or an organisation's own name.") var partner: String?
    @Flag(help: "Only overdue actions.") var overdue = false
    @Option(help: ArgumentHelp("The day to judge overdue by (default today).", valueName: "date")) var today: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let day = try ActionOptionValues.day(today, field: "--today") ?? ActionOptionValues.today()
            let actions = try await database.withStore { try await $0.actions(status: status, partner: partner) }
                .filter { !overdue || $0.action.isOverdue(on: day) }
            for details in actions { print(details.lines(output.lang, today: day).joined(separator: "\n")) }
            print(output.lang.pick("\(actions.count) actie(s)", "\(actions.count) action(s)"))
        }
    }
}

struct ActionEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change an action: its fields, its findings, its status.",
        discussion: """
            Only the options given change. --finding links more findings, --unlink removes links.
            Examples:
              schouw action edit k.schouw 2 --due 2025-11-15 --finding C-4
              schouw action edit k.schouw 2 --status in_behandeling --date 2025-10-01 --note "Ingepland voor week 41"
              schouw action edit k.schouw 2 --status geannuleerd --note "Dubbel met actie 1"
            """)

    @OptionGroup var database: DatabaseArgument
    @Argument(help: ArgumentHelp("The action: its number or UUID.", valueName: "ACTIE")) var action: String
    @OptionGroup var fields: ActionFieldOptions
    @Option(help: ArgumentHelp("A finding to unlink: short id or UUID; repeat for several.", valueName: "id")) var unlink: [String] = []
    @Option(help: "New status: open, in_behandeling, afgehandeld, geannuleerd.") var status: String?
    @Option(help: ArgumentHelp("The day of the new status (default today).", valueName: "date")) var date: String?
    @Option(help: ArgumentHelp("The \"after\" photo (with --status afgehandeld).", valueName: "file")) var photo: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if status == nil, date != nil || photo != nil {
            throw ValidationError("--date and --photo belong to a status change; give --status too")
        }
    }

    func run() async throws {
        try await report(output.lang) {
            let update = status.map {
                ActionStatusUpdate(status: $0, date: date, note: fields.note, photo: photo.map { URL(fileURLWithPath: $0) })
            }
            let details = try await database.withStore {
                try await $0.editAction(action, changes: fields.draft(unlink: unlink), status: update, names: .options)
            }
            print(output.lang.pick("Actie \(details.action.number) gewijzigd", "Action \(details.action.number) changed"))
            print(details.lines(output.lang, today: nil).joined(separator: "\n"))
        }
    }
}

struct ActionDoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done", abstract: "Mark an action afgehandeld, with the day, a note and an \"after\" photo.",
        discussion: "Example: schouw action done k.schouw 1 --date 2025-10-20 --photo na.jpg --note \"Lamp brandt weer\"")

    @OptionGroup var database: DatabaseArgument
    @Argument(help: ArgumentHelp("The action: its number or UUID.", valueName: "ACTIE")) var action: String
    @Option(help: ArgumentHelp("The day it was done (default today).", valueName: "date")) var date: String?
    @Option(help: "A note, e.g. what was done.") var note: String?
    @Option(help: ArgumentHelp(
        "The \"after\" photo, copied into photos/ beside a schouw file (stored in the database with PostgreSQL).", valueName: "file"))
    var photo: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let update = ActionStatusUpdate(
                status: ActionStatus.afgehandeld.rawValue, date: date, note: note, photo: photo.map { URL(fileURLWithPath: $0) })
            let details = try await database.withStore { try await $0.setActionStatus(action, update) }
            print(output.lang.pick("Actie \(details.action.number) afgehandeld", "Action \(details.action.number) done"))
        }
    }
}

struct ActionImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import the actions table an export wrote (NAME.acties.csv).",
        discussion: """
            Import the findings first (`schouw observe import DB NAME.csv` keeps their UUIDs); then each action is \
            linked again to the findings its `findings` column names, keeping its number, status and dates. All or \
            nothing.
            Example: schouw observe import nieuw.schouw bevindingen.csv && schouw action import nieuw.schouw bevindingen.acties.csv
            """)

    @OptionGroup var database: DatabaseArgument
    @Argument(help: ArgumentHelp("The actions CSV.", valueName: "FILE")) var file: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let count = try await database.withStore { try await $0.importActions(from: URL(fileURLWithPath: file)) }
            print(output.lang.pick("\(count) actie(s) geïmporteerd", "\(count) action(s) imported"))
        }
    }
}

enum ActionOptionValues {
    /// A day option's value as `yyyy-MM-dd`, or nil when not given.
    static func day(_ text: String?, field: String) throws -> String? {
        guard let text else { return nil }
        guard let day = CalendarDay.normalize(text) else {
            throw StoreError.invalidInput([InputIssue(field: field, value: text, reason: .badDate)])
        }
        return day
    }

    static func today() -> String { CalendarDay.today() }
}

extension ActionDetails {
    /// `3  open        gemeente (Stadsbeheer)  vóór 2025-10-31  TE LAAT  Lamp vervangen  [A-3, B-1]` and,
    /// indented, the note.
    func lines(_ language: Language, today: String?) -> [String] {
        let a = action
        var parts = [String(a.number), a.actionStatus.label(language), a.partner.label(language)]
        if let due = a.dueDate { parts.append(language.pick("vóór \(due)", "due \(due)")) }
        if let today, a.isOverdue(on: today) { parts.append(language.pick("TE LAAT", "OVERDUE")) }
        if a.actionStatus != .open { parts.append(language.pick("sinds \(a.statusDate)", "since \(a.statusDate)")) }
        parts.append(a.what)
        let ids = findings.map { $0.shortID ?? String($0.id.prefix(8)) }
        if !ids.isEmpty { parts.append("[" + ids.joined(separator: ", ") + "]") }
        var lines = [parts.joined(separator: "  ")]
        if let note = a.note { lines.append("    " + note) }
        if let photo = a.afterPhoto { lines.append("    " + language.pick("foto na: ", "after photo: ") + photo) }
        return lines
    }
}
