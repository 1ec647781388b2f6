import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// A category tree with quality levels, e.g. `geodata/taxonomy.json` or a municipality's own file.
///
/// Categories map onto MOR trees such as Signalen's main categories (`signalen`) so findings can be forwarded.
public struct Taxonomy: Hashable, Sendable {
    /// A code with its Dutch and English label.
    public struct Label: Hashable, Sendable {
        public var code: String
        public var nl: String
        public var en: String
        /// Words people use for it ("lantaarnpaal" for `lamp_kapot`), accepted wherever it is entered.
        public var synonyms: [String] = []
        /// For a level: the level it is on another scale, by scale name (CROW `C` is `slecht` on `simple`).
        public var equivalent: [String: String] = [:]

        public init(code: String, nl: String, en: String, synonyms: [String] = [], equivalent: [String: String] = [:]) {
            self.code = code
            self.nl = nl
            self.en = en
            self.synonyms = synonyms
            self.equivalent = equivalent
        }
    }

    public struct Category: Hashable, Sendable {
        public var code: String
        public var nl: String
        public var en: String
        /// The Signalen main category this maps onto.
        public var signalen: String?
        /// schoon, heel, veilig (or idee).
        public var theme: String?
        public var subcategories: [Label]
        /// Words people use for the category as a whole.
        public var synonyms: [String] = []
    }

    public var name: String
    public var version: Int
    /// Quality scales by name, e.g. `crow` (A+ … D) and `simple` (goed, slecht, plus).
    public var levels: [String: [Label]]
    public var categories: [Category]

    /// The built-in default ("Schouw standaard").
    public static let standard: Taxonomy = {
        do {
            return try Taxonomy(json: JSONValue.read(Data(standardJSON.utf8)))
        } catch {
            // The JSON is compiled in and covered by a test; reaching this is a programming error.
            fatalError("the built-in taxonomy does not decode: \(error)")
        }
    }()

