import Foundation
import SchouwOutputs

/// The printable route sheets of a plan: `sheets.html` (A4, one sheet per group, printed on both sides)
/// and `sheets.md` (the same without the map, for e-mail).
public struct SheetsRequest: Sendable {
    /// The planned walk with its group names, title and sheet settings (date, meeting point, scale, taxonomy).
    public var outputs: PlanOutputs
    /// The folder to write into, or memory.
    public var destination: JobDestination

    public init(outputs: PlanOutputs, destination: JobDestination) {
        self.outputs = outputs
        self.destination = destination
    }
}

public struct SheetsResult: Sendable {
    /// `sheets.html`, then `sheets.md`.
    public var files: [JobFile]
}

public enum SheetsJob {
    /// Lays out and writes the sheets.
    /// - Throws: file system errors; errors of the map drawing.
    public static func run(_ request: SheetsRequest) throws -> SheetsResult {
        let sheets = request.outputs.sheets
        let folder = try request.destination.folder()
        return SheetsResult(files: [
            try JobFile.store(Data(try sheets.html().utf8), name: "sheets.html", in: folder),
            try JobFile.store(Data(sheets.markdown().utf8), name: "sheets.md", in: folder),
        ])
    }
}
