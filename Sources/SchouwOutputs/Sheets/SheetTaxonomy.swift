import Foundation
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

/// What a route sheet needs from an observation taxonomy: the main categories to look at and the
/// quality levels to tick. A view of the store's ``Taxonomy``, so there is one reader and one built-in copy.
public struct SheetTaxonomy: Sendable, Hashable {
    /// A category or quality level with its Dutch and English label.
    public struct Entry: Sendable, Hashable {
        public var code: String
        public var nl: String
        public var en: String

        public init(code: String, nl: String, en: String) {
            self.code = code
            self.nl = nl
            self.en = en
        }

        public func label(_ language: Language) -> String { language.pick(nl, en) }
    }

    public var name: String
    /// CROW beeldkwaliteit: A+, A, B, C, D.
    public var crow: [Entry]
    /// goed / slecht / plus.
    public var simple: [Entry]
    /// The main categories, in the order walkers should see them.
    public var categories: [Entry]

    /// The sheet's view of a taxonomy.
    /// - Throws: ``StoreError/invalidTaxonomy(_:_:)`` when a scale the sheets tick is missing.
    public init(_ taxonomy: Taxonomy, fileName: String = "taxonomy") throws {
        func entries(_ scale: String) throws -> [Entry] {
            guard let labels = taxonomy.levels[scale], !labels.isEmpty else {
                throw StoreError.invalidTaxonomy(
                    fileName,
                    Phrase(
                        "\"levels\" heeft zowel een lijst \"crow\" als een lijst \"simple\" nodig",
                        "\"levels\" needs both a \"crow\" and a \"simple\" list"))
            }
            return labels.map { Entry(code: $0.code, nl: $0.nl, en: $0.en) }
        }
        name = taxonomy.name
        crow = try entries("crow")
        simple = try entries("simple")
        categories = taxonomy.categories.map { Entry(code: $0.code, nl: $0.nl, en: $0.en) }
    }

    /// The quality levels of a scale.
    public func levels(_ scale: QualityScale) -> [Entry] {
        switch scale {
        case .crow: crow
        case .simple: simple
        }
    }

    /// The built-in "Schouw standaard" taxonomy (`geodata/taxonomy.json`, compiled into the store).
    public static let standard: SheetTaxonomy = {
        do {
            return try SheetTaxonomy(Taxonomy.standard)
        } catch {
            // The built-in taxonomy is checked by tests; a failure here means the build itself is broken.
            preconditionFailure("the built-in taxonomy has no crow or simple scale: \(error)")
        }
    }()

    /// Reads a municipality's own taxonomy file through the store's reader.
    public static func read(contentsOf url: URL) throws -> SheetTaxonomy {
        try SheetTaxonomy(Taxonomy.read(contentsOf: url), fileName: url.lastPathComponent)
    }
}

/// The quality scale ticked on the sheets.
public enum QualityScale: String, Sendable, CaseIterable, Codable {
    /// CROW beeldkwaliteit A+ … D.
    case crow
    /// goed / slecht / plus.
    case simple
}
