import Foundation
import SchouwJobs
import SchouwNetwork
import SchouwTestSupport
import Testing
@testable import SchouwOutputs

/// Prints the demo sheets with headless Chromium, when it is installed (scripts/setup.sh --tests), once with
/// the installed fonts (Liberation Sans, which the CSS names) and once with only DejaVu Sans, a wider font,
/// so that a font change cannot silently add pages.
@Suite struct SheetPrintTests {
    @Test(
        .enabled(if: SheetPrinter.isAvailable, "chromium or poppler-utils is not installed (scripts/setup.sh --tests); skipping the print test"),
        arguments: SheetPrinter.Fonts.allCases)
    func demoPrintsOneDoubleSidedSheetPerGroup(fonts: SheetPrinter.Fonts) throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try SheetTestData.demo()
        let html = folder.appendingPathComponent("sheets.html")
        try Data(try result.outputs.sheets.html().utf8).write(to: html)
        let pdf = folder.appendingPathComponent("sheets.pdf")
        let printed = try SheetPrinter.print(html, to: pdf, fonts: fonts)
        #expect(printed.pageCount == 2 * result.plan.groups.count, "\(fonts): \(printed.pageCount) pages")
        #expect(printed.pageSize.contains("(A4)"), "expected A4: \(printed.pageSize)")
        // Each group's front (its name and the title) is on an odd page: 1, 3, 5.
        for (index, name) in ["Groep <A>", "Groep B & co", "Groep \"C\""].enumerated() where 2 * index < printed.pages.count {
            let front = printed.pages[2 * index]
            #expect(front.contains(name) && front.contains("Buurtschouw <De Kruidentuin>"), "\(fonts): page \(2 * index + 1)")
        }
        Self.expectNothingCutOff(printed, result: result, fonts: fonts)
        let embedded = try SheetPrinter.fonts(in: pdf)
        if fonts == .dejaVuOnly {
            #expect(embedded.contains("DejaVuSans") && !embedded.contains { $0.hasPrefix("Liberation") }, "\(embedded)")
        }
    }

    /// Pages are of fixed height and cut off what does not fit, so check that the end of each side made
    /// it onto paper: the first step and the way home, the last checkpoint and the footer on the back.
    static func expectNothingCutOff(_ printed: SheetPrinter.Printed, result: PlanJob.Result, fonts: SheetPrinter.Fonts) {
        for (index, group) in result.plan.groups.enumerated() where 2 * index + 1 < printed.pages.count {
            let front = printed.pages[2 * index]
            let back = printed.pages[2 * index + 1]
            // The way home ends the turn-by-turn table: on the front, or above the checklist on the back.
            #expect((front + back).contains("Terug bij het startpunt"), "\(fonts): the route of group \(index + 1) is cut off")
            #expect(front.contains("Vertrek over"), "\(fonts): group \(index + 1)")
            #expect(back.contains("Na afloop invoeren"), "\(fonts): the back of group \(index + 1) is cut off")
            if let last = group.checkpoints.last {
                #expect(back.contains("\(Int(last.distanceMeters.rounded())) m"), "\(fonts): checkpoint \(last.number) of group \(index + 1)")
            }
        }
    }

    /// About 1 km² of Karhula's centre (a real town), planned from the Jaanankatu with the default
    /// grouping: every walk fits two hours, and each group prints on exactly one sheet, its front on an
    /// odd page, with Liberation Sans and with DejaVu Sans.
    @Test(
        .enabled(if: SheetPrinter.isAvailable, "chromium or poppler-utils is not installed (scripts/setup.sh --tests); skipping the print test"),
        .sharedData("karhula.osm"),
        arguments: SheetPrinter.Fonts.allCases)
    func realTownPrintsOneSheetPerGroup(fonts: SheetPrinter.Fonts) throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let area = try TestPaths.temporaryFile("karhula-centre.geojson", contents: Self.karhulaCentre)
        var options = PlanOptions()
        options.groups = .maxMinutes(PlanOptions.defaultMaxMinutes)
        let result = try PlanJob.run(
            PlanRequest(
                streets: TestPaths.shared("karhula.osm"), area: area, areaCode: "KARHULA01", start: "Jaanankatu",
                title: "Buurtschouw Karhula", options: options,
                sheets: RouteSheetSettings(date: SheetDate(year: 2025, month: 9, day: 20) ?? .today(), formURL: "schouw.example.nl/karhula")),
            outputFolder: folder)
        let groups = result.plan.groups
        #expect(groups.count >= 2)
        for group in groups {
            // 3 km/h is 50 m a minute, 90 s per checkpoint.
            #expect(group.lengthMeters / 50 + 1.5 * Double(group.checkpoints.count) <= 120 + 1e-9, "group \(group.number)")
        }
        let printed = try SheetPrinter.print(folder.appendingPathComponent("sheets.html"), to: folder.appendingPathComponent("sheets.pdf"), fonts: fonts)
        #expect(printed.pageCount == 2 * groups.count, "\(fonts): \(printed.pageCount) pages for \(groups.count) groups")
        for (index, name) in result.outputs.groupNames.enumerated() where 2 * index + 1 < printed.pages.count {
            #expect(printed.pages[2 * index].contains(name) && printed.pages[2 * index].contains("Buurtschouw Karhula"),
                "\(fonts): \(name) does not start on page \(2 * index + 1)")
            #expect(printed.pages[2 * index + 1].contains(name), "\(fonts): page \(2 * index + 2) is not \(name)'s back")
        }
        Self.expectNothingCutOff(printed, result: result, fonts: fonts)
    }

    /// The square 26.941–26.959 E, 60.5255–60.5345 N: about 0.99 km × 1.00 km.
    static let karhulaCentre = """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"KARHULA01","buurtnaam":"Karhula keskusta"},
        "geometry":{"type":"Polygon","coordinates":[[[26.941,60.5255],[26.959,60.5255],[26.959,60.5345],[26.941,60.5345],[26.941,60.5255]]]}}]}
        """
}
