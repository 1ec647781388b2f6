import SchouwCore
import Testing
@testable import SchouwOutputs

/// The report's title block on a schouw over a whole town.
@Suite struct ReportPageTests {
    @Test func aLongListOfBuurtenIsShortenedInTheTitleBlock() {
        let few = ["Atol (BU09951221)", "Boeier (BU09952113)"]
        #expect(ReportPage.buurtLine(few, .nl) == "Atol (BU09951221), Boeier (BU09952113)")
        let six = (1...6).map { "B\($0)" }
        #expect(ReportPage.buurtLine(six, .nl) == "B1, B2, B3, B4, B5, B6")
        // Lelystad's 73 buurten: five named, the rest counted (73 − 5 = 68)
        let town = (1...73).map { "B\($0)" }
        #expect(ReportPage.buurtLine(town, .nl) == "B1, B2, B3, B4, B5 en 68 andere (zie ‘Per buurt’)")
        #expect(ReportPage.buurtLine(town, .en) == "B1, B2, B3, B4, B5 and 68 more (see ‘Per buurt’)")
    }
}