    /// Reads and checks a taxonomy file.
    /// - Throws: ``StoreError/invalidTaxonomy(_:_:)`` naming the file and what is wrong.
    public static func read(contentsOf url: URL) throws -> Taxonomy {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw StoreError.unreadableFile(url.path, Phrase(describingFileError: error)) }
        let taxonomy: Taxonomy
        do {
            taxonomy = try Taxonomy(json: JSONValue.read(data))
        } catch let error as ShapeError {
            throw StoreError.invalidTaxonomy(url.path, error.reason)
        } catch {
            // The JSON reader's message: line, column and what is wrong (a member given twice names its path).
            throw StoreError.invalidTaxonomy(url.path, Phrase(error))
        }
        try taxonomy.check(file: url.path)
        return taxonomy
    }

    /// A taxonomy's JSON is missing a field or has one of the wrong kind.
    struct ShapeError: Error {
        /// "missing field 'code' at .categories[2]" or "wrong type at .version", in both languages.
        var reason: Phrase
    }

    /// Reads the JSON form (`geodata/taxonomy.json`'s shape); extra members are ignored.
    /// - Throws: ``ShapeError`` naming the path of the first missing or mistyped field.
    init(json: JSONValue) throws {
        let root = try Self.object(json, at: "")
        name = try Self.member(root, "name", at: "", \.stringValue)
        version = try Self.member(root, "version", at: "", \.intValue)
        let levelObject = try Self.object(Self.member(root, "levels", at: "") { $0 }, at: ".levels")
        var levels: [String: [Label]] = [:]
        for (scale, list) in levelObject {
            levels[scale] = try Self.array(list, at: ".levels.\(scale)").enumerated().map { index, entry in
                try Self.label(entry, at: ".levels.\(scale)[\(index)]")
            }
        }
        self.levels = levels
        categories = try Self.array(Self.member(root, "categories", at: "") { $0 }, at: ".categories").enumerated().map {
            index, entry in
            let path = ".categories[\(index)]"
            let object = try Self.object(entry, at: path)
            // Fields are read in declaration order, so the first problem named is the first field's.
            let code = try Self.member(object, "code", at: path, \.stringValue)
            let nl = try Self.member(object, "nl", at: path, \.stringValue)
            let en = try Self.member(object, "en", at: path, \.stringValue)
            let signalen = try Self.optional(object, "signalen", at: path)
            let theme = try Self.optional(object, "theme", at: path)
            let subcategories = try Self.array(Self.member(object, "subcategories", at: path) { $0 }, at: path + ".subcategories")
            return Category(
                code: code, nl: nl, en: en, signalen: signalen, theme: theme,
                subcategories: try subcategories.enumerated().map { try Self.label($1, at: path + ".subcategories[\($0)]") },
                synonyms: try Self.words(object, at: path))
        }
    }

    /// The JSON form, as ``init(json:)`` reads it.
    var json: JSONValue {
        func label(_ l: Label) -> JSONValue {
            var object: JSONObject = ["code": .string(l.code), "nl": .string(l.nl), "en": .string(l.en)]
            if !l.synonyms.isEmpty { object["synonyms"] = .array(l.synonyms.map(JSONValue.string)) }
            if !l.equivalent.isEmpty {
                var equivalent = JSONObject()
                for scale in l.equivalent.keys.sorted() { equivalent[scale] = .string(l.equivalent[scale]!) }
                object["equivalent"] = .object(equivalent)
            }
            return .object(object)
        }
        var levelObject = JSONObject()
        for scale in levels.keys.sorted() { levelObject[scale] = .array(levels[scale, default: []].map(label)) }
        return [
            "name": .string(name), "version": .number(Double(version)), "levels": .object(levelObject),
            "categories": .array(categories.map { c in
                var object: JSONObject = ["code": .string(c.code), "nl": .string(c.nl), "en": .string(c.en)]
                if let signalen = c.signalen { object["signalen"] = .string(signalen) }
                if let theme = c.theme { object["theme"] = .string(theme) }
                object["subcategories"] = .array(c.subcategories.map(label))
                if !c.synonyms.isEmpty { object["synonyms"] = .array(c.synonyms.map(JSONValue.string)) }
                return .object(object)
            }),
        ]
    }

    private static func place(_ path: String) -> String { path.isEmpty ? "the top level" : path }

    private static func object(_ value: JSONValue, at path: String) throws -> JSONObject {
        guard let object = value.objectValue else { throw ShapeError(reason: Phrase("verkeerd soort waarde bij \(place(path))", "wrong type at \(place(path))")) }
        return object
    }

    private static func array(_ value: JSONValue, at path: String) throws -> [JSONValue] {
        guard let array = value.arrayValue else { throw ShapeError(reason: Phrase("verkeerd soort waarde bij \(place(path))", "wrong type at \(place(path))")) }
        return array
    }

    private static func member<T>(_ object: JSONObject, _ key: String, at path: String, _ value: (JSONValue) -> T?) throws -> T {
        guard let member = object[key] else { throw ShapeError(reason: Phrase("veld '\(key)' ontbreekt bij \(place(path))", "missing field '\(key)' at \(place(path))")) }
        guard let typed = value(member) else { throw ShapeError(reason: Phrase("verkeerd soort waarde bij \(path).\(key)", "wrong type at \(path).\(key)")) }
        return typed
    }

    private static func optional(_ object: JSONObject, _ key: String, at path: String) throws -> String? {
        guard let member = object[key], !member.isNull else { return nil }
        guard let text = member.stringValue else { throw ShapeError(reason: Phrase("verkeerd soort waarde bij \(path).\(key)", "wrong type at \(path).\(key)")) }
        return text
    }

    private static func label(_ value: JSONValue, at path: String) throws -> Label {
        let object = try Self.object(value, at: path)
        var equivalent: [String: String] = [:]
        if let member = object["equivalent"], !member.isNull {
            for (scale, code) in try Self.object(member, at: path + ".equivalent") {
                guard let code = code.stringValue else {
                    throw ShapeError(reason: Phrase("verkeerd soort waarde bij \(path).equivalent.\(scale)", "wrong type at \(path).equivalent.\(scale)"))
                }
                equivalent[scale] = code
            }
        }
        return Label(
            code: try member(object, "code", at: path, \.stringValue), nl: try member(object, "nl", at: path, \.stringValue),
            en: try member(object, "en", at: path, \.stringValue), synonyms: try words(object, at: path), equivalent: equivalent)
    }

    /// The optional `synonyms` member: an array of texts.
    private static func words(_ object: JSONObject, at path: String) throws -> [String] {
        guard let member = object["synonyms"], !member.isNull else { return [] }
        return try Self.array(member, at: path + ".synonyms").enumerated().map { index, word in
            guard let text = word.stringValue else {
                throw ShapeError(reason: Phrase("verkeerd soort waarde bij \(path).synonyms[\(index)]", "wrong type at \(path).synonyms[\(index)]"))
            }
            return text
        }
    }

    /// Checks that codes are unique and nothing is empty.
    func check(file: String) throws {
        guard !categories.isEmpty else { throw StoreError.invalidTaxonomy(file, Phrase("geen categorieën", "no categories")) }
        guard levels.values.contains(where: { !$0.isEmpty }) else { throw StoreError.invalidTaxonomy(file, Phrase("geen niveaus", "no levels")) }
        var seen = Set<String>()
        for category in categories {
            guard !category.code.isEmpty, seen.insert(category.code).inserted else {
                throw StoreError.invalidTaxonomy(
                    file,
                    Phrase(
                        "categoriecode '\(category.code)' is leeg of komt twee keer voor",
                        "category code '\(category.code)' is empty or used twice"))
            }
            var subs = Set<String>()
            for sub in category.subcategories where sub.code.isEmpty || !subs.insert(sub.code).inserted {
                throw StoreError.invalidTaxonomy(
                    file,
                    Phrase(
                        "subcategoriecode '\(sub.code)' in '\(category.code)' is leeg of komt twee keer voor",
                        "subcategory code '\(sub.code)' in '\(category.code)' is empty or used twice"))
            }
        }
        try checkWords(file: file)
    }

    /// Checks that no synonym is the name of something else or given to two, and that every level's
    /// equivalent names a level of a scale the taxonomy has.
    private func checkWords(file: String) throws {
        var owners: [String: String] = [:]
        for category in categories {
            for name in [category.code, category.nl, category.en] { owners[TaxonomyResolver.key(name)] = owners[TaxonomyResolver.key(name)] ?? category.code }
            for sub in category.subcategories {
                for name in [sub.code, sub.nl, sub.en] {
                    owners[TaxonomyResolver.key(name)] = owners[TaxonomyResolver.key(name)] ?? "\(category.code)/\(sub.code)"
                }
            }
        }
        for category in categories {
            let targets = [(category.code, category.synonyms)] + category.subcategories.map { ("\(category.code)/\($0.code)", $0.synonyms) }
            for (target, words) in targets {
                for word in words {
                    let key = TaxonomyResolver.key(word)
                    if key.isEmpty {
                        throw StoreError.invalidTaxonomy(file, Phrase("leeg synoniem bij '\(target)'", "empty synonym of '\(target)'"))
                    }
                    if let owner = owners[key], owner != target {
                        throw StoreError.invalidTaxonomy(
                            file,
                            Phrase(
                                "synoniem '\(word)' van '\(target)' is al de naam of een synoniem van '\(owner)'",
                                "synonym '\(word)' of '\(target)' is already the name or a synonym of '\(owner)'"))
                    }
                    owners[key] = target
                }
            }
        }
        for (scale, list) in levels {
            for level in list {
                for (other, code) in level.equivalent where !(levels[other]?.contains { $0.code == code } ?? false) && code != level.code {
                    throw StoreError.invalidTaxonomy(
                        file,
                        Phrase(
                            "niveau '\(level.code)' (\(scale)) is gelijkgesteld aan '\(code)', maar schaal '\(other)' heeft dat niveau niet",
                            "level '\(level.code)' (\(scale)) is made equal to '\(code)', but scale '\(other)' has no such level"))
                }
            }
        }
    }

    /// Every level, scale by scale in a stable order (crow first, then the others by name).
    public var allLevels: [Label] {
        levels.keys.sorted { ($0 == "crow" ? "" : $0) < ($1 == "crow" ? "" : $1) }.flatMap { levels[$0] ?? [] }
    }
}

