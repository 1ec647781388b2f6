import Foundation
import Testing
@testable import SchouwStore
import SchouwCore

/// Times as walkers write them in a template, on a schouw of 20 September 2025 (summer time, UTC+2).
@Suite struct LocalTimeTests {
    @Test(arguments: [
        ("19:30", "2025-09-20T17:30:00Z"), ("9.05", "2025-09-20T07:05:00Z"), ("19:30:15", "2025-09-20T17:30:15Z"),
        (" 19:30 ", "2025-09-20T17:30:00Z"), ("20-9-2025 19:30", "2025-09-20T17:30:00Z"), ("20-09-2025 19.30", "2025-09-20T17:30:00Z"),
        ("1-1-2026 0:15", "2025-12-31T23:15:00Z"), ("2025-09-20T19:30Z", "2025-09-20T19:30:00Z"),
    ])
    func timesPeopleWrite(text: String, utc: String) {
        #expect(Timestamps.normalize(text, onDay: "2025-09-20") == utc)
    }

    @Test(arguments: ["25:00", "19:60", "19", "7.5", "19:30 uur", "", "١٩:٣٠", "19:30:15:00", "19::30", "-1:30", "31-2-2025 10:00", "29-2-2025 10:00", "31-4-2025"])
    func textsThatAreNoTime(text: String) {
        #expect(Timestamps.normalize(text, onDay: "2025-09-20") == nil)
    }

    // Not in the hour that occurs twice when summer time ends (02:00-03:00 on the last Sunday of October):
    // a local time there is read as the later one.
    @Test(arguments: ["2025-09-20T17:30:00Z", "2025-01-15T08:05:09Z", "2025-10-26T02:00:00Z", "2025-03-30T01:00:00Z"])
    func theDutchLocalTextReadsBackAsTheSameTime(utc: String) throws {
        let dutch = LocalTime.text(utc, language: .nl)
        #expect(Timestamps.normalize(dutch) == utc, "\(dutch)")
    }
}
