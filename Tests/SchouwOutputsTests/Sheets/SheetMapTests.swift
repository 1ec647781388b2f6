import Foundation
import SchouwGeometry
import SchouwNetwork
import SchouwJobs
import SchouwTestSupport
import Testing
@testable import SchouwOutputs
import SchouwCore
import SchouwFormats

@Suite struct SheetMapTests {
    /// Every coordinate in every map's attributes and path data lies inside the view box.
    static func expectInsideViewBox(_ html: String) {
        let maps = SheetTestData.pieces(html, from: "<svg class=\"map\"", to: "</svg>")
        #expect(!maps.isEmpty)
        let (w, h) = (SheetMap.width, SheetMap.height)
        for map in maps {
            #expect(map.contains("viewBox=\"0 0 \(Int(w)) \(Int(h))\""))
            var checked = 0
            for (name, value) in attributes(String(map)) {
                switch name {
                case "x", "cx", "x1", "x2":
                    #expect(Double(value).map { $0 >= 0 && $0 <= w } == true, "\(name)=\(value)")
                    checked += 1
                case "y", "cy", "y1", "y2":
                    #expect(Double(value).map { $0 >= 0 && $0 <= h } == true, "\(name)=\(value)")
                    checked += 1
                case "d":
                    let numbers = value.split { "MLZ ".contains($0) }.compactMap { Double($0) }
                    for (i, n) in numbers.enumerated() {
                        #expect(n >= 0 && n <= (i % 2 == 0 ? w : h), "path coordinate \(n)")
                    }
                    checked += numbers.count
                default: continue
                }
            }
            #expect(checked > 100)
        }
    }

    /// `name="value"` pairs of an SVG text.
    static func attributes(_ svg: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = svg[...]
        while let eq = rest.range(of: "=\"") {
            let name = rest[..<eq.lowerBound].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            guard let close = rest[eq.upperBound...].firstIndex(of: "\"") else { break }
            result.append((String(name.reversed()), String(rest[eq.upperBound..<close])))
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    @Test func demoMapsStayInsideTheirFrame() throws {
        Self.expectInsideViewBox(try SheetTestData.demo().outputs.sheets.html())
    }

    /// A small buurt and the whole demo neighbourhood both fill the frame in one direction, centred.
    @Test(arguments: [true, false])
    func mapFillsTheFrame(withArea: Bool) throws {
        var options = PlanOptions()
        options.groups = .count(2)
        let result = try SheetTestData.run(PlanRequest(
            streets: TestPaths.geodata("streets.osm"),
            area: withArea ? TestPaths.geodata("buurten.geojson") : nil, areaCode: withArea ? "BU03039901" : nil,
            start: "Tijmlaan", options: options))
        let map = try SheetMap(plan: result.plan)
        let points = map.routes.flatMap { $0 } + map.area.flatMap { $0 } + [map.start]
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        let (minX, maxX, minY, maxY) = (xs.min() ?? 0, xs.max() ?? 0, ys.min() ?? 0, ys.max() ?? 0)
        let p = SheetMap.padding
        #expect(minX >= p - 1e-6 && maxX <= SheetMap.width - p + 1e-6 && minY >= p - 1e-6 && maxY <= SheetMap.height - p + 1e-6)
        let fillsWidth = abs((maxX - minX) - (SheetMap.width - 2 * p)) < 1e-6
        let fillsHeight = abs((maxY - minY) - (SheetMap.height - 2 * p)) < 1e-6
        #expect(fillsWidth || fillsHeight)
        #expect(abs((minX + maxX) / 2 - SheetMap.width / 2) < 1e-6 && abs((minY + maxY) / 2 - SheetMap.height / 2) < 1e-6)
        // About 1 m per metre in RD New near Dronten: the scale comes from the real ground distance.
        #expect(map.unitsPerMeter > 0 && abs(map.northDegrees) < 2)
    }

    @Test func eachStreetNameIsLabelledAtMostOnce() throws {
        let html = try SheetTestData.demo().outputs.sheets.html()
        for map in SheetTestData.pieces(html, from: "<svg class=\"map\"", to: "</svg>") {
            let labels = SheetTestData.pieces(String(map), from: "<text class=\"label", to: "</text>").map { piece in
                let element = piece.dropLast("</text>".count)
                return String(element[(element.lastIndex(of: ">").map(element.index(after:)) ?? element.startIndex)...])
            }
            #expect(labels.count >= 4)
            #expect(Set(labels).count == labels.count)
        }
    }

    @Test func offsetLineKeepsBothSidesOfADeadEnd() {
        // Out along a dead end and back: the two passes end up 2 × offset apart.
        let line = [MapPoint(x: 0, y: 0), MapPoint(x: 100, y: 0), MapPoint(x: 0, y: 0)]
        let moved = SheetMap.offset(line, by: 4)
        #expect(moved.count == 4)
        #expect(moved.first == MapPoint(x: 0, y: 4))
        #expect(moved.last == MapPoint(x: 0, y: -4))
        // A right angle gets a mitred corner at offset distance from both legs.
        let corner = SheetMap.offset([MapPoint(x: 0, y: 0), MapPoint(x: 10, y: 0), MapPoint(x: 10, y: 10)], by: 2)
        #expect(corner.count == 3)
        #expect(abs(corner[1].x - 8) < 1e-9 && abs(corner[1].y - 2) < 1e-9)
    }

    @Test func clippingKeepsOnlyThePartsInsideTheFrame() {
        let inside = SheetMap.clipSegment(MapPoint(x: -10, y: 10), MapPoint(x: 10, y: 10), width: 100, height: 50)
        #expect(inside?.0 == MapPoint(x: 0, y: 10) && inside?.1 == MapPoint(x: 10, y: 10))
        #expect(SheetMap.clipSegment(MapPoint(x: -10, y: -10), MapPoint(x: -1, y: 60), width: 100, height: 50) == nil)
    }

    @Test func simplifyDropsPointsWithinTolerance() {
        let line = [MapPoint(x: 0, y: 0), MapPoint(x: 50, y: 1), MapPoint(x: 100, y: 0), MapPoint(x: 100, y: 100)]
        #expect(SheetMap.simplify(line, tolerance: 2) == [MapPoint(x: 0, y: 0), MapPoint(x: 100, y: 0), MapPoint(x: 100, y: 100)])
    }
}