/// Looks up categories, subcategories and levels by code, by Dutch or English label or by a synonym,
/// and suggests the nearest one for a near miss.
///
/// Built once per import: lookups are dictionary hits on a normalised key.
struct TaxonomyResolver: Sendable {
    let taxonomy: Taxonomy
    /// The schouw's quality scale: levels are stored on it only, words of another scale are mapped onto
    /// it or refused. Nil (a schouw that mixed scales before it had one) accepts every scale.
    let scale: String?
    private var categoryByKey: [String: Int] = [:]
    /// Subcategory key → (category index, subcategory code); a key can occur under several categories.
    private var subcategoryByKey: [String: [(Int, String)]] = [:]
    /// Synonym key → (category index, subcategory code or nil for the category as a whole).
    private var synonymByKey: [String: (category: Int, subcategory: String?)] = [:]
    /// The synonyms' keys in taxonomy order, so a suggestion among equally near ones is always the same.
    private var synonymKeys: [String] = []
    private var levelByKey: [String: String] = [:]
    private var levelCodes: Set<String> = []

    init(_ taxonomy: Taxonomy, scale: String? = nil) {
        self.taxonomy = taxonomy
        self.scale = scale.flatMap { taxonomy.levels[$0] == nil ? nil : $0 }
        for (index, category) in taxonomy.categories.enumerated() {
            for key in [category.code, category.nl, category.en] { categoryByKey[Self.key(key), default: index] = index }
            for sub in category.subcategories {
                for key in Set([sub.code, sub.nl, sub.en].map(Self.key)) { subcategoryByKey[key, default: []].append((index, sub.code)) }
            }
        }
        // A taxonomy without synonyms of its own (a municipality's file, a database made before synonyms)
        // gets the standard's, wherever its codes are the standard's.
        let words = taxonomy.hasSynonyms ? taxonomy : Taxonomy.standard
        for category in words.categories {
            guard let index = taxonomy.categories.firstIndex(where: { $0.code == category.code }) else { continue }
            func add(_ word: String, _ subcategory: String?) {
                let key = Self.key(word)
                guard synonymByKey[key] == nil else { return }
                synonymByKey[key] = (index, subcategory)
                synonymKeys.append(key)
                // Dutch compounds are often written apart: "straat lantaarn" is "straatlantaarn".
                let joined = key.replacingOccurrences(of: " ", with: "")
                if joined != key, synonymByKey[joined] == nil { synonymByKey[joined] = (index, subcategory) }
            }
            for word in category.synonyms { add(word, nil) }
            let codes = Set(taxonomy.categories[index].subcategories.map(\.code))
            for sub in category.subcategories where codes.contains(sub.code) {
                for word in sub.synonyms { add(word, sub.code) }
            }
        }
        // Codes win over labels: "goed" is the simple scale's code even though CROW's A is labelled "goed".
        for level in taxonomy.allLevels.reversed() {
            levelByKey[Self.key(level.nl)] = level.code
            levelByKey[Self.key(level.en)] = level.code
        }
        for level in taxonomy.allLevels.reversed() { levelByKey[Self.key(level.code)] = level.code }
        levelCodes = Set(taxonomy.allLevels.map(\.code))
    }

