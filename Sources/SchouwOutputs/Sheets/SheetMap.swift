import Foundation
import SchouwGeometry
import SchouwNetwork
import SchouwCore
import SchouwFormats

/// The overview map of a route sheet (and of the web app): the content projected to RD New once, drawn
/// as SVG per group.
///
/// Every coordinate written lies inside the view box: streets and routes are clipped to the frame, and
/// labels and symbols are placed only where they fit. The map is a plain scaling of RD New, so
/// ``rdCoordinate(mapX:mapY:)`` turns a point of the view box back into RD New metres.
public struct SheetMap: Sendable {
    /// The view box: 1000 units across the printed width of the map.
    public static let width = 1000.0
    public static let height = 580.0
    static let padding = 28.0
    static let labelFontSize = 15.0
    /// How far a route is drawn to the right of the street, so a street walked both ways shows two lines.
    static let routeOffset = 4.5

    let content: RouteMapContent
    /// Each street's line in map units (unclipped).
    let streets: [[MapPoint]]
    /// Each group's walk in map units.
    let routes: [[MapPoint]]
    /// Each group's checkpoints in map units.
    let checkpoints: [[MapPoint]]
    let start: MapPoint
    /// The buurt's rings in map units (empty without an area).
    let area: [[MapPoint]]
    /// Map units per true metre on the ground (RD New's scale error taken out, so the bar is right
    /// outside the Netherlands too).
    let unitsPerMeter: Double
    /// The direction of true north, clockwise from the top of the page (grid convergence).
    let northDegrees: Double
    /// Each street's junctions (its first and last point), numbered so streets meeting there share the number.
    let junctions: [(from: Int, to: Int)]
    /// RD New metres at the centre of the view box, and map units per RD metre.
    let centerRD: Coordinate
    let scale: Double

    /// Projects a fresh plan.
    /// - Throws: PROJ errors from the WGS84 → RD New transform.
    init(plan: WalkPlan) throws {
        try self.init(content: RouteMapContent(plan: plan))
    }

    /// Projects the content.
    /// - Parameter focus: a 0-based group index: the map frames that group's walk (and the start), and
    ///   whatever lies outside is clipped; nil frames the buurt and every walk.
    /// - Throws: PROJ errors from the WGS84 → RD New transform.
    /// - Parameter alsoShowing: WGS84 points the map's extent includes too when it frames everything (the
    ///   report's findings).
    public init(content: RouteMapContent, focus: Int? = nil, alsoShowing: [Coordinate] = []) throws {
        self.content = content
        let rings = content.areaRings
        var all = alsoShowing
        all += content.streets.flatMap(\.line)
        all += content.groups.flatMap(\.line)
        all += content.groups.flatMap { $0.checkpoints.map(\.coordinate) }
        all += rings.flatMap { $0 }
        all.append(content.start)
        let rd = try CoordinateTransforms.transform(all, from: .wgs84, to: .rdNew)
        var cursor = alsoShowing.count
        let rdExtra = rd[0..<cursor]
        func take(_ n: Int) -> [Coordinate] {
            defer { cursor += n }
            return Array(rd[cursor..<cursor + n])
        }
        let rdStreets = content.streets.map { take($0.line.count) }
        let rdRoutes = content.groups.map { take($0.line.count) }
        let rdCheckpoints = content.groups.map { take($0.checkpoints.count) }
        let rdArea = rings.map { take($0.count) }
        let rdStart = take(1)[0]

        // The extent: the focused group's walk, or the buurt and every group's walk; at least 300 m across.
        var points =
            focus.flatMap { rdRoutes.indices.contains($0) ? rdRoutes[$0] : nil } ?? (rdRoutes.flatMap { $0 } + rdArea.flatMap { $0 } + rdExtra)
        points.append(rdStart)
        let box = BoundingBox(points) ?? BoundingBox(minX: rdStart.x, minY: rdStart.y, maxX: rdStart.x, maxY: rdStart.y)
        let spanX = max(box.maxX - box.minX, 300)
        let spanY = max(box.maxY - box.minY, 300)
        let scale = min((Self.width - 2 * Self.padding) / spanX, (Self.height - 2 * Self.padding) / spanY)
        let centerX = (box.minX + box.maxX) / 2
        let centerY = (box.minY + box.maxY) / 2
        centerRD = Coordinate(x: centerX, y: centerY)
        self.scale = scale
        func project(_ c: Coordinate) -> MapPoint {
            MapPoint(x: Self.width / 2 + (c.x - centerX) * scale, y: Self.height / 2 - (c.y - centerY) * scale)
        }
        streets = rdStreets.map { $0.map(project) }
        routes = rdRoutes.map { $0.map(project) }
        checkpoints = rdCheckpoints.map { $0.map(project) }
        area = rdArea.map { $0.map(project) }
        start = project(rdStart)
        var junctionNumbers: [Coordinate: Int] = [:]
        func junction(_ c: Coordinate?) -> Int {
            guard let c else { return -1 }
            if let number = junctionNumbers[c] { return number }
            junctionNumbers[c] = junctionNumbers.count
            return junctionNumbers.count - 1
        }
        junctions = content.streets.map { (junction($0.line.first), junction($0.line.last)) }

        // Ground metres per RD metre and the direction of north, measured at the centre.
        let center = Coordinate(x: centerX, y: centerY)
        let probes = try CoordinateTransforms.transform(
            [center, Coordinate(x: centerX + 100, y: centerY)], from: .rdNew, to: .wgs84)
        let groundPerRD = Geodesic.distanceMeters(probes[0], probes[1]) / 100
        unitsPerMeter = scale / groundPerRD
        let north = try CoordinateTransforms.toRD(Coordinate(x: probes[0].x, y: probes[0].y + 0.001))
        northDegrees = atan2(north.x - centerX, north.y - centerY) * 180 / .pi
    }

