// Times planning the whole largest street network of a real OSM file, and the demo buurt, in this
// process; writes the routing graph as an edge list so scripts/bench_routing.py can solve the same
// graph with networkx and print the ratio. Run in release:
//   swift run -c release bench-routing [OSM FILE] [EDGE LIST OUT]
import Foundation
import SchouwGeometry
import SchouwNetwork
import SchouwCore
import SchouwFormats

let arguments = CommandLine.arguments.dropFirst()
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let osm = URL(fileURLWithPath: arguments.first ?? root.deletingLastPathComponent().appendingPathComponent("shared/data/karhula.osm").path)
let edgeList = URL(fileURLWithPath: arguments.dropFirst().first ?? "/tmp/schouw-bench-routing.tsv")

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func benchmark(_ label: String, file: URL, area: PlanArea?, runs: Int) throws -> (plan: WalkPlan, seconds: Double) {
    let network = try StreetNetwork.load(url: file)
    let main = network.components().first ?? []
    let start = StartLocation.wgs84(network.vertices[network.edges[main[0]].u])
    var plan: WalkPlan?
    var times: [Double] = []
    for _ in 0..<runs {
        times.append(try seconds { plan = try WalkPlanner(network: network).plan(area: area, start: start) })
    }
    let result = plan!
    let odd = Dictionary(grouping: result.requiredEdges.flatMap { [network.edges[$0].u, network.edges[$0].v] }, by: { $0 })
        .values.filter { $0.count % 2 == 1 }.count
    print("""
        \(label): \(result.requiredEdges.count) required edges, \(odd) odd vertices, \
        street \(String(format: "%.1f", result.streetLengthMeters)) m, walk \(String(format: "%.3f", result.totalLengthMeters)) m, \
        optimal \(result.isOptimal); plan median \(String(format: "%.4f", median(times))) s over \(runs) runs
        """)
    return (result, median(times))
}

do {
    let demo = root.appendingPathComponent("geodata")
    let buurt = try BuurtSet.load(url: demo.appendingPathComponent("buurten.geojson")).buurt(code: "BU03039901")
    _ = try benchmark(
        "demo buurt BU03039901", file: demo.appendingPathComponent("streets.osm"),
        area: PlanArea(label: buurt.code, geometry: buurt.geometryWGS84), runs: 11)
    _ = try benchmark("demo neighbourhood", file: demo.appendingPathComponent("streets.osm"), area: nil, runs: 11)
    let (real, realSeconds) = try benchmark("\(osm.lastPathComponent) largest component", file: osm, area: nil, runs: 5)
    // The same graph for the networkx script: vertex u, vertex v, length, required (1/0), and the start vertex.
    var text = "# start \(real.startVertex) walk_m \(String(format: "%.6f", real.totalLengthMeters)) seconds \(realSeconds)\n"
    let required = Set(real.requiredEdges)
    for edge in real.network.edges {
        text += "\(edge.u)\t\(edge.v)\t\(String(format: "%.6f", edge.lengthMeters))\t\(required.contains(edge.id) ? 1 : 0)\n"
    }
    try Data(text.utf8).write(to: edgeList)
    print("edge list written to \(edgeList.path)")
} catch {
    let report = ErrorReport(error, language: .en)
    StandardError.write("bench-routing: " + report.message)
    exit(report.exitCode)
}
