import Foundation
import SchouwTestSupport
import Testing
@testable import SchouwNetwork
import SchouwGeometry
import SchouwCore
import SchouwFormats

@Suite struct WalkPlannerTests {
    static let network = Result { try StreetNetwork.load(url: TestPaths.geodata("streets.osm")) }

    func demo() throws -> StreetNetwork { try Self.network.get() }

    /// Checks the walk is closed at the start, continuous, and its line follows the traversals.
    func expectWellFormed(_ plan: WalkPlan) {
        for group in plan.groups where !group.traversals.isEmpty {
            #expect(group.traversals.first?.from == plan.startVertex)
            #expect(group.traversals.last?.to == plan.startVertex)
            for (a, b) in zip(group.traversals, group.traversals.dropFirst()) { #expect(a.to == b.from) }
            #expect(group.line.first == plan.start)
            #expect(group.line.last == plan.start)
            let sum = group.traversals.reduce(0) { $0 + plan.network.edges[$1.edgeID].lengthMeters }
            #expect(abs(sum - group.lengthMeters) < 1e-6)
            #expect(abs((group.steps.last?.cumulativeMeters ?? 0) - group.lengthMeters) < 1e-6)
        }
    }

    @Test func oneGroupWalksEveryStreetOfTheMainNetworkOptimally() throws {
        let network = try demo()
        let plan = try WalkPlanner(network: network).plan(area: nil, start: .street("Tijmlaan"))
        expectWellFormed(plan)
        #expect(plan.groups.count == 1)
        #expect(Set(plan.groups[0].traversals.map(\.edgeID)).isSuperset(of: plan.requiredEdges))
        #expect(plan.isOptimal)
        #expect(plan.leftOutEdges.count == 1)
        #expect(plan.totalLengthMeters >= plan.streetLengthMeters)
        // Checkpoints are numbered from 1 and ordered along the walk.
        let checkpoints = plan.groups[0].checkpoints
        #expect(checkpoints.map(\.number) == Array(1...checkpoints.count))
        #expect(zip(checkpoints, checkpoints.dropFirst()).allSatisfy { $0.distanceMeters <= $1.distanceMeters })
    }

    @Test func demoWalkIsAsLongAsNetworkxsExactPostmanWalk() throws {
        // networkx 3.6.1's min_weight_matching on the same graph (scripts/bench_routing.py on the edge
        // list bench-routing writes for geodata/streets.osm): 14,536.900191 m, 76 odd junctions.
        let plan = try WalkPlanner(network: demo()).plan(area: nil, start: .street("Tijmlaan"))
        #expect(abs(plan.totalLengthMeters - 14_536.900191) < 0.001)
    }

    @Test func planOptionsCarryTheMatchingMemoryLimit() throws {
        // The demo's main network has 76 odd junctions: 8·2850 + 8·76·2 + 4·37·114 + 4·37·77 + 128·77 = 62,140 bytes.
        #expect(PerfectMatching.estimatedMemoryBytes(vertexCount: 76) == 62_140)
        var options = PlanOptions()
        options.matchingMemoryLimitBytes = 62_139
        #expect(throws: SchouwNetworkError.matchingTooLarge(oddJunctions: 76, estimatedBytes: 62_140, limitBytes: 62_139)) {
            try WalkPlanner(network: demo()).plan(area: nil, start: .street("Tijmlaan"), options: options)
        }
        options.matchingMemoryLimitBytes = 62_140
        let plan = try WalkPlanner(network: demo()).plan(area: nil, start: .street("Tijmlaan"), options: options)
        #expect(abs(plan.totalLengthMeters - 14_536.900191) < 0.001)
    }

