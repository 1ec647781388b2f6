import Foundation
import SchouwCore
import SchouwGeometry

// A small recursive-descent JSON parser. Foundation's JSONDecoder and JSONSerialization both lose the order
// of object members (properties would come out shuffled) and on Linux give no usable error position, so
// we parse RFC 8259 ourselves: members keep their order, `true` stays distinct from `1`, and a syntax error
// knows its byte offset, which becomes a line and column.

/// A JSON syntax error at a byte offset of the input, or a member given twice in one object.
struct JSONSyntaxError: Error, Sendable {
    enum Kind: Sendable {
        /// The bytes break RFC 8259's grammar.
        case syntax(Phrase)
        /// An object names this member twice. RFC 8259 leaves such a document's meaning open (parsers take
        /// the first, the last, or fail), so two readers of one file could see different data: refused.
        case duplicateMember(String)
    }

    /// One step from a container to a value inside it.
    enum Step: Sendable {
        case member(String)
        case element(Int)
    }

    var kind: Kind
    var offset: Int
    /// The steps from the container the error is in up to the top level, innermost first: each container
    /// adds its step as the error leaves it, so the parser keeps no path while all goes well.
    var outerSteps: [Step] = []

    init(message: Phrase, offset: Int) {
        self.kind = .syntax(message)
        self.offset = offset
    }

    init(duplicateMember name: String, offset: Int) {
        self.kind = .duplicateMember(name)
        self.offset = offset
    }

    /// The same error, seen from the container one level up that holds the failing value at `step`.
    func inside(_ step: Step) -> JSONSyntaxError {
        var outer = self
        outer.outerSteps.append(step)
        return outer
    }

    /// The JSON path of the container (object or array) where the error is; the root when at the top level.
    var path: JSONPath {
        outerSteps.reversed().reduce(JSONPath.root) { path, step in
            switch step {
            case .member(let name): path.member(name)
            case .element(let index): path.element(index)
            }
        }
    }

    /// What is wrong, with the path for a duplicate member (a syntax error is located by line and column).
    var message: Phrase {
        switch kind {
        case .syntax(let message):
            return message
        case .duplicateMember(let name):
            let place = path.description
            return place.isEmpty
                ? Phrase(
                    #"het lid "\#(name)" staat twee keer in het object op het hoogste niveau"#,
                    #"the member "\#(name)" occurs twice in the top-level object"#)
                : Phrase(#"het lid "\#(name)" staat twee keer in \#(place)"#, #"the member "\#(name)" occurs twice in \#(place)"#)
        }
    }
}

extension JSONValue {
    /// Parses one JSON text (RFC 8259); a leading UTF-8 byte-order mark is skipped. An object that names a
    /// member twice is an error, like a syntax error.
    ///
    /// - Complexity: O(n), where n is the number of bytes.
    static func parse(_ data: Data) -> Result<JSONValue, JSONSyntaxError> {
        data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            do throws(JSONSyntaxError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
    }
}

extension JSONValue {
    /// Reads a JSON text whose top level is an object with one large array member, without ever holding that
    /// array's elements at once: `members` gets the object's other members (all of them, also those after the
    /// array), then `element` gets the array's elements one at a time, each dropped after it returns.
    ///
    /// Returns false, having called nothing, when the text is not such an object (no member `name`, not an
    /// array, a repeated member) or `accepts` refuses one of the other members as it is read (so a caller
    /// can stop at `"type": "Feature"`); throws the first syntax error or the first error of `members` or
    /// `element`.
    /// What it accepts, ``parse(_:)`` accepts too; a caller that falls back to it on false or on an error
    /// gets the canonical error message.
    ///
    /// - Complexity: O(n), where n is the number of bytes; the array's bytes are scanned twice (once to find
    ///   its end, once to read it).
    static func streamObject(
        _ data: Data, arrayMember name: String, accepts: (_ member: String, JSONValue) -> Bool = { _, _ in true },
        members: (JSONObject, _ elementCount: Int) throws -> Void, element: (JSONValue) throws -> Void
    ) throws -> Bool {
        try data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            guard let (object, array) = try parser.parseObject(deferring: name, accepts: accepts) else { return false }
            try members(object, array.count)
            parser.index = array.start
            try parser.forEachElement(element)
            return true
        }
    }
}

extension JSONValue {
    /// Reads one JSON text (RFC 8259): the one JSON reader for every file and stored value, so object
    /// members keep their order and `true` stays distinct from `1`.
    ///
    /// - Parameter file: the file's name for the message, when the bytes come from a file.
    /// - Throws: ``FormatError/notJSON(file:line:column:reason:)`` with the line and column of the first
    ///   syntax error, or of a member given twice in one object (the reason then names the object's JSON path).
    /// - Complexity: O(n), where n is the number of bytes.
    public static func read(_ data: Data, file: String? = nil) throws(FormatError) -> JSONValue {
        switch parse(data) {
        case .success(let value): return value
        case .failure(let error):
            let position = lineAndColumn(of: error.offset, in: data)
            throw .notJSON(file: file, line: position.line, column: position.column, reason: error.message)
        }
    }
}

/// Line and column (both 1-based, column counted in characters) of a byte offset in UTF-8 text.
func lineAndColumn(of offset: Int, in data: Data) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in data.prefix(offset) {
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }
    return (line, column)
}

private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    /// Deeper nesting than this is refused rather than risking the stack; GeoJSON needs at most a handful.
    static let maxDepth = 512

