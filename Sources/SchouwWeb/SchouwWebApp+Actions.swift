import Foundation
import Hummingbird
import SchouwCore
import SchouwStore

/// The organizer's actions page: the actions agreed with partners, a form to add one and, per action,
/// a form to move it along (with the "after" photo when it is done). The same rules as every organizer
/// form: the organizer's session first, then the form's size limit and its CSRF token.
///
/// The pages work on the store interface (``ActionStore``, through ``ObservationStore``), so a schouw
/// file and a schouw in PostgreSQL behave the same: the uploaded "after" photo is written to a private
/// temporary file, which the store reads and keeps as it keeps `schouw action done --photo` (the file in
/// `photos/`, or the bytes in `photo_blob`).
extension SchouwWebApp {
    /// `GET /beheer/acties`.
    func actionsPage(_ request: Request, _ context: WebContext) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        let saved = request.uri.queryParameters.get("opgeslagen") == "1"
        return await actionsResponse(visit, message: saved ? visit.pick("Opgeslagen.", "Saved.") : nil, error: nil, values: FormData(), status: .ok)
    }

    /// `POST /beheer/acties`: adds an action.
    func addAction(_ request: Request, _ context: WebContext) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        let form: FormData
        switch await self.form(request, visit) {
        case .success(let value): form = value
        case .failure(let refusal): return refusal.response
        }
        let findings = (form["findings"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
        let draft = ActionDraft(
            what: form["what"], partner: form["partner"], partnerName: form["partner_name"], department: form["department"],
            dueDate: form["due"], findings: findings, note: form["note"])
        return await saveAction(visit, values: form) { try await self.store.addAction(draft, names: .web) }
    }

    /// `POST /beheer/acties/:number`: moves an action to another status, with the day, a note and, for
    /// afgehandeld, the "after" photo.
    func changeAction(_ request: Request, _ context: WebContext, number: String) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        switch await existingAction(number, visit) {
        case .success: break
        case .failure(let refusal): return refusal.response
        }
        // The body may carry the "after" photo of a done action, so the photo limit applies (the
        // session was checked above, before any of it is read).
        let form: FormData
        switch await self.form(request, visit, limit: configuration.maxBodyBytes) {
        case .success(let value): form = value
        case .failure(let refusal): return refusal.response
        }
        let uploads = form.files.filter { $0.field == "photo" }
        guard uploads.count <= 1 else {
            return await actionsResponse(
                visit, message: nil, error: Page.escape(visit.pick("Eén foto per actie: de foto ná.", "One photo per action: the one after.")),
                values: FormData(), status: .badRequest)
        }
        let photos: PhotoFiles
        switch PhotoFiles.write(uploads, configuration: configuration, language: visit.language) {
        case .success(let files): photos = files
        case .failure(let problem):
            if let error = problem.error { return serverFailure(visit, error, "De actie is niet opgeslagen.", "The action was not saved.") }
            return await actionsResponse(visit, message: nil, error: Page.escape(problem.message), values: FormData(), status: problem.status)
        }
        defer { photos.remove() }
        let update = ActionStatusUpdate(status: form["status"] ?? "", date: form["date"], note: form["note"], photo: photos.urls.first)
        let changes = ActionDraft(dueDate: form["due"])
        return await saveAction(visit, values: FormData()) {
            try await self.store.editAction(String(number), changes: changes, status: update, names: .web)
        }
    }

    /// `GET /beheer/acties/:number/foto`: the "after" photo of a done action, for the organizer.
    func actionPhoto(_ request: Request, _ context: WebContext, number: String) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        let details: ActionDetails
        switch await existingAction(number, visit) {
        case .success(let value): details = value
        case .failure(let refusal): return refusal.response
        }
        let notFound = Page.error(visit, status: .notFound, message: visit.pick("Deze actie heeft geen foto ná.", "This action has no photo after."))
        guard let name = details.action.afterPhoto, Self.isServablePhotoName(name) else { return notFound }
        let data: Data
        do {
            data = try await store.photoData(named: name)
        } catch let error as StoreError where error.isBadInput {
            return notFound
        } catch {
            return serverFailure(visit, error, "De foto kon niet worden gelezen.", "The photo could not be read.")
        }
        guard let kind = PhotoKind(bytes: Array(data.prefix(16))) else { return notFound }
        var headers = Page.headers(visit, contentType: kind.mimeType)
        headers[.cacheControl] = "private, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `GET /beheer/acties.csv`: the actions table as the export writes it beside a CSV (for Dutch Excel).
    func actionsDownload(_ request: Request, _ context: WebContext) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        do {
            let data = try await store.actionsCSVData(excel: true)
            var headers = Page.headers(visit, contentType: "text/csv; charset=utf-8")
            headers[.contentDisposition] = "attachment; filename=\"acties.csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return serverFailure(visit, error, "De acties konden niet worden gedownload.", "The actions could not be downloaded.")
        }
    }

    /// The action numbered `number` (as the URL has it), or the page saying it does not exist (404) or
    /// that the store failed (500).
    private func existingAction(_ number: String, _ visit: Visit) async -> Result<ActionDetails, Refusal> {
        let missing = Refusal(Page.error(visit, status: .notFound, message: visit.pick("Deze actie bestaat niet.", "This action does not exist.")))
        guard let number = Int(number), number > 0 else { return .failure(missing) }
        do {
            return .success(try await store.action(String(number)))
        } catch let error as StoreError where error.isBadInput {
            return .failure(missing)
        } catch {
            return .failure(Refusal(serverFailure(visit, error, "De actie kon niet worden gelezen.", "The action could not be read.")))
        }
    }

    /// Runs a change and redirects to the page; bad input shows the page again with the message (400).
    private func saveAction(_ visit: Visit, values: FormData, _ change: () async throws -> ActionDetails) async -> Response {
        do {
            _ = try await change()
            return Page.redirect(visit, to: "/beheer/acties?opgeslagen=1")
        } catch let error as StoreError where error.isBadInput {
            return await actionsResponse(visit, message: nil, error: await describe(error, visit), values: values, status: .badRequest)
        } catch {
            return serverFailure(visit, error, "De actie is niet opgeslagen.", "The action was not saved.")
        }
    }

    private func actionsResponse(_ visit: Visit, message: String?, error: String?, values: FormData, status: HTTPResponse.Status) async -> Response {
        let l = visit.language
        let today = CalendarDay.today()
        var body = "<p><a href=\"/beheer\">\(l.pick("← Alle meldingen", "← All findings"))</a> · "
            + "<a href=\"/beheer/acties.csv\">\(l.pick("Acties downloaden (CSV voor Excel)", "Download the actions (CSV for Excel)"))</a></p>"
        if let message { body += "<div class=\"notice\">\(Page.escape(message))</div>" }
        if let error { body += "<div class=\"error\">\(error)</div>" }
        let actions: [ActionDetails]
        do {
            actions = try await store.actions(status: nil, partner: nil)
        } catch {
            return serverFailure(visit, error, "De acties konden niet worden gelezen.", "The actions could not be read.")
        }
        body += "<table class=\"findings\"><thead><tr><th>#</th><th>\(l.pick("Wat", "What"))</th><th>Partner</th>"
            + "<th>\(l.pick("Meldingen", "Findings"))</th><th>\(l.pick("Uiterlijk", "Due"))</th><th>Status</th>"
            + "<th>\(l.pick("Wijzigen", "Change"))</th></tr></thead><tbody>"
        for details in actions {
            let a = details.action
            let overdue = a.isOverdue(on: today)
            let findings = details.findings.map { o in
                "<a href=\"/meldingen/\(o.id)\">\(Page.escape(o.shortID ?? String(o.id.prefix(8))))</a>"
            }.joined(separator: ", ")
            body += "<tr\(overdue ? " class=\"overdue\"" : "")><td>\(a.number)</td><td>\(Page.escape(a.what))"
                + (a.note.map { "<br><small>\(Page.escape($0))</small>" } ?? "") + "</td><td>\(Page.escape(a.partner.label(l)))</td>"
                + "<td>\(findings)</td><td>\(Page.escape(a.dueDate ?? "–"))\(overdue ? " <strong>\(l.pick("TE LAAT", "OVERDUE"))</strong>" : "")</td>"
                + "<td>\(Page.escape(a.actionStatus.label(l))) (\(Page.escape(a.statusDate)))</td><td>"
                + "<form method=\"post\" action=\"/beheer/acties/\(a.number)\" class=\"inline\" enctype=\"multipart/form-data\">\(Page.csrfField(visit))"
                + "<label class=\"sr\" for=\"status-\(a.number)\">Status</label><select id=\"status-\(a.number)\" name=\"status\">"
                + Page.options(([a.actionStatus] + a.actionStatus.next).map { ($0.rawValue, $0.label(l)) }, selected: a.status) + "</select>"
                + "<label class=\"sr\" for=\"date-\(a.number)\">\(l.pick("Datum", "Date"))</label><input id=\"date-\(a.number)\" name=\"date\" type=\"date\">"
                + "<label class=\"sr\" for=\"note-\(a.number)\">\(l.pick("Notitie", "Note"))</label><input id=\"note-\(a.number)\" name=\"note\" "
                + "placeholder=\"\(l.pick("notitie", "note"))\">"
                + "<label for=\"photo-\(a.number)\">\(l.pick("foto ná (bij afgehandeld)", "photo after (when done)"))</label>"
                + "<input id=\"photo-\(a.number)\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png\">"
                + (a.afterPhoto != nil
                    ? "<small><a href=\"/beheer/acties/\(a.number)/foto\">\(l.pick("heeft een foto ná", "has a photo after"))</a></small>" : "")
                + "<button type=\"submit\">\(l.pick("Opslaan", "Save"))</button></form></td></tr>"
        }
        body += "</tbody></table>"
        if actions.isEmpty { body += "<p>\(l.pick("Nog geen acties.", "No actions yet."))</p>" }
        func value(_ key: String) -> String { Page.escape(values[key] ?? "") }
        let partners = PartnerKind.allCases.map { kind in
            (kind.rawValue, kind == .anders ? l.pick("andere partner (naam hieronder)", "another partner (name below)") : kind.label(l))
        }
        body += "<h2>\(l.pick("Nieuwe actie", "New action"))</h2><form method=\"post\" action=\"/beheer/acties\" class=\"card\">\(Page.csrfField(visit))"
            + "<div><label for=\"what\">\(l.pick("Wat gaat er gebeuren", "What will be done"))</label><input id=\"what\" name=\"what\" required value=\"\(value("what"))\"></div>"
            + "<div><label for=\"partner\">Partner</label><select id=\"partner\" name=\"partner\">"
            + Page.options(partners, selected: values["partner"]) + "</select></div>"
            + "<div><label for=\"partner_name\">\(l.pick("Naam van de organisatie (of een andere partner)", "Name of the organisation (or another partner)"))</label>"
            + "<input id=\"partner_name\" name=\"partner_name\" value=\"\(value("partner_name"))\"></div>"
            + "<div><label for=\"department\">\(l.pick("Afdeling (gemeente)", "Department (gemeente)"))</label><input id=\"department\" name=\"department\" value=\"\(value("department"))\"></div>"
            + "<div><label for=\"due\">\(l.pick("Uiterlijk", "Due"))</label><input id=\"due\" name=\"due\" type=\"date\" value=\"\(value("due"))\"></div>"
            + "<div><label for=\"findings\">\(l.pick("Meldingen (korte ids, bijv. A-3, B-1)", "Findings (short ids, e.g. A-3, B-1)"))</label>"
            + "<input id=\"findings\" name=\"findings\" value=\"\(value("findings"))\"></div>"
            + "<div><button type=\"submit\">\(l.pick("Actie toevoegen", "Add action"))</button></div></form>"
        body += "<p class=\"hint\">" + l.pick(
            "Een andere partner dan de vier soorten: kies ‘andere partner’ en vul de naam in.",
            "A partner other than the four kinds: choose ‘another partner’ and fill in the name.") + "</p>"
        return Page.html(visit, title: l.pick("Acties", "Actions"), body: body, status: status)
    }
}

extension ActionFieldNames {
    /// The field names of the web forms.
    static let web = ActionFieldNames.custom(
        what: "what", partner: "partner", partnerName: "partner_name", department: "department", dueDate: "due", findings: "findings",
        status: "status", date: "date", photo: "photo")
}