    /// The styles of the map's classes: grey streets, a bold black route, dashed other routes and
    /// buurt boundary, white checkpoint circles; black and white friendly.
    public static let css = """
        .streets { fill: none; stroke: #9a9a9a; stroke-width: 1.6; stroke-linecap: round; stroke-linejoin: round; }
        .area { fill: none; stroke: #555; stroke-width: 2; stroke-dasharray: 14 5 3 5; }
        .route { fill: none; stroke-linecap: round; stroke-linejoin: round; }
        .route.own { stroke: #000; stroke-width: 5; }
        .route.other { stroke: #777; stroke-width: 2.6; stroke-dasharray: 9 6; }
        .arrows { fill: #000; stroke: #fff; stroke-width: 1.3; stroke-linejoin: round; }
        .checkpoint circle { fill: #fff; stroke: #000; stroke-width: 2.2; }
        .checkpoint text, .start text { font-size: 13px; font-weight: bold; text-anchor: middle; dominant-baseline: central; }
        .start rect { fill: #000; }
        .start text { fill: #fff; font-size: 16px; }
        .leader { stroke: #000; stroke-width: 1.2; }
        .label { font-size: 15px; fill: #333; text-anchor: middle; dominant-baseline: central; paint-order: stroke;
          stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
        .label.walked { font-weight: bold; fill: #000; }
        .scalebar .backdrop, .north circle { fill: #fff; stroke: none; opacity: 0.9; }
        .scalebar .dark { fill: #000; stroke: #000; stroke-width: 1; }
        .scalebar .light { fill: #fff; stroke: #000; stroke-width: 1; }
        .scalebar text { font-size: 14px; text-anchor: middle; }
        .north path { fill: #000; }
        .north text { font-size: 15px; font-weight: bold; text-anchor: middle; }
        .frame { fill: none; stroke: #000; stroke-width: 2; }
        """

    // MARK: Drawing

    /// The RD New position of a point of the view box (the inverse of the map's projection).
    public func rdCoordinate(mapX: Double, mapY: Double) -> Coordinate {
        Coordinate(x: centerRD.x + (mapX - Self.width / 2) / scale, y: centerRD.y - (mapY - Self.height / 2) / scale)
    }

