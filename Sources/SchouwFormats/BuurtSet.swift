import Foundation
import SchouwCore
import SchouwGeometry

/// The buurten of a CBS wijk- en buurtkaart file (GeoJSON or GeoPackage), sorted by code.
public struct BuurtSet: Sendable {
    public var buurten: [Buurt]
    /// Things the user should know, e.g. a repaired polygon (one sentence each, naming the buurt).
    public var warnings: [String]
    /// The CRS the file was in.
    public var sourceCRS: CRS
    /// The file's name, for messages.
    public var fileName: String
    /// The codes of the water buurten left out (``Buurt/isWater(code:name:waterField:)``), sorted; empty
    /// when water was kept.
    public var skippedWater: [String] = []

    /// Reads buurten, recognising the code, name, municipality and water fields of every CBS vintage
    /// (see ``BuurtFieldAliases``).
    ///
    /// - Parameters:
    ///   - url: GeoJSON (RFC 7946 or with a legacy `crs` member) or GeoPackage (the only feature layer, or
    ///     the one whose name starts with "buurt"); any CRS PROJ knows.
    ///   - gemeente: keep only this municipality, e.g. `GM0303` (or `0303`).
    ///   - includeWater: keep water-only buurten (skipped by default).
    /// - Throws: ``FormatError`` naming the file, feature and field when a code is missing or a geometry is
    ///   not a polygon; reader and PROJ errors.
    /// - Complexity: O(n) in the number of coordinates, plus GEOS validity checks.
    public static func load(url: URL, gemeente: String? = nil, includeWater: Bool = false) throws -> BuurtSet {
        try make(from: VectorFile.read(url, prefer: "buurt"), gemeente: gemeente, includeWater: includeWater)
    }

    /// The buurten of features already read (a file's layer, or a buurt kept in a database), recognised
    /// as ``load(url:gemeente:includeWater:)`` recognises them.
    /// - Throws: ``GeometryError/invalidInput(_:)`` naming the layer, feature and field; PROJ errors.
    public static func make(from layer: VectorLayer, gemeente: String? = nil, includeWater: Bool = false) throws -> BuurtSet {
        let wantedGemeente = gemeente.map(normalisedGemeente)
        let geos = try GEOSContext()
        var buurten: [Buurt] = []
        var warnings: [String] = []
        var skippedWater: [String] = []
        for (index, feature) in layer.features.enumerated() {
            guard let code = feature.properties.value(forAnyOf: BuurtFieldAliases.code)?.value.textValue else {
                throw FormatError.missingBuurtCode(file: layer.fileName, feature: index, found: Array(feature.properties.keys))
            }
            let name = feature.properties.value(forAnyOf: BuurtFieldAliases.name)?.value.textValue ?? code
            let gemeenteCode =
                feature.properties.value(forAnyOf: BuurtFieldAliases.gemeente)?.value.textValue.map(normalisedGemeente)
                ?? gemeenteFromCode(code)
            let isWater = Buurt.isWater(
                code: code, name: feature.properties.value(forAnyOf: BuurtFieldAliases.name)?.value.textValue,
                waterField: feature.properties.value(forAnyOf: BuurtFieldAliases.water)?.value)
            if let wantedGemeente, gemeenteCode != wantedGemeente { continue }
            if isWater && !includeWater {
                skippedWater.append(code)
                continue
            }
            guard let geometry = feature.geometry, !geometry.polygons.isEmpty else {
                throw FormatError.buurtNotAPolygon(
                    file: layer.fileName, feature: index, code: code, name: name, found: feature.geometry?.typeName ?? "null")
            }
            var rd: Geometry
            let wgs84: Geometry
            do {
                rd = try CoordinateTransforms.transform(.multiPolygon(geometry.polygons), from: layer.crs, to: .rdNew)
                let validity = try geos.validity(of: rd)
                if !validity.isValid {
                    rd = .multiPolygon(try geos.makeValid(rd).polygons)
                    warnings.append(
                        "buurt \(code) (\(name)) had an invalid polygon (\(validity.reason ?? "GEOS gave no reason")); repaired with GEOS make-valid")
                }
                wgs84 = try CoordinateTransforms.transform(rd, from: .rdNew, to: .wgs84)
            } catch let error as GeometryError where error.exitClass == .badInput {
                // A coordinate the file's CRS cannot hold: the file's fault, so the message names it and the buurt.
                throw FormatError.unusableBuurtGeometry(file: layer.fileName, feature: index, code: code, name: name, reason: Phrase(error))
            }
            buurten.append(
                Buurt(
                    code: code, name: name, gemeente: gemeenteCode, isWater: isWater,
                    geometryWGS84: wgs84.rfc7946Wound, geometryRD: rd.rfc7946Wound))
        }
        buurten.sort { $0.code < $1.code }
        if let duplicate = zip(buurten, buurten.dropFirst()).first(where: { $0.code == $1.code }) {
            throw FormatError.duplicateBuurtCode(file: layer.fileName, code: duplicate.0.code)
        }
        return BuurtSet(
            buurten: buurten, warnings: warnings, sourceCRS: layer.crs, fileName: layer.fileName,
            skippedWater: skippedWater.sorted())
    }

    /// The buurt with this code (case-insensitive).
    /// - Throws: ``FormatError/unknownBuurtCode(file:code:known:)`` listing the codes that exist.
    public func buurt(code: String) throws -> Buurt {
        guard let match = buurten.first(where: { $0.code.caseInsensitiveCompare(code) == .orderedSame }) else {
            throw FormatError.unknownBuurtCode(file: fileName, code: code, known: codeList, skippedWater: skippedWater)
        }
        return match
    }

    /// The buurt with this name (case-insensitive); an ambiguous name is an error listing the codes.
    public func buurt(name: String) throws -> Buurt {
        let matches = buurten.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        guard let first = matches.first else {
            throw FormatError.unknownBuurtName(file: fileName, name: name, known: codeList, skippedWater: skippedWater)
        }
        guard matches.count == 1 else {
            throw FormatError.ambiguousBuurtName(file: fileName, name: name, codes: matches.map(\.code))
        }
        return first
    }

    /// "BU03039901 (Kruidentuin-Noord)" for every buurt.
    private var codeList: [String] {
        buurten.map { "\($0.code) (\($0.name))" }
    }
}

/// `0303`, `303`, `gm0303` → `GM0303`.
private func normalisedGemeente(_ text: String) -> String {
    let digits = text.filter(\.isNumber)
    guard !digits.isEmpty else { return text.uppercased() }
    return "GM" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// `BU03039901` → `GM0303` (the four digits after the prefix).
private func gemeenteFromCode(_ code: String) -> String? {
    let digits = code.filter(\.isNumber)
    return digits.count >= 4 ? "GM" + digits.prefix(4) : nil
}

