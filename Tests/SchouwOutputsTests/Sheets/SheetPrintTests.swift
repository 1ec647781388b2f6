import Foundation
import SchouwJobs
import SchouwTestSupport
import Testing
@testable import SchouwOutputs

/// Prints the demo sheets with headless Chromium, when it is installed (scripts/setup.sh --tests).
@Suite struct SheetPrintTests {
    static var canPrint: Bool { ChildProcess.tool("chromium") != nil && ChildProcess.tool("pdfinfo") != nil }

    @Test(.enabled(if: canPrint, "chromium or pdfinfo is not installed (scripts/setup.sh --tests); skipping the print test"))
    func demoPrintsOneDoubleSidedSheetPerGroup() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try SheetTestData.demo()
        let html = folder.appendingPathComponent("sheets.html")
        try Data(try result.outputs.sheets.html().utf8).write(to: html)
        let pdf = folder.appendingPathComponent("sheets.pdf")
        let chromium = try #require(ChildProcess.tool("chromium"))
        let pdfinfo = try #require(ChildProcess.tool("pdfinfo"))
        _ = try ChildProcess.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString,
        ])
        let info = try ChildProcess.run(pdfinfo, [pdf.path]).stdout
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
        #expect(pages == 2 * result.plan.groups.count)
        let size = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }.map(String.init) ?? ""
        #expect(size.contains("(A4)"), "expected A4: \(size)")
    }
}