    /// The SVG of one group's map.
    /// - Parameter group: 0-based group index.
    public func svg(group: Int, wording: StreetWording) -> String {
        let w = Self.width
        let h = Self.height
        var out = "<svg class=\"map\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" "
            + "role=\"img\" aria-label=\"\(Markup.escape(wording.language.pick("Kaart van de route", "Map of the route")))\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#fff\"/>\n"
        if !area.isEmpty {
            out += "<path class=\"area\" d=\"\(pathData(area.flatMap(clip)))\"/>\n"
        }
        out += "<path class=\"streets\" d=\"\(pathData(streets.flatMap(clip)))\"/>\n"
        for (index, route) in routes.enumerated() where index != group {
            out += "<path class=\"route other\" data-group=\"\(index + 1)\" d=\"\(pathData(clip(route)))\"/>\n"
        }
        let own = Self.offset(routes[group], by: Self.routeOffset)
        out += "<path class=\"route own\" data-group=\"\(group + 1)\" d=\"\(pathData(clip(own)))\"/>\n"

        var placer = LabelPlacer(width: w, height: h)
        let symbols = placeSymbols(group: group)
        for box in symbols.boxes { placer.reserve(box) }
        for point in Self.sample(own, every: 7) {
            placer.reserve(OrientedBox(center: point, halfWidth: 4, halfHeight: 4))
        }
        // Scale bar and north arrow go to corners the route leaves free; labels come after them.
        let scaleBar = scaleBarSVG(placer: &placer)
        let northArrow = northArrowSVG(placer: &placer)
        out += arrowsSVG(own, avoiding: symbols.boxes)
        out += labelsSVG(group: group, placer: &placer)
        out += symbols.svg
        out += scaleBar
        out += northArrow
        out += "<rect class=\"frame\" x=\"1\" y=\"1\" width=\"\(Int(w) - 2)\" height=\"\(Int(h) - 2)\"/>\n"
        out += "</svg>"
        return out
    }

    /// Start marker and numbered checkpoint circles; a circle that would cover an earlier one moves
    /// aside with a leader line.
    private func placeSymbols(group: Int) -> (svg: String, boxes: [OrientedBox]) {
        var placer = LabelPlacer(width: Self.width, height: Self.height)
        let startBox = OrientedBox(center: start, halfWidth: 14, halfHeight: 14)
        placer.reserve(startBox)
        var svg = ""
        var circles = ""
        for (index, point) in checkpoints[group].enumerated() {
            let number = content.groups[group].checkpoints[index].number
            var candidates = [OrientedBox(center: point, halfWidth: 12, halfHeight: 12)]
            for radius in [28.0, 48.0] {
                for k in 0..<8 {
                    let a = Double(k) * .pi / 4 - .pi / 4
                    candidates.append(OrientedBox(
                        center: point + MapPoint(x: cos(a), y: sin(a)) * radius, halfWidth: 12, halfHeight: 12))
                }
            }
            let chosen = placer.place(firstOf: candidates).map { candidates[$0] } ?? candidates[0]
            if chosen.center != point {
                svg += "<line class=\"leader\" x1=\"\(f(point.x))\" y1=\"\(f(point.y))\" x2=\"\(f(chosen.center.x))\" "
                    + "y2=\"\(f(chosen.center.y))\"/>\n"
            }
            circles += "<g class=\"checkpoint\" data-number=\"\(number)\"><circle cx=\"\(f(chosen.center.x))\" "
                + "cy=\"\(f(chosen.center.y))\" r=\"11\"/><text x=\"\(f(chosen.center.x))\" y=\"\(f(chosen.center.y))\">"
                + "\(number)</text></g>\n"
        }
        svg += circles
        svg += "<g class=\"start\"><rect x=\"\(f(start.x - 13))\" y=\"\(f(start.y - 13))\" width=\"26\" height=\"26\"/>"
            + "<text x=\"\(f(start.x))\" y=\"\(f(start.y))\">S</text></g>\n"
        return (svg, placer.taken)
    }

    /// Arrowheads along the walk every ~90 units, pointing the way to walk.
    private func arrowsSVG(_ line: [MapPoint], avoiding symbols: [OrientedBox]) -> String {
        var d = ""
        for (point, direction) in Self.stations(line, every: 90, first: 45) {
            let probe = OrientedBox(center: point, halfWidth: 9, halfHeight: 9)
            if symbols.contains(where: { $0.overlaps(probe) }) { continue }
            let normal = MapPoint(x: -direction.y, y: direction.x)
            let tip = point + direction * 8
            let left = point - direction * 7 + normal * 7
            let right = point - direction * 7 - normal * 7
            let notch = point - direction * 3
            d += "M\(f(tip.x)) \(f(tip.y))L\(f(left.x)) \(f(left.y))L\(f(notch.x)) \(f(notch.y))L\(f(right.x)) \(f(right.y))Z"
        }
        return d.isEmpty ? "" : "<path class=\"arrows\" d=\"\(d)\"/>\n"
    }