    static let controlCharacter = Phrase(
        "stuurteken in een tekst (gebruik een escape)", "control character in a string (escape it)")
    static let unterminatedString = Phrase("tekst zonder afsluitend aanhalingsteken", "unterminated string")
    static let shortUnicodeEscape = Phrase("\\u-escape heeft vier hexadecimale cijfers nodig", "\\u escape needs four hex digits")

    /// "invalid number", with the detail in brackets when there is one.
    static func invalidNumber(_ detail: Phrase?) -> Phrase {
        Phrase(
            "ongeldig getal" + (detail.map { " (\($0.nl))" } ?? ""), "invalid number" + (detail.map { " (\($0.en))" } ?? ""))
    }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        guard index < bytes.count else { throw JSONSyntaxError(message: Phrase("de invoer is leeg", "the input is empty"), offset: index) }
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw JSONSyntaxError(
                message: Phrase(
                    "onverwacht \(describeByte(at: index).nl) na de JSON-waarde",
                    "unexpected \(describeByte(at: index).en) after the JSON value"),
                offset: index)
        }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func describeByte(at offset: Int) -> Phrase {
        guard offset < bytes.count else { return Phrase("einde van de invoer", "end of input") }
        let byte = bytes[offset]
        if byte >= 0x21 && byte < 0x7F {
            let character = Character(Unicode.Scalar(byte))
            return Phrase("teken '\(character)'", "character '\(character)'")
        }
        return Phrase(verbatim: "byte 0x\(String(byte, radix: 16, uppercase: true))")
    }

    func unexpected(_ expected: Phrase) -> JSONSyntaxError {
        let found = describeByte(at: index)
        return JSONSyntaxError(
            message: Phrase("verwacht \(expected.nl), gevonden \(found.nl)", "expected \(expected.en), found \(found.en)"),
            offset: index)
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw unexpected(Phrase("een waarde", "a value")) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected(Phrase("een waarde", "a value"))
        }
    }

    mutating func parseLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let length = word.utf8CodeUnitCount
        guard bytes.count - index >= length,
            UnsafeBufferPointer(start: word.utf8Start, count: length).elementsEqual(bytes[index..<index + length])
        else { throw JSONSyntaxError(message: Phrase("ongeldig woord, verwacht '\(word)'", "invalid literal, expected '\(word)'"), offset: start) }
        index += length
    }

    mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw JSONSyntaxError(
                message: Phrase("dieper genest dan \(Self.maxDepth) niveaus", "nesting deeper than \(Self.maxDepth) levels"), offset: index)
        }
        index += 1
        skipWhitespace()
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var object = JSONObject()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                    throw JSONSyntaxError(message: Phrase("komma vlak voor '}'", "trailing comma before '}'"), offset: index)
                }
                throw unexpected(Phrase("een naam tussen dubbele aanhalingstekens", "a member name in double quotes"))
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected(Phrase("':' na een naam", "':' after a member name")) }
            index += 1
            skipWhitespace()
            let value: JSONValue
            do throws(JSONSyntaxError) {
                value = try parseValue()
            } catch {
                throw error.inside(.member(key))
            }
            if object.updateValue(value, forKey: key) != nil {
                throw JSONSyntaxError(duplicateMember: key, offset: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count else { throw unexpected(Phrase("',' of '}'", "',' or '}'")) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(object)
            default:
                throw unexpected(Phrase("',' of '}'", "',' or '}'"))
            }
        }
    }

    /// The top-level object with its member `name` left out: where that member's array starts and how many
    /// elements it has. Nil when the text is not an object with exactly one `name` array, repeats a member,
    /// or has a member `accepts` refuses.
    mutating func parseObject(
        deferring name: String, accepts: (String, JSONValue) -> Bool
    ) throws(JSONSyntaxError) -> (JSONObject, (start: Int, count: Int))? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        try enterContainer()
        var object = JSONObject()
        var array: (start: Int, count: Int)?
        var more = index < bytes.count && bytes[index] != UInt8(ascii: "}")
        while more {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace()
            if key == name {
                guard array == nil, index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
                array = (index, try skipArray())
            } else {
                let value = try parseValue()
                guard object[key] == nil, accepts(key, value) else { return nil }
                object[key] = value
            }
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"): more = false
            default: return nil
            }
        }
        index += 1
        depth -= 1
        skipWhitespace()
        guard index == bytes.count, let array else { return nil }
        return (object, array)
    }

    /// Moves past the array starting at `index`, following only strings and nesting (its values are read
    /// properly later), and returns how many elements it has.
    mutating func skipArray() throws(JSONSyntaxError) -> Int {
        let start = index
        var nesting = 0
        var commas = 0
        var empty = true
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
                empty = false
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if nesting > 0 { empty = false }
                nesting += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                nesting -= 1
                if nesting == 0 { return empty ? 0 : commas + 1 }
            case UInt8(ascii: ","):
                if nesting == 1 { commas += 1 }
            case 0x20, 0x09, 0x0A, 0x0D: break
            default: empty = false
            }
        }
        throw JSONSyntaxError(message: Phrase("array zonder einde", "unterminated array"), offset: start)
    }

    /// Reads the array starting at `index` (inside the top-level object), handing each element to `body`.
    mutating func forEachElement(_ body: (JSONValue) throws -> Void) throws {
        depth = 1
        try enterContainer()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") { return }
        while true {
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                throw JSONSyntaxError(message: Phrase("komma vlak voor ']'", "trailing comma before ']'"), offset: index)
            }
            try body(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw unexpected(Phrase("',' of ']'", "',' or ']'")) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"): return
            default: throw unexpected(Phrase("',' of ']'", "',' or ']'"))
            }
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                throw JSONSyntaxError(message: Phrase("komma vlak voor ']'", "trailing comma before ']'"), offset: index)
            }
            do throws(JSONSyntaxError) {
                elements.append(try parseValue())
            } catch {
                throw error.inside(.element(elements.count))
            }
            skipWhitespace()
            guard index < bytes.count else { throw unexpected(Phrase("',' of ']'", "',' or ']'")) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw unexpected(Phrase("',' of ']'", "',' or ']'"))
            }
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[start..<index]), openingQuote: open)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONSyntaxError(message: Self.controlCharacter, offset: index) }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try buffer.withUnsafeBufferPointer { (utf8) throws(JSONSyntaxError) in
                    try decodeUTF8(utf8, openingQuote: open)
                }
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw JSONSyntaxError(message: Self.controlCharacter, offset: index)
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw JSONSyntaxError(message: Self.unterminatedString, offset: open)
    }

    func decodeUTF8(_ utf8: UnsafeBufferPointer<UInt8>, openingQuote: Int) throws(JSONSyntaxError) -> String {
        // String(decoding:) is the specialised fast path; it repairs invalid UTF-8 with U+FFFD, so text that
        // is not plain ASCII is valid exactly when decoding gave back the same bytes.
        let text = String(decoding: utf8, as: UTF8.self)
        guard utf8.allSatisfy({ $0 < 0x80 }) || text.utf8.elementsEqual(utf8) else {
            throw JSONSyntaxError(message: Phrase("tekst is geen geldige UTF-8", "string is not valid UTF-8"), offset: openingQuote)
        }
        return text
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw JSONSyntaxError(message: Self.unterminatedString, offset: escapeStart) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(escapeStart: escapeStart)
            if (0xD800..<0xDC00).contains(scalar), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                bytes[index + 1] == UInt8(ascii: "u")
            {
                let save = index
                index += 2
                let low = try parseHex4(escapeStart: save)
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    index = save
                }
            }
            // A lone surrogate cannot live in a Swift String; it becomes U+FFFD like invalid UTF-16 anywhere else.
            let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            buffer.append(contentsOf: Array(String(character).utf8))
        default:
            throw JSONSyntaxError(
                message: Phrase("ongeldige escape-reeks in een tekst", "invalid escape sequence in a string"), offset: escapeStart)
        }
    }

    mutating func parseHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else {
            throw JSONSyntaxError(message: Self.shortUnicodeEscape, offset: escapeStart)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError(message: Self.shortUnicodeEscape, offset: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    func isDigit(_ offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] >= UInt8(ascii: "0") && bytes[offset] <= UInt8(ascii: "9")
    }

    /// Powers of ten that a Double holds exactly.
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard isDigit(index) else { throw JSONSyntaxError(message: Self.invalidNumber(nil), offset: start) }
        // Collect up to 15 significant digits exactly; Clinger's fast path below is then exact.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw JSONSyntaxError(message: Self.invalidNumber(Phrase("voorloopnul", "leading zero")), offset: start) }
        } else {
            while isDigit(index) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] - UInt8(ascii: "0"))
                significantDigits += 1
                index += 1
            }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw JSONSyntaxError(
                    message: Self.invalidNumber(Phrase("cijfer verwacht na '.'", "digit expected after '.'")), offset: start) }
            while isDigit(index) {
                let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
                if significantDigits > 0 || digit != 0 { significantDigits += 1 }
                mantissa = mantissa &* 10 &+ digit
                fractionDigits += 1
                index += 1
            }
        }
        var exponent = 0
        var exponentIsSmall = true
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            var exponentNegative = false
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(index) else { throw JSONSyntaxError(
                    message: Self.invalidNumber(Phrase("cijfer verwacht in de exponent", "digit expected in exponent")), offset: start) }
            while isDigit(index) {
                if exponent < 100_000 {
                    exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                } else {
                    exponentIsSmall = false
                }
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        let power = exponent - fractionDigits
        if significantDigits <= 15 && exponentIsSmall && abs(power) <= 22 {
            // Both operands are exact, so one IEEE multiplication or division rounds correctly.
            var value = Double(mantissa)
            value = power < 0 ? value / Self.exactPowersOfTen[-power] : value * Self.exactPowersOfTen[power]
            return negative ? -value : value
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text) else { throw JSONSyntaxError(message: Self.invalidNumber(nil), offset: start) }
        return value
    }
}
