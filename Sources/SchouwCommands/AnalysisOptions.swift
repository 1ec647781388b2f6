import ArgumentParser
import Foundation
import SchouwJobs
import SchouwAnalysis
import SchouwGeometry
import SchouwCore
import SchouwFormats
import SchouwStore

/// Where findings come from: the schouw database or a points file.
struct FindingSourceOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The schouw database: a SQLite file or a postgresql:// URL.", valueName: "DB"))
    var database: String?

    @Option(help: ArgumentHelp("With a PostgreSQL --db: the schouw, by name (not needed when the database holds one).", valueName: "NAME"))
    var schouw: String?

    @Option(
        name: .customLong("points"),
        help: ArgumentHelp(
            "Findings as GeoJSON points (RFC 7946 or with a legacy crs member) or a GeoPackage point layer.",
            valueName: "FILE"))
    var points: String?

    func validate() throws {
        switch (database, points) {
        case (nil, nil): throw ValidationError("give the findings with --db DB or --points FILE")
        case (.some, .some): throw ValidationError("give either --db or --points, not both")
        default: break
        }
    }

    var source: FindingSource {
        if let database { return .database(URL(fileURLWithPath: database)) }
        return .file(URL(fileURLWithPath: points ?? ""))
    }

    /// ``source``, with a PostgreSQL --db read through the store interface first.
    func resolvedSource() async throws -> FindingSource {
        guard let database, Stores.isServerURL(database) else { return source }
        let store = try await Stores.open(database, schouw: schouw)
        do {
            let source = try await FindingSource.loading(store)
            await store.close()
            return source
        } catch {
            await store.close()
            throw error
        }
    }
}

/// Output CRS and language, shared by the analysis commands.
struct AnalysisOutputOptions: ParsableArguments {
    @OptionGroup var common: OutputOptions

    @Option(
        help: ArgumentHelp(
            "Output CRS: EPSG:4326 (WGS84, RFC 7946, the default) or EPSG:28992 (RD New, GeoJSON with a legacy crs member).",
            valueName: "CRS"))
    var crs: OutputCRS = .wgs84

    var outputCRS: CRS { crs.crs }
    var language: Language { common.lang }

    /// Prints a line to stderr (progress and warnings stay out of stdout, which may carry JSON).
    func note(_ nl: String, _ en: String) {
        StandardError.write(language.pick(nl, en))
    }
}

/// The CRSs the outputs are written in: WGS84 (RFC 7946) or RD New. Any spelling PROJ-style names use
/// (`EPSG:28992`, `urn:ogc:def:crs:EPSG::28992`) is accepted on the command line.
enum OutputCRS: String, CaseIterable, ExpressibleByArgument {
    case wgs84 = "EPSG:4326"
    case rdNew = "EPSG:28992"

    init?(argument: String) {
        guard let crs = CRS(name: argument), let match = Self.allCases.first(where: { $0.crs == crs }) else { return nil }
        self = match
    }

    var crs: CRS {
        switch self {
        case .wgs84: .wgs84
        case .rdNew: .rdNew
        }
    }
}