    /// Street names along their lines: this group's streets first (longest walked first), then the
    /// others by length; one label per name, dropped when it would cover anything placed before it.
    private func labelsSVG(group: Int, placer: inout LabelPlacer) -> String {
        let walked = content.groups[group].walkedMeters
        var total: [String: Double] = [:]
        for street in content.streets { if let name = street.name { total[name, default: 0] += street.lengthMeters } }
        let names = total.keys.sorted { a, b in
            let wa = walked[a] ?? 0
            let wb = walked[b] ?? 0
            if (wa > 0) != (wb > 0) { return wa > 0 }
            let la = wa > 0 ? wa : total[a] ?? 0
            let lb = wb > 0 ? wb : total[b] ?? 0
            return la != lb ? la > lb : a < b
        }
        var out = ""
        for name in names {
            let bold = walked[name] != nil
            // The full size first; a slightly smaller one only where the full size fits nowhere (for
            // the group's own streets, short dead ends among them, smaller still).
            for size in bold ? [Self.labelFontSize, Self.labelFontSize - 2, Self.labelFontSize - 4] : [Self.labelFontSize, Self.labelFontSize - 2] {
                let candidates = labelCandidates(name, bold: bold, fontSize: size)
                guard let index = placer.place(firstOf: candidates) else { continue }
                let box = candidates[index]
                out += "<text class=\"label\(bold ? " walked" : "")\" x=\"\(f(box.center.x))\" y=\"\(f(box.center.y))\" "
                    + (size == Self.labelFontSize ? "" : "font-size=\"\(f(size))\" ")
                    + "transform=\"rotate(\(f(box.angleDegrees)) \(f(box.center.x)) \(f(box.center.y)))\">\(Markup.escape(name))</text>\n"
                break
            }
        }
        return out
    }

    /// Places a label could go: beside the straight runs of the street (longest run first, middle
    /// first), on either side, turned to read left to right.
    func labelCandidates(_ name: String, bold: Bool, fontSize size: Double = labelFontSize) -> [OrientedBox] {
        let textWidth = Double(name.count) * size * (bold ? 0.56 : 0.51) + 6
        let halfHeight = size * 0.62
        var runs: [(MapPoint, MapPoint)] = []
        for chain in chains(named: name) {
            for piece in clip(chain) {
                let simple = Self.simplify(piece, tolerance: 9)
                for (a, b) in zip(simple, simple.dropFirst()) where (b - a).length >= textWidth + 4 { runs.append((a, b)) }
            }
        }
        runs.sort { ($0.1 - $0.0).length > ($1.1 - $1.0).length }
        var candidates: [OrientedBox] = []
        for (a, b) in runs {
            let length = (b - a).length
            let direction = (b - a) * (1 / length)
            var angle = atan2(direction.y, direction.x) * 180 / .pi
            if angle > 90 { angle -= 180 } else if angle <= -90 { angle += 180 }
            let normal = MapPoint(x: -direction.y, y: direction.x)
            let slack = (length - textWidth) / 2
            var shifts = [0.0]
            var step = 12.0
            while step <= slack {
                shifts += [step, -step]
                step += 12
            }
            let middle = a + (b - a) * 0.5
            for shift in shifts {
                for side in [1.0, -1.0] {
                    let center = middle + direction * shift + normal * (side * (halfHeight + 9))
                    candidates.append(OrientedBox(center: center, halfWidth: textWidth / 2, halfHeight: halfHeight, angleDegrees: angle))
                }
            }
        }
        return candidates
    }

