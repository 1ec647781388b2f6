import ArgumentParser
import Foundation
import SchouwJobs
import SchouwStore

/// `schouw info FILE…`: what a geodata file, GeoPackage, observation file or schouw database holds.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Say what a GeoJSON, GeoPackage, OpenStreetMap, observation (CSV, GPX), taxonomy or schouw database file holds.",
        discussion: """
            Prints the kind of file, the number of features (or ways), the CRS, the bounding box in WGS84 \
            and RD New, the property names, and problems found: invalid polygons, wrong winding, \
            dangling node references. A GeoPackage is described per layer (count, geometry type, CRS, \
            bounding box, columns, spatial index); a schouw database (.schouw) by its name, date, buurt, \
            groups, findings and last change, read without changing the file; a route GPX from \
            schouw plan by its tracks and checkpoints; a postgresql:// URL by the schouwen the database holds \
            (as `schouw list`). Dutch by default, English with --lang en. \
            Exit code 1 when a file cannot be read (3 when a library fails).
            """)

    @Argument(
        help: "GeoJSON (.geojson, .json), GeoPackage (.gpkg), OSM XML (.osm) or PBF (.osm.pbf), observations (.csv, .gpx), taxonomy (.json) or schouw database (.schouw) files.",
        completion: .file())
    var files: [String]

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let l = output.lang
        let paths = files.filter { !Stores.isServerURL($0) }
        let result = InfoJob.run(InfoRequest(files: paths.map { URL(fileURLWithPath: $0) }, language: l))
        var entries = result.entries.makeIterator()
        // A file that cannot be read does not stop the others; the command ends with the highest exit code.
        var exitCodes: [Int32] = []
        for (index, file) in files.enumerated() {
            if index > 0 { print() }
            if Stores.isServerURL(file) {
                do {
                    let listings = try await Stores.list(file)
                    print(l.pick("\(file): PostgreSQL-database met \(listings.count) schouw(en)", "\(file): PostgreSQL database with \(listings.count) schouw(en)"))
                    for listing in listings {
                        print("  \(listing.date)  \(listing.name)  " + l.pick(
                            "\(listing.findings) bevinding(en), \(listing.removed) verwijderd, \(listing.groups) groep(en)",
                            "\(listing.findings) finding(s), \(listing.removed) removed, \(listing.groups) group(s)"))
                    }
                } catch {
                    exitCodes.append(Self.tell(error, l))
                }
                continue
            }
            guard let entry = entries.next() else { continue }
            switch entry.outcome {
            case .success(let text): print(text)
            case .failure(let error): exitCodes.append(Self.tell(error, l))
            }
        }
        if let worst = exitCodes.max() { throw ExitCode(worst) }
    }
}