    /// Case-, accent- and separator-insensitive key: "Volle prullenbak" == "volle_prullenbak".
    static func key(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        let folded = text.unicodeScalars.allSatisfy(\.isASCII) ? text : text.folding(options: [.diacriticInsensitive], locale: nil)
        for ch in folded.lowercased().unicodeScalars {
            if ch == "_" || ch == "-" || ch == " " || ch == "\t" || ch == "/" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    enum Miss: Error, Hashable {
        case category(suggestion: String?)
        case subcategory(category: String, suggestion: String?)
        case level(suggestion: String?)
        /// A word of another scale that means more than one level of the schouw's scale ("slecht" on CROW: C or D).
        case ambiguousLevel(scale: String, candidates: [String])
        /// Not a level of the schouw's scale (nor one that maps onto it); `codes` are the scale's.
        case levelOffScale(scale: String, codes: [String], suggestion: String?)
    }

    /// Resolves a category (and optional subcategory) to codes. A subcategory given as the category
    /// ("zwerfvuil") is accepted when it belongs to exactly one category, and so is a synonym
    /// ("lantaarnpaal" is `verlichting`/`lamp_kapot`); a subcategory given beside a synonym wins over
    /// the synonym's own.
    func resolve(category: String, subcategory: String?) -> Result<(category: String, subcategory: String?), Miss> {
        // Fast path for files that use the codes, as exports and templates do.
        if let index = categoryByKey[category], taxonomy.categories[index].code == category {
            if subcategory == nil { return .success((category, nil)) }
            if let subcategory, let match = subcategoryByKey[subcategory]?.first(where: { $0.0 == index }), match.1 == subcategory {
                return .success((category, subcategory))
            }
        }
        let categoryKey = Self.key(category)
        let subKey = subcategory.map(Self.key).flatMap { $0.isEmpty ? nil : $0 }
        let index: Int
        var implied: String?
        if let found = categoryByKey[categoryKey] {
            index = found
        } else if subKey == nil, let matches = subcategoryByKey[categoryKey], matches.count == 1 {
            return .success((taxonomy.categories[matches[0].0].code, matches[0].1))
        } else if let synonym = synonymByKey[categoryKey] ?? synonymByKey[categoryKey.replacingOccurrences(of: " ", with: "")] {
            (index, implied) = synonym
        } else {
            return .failure(.category(suggestion: suggestion(for: categoryKey, among: categorySuggestions)))
        }
        let chosen = taxonomy.categories[index]
        guard let subKey else { return .success((chosen.code, implied)) }
        if let match = subcategoryByKey[subKey]?.first(where: { $0.0 == index }) {
            return .success((chosen.code, match.1))
        }
        if let synonym = synonymByKey[subKey] ?? synonymByKey[subKey.replacingOccurrences(of: " ", with: "")], synonym.category == index,
            let code = synonym.subcategory
        {
            return .success((chosen.code, code))
        }
        let candidates = chosen.subcategories.flatMap { sub in [sub.code, sub.nl, sub.en].map { (Self.key($0), sub.code) } }
            + synonymKeys.compactMap { key in
                synonymByKey[key].flatMap { $0.category == index ? $0.subcategory.map { (key, $0) } : nil }
            }
        return .failure(.subcategory(category: chosen.code, suggestion: suggestion(for: subKey, among: candidates)))
    }

    /// Whether `text` is a synonym (and no code or label): the walker's own words, worth keeping as text.
    func isSynonym(_ text: String) -> Bool {
        let key = Self.key(text)
        guard categoryByKey[key] == nil, subcategoryByKey[key] == nil else { return false }
        return synonymByKey[key] != nil || synonymByKey[key.replacingOccurrences(of: " ", with: "")] != nil
    }

    /// Resolves a level code or label ("a+", "zeer goed", "basic") to its code, on the schouw's scale
    /// when it has one: a word of another scale is mapped through the levels' equivalents ("A" is
    /// `goed` on the simple scale), and refused when it means several levels ("slecht" on CROW: C or
    /// D) or none.
    func resolveLevel(_ level: String) -> Result<String, Miss> {
        guard let scale, let own = taxonomy.levels[scale] else { return resolveOnAnyScale(level) }
        let key = Self.key(level)
        if let match = own.first(where: { Self.key($0.code) == key }) { return .success(match.code) }
        // The levels of other scales this word names: by code first, else by label.
        var named: [(scale: String, level: Taxonomy.Label)] = []
        for (name, levels) in taxonomy.levels.sorted(by: { $0.key < $1.key }) where name != scale {
            if let match = levels.first(where: { Self.key($0.code) == key })
                ?? levels.first(where: { Self.key($0.nl) == key || Self.key($0.en) == key })
            {
                named.append((name, match))
            }
        }
        if named.isEmpty, let match = own.first(where: { Self.key($0.nl) == key || Self.key($0.en) == key }) {
            return .success(match.code)
        }
        if let (otherScale, other) = named.first {
            // An equivalent may be a level of this scale, or a code kept on every scale (plus).
            if let code = other.equivalent[scale], own.contains(where: { $0.code == code }) || code == other.code {
                return .success(code)
            }
            let candidates = own.filter { $0.equivalent[otherScale] == other.code }.map(\.code)
            if candidates.count == 1 { return .success(candidates[0]) }
            if candidates.count > 1 { return .failure(.ambiguousLevel(scale: scale, candidates: candidates)) }
            return .failure(.levelOffScale(scale: scale, codes: own.map(\.code), suggestion: nil))
        }
        let candidates = own.flatMap { l in [l.code, l.nl, l.en].map { (Self.key($0), l.code) } }
        return .failure(.levelOffScale(scale: scale, codes: own.map(\.code), suggestion: suggestion(for: key, among: candidates)))
    }

    /// The codes of the schouw's scale, or of every scale when it has none.
    var scaleCodes: [String] { scale.flatMap { taxonomy.levels[$0] }.map { $0.map(\.code) } ?? taxonomy.allLevels.map(\.code) }

    private func resolveOnAnyScale(_ level: String) -> Result<String, Miss> {
        if levelCodes.contains(level) { return .success(level) }
        let key = Self.key(level)
        if let code = levelByKey[key] { return .success(code) }
        let candidates = taxonomy.allLevels.flatMap { l in [l.code, l.nl, l.en].map { (Self.key($0), l.code) } }
        return .failure(.level(suggestion: suggestion(for: key, among: candidates)))
    }

    private var categorySuggestions: [(String, String)] {
        taxonomy.categories.flatMap { c in
            [c.code, c.nl, c.en].map { (Self.key($0), c.code) }
                + c.subcategories.flatMap { s in [s.code, s.nl, s.en].map { (Self.key($0), s.code) } }
        } + synonymKeys.compactMap { key in
            synonymByKey[key].map { (key, $0.subcategory ?? taxonomy.categories[$0.category].code) }
        }
    }

    /// The code whose key is nearest to `key` by edit distance, when near enough to be a typo.
    private func suggestion(for key: String, among candidates: [(key: String, code: String)]) -> String? {
        guard !key.isEmpty else { return nil }
        var best: (distance: Int, code: String)?
        for candidate in candidates {
            let d = EditDistance.between(key, candidate.key)
            if d < (best?.distance ?? .max) { best = (d, candidate.code) }
            // A prefix of a longer name ("verlicht" for "verlichting") is a likely near miss too.
            if key.count >= 4, candidate.key.hasPrefix(key), (best?.distance ?? .max) > 1 { best = (1, candidate.code) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, key.count / 3))
        return best.distance <= allowed ? best.code : nil
    }
}

extension Taxonomy {
    /// Whether any category or subcategory has synonyms.
    var hasSynonyms: Bool {
        categories.contains { !$0.synonyms.isEmpty || $0.subcategories.contains { !$0.synonyms.isEmpty } }
    }
}
