import Foundation

/// Prints an HTML file to PDF with headless Chromium and reads the PDF back with poppler's `pdfinfo` and
/// `pdftotext`, as the route sheet tests do (both come with `scripts/setup.sh --tests`).
public enum SheetPrinter {
    /// Which fonts Chromium may use.
    public enum Fonts: String, Sendable, CaseIterable, CustomStringConvertible {
        /// The fonts installed on this machine (with `scripts/setup.sh --tests`: Liberation Sans, which
        /// the sheet CSS asks for first).
        case installed
        /// Only DejaVu Sans (regular, bold) and DejaVu Sans Mono, through a fontconfig file of its own, as
        /// on a machine where nothing else is installed: a wider font than the CSS asks for.
        case dejaVuOnly

        public var description: String { rawValue }
    }

    /// A printed PDF: its page count, paper size line and each page's text (`pdftotext -layout`).
    public struct Printed: Sendable {
        public var pageCount: Int
        public var pageSize: String
        public var pages: [String]
    }

    /// Whether Chromium and poppler are installed, so the print tests can run.
    public static var isAvailable: Bool {
        ChildProcess.tool("chromium") != nil && ChildProcess.tool("pdfinfo") != nil && ChildProcess.tool("pdftotext") != nil
    }

    /// The folder of the DejaVu Sans font files on this machine (asked of fontconfig), or nil.
    public static var dejaVuFolder: URL? {
        guard let fcMatch = ChildProcess.tool("fc-match"),
            let output = try? ChildProcess.run(fcMatch, ["-f", "%{file}", "DejaVu Sans"]), output.status == 0,
            output.stdout.hasSuffix("DejaVuSans.ttf")
        else { return nil }
        return URL(fileURLWithPath: output.stdout).deletingLastPathComponent()
    }

    /// Prints `html` to `pdf` (in a scratch profile beside it) and reads the result.
    public static func print(_ html: URL, to pdf: URL, fonts: Fonts = .installed) throws -> Printed {
        let scratch = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var environment: [String: String] = [:]
        if fonts == .dejaVuOnly {
            guard let folder = dejaVuFolder else { throw PrintFailure("DejaVu Sans is not installed (fonts-dejavu-core)") }
            // A folder of links to the DejaVu Sans files only, and a fontconfig file that knows just that folder.
            let only = scratch.appendingPathComponent("fonts")
            try FileManager.default.createDirectory(at: only, withIntermediateDirectories: true)
            for name in ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"] {
                let file = folder.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: file.path) {
                    try FileManager.default.createSymbolicLink(at: only.appendingPathComponent(name), withDestinationURL: file)
                }
            }
            let config = scratch.appendingPathComponent("fonts.conf")
            try Data("""
                <?xml version="1.0"?>
                <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
                <fontconfig>
                  <dir>\(only.path)</dir>
                  <cachedir>\(scratch.appendingPathComponent("cache").path)</cachedir>
                </fontconfig>

                """.utf8).write(to: config)
            environment["FONTCONFIG_FILE"] = config.path
        }
        guard let chromium = ChildProcess.tool("chromium"), let pdfinfo = ChildProcess.tool("pdfinfo"),
            let pdftotext = ChildProcess.tool("pdftotext")
        else { throw PrintFailure("chromium or poppler-utils is missing (scripts/setup.sh --tests)") }
        let printed = try ChildProcess.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(scratch.appendingPathComponent("profile").path)",
            "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString,
        ], environment: environment)
        guard FileManager.default.fileExists(atPath: pdf.path) else {
            throw PrintFailure("chromium wrote no PDF (status \(printed.status)): \(printed.stderr.suffix(500))")
        }
        let info = try ChildProcess.run(pdfinfo, [pdf.path]).stdout.split(separator: "\n")
        func field(_ name: String) -> String {
            info.first { $0.hasPrefix(name + ":") }.map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) } ?? ""
        }
        guard let count = Int(field("Pages")) else { throw PrintFailure("pdfinfo gave no page count for \(pdf.path)") }
        var pages: [String] = []
        for page in 1...max(count, 1) where count > 0 {
            pages.append(try ChildProcess.run(pdftotext, ["-layout", "-f", "\(page)", "-l", "\(page)", pdf.path, "-"]).stdout)
        }
        return Printed(pageCount: count, pageSize: field("Page size"), pages: pages)
    }

    /// Which fonts a PDF embeds (`pdffonts`), e.g. ["DejaVuSans", "DejaVuSans-Bold"]; empty without poppler.
    public static func fonts(in pdf: URL) throws -> [String] {
        guard let pdffonts = ChildProcess.tool("pdffonts") else { return [] }
        return try ChildProcess.run(pdffonts, [pdf.path]).stdout.split(separator: "\n").dropFirst(2).compactMap { line in
            guard let name = line.split(separator: " ").first, let plus = name.firstIndex(of: "+") else { return nil }
            return String(name[name.index(after: plus)...])
        }
    }

    public struct PrintFailure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
