import Foundation
import SchouwJobs
import Hummingbird
import SchouwAnalysis
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

extension SchouwWebApp {
    /// A 403 for walkers, the entry page for strangers; nil for the organizer.
    func organizerOnly(_ visit: Visit) -> Response? {
        guard let session = visit.session else { return Page.redirect(visit, to: "/") }
        guard session.isOrganizer else {
            return Page.error(visit, status: .forbidden, message: visit.pick("Deze pagina is voor de organisator.", "This page is for the organizer."))
        }
        return nil
    }

    /// Every finding, filtered by group, category and status, with the downloads.
    func organizerPage(_ request: Request, _ context: WebContext) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        let l = visit.language
        let query = request.uri.queryParameters
        func chosen(_ key: String) -> String? { query.get(key).flatMap { $0.isEmpty || $0.count > 100 ? nil : $0 } }
        var filter = ObservationFilter(group: chosen("groep"), category: chosen("categorie"), status: chosen("status"))
        filter.includeRemoved = query.get("verwijderd") == "1"
        let findings: [Observation]
        var body = "<p>\(Page.escape(schouwName)) · <a href=\"/beheer/acties\">\(l.pick("Acties met partners", "Actions with partners"))</a></p>"
        do {
            findings = try await store.observations(filter)
        } catch let error as StoreError where error.isBadInput {
            findings = []
            body += "<div class=\"error\">\(await describe(error, visit))</div>"
        } catch {
            findings = []
            log.error("listing findings failed \(Self.detail(error))", metadata: ["request": .string(visit.requestID), "route": .string(visit.route)])
            body += "<div class=\"error\">\(Page.escape(Self.failureMessage(visit, "De meldingen konden niet worden gelezen.", "The findings could not be read.")))</div>"
        }
        body += "<form method=\"get\" action=\"/beheer\" class=\"filters card\">"
            + "<div><label for=\"groep\">\(l.pick("Groep", "Group"))</label><select id=\"groep\" name=\"groep\"><option value=\"\">\(l.pick("alle", "all"))</option>"
            + Page.options(walkerMap.groups.map { ($0.name, $0.name) }, selected: filter.group) + "</select></div>"
            + "<div><label for=\"categorie\">\(l.pick("Categorie", "Category"))</label><select id=\"categorie\" name=\"categorie\"><option value=\"\">\(l.pick("alle", "all"))</option>"
            + Page.options(taxonomy.categories.map { ($0.code, l == .nl ? $0.nl : $0.en) }, selected: filter.category) + "</select></div>"
            + "<div><label for=\"status-filter\">Status</label><select id=\"status-filter\" name=\"status\"><option value=\"\">\(l.pick("alle", "all"))</option>"
            + Page.options(ObservationStatus.allCases.map { ($0.rawValue, statusLabel($0.rawValue, l)) }, selected: filter.status) + "</select></div>"
            + "<div><label><input type=\"checkbox\" name=\"verwijderd\" value=\"1\"\(filter.includeRemoved ? " checked" : "")> "
            + l.pick("ook verwijderde", "include removed") + "</label></div>"
            + "<div><button type=\"submit\">\(l.pick("Tonen", "Show"))</button></div></form>"
        body += "<p>\(findings.count) \(l.pick(findings.count == 1 ? "melding" : "meldingen", findings.count == 1 ? "finding" : "findings"))</p>"
        body += findingTable(findings, language: l, showGroup: true)
        body += "<h2>\(l.pick("Downloaden", "Downloads"))</h2><p class=\"downloads\">"
        let downloads: [(String, String)] = [
            ("geojson", "GeoJSON"), ("gpkg", "GeoPackage"), ("csv", "CSV"), ("csv-excel", l.pick("CSV voor Excel", "CSV for Excel")),
            ("samenvatting", l.pick("Samenvatting per buurt", "Summary per buurt")), ("heatmap", "Heatmap (GeoJSON)"),
        ]
        body += downloads.map { "<a href=\"/download/\($0.0)\">\(Page.escape($0.1))</a>" }.joined(separator: " ") + "</p>"
        body += "<p class=\"hint\">" + l.pick(
            "De exports bevatten alle niet-verwijderde meldingen, in WGS84.", "The exports hold every finding that was not removed, in WGS84.") + "</p>"
        return Page.html(visit, title: l.pick("Alle meldingen", "All findings"), body: body)
    }

    func changeStatus(_ request: Request, _ context: WebContext, id: String) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        let details: ObservationDetails
        switch await visibleFinding(id, visit) {
        case .success(let value): details = value
        case .failure(let refusal): return refusal.response
        }
        let form: FormData
        switch await self.form(request, visit) {
        case .success(let value): form = value
        case .failure(let refusal): return refusal.response
        }
        do {
            _ = try await store.setStatus(id: details.observation.id, to: form["status"] ?? "", owner: form["owner"], note: form["note"])
            return Page.redirect(visit, to: "/meldingen/\(details.observation.id)?opgeslagen=1")
        } catch let error as StoreError where error.isBadInput {
            return findingDetailPage(visit, details, message: nil, error: await describe(error, visit), values: FormData(), status: .badRequest)
        } catch {
            return serverFailure(visit, error, "De status is niet opgeslagen.", "The status was not saved.")
        }
    }

    /// Makes an export or analysis in memory through the same jobs as the command line and sends its
    /// bytes; no file is written.
    func download(_ request: Request, _ context: WebContext, kind: String) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        do {
            let file: JobFile
            let name: String
            switch kind {
            case "geojson":
                (file, name) = (try await export(.geojson), "meldingen.geojson")
            case "gpkg":
                (file, name) = (try await export(.gpkg), "meldingen.gpkg")
            case "csv":
                (file, name) = (try await export(.csv), "meldingen.csv")
            case "csv-excel":
                (file, name) = (try await export(.csv, excel: true), "meldingen-excel.csv")
            case "samenvatting":
                (file, name) = (try await summary(language: visit.language), "summary.md")
            case "heatmap":
                let result = try HeatmapJob.run(HeatmapJobRequest(
                    source: try await FindingSource.loading(store), parameters: HeatmapRequest(kernel: try Kernel(.quartic)), weight: .level,
                    destination: .memory, language: visit.language))
                (file, name) = (result.files[0], "heatmap.geojson")
            default:
                return Page.error(visit, status: .notFound, message: visit.pick("Deze download bestaat niet.", "This download does not exist."))
            }
            var headers = Page.headers(visit, contentType: file.mediaType)
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data ?? Data())))
        } catch {
            // The request itself was right; a file that cannot be made is the server's failure (5xx).
            return serverFailure(visit, error, "Het bestand kon niet worden gemaakt.", "The file could not be made.")
        }
    }

    /// Every finding that was not removed, in WGS84, as the export job makes it in memory.
    private func export(_ format: ExportFormat, excel: Bool = false) async throws -> JobFile {
        try await ExportJob.run(ExportRequest(database: store, format: format, excel: excel, destination: .memory)).file
    }

    /// The buurt summary (`summary.md` of `schouw group`) over the configured buurten, or else the
    /// schouw's own buurt from the store.
    private func summary(language: Language) async throws -> JobFile {
        let areas = if let file = configuration.areas { AreaSource.file(file) } else { AreaSource.schouw(try await store.schouw()) }
        let result = try GroupJob.run(GroupRequest(
            areas: areas, source: try await FindingSource.loading(store), language: language, destination: .memory))
        guard let summary = result.file(named: "summary.md") else {
            throw StoreError.library("the group job made no summary.md")
        }
        return summary
    }
}
