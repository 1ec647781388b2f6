import ArgumentParser
import Testing
@testable import SchouwCommands
@testable import SchouwOutputs

@Suite struct PlanCommandSheetOptionsTests {
    static let base = ["plan", "--streets", "s.osm", "--start", "Tijmlaan", "--out", "plan"]

    @Test func sheetOptionsReachTheSettings() throws {
        let command = try #require(try SchouwCommand.parseAsRoot(Self.base + [
            "--date", "2025-09-20", "--meeting-point-name", "Buurthuis", "--scale", "simple", "--form-url", "schouw.example.nl",
        ]) as? PlanCommand)
        let settings = try command.sheetSettings()
        #expect(settings.date == SheetDate(year: 2025, month: 9, day: 20))
        #expect(settings.meetingPointName == "Buurthuis")
        #expect(settings.scale == .simple)
        #expect(settings.formURL == "schouw.example.nl")
        #expect(settings.taxonomy == .standard)
    }

    @Test(arguments: [(["--date", "20 september"], "--date"), (["--date", "2025-02-30"], "--date"), (["--scale", "stars"], "--scale")])
    func badSheetOptionsAreUsageErrors(_ extra: [String], option: String) {
        expectUsageError(Self.base + extra, naming: option)
    }
}
