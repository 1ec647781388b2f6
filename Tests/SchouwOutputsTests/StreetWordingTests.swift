import Testing
import SchouwGeometry
@testable import SchouwNetwork
@testable import SchouwOutputs
import SchouwCore
import SchouwFormats

@Suite struct StreetWordingTests {
    let nl = StreetWording(language: .nl)
    let en = StreetWording(language: .en)

    @Test(arguments: [
        ("Tijmlaan", "de Tijmlaan"), ("Kruidenplein", "het Kruidenplein"), ("Basilicumhof", "het Basilicumhof"),
        ("Lavendelpad", "het Lavendelpad"), ("De Noordweg", "De Noordweg"), ("Salieweg", "de Salieweg"),
    ])
    func dutchStreetsGetTheirArticle(_ name: String, _ expected: String) {
        #expect(nl.street(name, highway: "residential") == expected)
    }

    @Test func unnamedWaysAreDescribedByType() {
        #expect(nl.street(nil, highway: "footway") == "het voetpad")
        #expect(en.street(nil, highway: "steps") == "the steps")
        #expect(nl.label(nil, highway: "footway") == "voetpad")
    }

    @Test func instructionsReadLikeDirections() {
        let step = DirectionStep(
            number: 2, turn: .left, street: "Tijmlaan", highway: "residential", lengthMeters: 220, cumulativeMeters: 400,
            checkpoints: [])
        #expect(nl.instruction(step) == "Sla linksaf de Tijmlaan in")
        #expect(en.instruction(step) == "Turn left onto Tijmlaan")
    }

    @Test func aTurnOnTheSameStreetSaysToStayOnIt() {
        var step = DirectionStep(
            number: 8, turn: .right, street: "Munthof", highway: "residential", lengthMeters: 40, cumulativeMeters: 900,
            checkpoints: [])
        step.staysOnStreet = true
        #expect(nl.instruction(step) == "Sla rechtsaf, blijf op het Munthof")
        #expect(en.instruction(step) == "Turn right, staying on Munthof")
    }

    @Test(arguments: [
        ("Tijmlaan", "residential", "Sla linksaf de Tijmlaan in"),
        ("Kruidenplein", "pedestrian", "Sla linksaf het Kruidenplein op"),
        ("Lavendelpad", "footway", "Sla linksaf het Lavendelpad op"),
        (nil, "footway", "Sla linksaf het voetpad op"),
        (nil, "steps", "Sla linksaf de trap op"),
        (nil, "cycleway", "Sla linksaf het fietspad op"),
        (nil, "service", "Sla linksaf de toegangsweg in"),
        ("Munthof", "residential", "Sla linksaf het Munthof in"),
    ] as [(String?, String, String)])
    func dutchPrepositionsFollowTheWay(_ name: String?, _ highway: String, _ expected: String) {
        let step = DirectionStep(
            number: 2, turn: .left, street: name, highway: highway, lengthMeters: 60, cumulativeMeters: 100, checkpoints: [])
        #expect(nl.instruction(step) == expected)
    }

    @Test func aDeadEndWalkedInAndOutIsOneInstruction() {
        var step = DirectionStep(
            number: 5, turn: .depart, street: "Munthof", highway: "residential", lengthMeters: 120, cumulativeMeters: 300,
            checkpoints: [])
        step.inAndOutMeters = 60.2
        #expect(nl.instruction(step) == "Loop het Munthof in en weer terug, 2 × 60 m")
        #expect(en.instruction(step) == "Walk into Munthof and back, 2 × 60 m")
        step.turn = .left
        #expect(nl.instruction(step) == "Linksaf het Munthof in en terug, 2 × 60 m")
        #expect(en.instruction(step) == "Turn left into Munthof and back, 2 × 60 m")
        step.turn = .sharpRight
        step.street = nil
        step.highway = "service"
        #expect(nl.instruction(step) == "Rechtsaf de doodlopende weg in en terug, 2 × 60 m")
        step.highway = "footway"
        #expect(nl.instruction(step) == "Rechtsaf het voetpad op en terug, 2 × 60 m")
    }

    @Test func aShortPieceFoldedIntoAStepKeepsItsTurn() {
        var step = DirectionStep(
            number: 4, turn: .right, street: "Tijmlaan", highway: "residential", lengthMeters: 120, cumulativeMeters: 500,
            checkpoints: [])
        step.turnFirst = .left
        #expect(nl.instruction(step) == "Sla linksaf en dan rechtsaf de Tijmlaan in")
        #expect(en.instruction(step) == "Turn left, then turn right onto Tijmlaan")
        step.turnFirst = .uTurn
        #expect(nl.instruction(step) == "Keer om en sla rechtsaf de Tijmlaan in")
        step.turn = .straight
        step.turnFirst = .sharpRight
        #expect(nl.instruction(step) == "Sla rechtsaf en ga rechtdoor, de Tijmlaan in")
        step.turn = .left
        step.inAndOutMeters = 60
        #expect(nl.instruction(step) == "Sla rechtsaf en dan linksaf de Tijmlaan in en terug, 2 × 60 m")
    }

    @Test func distancesAndDurationsUseTheLanguagesConventions() {
        #expect(nl.distance(3420) == "3,4 km")
        #expect(en.distance(3420) == "3.4 km")
        #expect(nl.distance(220.4) == "220 m")
        #expect(nl.duration(85) == "1 u 25 min")
        #expect(en.duration(40) == "40 min")
        #expect(nl.defaultGroupName(2) == "Groep B")
    }

    @Test(arguments: [(10.0, Turn.straight), (-40.0, .slightLeft), (-90.0, .left), (100.0, .right), (170.0, .uTurn), (-150.0, .sharpLeft)])
    func turnsAreClassifiedByHeadingChange(_ delta: Double, _ turn: Turn) {
        #expect(Turn.classify(delta) == turn)
    }
}
