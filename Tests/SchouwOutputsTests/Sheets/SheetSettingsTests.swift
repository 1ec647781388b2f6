import Foundation
import SchouwGeometry
import SchouwTestSupport
import Testing
@testable import SchouwOutputs
import SchouwCore
import SchouwFormats

@Suite struct SheetSettingsTests {
    @Test func builtInTaxonomyIsExactlyTheGeodataFile() throws {
        let file = try SheetTaxonomy.read(contentsOf: TestPaths.geodata("taxonomy.json"))
        #expect(SheetTaxonomy.standard == file, "run scripts/embed_taxonomy.sh after editing geodata/taxonomy.json")
        let standard = SheetTaxonomy.standard
        #expect(standard.categories.count == 12)
        #expect(standard.levels(.crow).map(\.code) == ["A+", "A", "B", "C", "D"])
        #expect(standard.levels(.simple).map(\.code) == ["goed", "slecht", "plus"])
    }

    @Test func aBrokenTaxonomyFileIsExplained() throws {
        let url = try TestPaths.temporaryFile("taxonomy.json", contents: #"{"name": "x", "version": 1, "levels": {"crow": [], "simple": []}}"#)
        #expect {
            try SheetTaxonomy.read(contentsOf: url)
        } throws: { error in
            "\(error)".contains(url.lastPathComponent) && "\(error)".contains("categories")
        }
    }

    @Test(arguments: [
        (2025, 9, 20, "zaterdag 20 september 2025", "Saturday 20 September 2025"),
        (2000, 1, 1, "zaterdag 1 januari 2000", "Saturday 1 January 2000"),
        (2024, 2, 29, "donderdag 29 februari 2024", "Thursday 29 February 2024"),
        (2026, 3, 2, "maandag 2 maart 2026", "Monday 2 March 2026"),
    ])
    func datesReadTheDutchWay(_ year: Int, _ month: Int, _ day: Int, _ nl: String, _ en: String) throws {
        let date = try #require(SheetDate(year: year, month: month, day: day))
        #expect(date.formatted(.nl) == nl)
        #expect(date.formatted(.en) == en)
    }

    @Test func weekdaysMatchTheCalendarForManyDays() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var components = DateComponents(year: 1990, month: 1, day: 1)
        var date = try #require(calendar.date(from: components))
        for _ in 0..<(365 * 60) {
            components = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let sheetDate = try #require(SheetDate(year: components.year ?? 0, month: components.month ?? 0, day: components.day ?? 0))
            #expect(sheetDate.weekday == (components.weekday ?? 0) - 1)
            date = date.addingTimeInterval(86_400)
        }
    }

    @Test func datesParseInEitherOrderAndRejectNonsense() {
        #expect(SheetDate(parsing: "2025-09-20") == SheetDate(year: 2025, month: 9, day: 20))
        #expect(SheetDate(parsing: "20-09-2025") == SheetDate(year: 2025, month: 9, day: 20))
        #expect(SheetDate(parsing: "2025-02-29") == nil)
        #expect(SheetDate(parsing: "zaterdag") == nil)
        #expect(SheetDate(parsing: "2025-13-01") == nil)
    }
}
