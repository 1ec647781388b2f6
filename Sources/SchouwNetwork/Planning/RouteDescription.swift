import Foundation
import SchouwGeometry
import SchouwCore
import SchouwFormats

/// How the route bends where one step ends and the next begins.
public enum Turn: String, Hashable, Sendable, Codable {
    case depart, straight, slightLeft, left, sharpLeft, slightRight, right, sharpRight, uTurn

    /// Classifies the change of heading in degrees (positive is to the right, −180…180).
    static func classify(_ delta: Double) -> Turn {
        let a = abs(delta)
        if a < 25 { return .straight }
        if a >= 160 { return .uTurn }
        if delta > 0 { return a < 60 ? .slightRight : a < 135 ? .right : .sharpRight }
        return a < 60 ? .slightLeft : a < 135 ? .left : .sharpLeft
    }

    /// Whether the turn is one a walker must notice (not straight on or a slight bend).
    var isMain: Bool { ![.straight, .slightLeft, .slightRight].contains(self) }
}

/// A numbered point along a group's route.
public struct Checkpoint: Hashable, Sendable {
    public var number: Int
    public var coordinate: Coordinate
    public var street: String?
    /// Metres walked from the start when the checkpoint is reached.
    public var distanceMeters: Double
}

/// One step of the turn-by-turn directions: consecutive segments of one street merged.
public struct DirectionStep: Hashable, Sendable {
    public var number: Int
    public var turn: Turn
    /// The street name, or nil for an unnamed path.
    public var street: String?
    /// The highway type of the step's first segment, to describe unnamed paths.
    public var highway: String
    public var lengthMeters: Double
    /// Metres from the start to the end of this step.
    public var cumulativeMeters: Double
    /// Checkpoints reached during this step.
    public var checkpoints: [Int]
    /// Whether the walker turns at a junction but stays on the same street (e.g. into a branch of a hofje).
    public var staysOnStreet: Bool = false
    /// For a dead end walked in and out as one step (a hofje, a spur): the length one way; nil otherwise.
    public var inAndOutMeters: Double? = nil
    /// A turn a few metres before this step's own (a piece under 25 m folded into it), to say first:
    /// "Sla linksaf en dan rechtsaf de Tijmlaan in", "Keer om en …".
    public var turnFirst: Turn? = nil
}

/// Turns a closed walk into a line, checkpoints and directions.
struct RouteDescriber {
    let network: StreetNetwork
    var checkpointSpacingMeters = 150.0

    /// The walk's coordinates from start back to start, each edge oriented in walking direction.
    func line(_ traversals: [Traversal]) -> [Coordinate] {
        var line: [Coordinate] = []
        for t in traversals {
            var cs = orientedCoordinates(t)
            if !line.isEmpty { cs.removeFirst() }
            line.append(contentsOf: cs)
        }
        return line
    }

    func orientedCoordinates(_ t: Traversal) -> [Coordinate] {
        let edge = network.edges[t.edgeID]
        // A loop edge (u == v) is walked in its stored order.
        return t.from == edge.u ? edge.coordinates : edge.coordinates.reversed()
    }

    /// Heading in degrees at the start or end of an oriented piece of line.
    private func heading(_ cs: [Coordinate], atEnd: Bool) -> Double {
        guard cs.count >= 2 else { return 0 }
        let (a, b) = atEnd ? (cs[cs.count - 2], cs[cs.count - 1]) : (cs[0], cs[1])
        return Geodesic.inverse(a, b).azimuth1
    }

    /// Steps shorter than this are folded into the next step.
    static let shortestStepMeters = 25.0

    /// The street a traversal is on, for telling streets apart: its name, or its type when unnamed.
    private func streetKey(_ t: Traversal) -> String {
        let edge = network.edges[t.edgeID]
        return edge.name ?? "#" + edge.highway
    }

    /// Dead ends walked in and out: ranges of traversals that enter a street, stay on it, walk each of
    /// its segments there once each way and come back out where they went in (a hofje with branches
    /// too). Each becomes one step.
    func inAndOutRanges(_ traversals: [Traversal]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        while i < traversals.count {
            guard i == 0 || streetKey(traversals[i]) != streetKey(traversals[i - 1]) else {
                i += 1
                continue
            }
            let key = streetKey(traversals[i])
            var passes: [Int: [Int]] = [:]
            var found: Int?
            var j = i
            while j < traversals.count && streetKey(traversals[j]) == key {
                passes[traversals[j].edgeID, default: []].append(traversals[j].from)
                if traversals[j].to == traversals[i].from
                    && passes.values.allSatisfy({ $0.count == 2 && $0[0] != $0[1] })
                {
                    found = j
                    break
                }
                j += 1
            }
            if let found {
                ranges.append(i..<(found + 1))
                i = found + 1
            } else {
                i += 1
            }
        }
        return ranges
    }