    /// The street's edges joined into chains, continuing through a junction only where the street goes
    /// on almost straight, so each chain can carry a label along its straight runs.
    func chains(named name: String) -> [[MapPoint]] {
        let edges = content.streets.indices.filter { content.streets[$0].name == name }.map { index in
            (id: index, u: junctions[index].from, v: junctions[index].to)
        }
        var byVertex: [Int: [Int]] = [:]
        for (i, e) in edges.enumerated() {
            byVertex[e.u, default: []].append(i)
            byVertex[e.v, default: []].append(i)
        }
        var used = Set<Int>()
        var result: [[MapPoint]] = []
        func oriented(_ i: Int, from vertex: Int) -> [MapPoint] {
            edges[i].u == vertex ? streets[edges[i].id] : streets[edges[i].id].reversed()
        }
        func extend(_ line: inout [MapPoint], at vertex: Int) {
            var vertex = vertex
            while line.count >= 2 {
                let heading = line[line.count - 1] - line[line.count - 2]
                let next = (byVertex[vertex] ?? []).filter { !used.contains($0) }.map { i -> (Int, [MapPoint], Double) in
                    let piece = oriented(i, from: vertex)
                    let d = piece.count >= 2 ? piece[1] - piece[0] : heading
                    return (i, piece, heading.dot(d) / max(heading.length * d.length, 1e-9))
                }.max { $0.2 < $1.2 }
                guard let (i, piece, cosine) = next, cosine > 0.94 else { return }
                used.insert(i)
                line += piece.dropFirst()
                vertex = edges[i].u == vertex ? edges[i].v : edges[i].u
            }
        }
        for i in edges.indices where !used.contains(i) {
            used.insert(i)
            var line = streets[edges[i].id]
            extend(&line, at: edges[i].v)
            line.reverse()
            extend(&line, at: edges[i].u)
            result.append(line)
        }
        return result
    }

    /// The first of the four corners where `box(center)` fits, else the first corner; the box is reserved.
    private func corner(halfWidth: Double, halfHeight: Double, margin: Double, placer: inout LabelPlacer) -> MapPoint {
        let (w, h) = (Self.width, Self.height)
        let centers = [
            MapPoint(x: margin + halfWidth, y: h - margin - halfHeight), MapPoint(x: w - margin - halfWidth, y: h - margin - halfHeight),
            MapPoint(x: margin + halfWidth, y: margin + halfHeight), MapPoint(x: w - margin - halfWidth, y: margin + halfHeight),
        ]
        let boxes = centers.map { OrientedBox(center: $0, halfWidth: halfWidth, halfHeight: halfHeight) }
        guard let index = placer.place(firstOf: boxes) else {
            placer.reserve(boxes[0])
            return centers[0]
        }
        return centers[index]
    }

    /// A bar of a round length (10 m … 10 km) at most a fifth of the map wide, in four black and white parts.
    func scaleBarSVG(placer: inout LabelPlacer) -> String {
        let nice = [10.0, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000]
        let meters = nice.last { $0 * unitsPerMeter <= Self.width * 0.2 } ?? nice[0]
        let length = meters * unitsPerMeter
        let halfWidth = (length + 60) / 2
        let center = corner(halfWidth: halfWidth, halfHeight: 19, margin: 6, placer: &placer)
        let x = center.x - halfWidth + 22
        let y = center.y + 4
        let label = meters >= 1000 ? "\(Int(meters / 1000)) km" : "\(Int(meters)) m"
        var svg = "<g class=\"scalebar\"><rect class=\"backdrop\" x=\"\(f(center.x - halfWidth))\" y=\"\(f(center.y - 19))\" "
            + "width=\"\(f(2 * halfWidth))\" height=\"38\"/>"
        for k in 0..<4 {
            svg += "<rect class=\"\(k % 2 == 0 ? "dark" : "light")\" x=\"\(f(x + Double(k) * length / 4))\" y=\"\(f(y))\" "
                + "width=\"\(f(length / 4))\" height=\"7\"/>"
        }
        return svg + "<text x=\"\(f(x))\" y=\"\(f(y - 6))\">0</text><text x=\"\(f(x + length))\" y=\"\(f(y - 6))\">\(label)</text></g>\n"
    }

    /// An arrow to true north (turned by the grid convergence, which matters far from Amersfoort).
    func northArrowSVG(placer: inout LabelPlacer) -> String {
        let c = corner(halfWidth: 28, halfHeight: 36, margin: 6, placer: &placer) + MapPoint(x: 0, y: 4)
        return "<g class=\"north\" transform=\"rotate(\(f(northDegrees)) \(f(c.x)) \(f(c.y)))\">"
            + "<circle cx=\"\(f(c.x))\" cy=\"\(f(c.y))\" r=\"26\"/>"
            + "<path d=\"M\(f(c.x)) \(f(c.y - 22))L\(f(c.x + 9)) \(f(c.y + 12))L\(f(c.x)) \(f(c.y + 5))L\(f(c.x - 9)) \(f(c.y + 12))Z\"/>"
            + "<text x=\"\(f(c.x))\" y=\"\(f(c.y - 29))\">N</text></g>\n"
    }

    // MARK: Geometry on the page

