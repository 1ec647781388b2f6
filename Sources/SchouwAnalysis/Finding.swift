import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// One finding of a buurtschouw as the analysis needs it: where, and its properties.
public struct Finding: Hashable, Sendable {
    /// The position in RD New metres.
    public var rd: Coordinate
    /// The feature's properties as read (id, category, level, status, street, …).
    public var properties: JSONObject
    /// Where it came from, for messages: "observations.geojson: feature 12 (id 7)".
    public var source: String {
        switch origin {
        case .text(let text): text
        case .feature(let file, let index, let id):
            "\(file): feature \(index)" + ((id?.textValue ?? properties["id"]?.textValue).map { " (id \($0))" } ?? "")
        }
    }

    /// Where it came from, kept in parts: a million findings from one file share the file name, and the
    /// text is made only for a message.
    private var origin: Origin

    private enum Origin: Hashable, Sendable {
        case text(String)
        /// Feature `index` of `file`, with the feature's own "id" when it has one.
        case feature(file: String, index: Int, id: JSONValue?)
    }

    public init(rd: Coordinate, properties: JSONObject, source: String) {
        self.rd = rd
        self.properties = properties
        origin = .text(source)
    }

    /// A finding read as feature `index` of `file`.
    init(rd: Coordinate, feature: Feature, index: Int, file: String) {
        self.rd = rd
        properties = feature.properties
        origin = .feature(file: file, index: index, id: feature.id)
    }

    public var category: String? { properties["category"]?.textValue }
    public var level: String? { properties["level"]?.textValue }
    public var status: String? { properties["status"]?.textValue }
    public var street: String? { properties["street"]?.textValue }
}

extension Finding {
    /// Reads point findings from GeoJSON (any CRS PROJ knows) or a GeoPackage point layer.
    ///
    /// - Throws: ``AnalysisError/notAPoint(place:found:)`` naming the file and feature when a geometry is
    ///   not a point; reader and PROJ errors.
    /// - Complexity: O(n).
    public static func load(url: URL) throws -> [Finding] {
        let layer = try VectorFile.read(url, prefer: "observation")
        var positions: [Coordinate] = []
        positions.reserveCapacity(layer.features.count)
        for (index, feature) in layer.features.enumerated() {
            switch feature.geometry {
            case .point(let c): positions.append(c)
            case .multiPoint(let cs) where cs.count == 1: positions.append(cs[0])
            default:
                throw AnalysisError.notAPoint(
                    place: "\(layer.fileName): feature \(index)\(feature.idText)", found: feature.geometry?.typeName ?? "null")
            }
        }
        let rd = try CoordinateTransforms.transform(positions, from: layer.crs, to: .rdNew)
        return zip(rd, layer.features).enumerated().map { index, pair in
            Finding(rd: pair.0, feature: pair.1, index: index, file: layer.fileName)
        }
    }
}

extension Feature {
    fileprivate var idText: String {
        guard let id = id?.textValue ?? properties["id"]?.textValue else { return "" }
        return " (id \(id))"
    }
}

/// How much each finding weighs in a heatmap.
public enum FindingWeight: Hashable, Sendable {
    /// Every finding weighs 1.
    case none
    /// By quality level: worse weighs more (see ``levelWeights``).
    case level
    /// A numeric property; a finding without it is an error naming the finding.
    case field(String)

    /// CROW beeldkwaliteit and the simple scale: D (poor) weighs most; A+ little; a plus point (a
    /// positive remark or idea) nothing, since it marks no shortcoming. A missing or unknown level weighs 1.
    public static let levelWeights: [(level: String, weight: Double)] = [
        ("A+", 0.25), ("A", 0.5), ("B", 1), ("C", 2), ("D", 4), ("goed", 0.5), ("slecht", 2), ("plus", 0),
    ]

    /// Parses `level`, `none` or a field name.
    public init(_ text: String) {
        switch text.lowercased() {
        case "level", "niveau": self = .level
        case "none", "geen": self = .none
        default: self = .field(text)
        }
    }

    /// The weight of each finding.
    /// - Throws: ``AnalysisError/missingWeightField(source:field:)`` or ``AnalysisError/invalidWeight(source:field:value:)``
    ///   when a weight field is missing or not a finite number ≥ 0.
    public func weights(_ findings: [Finding]) throws -> [Double] {
        switch self {
        case .none: return findings.map { _ in 1 }
        case .level:
            return findings.map { finding in
                guard let level = finding.level?.lowercased() else { return 1 }
                return Self.levelWeights.first { $0.level.lowercased() == level }?.weight ?? 1
            }
        case .field(let name):
            return try findings.map { finding in
                guard let value = finding.properties.value(forAnyOf: [name])?.value else {
                    throw AnalysisError.missingWeightField(source: finding.source, field: name)
                }
                let number = value.doubleValue ?? value.stringValue.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
                guard let number, number.isFinite, number >= 0 else {
                    throw AnalysisError.invalidWeight(source: finding.source, field: name, value: value.textValue ?? value.kindDescription)
                }
                return number
            }
        }
    }
}
