import ArgumentParser
import Foundation
import SchouwTestSupport
import Testing
@testable import SchouwCommands
import SchouwCore
import SchouwFormats
import SchouwGeometry
import SchouwStore

/// The one mapping from any error to exit code and message (`ErrorReport`), and the command helper
/// that ends every command through it.
@Suite struct ErrorReportTests {
    /// A module error of each class, to check the mapping keeps the class and the wording.
    struct Sample: SchouwError {
        var exitClass: ExitClass
        func message(_ language: Language) -> String { language.pick("voorbeeld", "sample") }
    }

    @Test(arguments: [(ExitClass.badInput, Int32(1)), (.internalFailure, 3), (.usage, 64)])
    func schouwErrorsKeepTheirClass(exitClass: ExitClass, code: Int32) {
        let dutch = ErrorReport(Sample(exitClass: exitClass), language: .nl)
        #expect(dutch.exitCode == code)
        #expect(dutch.message == "voorbeeld")
        #expect(ErrorReport(Sample(exitClass: exitClass), language: .en).message == "sample")
    }

    @Test func moduleErrorsMapByTheirClass() {
        #expect(ErrorReport(GeometryError.proj("no proj.db"), language: .nl) == ErrorReport(
            exitClass: .internalFailure, message: "interne fout: PROJ: no proj.db"))
        #expect(ErrorReport(GeometryError.unknownCRS(CRS(epsg: 99999)), language: .en).exitCode == 1)
        #expect(ErrorReport(FormatError.emptyFile(file: "leeg.osm"), language: .en) == ErrorReport(
            exitClass: .badInput, message: "leeg.osm: the file is empty; expected OpenStreetMap XML starting with <osm>"))
        #expect(ErrorReport(FormatError.sqlite(file: "x.gpkg", reason: "disk I/O error"), language: .en) == ErrorReport(
            exitClass: .internalFailure, message: "internal failure: x.gpkg: SQLite: disk I/O error"))
        #expect(ErrorReport(StoreError.library("SQLite: busy"), language: .nl).exitCode == 3)
        #expect(ErrorReport(StoreError.notFound(id: "abc"), language: .nl) == ErrorReport(
            exitClass: .badInput, message: "geen waarneming met id 'abc'"))
    }

    @Test func missingInputFileIsBadInputNamingTheFile() {
        let error = CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/data/straten.osm"])
        #expect(ErrorReport(error, language: .nl) == ErrorReport(
            exitClass: .badInput, message: "/data/straten.osm: bestaat niet (of de map waarin het hoort te staan niet)"))
        #expect(ErrorReport(error, language: .en) == ErrorReport(
            exitClass: .badInput, message: "/data/straten.osm: does not exist (or its folder does not)"))
    }

    @Test func realFoundationErrorsAreClassified() throws {
        // A folder read as a file: Foundation's own error, not one made up by the test.
        let folder = FileManager.default.temporaryDirectory
        do {
            _ = try Data(contentsOf: folder)
            Issue.record("reading a folder should fail")
        } catch {
            #expect(ErrorReport(error, language: .en) == ErrorReport(
                exitClass: .badInput, message: "\(folder.path): is a folder, not a file"))
        }
        do {
            try Data("x".utf8).write(to: URL(fileURLWithPath: "/nonexistent-schouw-folder/x.csv"))
            Issue.record("writing into a missing folder should fail")
        } catch {
            #expect(ErrorReport(error, language: .nl) == ErrorReport(
                exitClass: .badInput,
                message: "/nonexistent-schouw-folder/x.csv: bestaat niet (of de map waarin het hoort te staan niet)"))
        }
    }

    @Test func fullDiskIsInternal() {
        let error = CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: "/data/uit.gpkg"])
        #expect(ErrorReport(error, language: .nl) == ErrorReport(
            exitClass: .internalFailure, message: "interne fout: /data/uit.gpkg: de schijf is vol"))
    }

    @Test func anyOtherErrorIsInternal() {
        struct Surprise: Error, CustomStringConvertible {
            var description: String { "something unexpected" }
        }
        #expect(ErrorReport(Surprise(), language: .nl) == ErrorReport(
            exitClass: .internalFailure, message: "interne fout: something unexpected"))
        #expect(ErrorReport(Surprise(), language: .en) == ErrorReport(
            exitClass: .internalFailure, message: "internal failure: something unexpected"))
    }

    @Test func commandsEndWithTheMappedCodeAndLeaveUsageErrorsToArgumentParser() {
        #expect(PlanCommand.ending(Sample(exitClass: .internalFailure), .nl) as? ExitCode == ExitCode(3))
        #expect(PlanCommand.ending(Sample(exitClass: .badInput), .nl) as? ExitCode == ExitCode(1))
        let usage = PlanCommand.ending(ValidationError("give --groups or --max-minutes, not both"), .nl)
        #expect(usage is ValidationError)
        #expect(SchouwCommand.exitCode(for: usage).rawValue == 64)
    }

    @Test func messagesArePrefixedWithTheWholeCommand() {
        #expect(PlanCommand.commandPath == "schouw plan")
        #expect(ObserveAddCommand.commandPath == "schouw observe add")
        #expect(ObserveRestoreCommand.commandPath == "schouw observe restore")
    }
}
