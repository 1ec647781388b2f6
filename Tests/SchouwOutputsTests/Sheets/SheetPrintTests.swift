import Foundation
import SchouwJobs
import Testing
@testable import SchouwOutputs

/// Prints the demo sheets with headless Chromium, when it is installed (scripts/setup.sh --tests).
@Suite struct SheetPrintTests {
    static func tool(_ name: String) -> URL? {
        ["/usr/bin", "/usr/local/bin", "/bin"].map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var canPrint: Bool { tool("chromium") != nil && tool("pdfinfo") != nil }

    static func run(_ executable: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: canPrint, "chromium or pdfinfo is not installed (scripts/setup.sh --tests); skipping the print test"))
    func demoPrintsOneDoubleSidedSheetPerGroup() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try SheetTestData.demo()
        let html = folder.appendingPathComponent("sheets.html")
        try Data(try result.outputs.sheets.html().utf8).write(to: html)
        let pdf = folder.appendingPathComponent("sheets.pdf")
        let chromium = try #require(Self.tool("chromium"))
        let pdfinfo = try #require(Self.tool("pdfinfo"))
        _ = try Self.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString,
        ])
        let info = try Self.run(pdfinfo, [pdf.path])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
        #expect(pages == 2 * result.plan.groups.count)
        let size = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }.map(String.init) ?? ""
        #expect(size.contains("(A4)"), "expected A4: \(size)")
    }
}
