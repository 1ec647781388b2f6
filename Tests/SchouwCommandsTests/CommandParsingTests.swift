import ArgumentParser
import Testing
@testable import SchouwCommands

@Suite struct CommandParsingTests {
    @Test(arguments: [
        ["init", "s.schouw", "--name", "X", "--date", "2017-07-10"],
        ["observe", "add", "s.schouw", "--category", "afval", "--at", "5.72,52.51"],
        ["observe", "add", "s.schouw", "--category", "afval", "--at", "5,72;52,51", "--lang", "en"],
        ["observe", "add", "s.schouw", "--category", "afval", "--checkpoint", "3", "--group", "Groep A"],
        ["observe", "import", "s.schouw", "f.csv", "--skip-invalid", "--allow-duplicates"],
        ["observe", "status", "s.schouw", "abcd1234", "gemeld", "--owner", "gemeente"],
        ["export", "s.schouw", "--format", "gpkg", "--crs", "EPSG:28992", "--out", "x.gpkg"],
    ])
    func validCommandLinesParse(arguments: [String]) throws {
        _ = try SchouwCommand.parseAsRoot(arguments)
    }

    @Test(arguments: [
        ["init", "s.schouw", "--name", "X", "--date", "10-07-2017"],
        ["init", "s.schouw", "--name", "X", "--date", "2017-07-10", "--area", "b.geojson"],
        ["observe", "add", "s.schouw", "--category", "afval", "--at", "5.72,52.51", "--street", "Tijmlaan"],
        ["observe", "add", "s.schouw", "--category", "afval", "--at", "5,72,52,51"],
        ["observe", "add", "s.schouw", "--category", "afval", "--lang", "fr"],
        ["export", "s.schouw", "--format", "kml", "--out", "x"],
        ["export", "s.schouw", "--format", "geojson", "--crs", "EPSG:3857", "--out", "x"],
        ["export", "s.schouw", "--format", "geojson", "--excel", "--out", "x"],
    ])
    func usageErrorsAreRejected(arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try SchouwCommand.parseAsRoot(arguments) }
    }

    @Test func usageErrorsExitWith64AndHelpNamesExitCodes() {
        do {
            _ = try SchouwCommand.parseAsRoot(["observe", "add"])
            Issue.record("expected a usage error")
        } catch {
            #expect(SchouwCommand.exitCode(for: error).rawValue == 64)
        }
        #expect(SchouwCommand.helpMessage().contains("64 wrong usage"))
    }

    @Test func infoCommandParsesFilesAndLanguage() throws {
        let command = try #require(try SchouwCommand.parseAsRoot(["info", "a.osm", "b.geojson", "--lang", "en"]) as? InfoCommand)
        #expect(command.files == ["a.osm", "b.geojson"])
        #expect(command.output.lang == .en)
    }

    @Test func badLanguageIsAUsageError() {
        #expect(throws: (any Error).self) { try SchouwCommand.parseAsRoot(["info", "a.osm", "--lang", "fr"]) }
    }
}
