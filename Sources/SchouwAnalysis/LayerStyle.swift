import Foundation

/// QGIS layer styles (`.qml`) written beside each output, so a layer opens styled.
public enum LayerStyle {
    /// A graduated fill style on a numeric field: one range per class, yellow (low) to dark red (high).
    ///
    /// - Parameters:
    ///   - field: the attribute to classify on.
    ///   - bounds: ascending class bounds (k + 1 numbers for k classes).
    ///   - outline: whether to draw polygon outlines (buurten) or not (heatmap cells and bands).
    public static func graduated(field: String, bounds: [Double], outline: Bool, opacity: Double = 0.8) -> String {
        let classes = max(1, bounds.count - 1)
        var ranges = ""
        var symbols = ""
        for i in 0..<classes {
            let lower = bounds.isEmpty ? 0 : bounds[i]
            let upper = bounds.count > i + 1 ? bounds[i + 1] : lower
            let label = "\(number(lower)) – \(number(upper))"
            ranges += "      <range lower=\"\(lower)\" upper=\"\(upper)\" symbol=\"\(i)\" label=\"\(label)\" render=\"true\"/>\n"
            symbols += fillSymbol(name: "\(i)", color: color(i, of: classes), outline: outline, opacity: opacity)
        }
        return """
            <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
            <qgis version="3.28.0" styleCategories="Symbology">
              <renderer-v2 type="graduatedSymbol" attr="\(field)" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">
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

    /// ColorBrewer YlOrRd end points, interpolated.
    private static func color(_ index: Int, of count: Int) -> String {
        let stops: [(Double, Double, Double)] = [(255, 255, 178), (254, 204, 92), (253, 141, 60), (240, 59, 32), (189, 0, 38)]
        let t = count <= 1 ? 1 : Double(index) / Double(count - 1) * Double(stops.count - 1)
        let lower = min(Int(t), stops.count - 2)
        let f = t - Double(lower)
        let a = stops[lower]
        let b = stops[lower + 1]
        let mix = { (x: Double, y: Double) in Int((x + (y - x) * f).rounded()) }
        return "\(mix(a.0, b.0)),\(mix(a.1, b.1)),\(mix(a.2, b.2))"
    }

    private static func number(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) }
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 4
        return String(format: "%.\(digits)f", value)
    }
}
