import ArgumentParser
import Foundation
import Testing
@testable import SchouwCommands
import SchouwStore

/// Parses `arguments` as the root command and returns the subcommand, which must be of type `T`.
func parse<T: ParsableCommand>(_ arguments: [String], as type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
    try #require(try SchouwCommand.parseAsRoot(arguments) as? T, sourceLocation: sourceLocation)
}

/// Expects `arguments` to be a usage error (exit 64) whose message names `option`.
func expectUsageError(_ arguments: [String], naming option: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let command = try SchouwCommand.parseAsRoot(arguments)
        Issue.record("\(arguments) parsed as \(type(of: command)); expected a usage error", sourceLocation: sourceLocation)
    } catch {
        #expect(SchouwCommand.exitCode(for: error).rawValue == 64, "\(error)", sourceLocation: sourceLocation)
        let message = SchouwCommand.message(for: error)
        #expect(message.contains(option), "the message does not name \(option): \(message)", sourceLocation: sourceLocation)
    }
}

@Suite struct CommandParsingTests {
    @Test func initTakesNameDateAndOptionalArea() throws {
        let plain = try parse(["init", "s.schouw", "--name", "X", "--date", "2017-07-10"], as: InitCommand.self)
        #expect(plain.database.database == "s.schouw" && plain.name == "X" && plain.date == "2017-07-10")
        #expect(plain.area == nil && plain.areaCode == nil && plain.taxonomy == nil && plain.output.lang == .nl)
        let withArea = try parse(
            ["init", "s.schouw", "--name", "X", "--date", "2017-07-10", "--area", "b.geojson", "--area-code", "BU03039901"],
            as: InitCommand.self)
        #expect(withArea.area == "b.geojson" && withArea.areaCode == "BU03039901")
    }

    @Test func observeAddTakesCategoryAndOneLocation() throws {
        let at = try parse(["observe", "add", "s.schouw", "--category", "afval", "--at", "5.72,52.51"], as: ObserveAddCommand.self)
        #expect(at.database.database == "s.schouw" && at.category == "afval")
        var draft = ObservationDraft()
        at.location.apply(to: &draft)
        #expect(draft.lon == "5.72" && draft.lat == "52.51" && draft.checkpoint == nil && draft.street == nil)

        // Dutch decimal commas with a semicolon between the two numbers.
        let dutch = try parse(
            ["observe", "add", "s.schouw", "--category", "afval", "--at", "5,72;52,51", "--lang", "en"], as: ObserveAddCommand.self)
        var dutchDraft = ObservationDraft()
        dutch.location.apply(to: &dutchDraft)
        #expect(dutchDraft.lon == "5,72" && dutchDraft.lat == "52,51")
        #expect(dutch.output.lang == .en)

        let checkpoint = try parse(
            ["observe", "add", "s.schouw", "--category", "afval", "--checkpoint", "3", "--group", "Groep A"], as: ObserveAddCommand.self)
        var checkpointDraft = ObservationDraft()
        checkpoint.location.apply(to: &checkpointDraft)
        #expect(checkpointDraft.checkpoint == "3" && checkpointDraft.group == "Groep A")
        #expect(checkpointDraft.lon == nil && checkpointDraft.lat == nil)
    }

    @Test func observeImportAndStatusTakeTheirArgumentsAndFlags() throws {
        let plain = try parse(["observe", "import", "s.schouw", "f.csv"], as: ObserveImportCommand.self)
        #expect(plain.file == "f.csv" && !plain.skipInvalid && !plain.allowDuplicates)
        let flagged = try parse(
            ["observe", "import", "s.schouw", "f.csv", "--skip-invalid", "--allow-duplicates"], as: ObserveImportCommand.self)
        #expect(flagged.database.database == "s.schouw" && flagged.skipInvalid && flagged.allowDuplicates)

        let status = try parse(
            ["observe", "status", "s.schouw", "abcd1234", "gemeld", "--owner", "gemeente"], as: ObserveStatusCommand.self)
        #expect(status.id == "abcd1234" && status.status == "gemeld" && status.owner == "gemeente" && status.note == nil)
    }

    @Test func exportTakesFormatCRSAndFile() throws {
        let gpkg = try parse(
            ["export", "s.schouw", "--format", "gpkg", "--crs", "EPSG:28992", "--out", "x.gpkg"], as: ExportCommand.self)
        #expect(gpkg.format == .gpkg && gpkg.crs == .rdNew && gpkg.out == "x.gpkg" && !gpkg.excel)
        let csv = try parse(["export", "s.schouw", "--format", "csv", "--excel", "--out", "x.csv"], as: ExportCommand.self)
        #expect(csv.format == .csv && csv.excel && csv.crs == .wgs84)
    }

    @Test(arguments: [
        (["init", "s.schouw", "--name", "X", "--date", "10-07-2017"], "--date"),
        (["init", "s.schouw", "--name", "X", "--date", "2017-07-10", "--area", "b.geojson"], "--area-code"),
        (["observe", "add", "s.schouw", "--category", "afval", "--at", "5.72,52.51", "--street", "Tijmlaan"], "--street"),
        (["observe", "add", "s.schouw", "--category", "afval", "--at", "5,72,52,51"], "--at"),
        (["observe", "add", "s.schouw", "--category", "afval", "--lang", "fr"], "--lang"),
        (["observe", "add"], "<database>"),
        (["export", "s.schouw", "--format", "kml", "--out", "x"], "--format"),
        (["export", "s.schouw", "--format", "geojson", "--crs", "EPSG:3857", "--out", "x"], "--crs"),
        (["export", "s.schouw", "--format", "geojson", "--excel", "--out", "x"], "--excel"),
        (["info", "a.osm", "--lang", "fr"], "--lang"),
    ])
    func usageErrorsExitWith64AndNameTheOption(arguments: [String], option: String) {
        expectUsageError(arguments, naming: option)
    }

    @Test func helpNamesTheExitCodes() {
        // The help text is wrapped at 80 columns: compare with single spaces.
        let help = SchouwCommand.helpMessage().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for code in ["0 done", "1 bad input", "3 internal failure", "64 wrong usage"] {
            #expect(help.contains(code), "\(code)")
        }
    }

    @Test func infoCommandParsesFilesAndLanguage() throws {
        let command = try parse(["info", "a.osm", "b.geojson", "--lang", "en"], as: InfoCommand.self)
        #expect(command.files == ["a.osm", "b.geojson"])
        #expect(command.output.lang == .en)
    }
}
