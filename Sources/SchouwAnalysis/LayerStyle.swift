import Foundation
import SchouwCore

/// One class of a graduated style: the values `lower` … `upper` (both included; QGIS takes the first
/// class that holds a value), its legend label and its fill colour (`r,g,b`).
public struct StyleClass: Hashable, Sendable {
    public var lower: Double
    public var upper: Double
    public var label: String
    public var color: String

    public init(lower: Double, upper: Double, label: String, color: String) {
        self.lower = lower
        self.upper = upper
        self.label = label
        self.color = color
    }
}

/// QGIS layer styles (`.qml`) written beside each output, so a layer opens styled.
public enum LayerStyle {
    /// The fill of a class with no findings: light grey, so "nothing found" is not read as "a little".
    public static let zeroColor = "240,240,240"

    /// A graduated fill style on a numeric field, one range per class.
    ///
    /// - Parameters:
    ///   - field: the attribute to classify on.
    ///   - classes: the classes in ascending order.
    ///   - outline: whether to draw polygon outlines (buurten) or not (heatmap cells and bands).
    public static func graduated(field: String, classes: [StyleClass], outline: Bool, opacity: Double = 0.8) -> String {
        var ranges = ""
        var symbols = ""
        for (i, style) in classes.enumerated() {
            ranges += "      <range lower=\"\(style.lower)\" upper=\"\(style.upper)\" symbol=\"\(i)\" label=\"\(Markup.escape(style.label))\" render=\"true\"/>\n"
            symbols += fillSymbol(name: "\(i)", color: style.color, outline: outline, opacity: opacity)
        }
        return """
            <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
            <qgis version="3.28.0" styleCategories="Symbology">
              <renderer-v2 type="graduatedSymbol" attr="\(Markup.escape(field))" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">
                <ranges>
            \(ranges)    </ranges>
                <symbols>
            \(symbols)    </symbols>
              </renderer-v2>
              <blendMode>0</blendMode>
              <featureBlendMode>0</featureBlendMode>
              <layerOpacity>1</layerOpacity>
            </qgis>

            """
    }

    /// Classes for counts per area (findings per buurt, per hexagon): a class of its own for 0, then up
    /// to `classes` quantile classes over the non-zero counts on the yellow-to-red ramp. Counts are whole
    /// numbers, so class i holds the integers from the previous class's upper bound plus one to its own
    /// (`1 – 3`, `4 – 7`, `8 – 95`; a class of one value is labelled with that value).
    ///
    /// - Parameters:
    ///   - counts: the count of every area, zeros included.
    ///   - classes: the most non-zero classes (fewer when many counts are equal).
    /// - Complexity: O(n log n).
    public static func countClasses(_ counts: [Int], classes: Int = 5) -> [StyleClass] {
        var result = [StyleClass(lower: 0, upper: 0, label: "0", color: zeroColor)]
        let nonZero = counts.filter { $0 > 0 }.map(Double.init)
        guard let breaks = try? ClassBreaks(quantilesOf: nonZero, classes: classes) else { return result }
        for index in 1...breaks.classCount {
            let lower = index == 1 ? breaks.bounds[0] : breaks.bounds[index - 1] + 1
            let upper = breaks.bounds[index]
            let label = lower == upper ? "\(Int(upper))" : "\(Int(lower)) – \(Int(upper))"
            result.append(StyleClass(lower: lower, upper: upper, label: label, color: color(index - 1, of: breaks.classCount)))
        }
        return result
    }

    /// Classes on given bounds (k + 1 ascending numbers for k classes) on the yellow-to-red ramp, class
    /// i (0-based) labelled by `label(i)`.
    public static func rampClasses(bounds: [Double], label: (Int) -> String) -> [StyleClass] {
        let count = max(1, bounds.count - 1)
        return (0..<count).map { i in
            let lower = bounds.isEmpty ? 0 : bounds[i]
            let upper = bounds.count > i + 1 ? bounds[i + 1] : lower
            return StyleClass(lower: lower, upper: upper, label: label(i), color: color(i, of: count))
        }
    }

    /// "0,8 – 1,7 meldingen/ha": a density range with two significant digits, in the language's decimal
    /// mark, and its unit.
    public static func rangeLabel(_ lower: Double, _ upper: Double, unit: String, language: Language) -> String {
        "\(significant(lower, language)) – \(significant(upper, language)) \(unit)"
    }

    /// Two significant digits, trailing zeros dropped: 0.8, 1.7, 12, 0.045 (integers ≥ 10 whole).
    static func significant(_ value: Double, _ language: Language) -> String {
        guard value != 0, value.isFinite else { return "0" }
        let places = max(0, 1 - Int(log10(abs(value)).rounded(.down)))
        return language.decimal(value, places: places, trimmingZeros: true)
    }

    private static func fillSymbol(name: String, color: String, outline: Bool, opacity: Double) -> String {
        """
              <symbol type="fill" name="\(name)" alpha="\(opacity)" clip_to_extent="1" force_rhr="0">
                <layer class="SimpleFill" enabled="1" locked="0" pass="0">
                  <Option type="Map">
                    <Option name="color" type="QString" value="\(color),255"/>
                    <Option name="style" type="QString" value="solid"/>
                    <Option name="outline_color" type="QString" value="60,60,60,255"/>
                    <Option name="outline_style" type="QString" value="\(outline ? "solid" : "no")"/>
                    <Option name="outline_width" type="QString" value="0.3"/>
                    <Option name="outline_width_unit" type="QString" value="MM"/>
                  </Option>
                </layer>
              </symbol>

        """
    }

    /// The ColorBrewer YlOrRd stops, interpolated: class `index` of `count` (0 the lightest).
    static func color(_ index: Int, of count: Int) -> String {
        let stops: [(Double, Double, Double)] = [(255, 255, 178), (254, 204, 92), (253, 141, 60), (240, 59, 32), (189, 0, 38)]
        let t = count <= 1 ? 1 : Double(index) / Double(count - 1) * Double(stops.count - 1)
        let lower = min(Int(t), stops.count - 2)
        let f = t - Double(lower)
        let a = stops[lower]
        let b = stops[lower + 1]
        let mix = { (x: Double, y: Double) in Int((x + (y - x) * f).rounded()) }
        return "\(mix(a.0, b.0)),\(mix(a.1, b.1)),\(mix(a.2, b.2))"
    }
}
