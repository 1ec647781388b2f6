import Foundation
import SchouwGeometry

/// What a route sheet needs from an observation taxonomy (the format of `geodata/taxonomy.json`): the
/// main categories to look at and the quality levels to tick.
public struct SheetTaxonomy: Sendable, Hashable, Decodable {
    /// A category or quality level with its Dutch and English label.
    public struct Entry: Sendable, Hashable, Decodable {
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

    public struct Levels: Sendable, Hashable, Decodable {
        /// CROW beeldkwaliteit: A+, A, B, C, D.
        public var crow: [Entry]
        /// goed / slecht / plus.
        public var simple: [Entry]
    }

    public var name: String
    public var levels: Levels
    /// The main categories, in the order walkers should see them.
    public var categories: [Entry]

    /// The quality levels of a scale.
    public func levels(_ scale: QualityScale) -> [Entry] {
        switch scale {
        case .crow: levels.crow
        case .simple: levels.simple
        }
    }

    /// The built-in "Schouw standaard" taxonomy, compiled in from `geodata/taxonomy.json`.
    public static let standard: SheetTaxonomy = {
        do {
            return try decode(Data(standardJSON.utf8), fileName: "built-in taxonomy")
        } catch {
            // The embedded text is checked by a test; a failure here means the build itself is broken.
            preconditionFailure("the built-in taxonomy does not decode: \(error)")
        }
    }()

    /// Reads a municipality's own taxonomy file.
    /// - Throws: ``GeometryError/invalidInput(_:)`` naming the file and what is missing; file errors.
    public static func read(contentsOf url: URL) throws -> SheetTaxonomy {
        try decode(try Data(contentsOf: url), fileName: url.lastPathComponent)
    }

    static func decode(_ data: Data, fileName: String) throws -> SheetTaxonomy {
        let taxonomy: SheetTaxonomy
        do {
            taxonomy = try JSONDecoder().decode(SheetTaxonomy.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw GeometryError.invalidInput(
                "\(fileName): missing field \"\(key.stringValue)\" at \(path(context)); expected the layout of geodata/taxonomy.json")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw GeometryError.invalidInput("\(fileName): \(context.debugDescription) at \(path(context))")
        } catch let DecodingError.dataCorrupted(context) {
            throw GeometryError.invalidInput("\(fileName): not valid JSON (\(context.debugDescription))")
        }
        guard !taxonomy.categories.isEmpty else {
            throw GeometryError.invalidInput("\(fileName): \"categories\" is empty; a route sheet needs at least one")
        }
        guard !taxonomy.levels.crow.isEmpty, !taxonomy.levels.simple.isEmpty else {
            throw GeometryError.invalidInput("\(fileName): \"levels\" needs both a \"crow\" and a \"simple\" list")
        }
        return taxonomy
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "the top level" : path
    }
}

/// The quality scale ticked on the sheets.
public enum QualityScale: String, Sendable, CaseIterable, Codable {
    /// CROW beeldkwaliteit A+ … D.
    case crow
    /// goed / slecht / plus.
    case simple
}
