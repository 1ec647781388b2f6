import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// An observation as entered: every field as text, exactly as the walker gave it, before validation.
///
/// The command line, CSV rows, GPX waypoints and GeoJSON features all become drafts, so one validator
/// serves every way of entering.
public struct ObservationDraft: Sendable, Hashable {
    /// Where the draft came from, for messages: the file name (nil for the command line) and line.
    public var file: String?
    public var line: Int?

    public var id: String?
    /// A short id such as `A-12` (an export imported again); new findings get the next free one.
    public var shortID: String?
    public var group: String?
    public var walker: String?
    public var observedAt: String?
    public var category: String?
    public var subcategory: String?
    public var level: String?
    public var text: String?
    public var street: String?
    public var checkpoint: String?
    public var status: String?
    public var owner: String?
    /// WGS84 longitude and latitude as typed (Dutch decimal commas allowed).
    public var lon: String?
    public var lat: String?
    /// RD New x and y in metres as typed.
    public var rdX: String?
    public var rdY: String?
    /// A WGS84 position already read from a GPX or GeoJSON file, with how it was given.
    public var position: Coordinate?
    public var positionSource: LocationSource?
    public var photos: [URL] = []
    /// The geometry type of a GeoJSON feature that is not a Point (reported, not imported).
    var nonPointGeometry: String?
    /// Where `category` came from, for the message when it is not a known category.
    var categoryOrigin = CategoryOrigin.field("category")

    public init(file: String? = nil, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    /// Whether any of the location fields is filled (coordinates, RD, position, checkpoint, street).
    var hasExplicitLocation: Bool {
        [lon, lat, rdX, rdY, checkpoint, street].contains { !($0?.isBlank ?? true) } || position != nil
    }
}

/// Where a draft's category came from.
enum CategoryOrigin: Hashable, Sendable {
    /// A column, element or option of this name.
    case field(String)
    /// A GPX waypoint's name: a category only when the taxonomy knows it, otherwise the walker's own
    /// words, for which `--category` (``IngestOptions/defaultCategory``) gives the category.
    case waypointName
}

/// What an import should do with bad rows and likely duplicates.
public struct IngestOptions: Sendable, Hashable {
    /// Import the good rows and report the bad ones, instead of changing nothing.
    public var skipInvalid: Bool
    /// Keep likely duplicates instead of skipping them.
    public var allowDuplicates: Bool
    /// How far outside the schouw area a point may lie.
    public var areaToleranceMeters: Double
    /// Within this distance, an observation with the same category and text is a likely duplicate.
    public var duplicateRadiusMeters: Double
    /// The category (code or label, as `--category` takes it) of every GPX waypoint that has no
    /// `<type>` and whose name is not a category: the name and description then become the text.
    /// Checked against the taxonomy before the file is read. Other formats ignore it.
    public var defaultCategory: String?
    /// When set, the import is refused (``StoreError/photoQuotaExceeded(group:usage:quota:)``) if its photos
    /// would take a group over it; checked in the import's write transaction.
    public var photoQuota: PhotoQuota?

    public init(
        skipInvalid: Bool = false, allowDuplicates: Bool = false, areaToleranceMeters: Double = 250,
        duplicateRadiusMeters: Double = 10, defaultCategory: String? = nil
    ) {
        self.skipInvalid = skipInvalid
        self.allowDuplicates = allowDuplicates
        self.areaToleranceMeters = areaToleranceMeters
        self.duplicateRadiusMeters = duplicateRadiusMeters
        self.defaultCategory = defaultCategory
    }
}

/// What an import did.
public struct IngestReport: Sendable, Hashable {
    /// The ids of the stored observations, in input order.
    public var insertedIDs: [String] = []
    /// Likely duplicates that were skipped (or kept, with `allowDuplicates`, then listed as well).
    public var duplicates: [InputIssue] = []
    /// Rows left out with `skipInvalid`, each with its problems.
    public var rejected: [RejectedDraft] = []
}

/// A draft that was not imported, with every reason.
public struct RejectedDraft: Sendable, Hashable {
    public var draft: ObservationDraft
    public var issues: [InputIssue]
}

extension ObservationDraft {
    /// Sets the text field an input column names; photos are set as URLs by the reader instead.
    mutating func set(_ field: ObservationFiles.Field, _ value: String) {
        switch field {
        case .id: id = value
        case .shortID: shortID = value
        case .group: group = value
        case .walker: walker = value
        case .observedAt: observedAt = value
        case .category: category = value
        case .subcategory: subcategory = value
        case .level: level = value
        case .text: text = value
        case .street: street = value
        case .checkpoint: checkpoint = value
        case .status: status = value
        case .owner: owner = value
        case .lon: lon = value
        case .lat: lat = value
        case .x: rdX = value
        case .y: rdY = value
        case .photo: break
        }
    }
}

extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }

    /// The text trimmed, or nil when it is empty.
    ///
    /// Trims ASCII whitespace on the UTF-8 view (the bulk-import hot path) and, only when the ends are
    /// not ASCII, falls back to Foundation for Unicode spaces.
    var nonBlank: String? {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !Self.isASCIISpace($0) }) else { return nil }
        let last = utf8.lastIndex(where: { !Self.isASCIISpace($0) })!
        if utf8[first] < 0x80, utf8[last] < 0x80 {
            if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return self }
            return String(self[first...last])
        }
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}

extension Optional where Wrapped == String {
    var nonBlank: String? { self?.nonBlank }
}

/// Numbers as people type them: `5.7239`, Dutch `5,7239`, with spaces around.
enum DecimalText {
    static func parse(_ text: String) -> Double? {
        var t = Substring(text)
        while t.first == " " { t.removeFirst() }
        while t.last == " " { t.removeLast() }
        guard !t.isEmpty else { return nil }
        if let value = Double(t), value.isFinite { return value }
        // A single decimal comma and no point: Dutch notation.
        guard !t.contains("."), t.filter({ $0 == "," }).count == 1 else { return nil }
        return Double(t.replacingOccurrences(of: ",", with: ".")).flatMap { $0.isFinite ? $0 : nil }
    }
}
