import ArgumentParser
import Foundation
import SchouwJobs

/// `schouw info FILE…`: what a GeoJSON or OSM file holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Say what a GeoJSON, OpenStreetMap, observation (CSV, GPX) or taxonomy file holds.",
        discussion: """
            Prints the kind of file, the number of features (or ways), the CRS, the bounding box in WGS84 \
            and RD New, the property names, and problems found: invalid polygons, wrong winding, \
            dangling node references. Exit code 1 when a file cannot be read.
            """)

    @Argument(help: "GeoJSON (.geojson, .json), OSM XML (.osm), observations (.csv, .gpx) or taxonomy (.json) files.", completion: .file())
    var files: [String]

    @OptionGroup var output: OutputOptions

    func run() throws {
        let result = InfoJob.run(InfoRequest(files: files.map { URL(fileURLWithPath: $0) }, language: output.lang))
        for (index, entry) in result.entries.enumerated() {
            if index > 0 { print() }
            switch entry.outcome {
            case .success(let text): print(text)
            case .failure(let error): FileHandle.standardError.write(Data("schouw info: \(error)\n".utf8))
            }
        }
        if result.anyFailed { throw SchouwExit.badInput }
    }
}
