import Foundation
import SchouwCore
import SchouwGeometry

/// What the report's map draws over the route sheets' map: heatmap bands, buurt outlines and the findings.
public struct ReportMapLayers: Sendable {
    public struct Point: Sendable, Hashable {
        /// RD New metres.
        public var rd: Coordinate
        /// The index of the finding's main category in the legend; picks its symbol and colour.
        public var category: Int

        public init(rd: Coordinate, category: Int) {
            self.rd = rd
            self.category = category
        }
    }

    public struct Band: Sendable, Hashable {
        /// The band's polygons' rings in RD New metres.
        public var rings: [[Coordinate]]
        /// 1 (lowest density) … `classes`.
        public var densityClass: Int

        public init(rings: [[Coordinate]], densityClass: Int) {
            self.rings = rings
            self.densityClass = densityClass
        }
    }

    public var findings: [Point]
    public var bands: [Band]
    public var bandClasses: Int
    /// The buurten's rings in RD New metres.
    public var buurtOutlines: [[Coordinate]]

    public init(findings: [Point], bands: [Band], bandClasses: Int, buurtOutlines: [[Coordinate]]) {
        self.findings = findings
        self.bands = bands
        self.bandClasses = bandClasses
        self.buurtOutlines = buurtOutlines
    }
}

extension SheetMap {
    /// The styles of the report map's own classes, beside ``css``: grey density bands, findings as
    /// symbols that differ in shape as well as colour, so the map reads in black and white.
    public static let reportCSS = """
        .band { stroke: none; fill: #000; }
        .buurt { fill: none; stroke: #222; stroke-width: 2.2; stroke-dasharray: 10 4; }
        .route.walked { stroke: #000; stroke-width: 2.4; }
        .finding { stroke: #000; stroke-width: 1.1; }
        """

    /// Fill colours of the category symbols, in legend order; light and dark alternate so neighbours
    /// differ in grey too.
    public static let categoryColors = ["#e6194b", "#ffe119", "#4363d8", "#f58231", "#3cb44b", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#fabebe", "#008080", "#9a6324"]

    /// The symbol of legend entry `index` centred on `x`, `y` with radius `r`: a circle, square, triangle,
    /// diamond, downward triangle or hexagon, in a colour of ``categoryColors``.
    public static func categorySymbol(_ index: Int, x: Double, y: Double, r: Double) -> String {
        let color = categoryColors[index % categoryColors.count]
        let shape = index % 6
        func polygon(_ corners: [(Double, Double)]) -> String {
            "<path class=\"finding\" fill=\"\(color)\" d=\"M" + corners.map { "\(f(x + $0.0 * r)) \(f(y + $0.1 * r))" }.joined(separator: "L") + "Z\"/>"
        }
        switch shape {
        case 0: return "<circle class=\"finding\" fill=\"\(color)\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\"/>"
        case 1: return polygon([(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)])
        case 2: return polygon([(0, -1.1), (1, 0.75), (-1, 0.75)])
        case 3: return polygon([(0, -1.15), (1.15, 0), (0, 1.15), (-1.15, 0)])
        case 4: return polygon([(0, 1.1), (1, -0.75), (-1, -0.75)])
        default: return polygon((0..<6).map { k in (cos(Double(k) * .pi / 3), sin(Double(k) * .pi / 3)) })
        }
    }

    /// The view-box point of an RD New position.
    func mapPoint(rd c: Coordinate) -> MapPoint {
        MapPoint(x: Self.width / 2 + (c.x - centerRD.x) * scale, y: Self.height / 2 - (c.y - centerRD.y) * scale)
    }

    /// The report's overview map: heatmap bands, streets, buurt outlines, every group's walk, the findings
    /// by category, scale bar and north arrow.
    public func reportSVG(layers: ReportMapLayers, language: Language) -> String {
        let w = Self.width
        let h = Self.height
        var out = "<svg class=\"map\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" "
            + "aria-label=\"\(Markup.escape(language.pick("Kaart van de bevindingen", "Map of the findings")))\">\n"
        out += "<defs><clipPath id=\"report-frame\"><rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\"/></clipPath></defs>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#fff\"/>\n"
        out += "<g clip-path=\"url(#report-frame)\">\n"
        for band in layers.bands.sorted(by: { $0.densityClass < $1.densityClass }) {
            let opacity = 0.08 + 0.32 * Double(band.densityClass) / Double(max(layers.bandClasses, 1))
            let d = band.rings.map { ring in ring.map { mapPoint(rd: $0) } }.map { ring in
                ring.enumerated().map { (i, p) in (i == 0 ? "M" : "L") + f(p.x) + " " + f(p.y) }.joined() + "Z"
            }.joined()
            out += "<path class=\"band\" data-class=\"\(band.densityClass)\" fill-rule=\"evenodd\" fill-opacity=\"\(String(format: "%.2f", opacity))\" d=\"\(d)\"/>\n"
        }
        out += "</g>\n"
        out += "<path class=\"streets\" d=\"\(pathData(streets.flatMap(clip)))\"/>\n"
        let outlines = layers.buurtOutlines.map { $0.map { mapPoint(rd: $0) } }
        if !outlines.isEmpty { out += "<path class=\"buurt\" d=\"\(pathData(outlines.flatMap(clip)))\"/>\n" }
        for (index, route) in routes.enumerated() {
            out += "<path class=\"route walked\" data-group=\"\(index + 1)\" d=\"\(pathData(clip(route)))\"/>\n"
        }
        out += "<g class=\"findings\">\n"
        for point in layers.findings {
            let p = mapPoint(rd: point.rd)
            guard p.x >= 6, p.y >= 6, p.x <= w - 6, p.y <= h - 6 else { continue }
            out += Self.categorySymbol(point.category, x: p.x, y: p.y, r: 6.5) + "\n"
        }
        out += "</g>\n"
        var placer = LabelPlacer(width: w, height: h)
        for point in layers.findings { placer.reserve(OrientedBox(center: mapPoint(rd: point.rd), halfWidth: 7, halfHeight: 7)) }
        out += scaleBarSVG(placer: &placer)
        out += northArrowSVG(placer: &placer)
        out += "<rect class=\"frame\" x=\"1\" y=\"1\" width=\"\(Int(w) - 2)\" height=\"\(Int(h) - 2)\"/>\n"
        out += "</svg>"
        return out
    }
}