    /// The parts of a line inside the frame (Liang–Barsky clipping of each segment).
    func clip(_ line: [MapPoint]) -> [[MapPoint]] {
        var parts: [[MapPoint]] = []
        var current: [MapPoint] = []
        for (a, b) in zip(line, line.dropFirst()) {
            guard let (p, q) = Self.clipSegment(a, b, width: Self.width, height: Self.height) else {
                if current.count >= 2 { parts.append(current) }
                current = []
                continue
            }
            if current.last != p {
                if current.count >= 2 { parts.append(current) }
                current = [p]
            }
            current.append(q)
        }
        if current.count >= 2 { parts.append(current) }
        return parts
    }

    static func clipSegment(_ a: MapPoint, _ b: MapPoint, width: Double, height: Double) -> (MapPoint, MapPoint)? {
        let d = b - a
        var t0 = 0.0
        var t1 = 1.0
        for (p, q) in [(-d.x, a.x), (d.x, width - a.x), (-d.y, a.y), (d.y, height - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let r = q / p
            if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
            if t0 > t1 { return nil }
        }
        return (a + d * t0, a + d * t1)
    }

    /// The line moved `distance` units to the right of its direction, with mitred corners; at sharp
    /// turns and U-turns both offset corners are kept, so a dead end reads as a loop.
    static func offset(_ line: [MapPoint], by distance: Double) -> [MapPoint] {
        var points: [MapPoint] = []
        for p in line where points.last.map({ ($0 - p).length > 1e-6 }) ?? true { points.append(p) }
        guard points.count >= 2 else { return points }
        let normals = zip(points, points.dropFirst()).map { a, b -> MapPoint in
            let d = b - a
            return MapPoint(x: -d.y, y: d.x) * (1 / d.length)
        }
        var result = [points[0] + normals[0] * distance]
        for i in 1..<points.count - 1 {
            let n0 = normals[i - 1]
            let n1 = normals[i]
            if n0.dot(n1) > -0.3 {
                let m = n0 + n1
                let miter = m * (1 / m.length)
                result.append(points[i] + miter * (distance / max(miter.dot(n1), 0.5)))
            } else {
                result.append(points[i] + n0 * distance)
                result.append(points[i] + n1 * distance)
            }
        }
        result.append(points[points.count - 1] + normals[normals.count - 1] * distance)
        return result
    }

    /// Points along a line every `spacing` units (for reserving the route's space).
    static func sample(_ line: [MapPoint], every spacing: Double) -> [MapPoint] {
        var result = line.first.map { [$0] } ?? []
        for (point, _) in stations(line, every: spacing, first: spacing) { result.append(point) }
        return result
    }

    /// Points along a line at `first`, `first + spacing`, …, with the unit direction there.
    static func stations(_ line: [MapPoint], every spacing: Double, first: Double) -> [(MapPoint, MapPoint)] {
        var result: [(MapPoint, MapPoint)] = []
        var next = first
        var walked = 0.0
        for (a, b) in zip(line, line.dropFirst()) {
            let length = (b - a).length
            guard length > 0 else { continue }
            let direction = (b - a) * (1 / length)
            while next <= walked + length {
                result.append((a + direction * (next - walked), direction))
                next += spacing
            }
            walked += length
        }
        return result
    }

    /// Douglas–Peucker simplification: the fewest points within `tolerance` of the line.
    static func simplify(_ line: [MapPoint], tolerance: Double) -> [MapPoint] {
        guard line.count > 2, let first = line.first, let last = line.last else { return line }
        let d = last - first
        let length = d.length
        var worst = (index: 0, distance: 0.0)
        for i in 1..<line.count - 1 {
            let v = line[i] - first
            let distance = length > 0 ? abs(v.x * d.y - v.y * d.x) / length : v.length
            if distance > worst.distance { worst = (i, distance) }
        }
        guard worst.distance > tolerance else { return [first, last] }
        let left = simplify(Array(line[...worst.index]), tolerance: tolerance)
        let right = simplify(Array(line[worst.index...]), tolerance: tolerance)
        return left + right.dropFirst()
    }

    func pathData(_ parts: [[MapPoint]]) -> String {
        var d = ""
        for part in parts {
            for (i, p) in part.enumerated() { d += (i == 0 ? "M" : "L") + f(p.x) + " " + f(p.y) }
        }
        return d
    }
}

/// A coordinate with one decimal, for compact SVG.
func f(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let magnitude = abs(tenths)
    return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
}
