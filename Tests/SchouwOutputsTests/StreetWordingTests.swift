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