    /// Folds steps shorter than ``shortestStepMeters`` into the next one (the last into the one before),
    /// then numbers the steps again. The start keeps its "depart"; checkpoints go along.
    static func foldShortSteps(_ steps: [DirectionStep]) -> [DirectionStep] {
        var result: [DirectionStep] = []
        var pending: DirectionStep?
        for var step in steps {
            if let carried = pending {
                step.lengthMeters += carried.lengthMeters
                step.checkpoints = carried.checkpoints + step.checkpoints
                if carried.turn == .depart {
                    step.turn = .depart
                    step.staysOnStreet = false
                } else if let first = carried.turnFirst ?? (carried.turn.isMain ? carried.turn : nil) {
                    // The short piece began with a real turn (or a turn around): it must still be said.
                    step.turnFirst = first
                }
                pending = nil
            }
            if step.lengthMeters < shortestStepMeters {
                pending = step
            } else {
                result.append(step)
            }
        }
        if let carried = pending {
            if result.isEmpty {
                result.append(carried)
            } else {
                result[result.count - 1].lengthMeters += carried.lengthMeters
                result[result.count - 1].checkpoints += carried.checkpoints
                result[result.count - 1].cumulativeMeters = carried.cumulativeMeters
            }
        }
        for index in result.indices {
            result[index].number = index + 1
            result[index].cumulativeMeters = (index == 0 ? 0 : result[index - 1].cumulativeMeters) + result[index].lengthMeters
        }
        return result
    }

    /// Directions and checkpoints for one walk.
    func describe(_ traversals: [Traversal]) -> (steps: [DirectionStep], checkpoints: [Checkpoint]) {
        let (steps, checkpoints) = describeUnfolded(traversals)
        return (Self.foldShortSteps(steps), checkpoints)
    }

    /// Directions (every turn and every change of street, in-and-out dead ends as one step) and checkpoints.
    func describeUnfolded(_ traversals: [Traversal]) -> (steps: [DirectionStep], checkpoints: [Checkpoint]) {
        var spurOf: [Int: Range<Int>] = [:]
        for range in inAndOutRanges(traversals) { for i in range { spurOf[i] = range } }
        var steps: [DirectionStep] = []
        var checkpoints: [Checkpoint] = []
        var walked = 0.0
        var sinceCheckpoint = 0.0
        var previousEnd: [Coordinate]?
        for (position, t) in traversals.enumerated() {
            let edge = network.edges[t.edgeID]
            let spur = spurOf[position]
            let cs = orientedCoordinates(t)
            var turn = Turn.depart
            if let previousEnd {
                var delta = heading(cs, atEnd: false) - heading(previousEnd, atEnd: true)
                delta = (delta + 540).truncatingRemainder(dividingBy: 360) - 180
                turn = Turn.classify(delta)
            }
            let sameStreet = steps.last.map { $0.street == edge.name && ($0.street != nil || $0.highway == edge.highway) } ?? false
            // A new step where the street changes, and at every real turn: a street that turns at a
            // junction (or a hofje that branches) needs saying too.
            // Inside a dead end walked in and out, only its first segment starts a step.
            let insideSpur = spur.map { $0.lowerBound != position } ?? false
            // Out of a dead end back onto the same street: a step of its own all the same.
            let afterSpur = position > 0 && spurOf[position - 1] != nil && spur == nil
            if !insideSpur && (steps.isEmpty || !sameStreet || turn.isMain || spur != nil || afterSpur) {
                var step = DirectionStep(
                    number: steps.count + 1, turn: turn, street: edge.name, highway: edge.highway, lengthMeters: 0,
                    cumulativeMeters: walked, checkpoints: [], staysOnStreet: sameStreet && turn != .uTurn)
                if let spur {
                    step.inAndOutMeters = spur.reduce(0) { $0 + network.edges[traversals[$1].edgeID].lengthMeters } / 2
                    step.staysOnStreet = false
                }
                steps.append(step)
                // A main turn onto a street to inspect gets a checkpoint unless one was placed just before.
                if t.isService && turn.isMain && turn != .depart && sinceCheckpoint >= 75 && !insideSpur {
                    checkpoints.append(Checkpoint(number: checkpoints.count + 1, coordinate: cs[0], street: edge.name, distanceMeters: walked))
                    steps[steps.count - 1].checkpoints.append(checkpoints.count)
                    sinceCheckpoint = 0
                }
            }
            // Along long segments, checkpoints at the spacing; otherwise at the junction that passes it.
            // Only on streets walked to inspect them: no stops on the way there or on a second pass.
            var along = 0.0
            for i in 1..<cs.count where t.isService {
                let piece = Geodesic.distanceMeters(cs[i - 1], cs[i])
                along += piece
                sinceCheckpoint += piece
                let atJunction = i == cs.count - 1
                if sinceCheckpoint >= checkpointSpacingMeters * (atJunction ? 1 : 1.6) {
                    checkpoints.append(Checkpoint(
                        number: checkpoints.count + 1, coordinate: cs[i], street: edge.name, distanceMeters: walked + along))
                    steps[steps.count - 1].checkpoints.append(checkpoints.count)
                    sinceCheckpoint = 0
                }
            }
            walked += edge.lengthMeters
            steps[steps.count - 1].lengthMeters += edge.lengthMeters
            steps[steps.count - 1].cumulativeMeters = walked
            previousEnd = cs
        }
        return (steps, checkpoints)
    }
}
