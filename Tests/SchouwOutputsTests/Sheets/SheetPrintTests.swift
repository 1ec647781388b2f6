import Foundation
import SchouwJobs
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
        let embedded = try SheetPrinter.fonts(in: pdf)
        if fonts == .dejaVuOnly {
            #expect(embedded.contains("DejaVuSans") && !embedded.contains { $0.hasPrefix("Liberation") }, "\(embedded)")
        }
    }
}
