import Foundation
import SchouwFormats

/// Where a job puts the files it makes.
public enum JobDestination: Sendable, Hashable {
    /// On disk: the file itself (export, heatmap) or the folder to write into (plan, sheets, group),
    /// created when missing.
    case disk(URL)
    /// In memory, for the web app to send: the result carries the bytes and no file is created.
    case memory
}

/// One file a job made: where it was written, or its bytes.
public struct JobFile: Sendable, Hashable {
    /// The file name, e.g. `summary.md`.
    public var name: String
    /// The media type, e.g. `application/geo+json` (what a web response declares).
    public var mediaType: String
    /// Where it was written, for ``JobDestination/disk(_:)``.
    public var url: URL?
    /// Its bytes, for ``JobDestination/memory``.
    public var data: Data?

    public init(name: String, mediaType: String, url: URL? = nil, data: Data? = nil) {
        self.name = name
        self.mediaType = mediaType
        self.url = url
        self.data = data
    }

    /// The media types of the files the jobs make, by file extension.
    static func mediaType(ofExtension ext: String) -> String {
        switch ext.lowercased() {
        case "geojson": "application/geo+json"
        case "gpkg": "application/geopackage+sqlite3"
        case "csv": "text/csv; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        case "html": "text/html; charset=utf-8"
        case "gpx": "application/gpx+xml"
        case "qml": "application/xml"
        default: "text/plain; charset=utf-8"
        }
    }

    /// Puts `data` where `folder` says: written atomically as `folder/name`, or kept in memory when `folder` is nil.
    static func store(_ data: Data, name: String, in folder: URL?) throws -> JobFile {
        let type = mediaType(ofExtension: (name as NSString).pathExtension)
        guard let folder else { return JobFile(name: name, mediaType: type, data: data) }
        let url = folder.appendingPathComponent(name)
        try ByteSink.write(data, to: url)
        return JobFile(name: name, mediaType: type, url: url)
    }
}

extension JobDestination {
    /// The folder of a destination that names a folder, created when missing; nil in memory.
    func folder() throws -> URL? {
        guard case .disk(let url) = self else { return nil }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