    @Test func threeGroupsShareTheStreetsFromOneMeetingPoint() throws {
        var options = PlanOptions()
        options.groups = .count(3)
        let plan = try WalkPlanner(network: demo()).plan(area: nil, start: .street("Tijmlaan"), options: options)
        expectWellFormed(plan)
        #expect(plan.groups.count == 3)
        let covered = Set(plan.groups.flatMap(\.coveredEdges))
        #expect(covered == Set(plan.requiredEdges))
        let lengths = plan.groups.map(\.lengthMeters)
        #expect(lengths.max()! < plan.totalLengthMeters / 2)
        #expect(plan.balance == lengths.max()! / lengths.min()!)
    }

    /// Minutes by the schouw time model, computed here: 3 km/h is 50 m a minute, and 90 s at each checkpoint.
    static func expectedMinutes(_ group: GroupWalk) -> Double {
        group.lengthMeters / 50 + 1.5 * Double(group.checkpoints.count)
    }

    @Test func timeIsWalkingAtThreeKilometresAnHourAndNinetySecondsPerCheckpoint() throws {
        var options = PlanOptions()
        options.groups = .count(2)
        let plan = try WalkPlanner(network: demo()).plan(area: nil, start: .street("Tijmlaan"), options: options)
        for group in plan.groups {
            #expect(group.checkpoints.count > 0)
            #expect(abs(group.minutes - Self.expectedMinutes(group)) < 1e-9, "\(group.minutes)")
        }
        // Checkpoints only where streets are inspected: each lies on an edge the group covers first.
        for group in plan.groups {
            let covered = Set(group.coveredEdges)
            for checkpoint in group.checkpoints {
                #expect(plan.network.edges.contains { covered.contains($0.id) && $0.coordinates.contains(checkpoint.coordinate) },
                    "checkpoint \(checkpoint.number) of group \(group.number) is not on a street it inspects")
            }
        }
    }

    @Test func maxMinutesPicksTheFewestGroupsThatFit() throws {
        let planner = WalkPlanner(network: try demo())
        var options = PlanOptions()
        options.groups = .maxMinutes(60)
        let plan = try planner.plan(area: nil, start: .street("Tijmlaan"), options: options)
        let k = plan.groups.count
        #expect(k >= 2)
        #expect(plan.groups.allSatisfy { Self.expectedMinutes($0) <= 60 + 1e-9 }, "\(plan.groups.map(Self.expectedMinutes))")
        // K − 1 groups do not fit: their plan has a walk over the limit.
        options.groups = .count(k - 1)
        let fewer = try planner.plan(area: nil, start: .street("Tijmlaan"), options: options)
        #expect(fewer.groups.count == k - 1)
        #expect(fewer.groups.contains { Self.expectedMinutes($0) > 60 }, "\(fewer.groups.map(Self.expectedMinutes))")
        // K groups asked for by number give the same walks.
        options.groups = .count(k)
        let same = try planner.plan(area: nil, start: .street("Tijmlaan"), options: options)
        #expect(same.groups.map(\.lengthMeters) == plan.groups.map(\.lengthMeters))
    }

    @Test func onlyTheGroupsThatTurnUpCoverWhatFitsAndTheRestIsListed() throws {
        let network = try demo()
        let planner = WalkPlanner(network: network)
        let all = try planner.plan(area: nil, start: .street("Tijmlaan")).requiredEdges
        var options = PlanOptions()
        options.groups = .maxMinutes(45)
        options.groupsAvailable = 2
        let plan = try planner.plan(area: nil, start: .street("Tijmlaan"), options: options)
        #expect(plan.groups.count == 2)
        #expect(plan.groups.allSatisfy { Self.expectedMinutes($0) <= 45 + 1e-9 }, "\(plan.groups.map(Self.expectedMinutes))")
        #expect(!plan.leftOutForTime.isEmpty)
        // Nothing lost and nothing twice: what is walked and what is left out make up every street.
        let leftOut = plan.leftOutForTime.flatMap(\.edges)
        #expect(Set(leftOut).isDisjoint(with: plan.requiredEdges))
        #expect(Set(leftOut).union(plan.requiredEdges) == Set(all) && leftOut.count == Set(leftOut).count)
        for street in plan.leftOutForTime {
            #expect(abs(street.lengthMeters - street.edges.reduce(0) { $0 + network.edges[$1].lengthMeters }) < 1e-6)
            #expect(street.edges.allSatisfy { network.edges[$0].name == street.name })
        }
        // A via point on a street that was left out brings that segment back into the walks.
        let farthest = try #require(plan.leftOutForTime.last?.edges.first)
        let line = network.edges[farthest].coordinates
        options.via = [line[line.count / 2]]
        let withVia = try planner.plan(area: nil, start: .street("Tijmlaan"), options: options)
        #expect(withVia.requiredEdges.contains(farthest))
        #expect(!withVia.leftOutForTime.flatMap(\.edges).contains(farthest))
    }

    @Test func maxMinutesBelowTheLongestRoundTripNamesTheStreetAndItsDistance() throws {
        var options = PlanOptions()
        options.groups = .maxMinutes(1)
        let network = try demo()
        #expect {
            try WalkPlanner(network: network).plan(area: nil, start: .street("Tijmlaan"), options: options)
        } throws: { error in
            guard case .streetTooFar(let street, _, _, let distance, let roundTrip, let minutes, let limit) = error as? SchouwNetworkError
            else { return false }
            let message = (error as! SchouwNetworkError).message(.nl)
            // 1 minute at 3 km/h is 50 m; the street is a real one of the demo, named in the message with
            // its distance, and no internal number appears.
            return limit == 1 && roundTrip > 50 && abs(minutes - roundTrip / 50) < 1e-9 && distance < roundTrip
                && street.map { network.streetNames.contains($0) && message.contains("'\($0)'") } ?? message.contains("naamloos")
                && message.contains(" van het startpunt") && !message.contains("segment")
        }
    }

    /// Directions people can follow: no step under 25 m, never two "turn around" steps in a row, the steps
    /// adding up to the walk and carrying every checkpoint once, in order.
    static func expectFollowableDirections(_ plan: WalkPlan, sourceLocation: SourceLocation = #_sourceLocation) {
        for group in plan.groups where group.lengthMeters >= 25 {
            let steps = group.steps
            #expect(steps.allSatisfy { $0.lengthMeters >= 25 }, "\(steps.filter { $0.lengthMeters < 25 })", sourceLocation: sourceLocation)
            #expect(!zip(steps, steps.dropFirst()).contains { $0.turn == .uTurn && $1.turn == .uTurn }, sourceLocation: sourceLocation)
            #expect(steps.map(\.number) == Array(1...steps.count), sourceLocation: sourceLocation)
            #expect(abs(steps.reduce(0) { $0 + $1.lengthMeters } - group.lengthMeters) < 1e-6, sourceLocation: sourceLocation)
            #expect(steps.flatMap(\.checkpoints) == group.checkpoints.map(\.number), sourceLocation: sourceLocation)
            #expect(steps.first?.turn == .depart, sourceLocation: sourceLocation)
        }
    }

    @Test func foldingAShortStepKeepsItsTurnForTheNextStep() {
        func step(_ turn: Turn, _ meters: Double, _ street: String) -> DirectionStep {
            DirectionStep(number: 0, turn: turn, street: street, highway: "residential", lengthMeters: meters, cumulativeMeters: 0, checkpoints: [])
        }
        var withCheckpoint = step(.left, 12, "Kort")
        withCheckpoint.checkpoints = [3]
        let folded = RouteDescriber.foldShortSteps([
            step(.depart, 100, "A"), withCheckpoint, step(.right, 80, "B"), step(.uTurn, 10, "B"), step(.straight, 50, "C"),
            step(.slightLeft, 60, "D"), step(.left, 5, "E"),
        ])
        // By hand: the 12 m left turn goes into B's step, the 10 m turn around into C's, the last 5 m into D's.
        #expect(folded.map(\.street) == ["A", "B", "C", "D"])
        #expect(folded.map(\.lengthMeters) == [100, 92, 60, 65])
        #expect(folded.map(\.cumulativeMeters) == [100, 192, 252, 317])
        #expect(folded.map(\.number) == [1, 2, 3, 4])
        #expect(folded.map(\.turnFirst) == [nil, .left, .uTurn, nil])
        #expect(folded.map(\.turn) == [.depart, .right, .straight, .slightLeft])
        #expect(folded[1].checkpoints == [3])
    }

    @Test func aDeadEndHofjeIsOneStepInAndOut() throws {
        let network = try demo()
        let buurt = try BuurtSet.load(url: TestPaths.geodata("buurten.geojson")).buurt(code: "BU03039901")
        var options = PlanOptions()
        options.groups = .count(2)
        let plan = try WalkPlanner(network: network).plan(
            area: PlanArea(label: buurt.code, geometry: buurt.geometryWGS84), start: .street("Tijmlaan"), options: options)
        Self.expectFollowableDirections(plan)
        // The Munthof is a hofje with branches off the Rozemarijnstraat: all its segments, once each way.
        let munthof = network.edges.filter { $0.name == "Munthof" }.reduce(0) { $0 + $1.lengthMeters }
        let steps = plan.groups.flatMap(\.steps).filter { $0.street == "Munthof" }
        #expect(steps.count == 1, "\(steps)")
        #expect(abs((steps.first?.inAndOutMeters ?? 0) - munthof) < 1e-6 && abs((steps.first?.lengthMeters ?? 0) - 2 * munthof) < 1e-6)
    }

    @Test(.sharedData("karhula.osm"))
    func realStreetsGiveFollowableDirections() throws {
        let network = try StreetNetwork.load(url: TestPaths.shared("karhula.osm"))
        var options = PlanOptions()
        options.groups = .maxMinutes(120)
        // About 1 km² of the town's centre (26.941–26.959 E, 60.5255–60.5345 N).
        let square = Geometry.polygon(Polygon([[
            Coordinate(x: 26.941, y: 60.5255), Coordinate(x: 26.959, y: 60.5255), Coordinate(x: 26.959, y: 60.5345),
            Coordinate(x: 26.941, y: 60.5345), Coordinate(x: 26.941, y: 60.5255),
        ]]))
        let plan = try WalkPlanner(network: network).plan(
            area: PlanArea(label: "Karhula", geometry: square), start: .street("Jaanankatu"), options: options)
        Self.expectFollowableDirections(plan)
        #expect(plan.groups.allSatisfy { $0.minutes <= 120 })
    }

    @Test func areaRequiresTheStreetsMostlyInsideTheBuurt() throws {
        let network = try demo()
        let buurt = try BuurtSet.load(url: TestPaths.geodata("buurten.geojson")).buurt(code: "BU03039901")
        let area = PlanArea(label: buurt.code, geometry: buurt.geometryWGS84)
        let plan = try WalkPlanner(network: network).plan(area: area, start: .street("Tijmlaan"))
        expectWellFormed(plan)
        // Naive check of the half-length rule: sample each edge and compare with the planner's choice.
        let polygons = buurt.geometryRD.polygons
        for edge in network.edges {
            let rd = try CoordinateTransforms.transform(edge.coordinates, from: .wgs84, to: .rdNew)
            var inside = 0.0
            var total = 0.0
            for (a, b) in zip(rd, rd.dropFirst()) {
                let segment = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                for s in 0..<200 {
                    let t = (Double(s) + 0.5) / 200
                    let p = Coordinate(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
                    if polygons.contains(where: { $0.naiveContains(p) }) { inside += segment / 200 }
                }
                total += segment
            }
            let fraction = inside / total
            // Edges right at the 50% line may go either way under sampling error.
            if abs(fraction - 0.5) > 0.02 {
                #expect(plan.requiredEdges.contains(edge.id) == (fraction > 0.5), "edge \(edge.id) \(fraction)")
            }
        }
        #expect(plan.requiredEdges.count < network.edges.count)
    }

    @Test func viaPointsAreWalkedPast() throws {
        var options = PlanOptions()
        // A point beside a street of another buurt: the walk must now pass it.
        let network = try demo()
        let far = network.edges.first { $0.name == "Kervelstraat" } ?? network.edges[network.edges.count / 2]
        let mid = far.coordinates[far.coordinates.count / 2]
        options.via = [Geodesic.destination(from: mid, azimuth: 0, distanceMeters: 10)]
        let buurt = try BuurtSet.load(url: TestPaths.geodata("buurten.geojson")).buurt(code: "BU03039901")
        let plan = try WalkPlanner(network: network).plan(
            area: PlanArea(label: buurt.code, geometry: buurt.geometryWGS84), start: .street("Tijmlaan"), options: options)
        let rdVia = try CoordinateTransforms.toRD(options.via[0])
        let rdLine = try CoordinateTransforms.transform(plan.groups[0].line, from: .wgs84, to: .rdNew)
        let nearest = zip(rdLine, rdLine.dropFirst()).map { rdVia.planarDistance(toSegment: $0, $1) }.min() ?? .infinity
        #expect(nearest <= 25)
    }

    @Test func startFarFromEveryStreetSaysHowFar() throws {
        // About 2 km north of the demo neighbourhood.
        #expect {
            try WalkPlanner(network: demo()).plan(area: nil, start: .wgs84(Coordinate(longitude: 5.722, latitude: 52.54)))
        } throws: { error in
            guard case .startTooFar(let distance, 500) = error as? SchouwNetworkError else { return false }
            return distance > 1_500 && "\(error)".contains("m from the nearest street")
        }
    }

    @Test func unknownStreetSuggestsNearNames() throws {
        #expect {
            try WalkPlanner(network: demo()).plan(area: nil, start: .street("Tijmlan"))
        } throws: { error in
            guard case .unknownStreet("Tijmlan", let suggestions) = error as? SchouwNetworkError else { return false }
            return suggestions.first == "Tijmlaan" && "\(error)".contains("did you mean 'Tijmlaan'")
        }
    }

    @Test func areaWithoutStreetsIsAnError() throws {
        let empty = Geometry.polygon(Polygon([[
            Coordinate(longitude: 5.60, latitude: 52.40), Coordinate(longitude: 5.61, latitude: 52.40),
            Coordinate(longitude: 5.61, latitude: 52.41), Coordinate(longitude: 5.60, latitude: 52.40),
        ]]))
        #expect(throws: SchouwNetworkError.noStreetsInArea(area: "elsewhere")) {
            try WalkPlanner(network: demo()).plan(
                area: PlanArea(label: "elsewhere", geometry: empty), start: .street("Tijmlaan"))
        }
    }

    @Test(.sharedData("karhula.osm"))
    func realOSMFileImportsAndPlans() throws {
        let network = try StreetNetwork.load(url: TestPaths.shared("karhula.osm"))
        let main = try #require(network.components().first)
        let startVertex = network.edges[main[0]].u
        let start = network.vertices[startVertex]
        let plan = try WalkPlanner(network: network).plan(area: nil, start: .wgs84(start))
        expectWellFormed(plan)
        #expect(plan.isOptimal)
        #expect(Set(plan.groups[0].coveredEdges) == Set(plan.requiredEdges))
        // Karhula lies in Finland: lengths are geodesic, and the walk is a few tens of kilometres.
        #expect(plan.streetLengthMeters > 5_000)
        // networkx 3.6.1's exact matching on the same graph (scripts/bench_routing.sh): 63,130.119813 m.
        #expect(abs(plan.totalLengthMeters - 63_130.119813) < 0.001)
    }
}
