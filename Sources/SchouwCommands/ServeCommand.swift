import ArgumentParser
import Foundation
import SchouwJobs
import SchouwCore
import SchouwStore
import SchouwWeb

/// `schouw serve DB` (a file, or a PostgreSQL URL with `--schouw NAME`): the web app where walkers enter
/// findings and the organizer follows them up.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app where walkers enter findings (access codes from `schouw codes`).",
        discussion: """
            Walkers log in with their group's code, see the group's route map, add findings by tapping the map \
            or choosing a checkpoint or street, with category, level, text and photos (JPEG/PNG), and list and \
            correct their own group's findings. The organizer's code shows every finding with filters, status \
            and owner changes, and downloads (GeoJSON, GeoPackage, CSV, buurt summary, heatmap).
            Every finding is committed to the database before the confirmation page is sent.
            The database is a schouw file or a PostgreSQL URL with --schouw NAME; with PostgreSQL, sessions, \
            photos and the photo quota are kept in the database, so several serve processes can share one schouw.
            Binds to 127.0.0.1 unless --host says otherwise; put it behind an HTTPS proxy to serve the internet \
            and name that proxy with --trusted-proxy, so wrong codes are counted per visitor, not per proxy, \
            and cookies are sent Secure.
            """)

    @OptionGroup var database: DatabaseArgument
    @Option(help: "Address to listen on (0.0.0.0 for every interface).") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: ArgumentHelp("CBS buurten for the summary download (default: the schouw's own buurt).", valueName: "FILE"))
    var areas: String?
    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A reverse proxy's IP address whose X-Forwarded-For/Forwarded name the client and X-Forwarded-Proto says HTTPS (repeatable); from anyone else those headers are ignored.",
            valueName: "ADDR"))
    var trustedProxies: [String] = []
    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(
        "Close a connection that sends nothing for this many seconds (waiting for a request, within its body, between requests).",
        valueName: "SECONDS"))
    var idleTimeout: Double = 30
    @Option(name: .customLong("request-read-seconds"), help: ArgumentHelp(
        "Close a connection whose request (head and body) is not read in full within this many seconds, however steadily it drips (12 MB at 0.35 Mbit/s fits in the default).",
        valueName: "SECONDS"))
    var requestReadSeconds: Double = 300
    @Option(name: .customLong("shutdown-seconds"), help: ArgumentHelp(
        "After SIGTERM/SIGINT, let requests under way finish for at most this many seconds, then exit.", valueName: "SECONDS"))
    var shutdownSeconds: Double = 10
    @Option(name: .customLong("max-sessions"), help: ArgumentHelp(
        "The most logged-in sessions kept in the database; beyond it expired, then idle sessions make room.", valueName: "N"))
    var maxSessions = 10_000
    @Option(name: .customLong("photo-quota-count"), help: ArgumentHelp("The most photos one group may upload.", valueName: "N"))
    var photoQuotaCount = 500
    @Option(name: .customLong("photo-quota-mb"), help: ArgumentHelp("The most megabytes of photos one group may upload.", valueName: "M"))
    var photoQuotaMB = 1000
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard idleTimeout > 0, idleTimeout <= 3600 else { throw ValidationError("--idle-timeout must be between 0 and 3600 seconds") }
        guard requestReadSeconds > 0, requestReadSeconds <= 86_400 else {
            throw ValidationError("--request-read-seconds must be between 0 and 86400 seconds")
        }
        guard shutdownSeconds >= 0, shutdownSeconds <= 3600 else { throw ValidationError("--shutdown-seconds must be between 0 and 3600") }
        guard photoQuotaCount >= 0, photoQuotaMB >= 0 else { throw ValidationError("--photo-quota-count and --photo-quota-mb cannot be negative") }
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1") }
        for address in trustedProxies where !WebConfiguration.isIPAddress(address) {
            throw ValidationError("--trusted-proxy takes an IP address such as 127.0.0.1 or ::1, not '\(address)'")
        }
    }

    func run() async throws {
        let l = output.lang
        try await report(l) {
            var configuration = WebConfiguration(host: host, port: port, areas: areas.map { URL(fileURLWithPath: $0) })
            configuration.trustedProxies = trustedProxies
            configuration.idleTimeoutSeconds = idleTimeout
            configuration.shutdownSeconds = shutdownSeconds
            configuration.requestReadSeconds = requestReadSeconds
            configuration.maxSessions = maxSessions
            configuration.photoQuotaCount = photoQuotaCount
            configuration.photoQuotaBytes = Int64(photoQuotaMB) * 1024 * 1024
            try await database.withStore { store in
                let app = try await SchouwWebApp(store: store, configuration: configuration)
                if try await store.accessCodeRoles().isEmpty {
                    let codes = (["schouw", "codes"] + database.commandLine).joined(separator: " ")
                    StandardError.write(l.pick("Let op: er zijn nog geen toegangscodes; maak ze met `\(codes)`.",
                                               "Note: there are no access codes yet; make them with `\(codes)`."))
                }
                let (host, port) = (host, port)
                try await app.run { channel in
                    let bound = channel.localAddress?.port ?? port
                    // Scripts wait for this line to learn the port (with --port 0).
                    let line = l.pick("schouw serve: luistert op http://\(host):\(bound)/ (stoppen met Ctrl-C)",
                                      "schouw serve: listening on http://\(host):\(bound)/ (stop with Ctrl-C)")
                    FileHandle.standardOutput.write(Data((line + "\n").utf8))
                }
            }
        }
    }
}
