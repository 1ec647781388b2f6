import Foundation
import SchouwCore

/// Generated observation files for benchmarks and load tests: realistic rows, all valid, no duplicates.
public enum BenchData {
    /// A CSV with `rows` observations spread over a 2 km square in Dronten, every text distinct.
    public static func csv(rows: Int, seed: UInt64 = 42) -> Data {
        let categories = [("afval", "zwerfvuil"), ("groen", "snoeien"), ("bestrating", "losse_tegel"), ("verlichting", "lamp_kapot")]
        let levels = ["A+", "A", "B", "C", "D"]
        // A fixed seed gives the same file every time.
        var generator = SeededGenerator(seed: seed)
        func next() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var out = "group,walker,observed_at,category,subcategory,level,text,lon,lat\n"
        out.reserveCapacity(rows * 110)
        for i in 0..<rows {
            let (category, sub) = categories[i % categories.count]
            let lon = 5.70 + 0.03 * next()
            let lat = 52.50 + 0.02 * next()
            let minute = i % 60
            out += "Groep \(i % 4 + 1),Loper \(i % 17),2017-07-10T19:\(minute < 10 ? "0" : "")\(minute),\(category),\(sub),\(levels[i % 5]),"
            out += "\"Bevinding \(i), zie foto\",\(String(format: "%.7f", lon)),\(String(format: "%.7f", lat))\n"
        }
        return Data(out.utf8)
    }
}
