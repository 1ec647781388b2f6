import ArgumentParser
import Foundation
import SchouwJobs
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

/// `schouw codes DB`: issues the access codes for `schouw serve` and lists which roles have one.
struct CodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "Issue access codes for the web app: one per group and one for the organizer.",
        discussion: """
            Codes are ten characters without look-alikes (no 0/O, 1/I/L), printed as ABCDE-FGHJK. The database \
            keeps only a PBKDF2-HMAC-SHA256 hash of each code (600,000 iterations), so a code is shown once, when it is issued: write it on the \
            group's route sheet. Running again issues codes only for groups that have none (e.g. after a new \
            plan); --reset replaces every code, and the old ones stop working.
            """)

    @OptionGroup var database: DatabaseArgument
    @Flag(help: "Replace all codes with new ones (the old codes stop working).") var reset = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await report(output.lang) {
            let l = output.lang
            let (issued, roles) = try await database.withStore { db in
                (try await db.issueAccessCodes(reset: reset), try await db.accessCodeRoles())
            }
            for code in issued {
                print("\(Self.name(code.role, l)): \(code.code)")
            }
            let hidden = roles.filter { role in !issued.contains { $0.role == role.role } }
            if !hidden.isEmpty {
                print(l.pick("Eerder uitgegeven (code niet meer te tonen; --reset geeft nieuwe):",
                             "Issued before (code cannot be shown again; --reset issues new ones):"))
                for role in hidden { print("  \(Self.name(role.role, l)) (\(role.issuedAt))") }
            }
            if roles.count == 1 {
                StandardError.write(l.pick("Let op: er is nog geen plan met groepen; maak het met `schouw plan --db`.",
                                  "Note: there is no plan with groups yet; make one with `schouw plan --db`."))
            }
        }
    }

    static func name(_ role: AccessRole, _ l: Language) -> String {
        switch role {
        case .organizer: l.pick("Organisator", "Organizer")
        case .group(let name): name
        }
    }
}
