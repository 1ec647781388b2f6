import Foundation

/// Prints an HTML file to PDF with headless Chromium, as `scripts/render_sheets.sh` prints the sheets.
enum ReportPrinter {
    enum Outcome {
        case printed(URL)
        case noChromium
        case failed(String)
    }

    /// The first Chromium on `PATH` or in the usual folders.
    static var chromium: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path + ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// Prints `html` to `pdf` with a scratch profile, no headers and footers, and at most 60 s.
    static func print(_ html: URL, to pdf: URL) -> Outcome {
        guard let chromium else { return .noChromium }
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("schouw-report-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: scratch) }
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).\(UUID().uuidString).part")
        let process = Process()
        process.executableURL = chromium
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(scratch.path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(partial.path)", html.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failed("\(chromium.path): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            try? fm.removeItem(at: partial)
            return .failed("Chromium printed nothing within 60 s")
        }
        guard fm.fileExists(atPath: partial.path) else { return .failed("Chromium wrote no PDF (status \(process.terminationStatus))") }
        do {
            if fm.fileExists(atPath: pdf.path) { try fm.removeItem(at: pdf) }
            try fm.moveItem(at: partial, to: pdf)
        } catch {
            try? fm.removeItem(at: partial)
            return .failed(error.localizedDescription)
        }
        return .printed(pdf)
    }
}
