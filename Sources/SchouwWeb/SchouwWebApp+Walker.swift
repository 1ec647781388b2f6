import Foundation
import SchouwJobs
import Hummingbird
import SchouwGeometry
import SchouwOutputs
import SchouwStore
import SchouwCore
import SchouwFormats

extension SchouwWebApp {
    // MARK: Entry

    /// The entry page: the code form, or straight on for a visitor who is logged in.
    func start(_ request: Request, _ context: WebContext) async -> Response {
        var visit = await visit(request, context)
        if let session = visit.session {
            return Page.redirect(visit, to: session.role == .organizer ? "/beheer" : "/kaart")
        }
        // No session before a right code: only a random login token in a cookie, stored nowhere.
        if visit.loginToken == nil {
            let token = RandomToken.make()
            visit.loginToken = token
            visit.cookies.append(SiteCookies.loginCookie(token, secure: visit.secure))
        }
        return loginPage(visit, message: nil, status: .ok)
    }

    func loginPage(_ visit: Visit, message: String?, status: HTTPResponse.Status) -> Response {
        let l = visit.language
        var body = "<p>\(Page.escape(schouwName))</p>"
        if let message { body += "<p class=\"error\" role=\"alert\">\(Page.escape(message))</p>" }
        body += """
            <form method="post" action="/inloggen" class="card">
            \(Page.csrfField(visit))
            <label for="code">\(l.pick("Toegangscode", "Access code"))</label>
            <input type="text" id="code" name="code" class="code" autocomplete="off" autocapitalize="characters" spellcheck="false" \
            maxlength="20" required placeholder="ABCDE-FGHJK">
            <p class="hint">\(l.pick(
                "De code staat op het routeblad van je groep. Hoofdletters en streepje zijn niet nodig.",
                "The code is on your group’s route sheet. Capitals and the dash are not needed."))</p>
            <button type="submit">\(l.pick("Verder", "Continue"))</button>
            </form>
            <p class="hint">\(l.pick(
                "Na de code zie je de kaart van jullie route en kun je meldingen invoeren: een plek op de kaart, wat je zag, en foto’s.",
                "After the code you see your route’s map and can enter findings: a spot on the map, what you saw, and photos."))</p>
            """
        return Page.html(visit, title: l.pick("Meldingen van de buurtschouw", "Findings of the neighbourhood walk"), body: body, status: status)
    }

    /// Checks a code; a right one starts a new session (new id and token) for its group or the organizer.
    func login(_ request: Request, _ context: WebContext) async -> Response {
        var visit = await visit(request, context)
        let form: FormData
        switch await self.form(request, visit, allowLoginToken: true) {
        case .success(let value): form = value
        case .failure(let refusal): return refusal.response
        }
        let address = context.client.address
        let code = form["code"] ?? ""
        switch await throttle.admit(address: address) {
        case .wait(let seconds):
            var refused = loginPage(visit, message: visit.pick(
                "Te veel verkeerde codes van dit adres. Wacht \(seconds) seconden en probeer het dan opnieuw.",
                "Too many wrong codes from this address. Wait \(seconds) seconds, then try again."), status: .tooManyRequests)
            refused.headers[.retryAfter] = "\(seconds)"
            return refused
        case .slowDown(let seconds):
            // A code already found right in this run is let in without waiting (it cannot be a guess
            // that is being slowed down: only right codes are remembered).
            if let role = await verifiedCodes.role(forAccessCode: code, in: store) { return await startSession(&visit, role: role) }
            // Many wrong codes from everywhere: every answer comes later, but a right code still gets in.
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        case .now:
            if let role = await verifiedCodes.role(forAccessCode: code, in: store) { return await startSession(&visit, role: role) }
        }
        let store = store
        let retry = await throttle.hasRecentFailures(address: address)
        guard let checked = await codeChecks.run(address: address, retry: retry, { (try? await store.accessCodeMatch(code)) ?? nil }) else {
            // The queue is full and this address already had wrong codes: no hashing now.
            var busy = loginPage(visit, message: visit.pick(
                "Het is even erg druk. Probeer het over een paar seconden opnieuw.",
                "It is very busy right now. Please try again in a few seconds."), status: .tooManyRequests)
            busy.headers[.retryAfter] = "\(configuration.codeCheckRetrySeconds)"
            return busy
        }
        guard let match = checked else {
            await throttle.failed(address: address)
            return loginPage(visit, message: visit.pick(
                "Deze code kennen we niet. Kijk nog eens op het routeblad.", "We do not know this code. Check the route sheet again."),
                status: .unauthorized)
        }
        verifiedCodes.remember(code, as: match)
        return await startSession(&visit, role: match.role)
    }

    /// A new session (new id and token) for `role`, replacing the visitor's old one.
    func startSession(_ visit: inout Visit, role: AccessRole) async -> Response {
        if let old = visit.session { try? await sessions.remove(id: old.id) }
        let session: Session
        do {
            session = try await sessions.create(role: role)
        } catch {
            return serverFailure(visit, error, "Je bent niet ingelogd.", "You were not logged in.")
        }
        visit.session = session
        visit.cookies.removeAll { $0.name == SiteCookies.session }
        visit.cookies.append(SiteCookies.sessionCookie(session.id, secure: visit.secure))
        if visit.loginToken != nil { visit.cookies.append(SiteCookies.clearLogin(secure: visit.secure)) }
        return Page.redirect(visit, to: role == .organizer ? "/beheer" : "/kaart")
    }

    func logout(_ request: Request, _ context: WebContext) async -> Response {
        var visit = await visit(request, context)
        if case .failure(let refusal) = await form(request, visit) { return refusal.response }
        if let session = visit.session { try? await sessions.remove(id: session.id) }
        visit.session = nil
        visit.cookies.append(SiteCookies.clearSession(secure: visit.secure))
        return Page.redirect(visit, to: "/")
    }

    // MARK: The walker's map and form

    /// The group's route map with the form for a new finding.
    func mapPage(_ request: Request, _ context: WebContext) async -> Response {
        let visit = await visit(request, context)
        let group: String
        switch walkerGroup(visit) {
        case .success(let value): group = value
        case .failure(let refusal): return refusal.response
        }
        return await findingFormPage(visit, group: group, values: FormData(), message: nil, status: .ok)
    }

    /// The map and the form, filled with `values` (after a refused finding, so nothing typed is lost).
    func findingFormPage(_ visit: Visit, group: String, values: FormData, message: String?, status: HTTPResponse.Status) async -> Response {
        let l = visit.language
        let own = (try? await store.observations(ObservationFilter(group: group))) ?? []
        var body = "<p>\(Page.escape(schouwName)) · <b>\(Page.escape(group))</b> · "
            + "<a href=\"/meldingen\">\(l.pick("Onze meldingen", "Our findings")) (\(own.count))</a></p>"
        if let message { body += "<div class=\"error\" role=\"alert\">\(message)</div>" }
        body += mapFigure(group: group, findings: own, clickable: true, language: l)
        body += OfflineOutbox.statusLine(l, group: group)
        body += "<form method=\"post\" action=\"/meldingen\" enctype=\"multipart/form-data\" id=\"finding-form\" class=\"card\">"
        body += Page.csrfField(visit)
        // The finding's own id, chosen before it is sent: a form sent twice (a retry after a lost answer,
        // or the offline outbox below) stores one finding. The script replaces it after each send.
        let key = values["key"].flatMap(Self.findingKey) ?? UUID().uuidString.lowercased()
        body += "<input type=\"hidden\" name=\"key\" value=\"\(key)\">"
        body += "<h2>\(l.pick("Nieuwe melding", "New finding"))</h2>"
        body += findingFields(visit, group: group, values: values, editing: false)
        if message != nil, values["duplicate_ok"] == nil {
            body += "<label><input type=\"checkbox\" name=\"duplicate_ok\" value=\"1\"> "
                + l.pick("Toch opslaan, ook als er vlakbij al zo’n melding is", "Save anyway, even if a similar finding is close by") + "</label>"
        }
        body += "<button type=\"submit\" id=\"save\">\(l.pick("Melding opslaan", "Save finding"))</button></form>"
        return Page.html(visit, title: l.pick("Melding invoeren", "Enter a finding"), body: body, status: status, script: Self.mapScript + OfflineOutbox.script)
    }

    /// The route map with the group's findings as dots; clickable maps carry the view-box-to-WGS84
    /// coefficients for the script.
    func mapFigure(group: String, findings: [Observation], clickable: Bool, language l: Language) -> String {
        guard let map = walkerMap.map, let index = walkerMap.groupIndex(group) else {
            return "<p class=\"hint\">\(l.pick("Er is nog geen route opgeslagen; kies hieronder een straat.", "No route has been stored yet; choose a street below."))</p>"
        }
        var svg = map.svg(group: index, wording: StreetWording(language: l))
        var extra = ""
        for finding in findings {
            let p = walkerMap.mapPoint(Coordinate(longitude: finding.lon, latitude: finding.lat))
            guard (0...SheetMap.width).contains(p.x), (0...SheetMap.height).contains(p.y) else { continue }
            extra += "<circle class=\"finding-dot\" cx=\"\(String(format: "%.1f", p.x))\" cy=\"\(String(format: "%.1f", p.y))\" r=\"6\"/>"
        }
        if clickable { extra += "<circle id=\"pick\" class=\"pick\" cx=\"-50\" cy=\"-50\" r=\"9\" style=\"display:none\"/>" }
        if let end = svg.range(of: "</svg>", options: .backwards) { svg.replaceSubrange(end, with: extra + "</svg>") }
        let coefficients = "data-lon=\"\(walkerMap.lonCoefficients.map { "\($0)" }.joined(separator: ","))\" "
            + "data-lat=\"\(walkerMap.latCoefficients.map { "\($0)" }.joined(separator: ","))\""
        var out = "<div id=\"walker-map\" class=\"map-wrap\(clickable ? " clickable" : "")\" \(coefficients)>\(svg)</div>"
        out += "<p class=\"hint\">" + l.pick(
            "Dikke lijn: jullie route, pijlen wijzen de looprichting; S is het startpunt, genummerde rondjes zijn controlepunten, gele stippen jullie meldingen.",
            "Bold line: your route, arrows show the way; S is the start, numbered circles are checkpoints, yellow dots your findings.") + "</p>"
        return out
    }

    /// The fields of a finding: place, category, level, text, name, photos.
    func findingFields(_ visit: Visit, group: String?, values: FormData, editing: Bool) -> String {
        let l = visit.language
        var out = "<input type=\"hidden\" name=\"lon\" value=\"\(Page.escape(values["lon"] ?? ""))\">"
            + "<input type=\"hidden\" name=\"lat\" value=\"\(Page.escape(values["lat"] ?? ""))\">"
        out += "<p id=\"picked\" class=\"hint\">" + (values["lon"] != nil
            ? l.pick("Plek op de kaart gekozen.", "Spot on the map chosen.")
            : l.pick("Tik op de kaart waar het is, of kies hieronder een controlepunt of straat.",
                     "Tap the map where it is, or choose a checkpoint or street below.")) + "</p>"
        out += "<div class=\"grid2\"><div>"
        let checkpoints = group.flatMap(walkerMap.groupIndex).map { walkerMap.groups[$0].checkpoints } ?? []
        out += "<label for=\"checkpoint\">\(l.pick("Controlepunt", "Checkpoint"))</label><select id=\"checkpoint\" name=\"checkpoint\">"
            + "<option value=\"\">\(editing ? l.pick("— niet veranderen —", "— keep —") : "—")</option>"
            + Page.options(checkpoints.map { ("\($0.number)", "\($0.number)" + ($0.street.map { " · \($0)" } ?? "")) }, selected: values["checkpoint"])
            + "</select></div><div>"
        out += "<label for=\"street\">\(l.pick("Straat", "Street"))</label><select id=\"street\" name=\"street\">"
            + "<option value=\"\">\(editing ? l.pick("— niet veranderen —", "— keep —") : "—")</option>"
            + Page.options(walkerMap.streetNames.map { ($0, $0) }, selected: values["street"]) + "</select></div></div>"
        out += "<label for=\"category\">\(l.pick("Wat voor melding?", "What kind of finding?"))</label>"
            + "<select id=\"category\" name=\"category\" required><option value=\"\">—</option>"
        for category in taxonomy.categories {
            let label = l == .nl ? category.nl : category.en
            out += "<optgroup label=\"\(Page.escape(label))\">"
            var items = [(value: category.code, label: label + " — " + l.pick("algemeen", "general"))]
            items += category.subcategories.map { ("\(category.code)/\($0.code)", l == .nl ? $0.nl : $0.en) }
            out += Page.options(items, selected: values["category"]) + "</optgroup>"
        }
        out += "</select>"
        out += "<label for=\"level\">\(l.pick("Hoe is het?", "How is it?"))</label><select id=\"level\" name=\"level\"><option value=\"\">—</option>"
        // Only the schouw's own scale; a schouw without one (findings of both, from before scales) offers both.
        let ownScale = levelScale.flatMap { taxonomy.levels[$0] == nil ? nil : $0 }
        for scale in taxonomy.levels.keys.sorted(by: { ($0 == "crow" ? "" : $0) < ($1 == "crow" ? "" : $1) }) where ownScale == nil || scale == ownScale {
            let name = scale == "crow" ? "CROW" : scale == "simple" ? l.pick("eenvoudig", "simple") : scale
            out += "<optgroup label=\"\(Page.escape(name))\">"
                + Page.options((taxonomy.levels[scale] ?? []).map { ($0.code, "\($0.code) · " + (l == .nl ? $0.nl : $0.en)) }, selected: values["level"])
                + "</optgroup>"
        }
        out += "</select>"
        out += "<label for=\"text\">\(l.pick("Wat zag je?", "What did you see?"))</label>"
            + "<textarea id=\"text\" name=\"text\" maxlength=\"\(configuration.maxTextCharacters)\"\(editing ? "" : " required")>"
            + Page.escape(values["text"] ?? "") + "</textarea>"
        out += "<div class=\"grid2\"><div><label for=\"walker\">\(l.pick("Je naam (mag leeg)", "Your name (optional)"))</label>"
            + "<input type=\"text\" id=\"walker\" name=\"walker\" maxlength=\"\(configuration.maxFieldCharacters)\" value=\"\(Page.escape(values["walker"] ?? ""))\"></div>"
        out += "<div><label for=\"photos\">\(l.pick("Foto’s (JPEG of PNG)", "Photos (JPEG or PNG)"))</label>"
            + "<input type=\"file\" id=\"photos\" name=\"photo\" accept=\"image/jpeg,image/png\" multiple>"
            + "<p class=\"hint\">" + l.pick(
                "Hoogstens \(configuration.maxPhotosPerFinding) foto’s van elk \(configuration.maxPhotoBytes / (1024 * 1024)) MB.",
                "At most \(configuration.maxPhotosPerFinding) photos of \(configuration.maxPhotoBytes / (1024 * 1024)) MB each.") + "</p></div></div>"
        return out
    }

    /// Turns a click on the map into lon/lat with the affine coefficients, and marks the spot. A function,
    /// as the outbox script calls it again after it put a refused form's page in place.
    static let mapScript = """
        window.schouwMap = function () {
          var wrap = document.getElementById('walker-map');
          var form = document.getElementById('finding-form');
          if (!wrap || !form) return;
          var svg = wrap.querySelector('svg');
          var lon = wrap.dataset.lon.split(',').map(Number), lat = wrap.dataset.lat.split(',').map(Number);
          var pick = document.getElementById('pick'), note = document.getElementById('picked');
          svg.addEventListener('click', function (event) {
            var point = svg.createSVGPoint();
            point.x = event.clientX; point.y = event.clientY;
            var p = point.matrixTransform(svg.getScreenCTM().inverse());
            form.elements.lon.value = (lon[0] + lon[1] * p.x + lon[2] * p.y).toFixed(7);
            form.elements.lat.value = (lat[0] + lat[1] * p.x + lat[2] * p.y).toFixed(7);
            pick.setAttribute('cx', p.x.toFixed(1)); pick.setAttribute('cy', p.y.toFixed(1)); pick.style.display = '';
            note.textContent = document.documentElement.lang === 'en'
              ? 'Spot on the map chosen (' + form.elements.lat.value + ', ' + form.elements.lon.value + '). Tap again to move it.'
              : 'Plek op de kaart gekozen (' + form.elements.lat.value + ', ' + form.elements.lon.value + '). Tik opnieuw om te verplaatsen.';
          });
        };
        window.schouwMap();
        """

    // MARK: Entering and correcting

    /// Stores a new finding for the visitor's group; the confirmation is sent only after the commit.
    func addFinding(_ request: Request, _ context: WebContext) async -> Response {
        let visit = await visit(request, context)
        let group: String
        switch walkerGroup(visit) {
        case .success(let value): group = value
        case .failure(let refusal): return refusal.response
        }
        let form: FormData
        switch await self.form(request, visit, limit: configuration.maxBodyBytes) {
        case .success(let value): form = value
        case .failure(let refusal): return refusal.response
        }
        // A finding sent again with its key (a retry, or the outbox after the network came back) is not
        // stored twice: the walker is sent to the stored one. Checked before any photo is written.
        let key = form["key"].flatMap(Self.findingKey)
        if let key {
            switch await storedFinding(key: key, group: group, visit) {
            case .some(let answer): return answer
            case .none: break
            }
        }
        var draft = ObservationDraft()
        // The group comes from the session only; a group field in the form is ignored.
        draft.group = group
        draft.id = key
        apply(form, to: &draft, editing: false)
        let photos: PhotoFiles
        switch PhotoFiles.write(form.files, configuration: configuration, language: visit.language) {
        case .success(let files): photos = files
        case .failure(let problem):
            if let error = problem.error { return serverFailure(visit, error, "De melding is niet opgeslagen.", "The finding was not saved.") }
            return await findingFormPage(visit, group: group, values: form, message: Page.escape(problem.message), status: problem.status)
        }
        defer { photos.remove() }
        draft.photos = photos.urls
        do {
            let stored = try await store.add(draft, allowDuplicates: form["duplicate_ok"] == "1", photoQuota: configuration.photoQuota)
            return Page.redirect(visit, to: "/meldingen/\(stored.id)?opgeslagen=1")
        } catch let error as StoreError where error.isPhotoQuota {
            return await findingFormPage(visit, group: group, values: form, message: Page.escape(error.message(visit.language)), status: .contentTooLarge)
        } catch let error as StoreError where error.isBadInput {
            // Two sends of one key at the same moment: the other one stored it.
            if let key, case .invalidInput(let issues) = error, issues.contains(where: { $0.reason == .idExists }),
                let answer = await storedFinding(key: key, group: group, visit)
            {
                return answer
            }
            return await findingFormPage(visit, group: group, values: form, message: await describe(error, visit), status: .badRequest)
        } catch {
            return serverFailure(visit, error, "De melding is niet opgeslagen.", "The finding was not saved.")
        }
    }

    /// A finding key as sent by the form: a UUID, lowercased; anything else is ignored (a new id is made).
    static func findingKey(_ text: String) -> String? {
        UUID(uuidString: text.trimmingCharacters(in: .whitespaces)).map { $0.uuidString.lowercased() }
    }

    /// The answer to a finding whose key is already stored: the group's own is shown as saved; another
    /// group's is refused without naming it (a key is a UUID, so this is a forged or broken form).
    func storedFinding(key: String, group: String, _ visit: Visit) async -> Response? {
        guard let stored = try? await store.details(id: key).observation, stored.id == key else { return nil }
        guard stored.groupName?.caseInsensitiveCompare(group) == .orderedSame else {
            return Page.error(visit, status: .conflict, message: visit.pick(
                "Deze melding kon niet worden opgeslagen. Open het formulier opnieuw en probeer het nog eens.",
                "This finding could not be saved. Open the form again and try once more."))
        }
        return Page.redirect(visit, to: "/meldingen/\(stored.id)?opgeslagen=1")
    }

    /// Copies the form's fields into a draft. When editing, empty fields keep the stored value.
    func apply(_ form: FormData, to draft: inout ObservationDraft, editing: Bool) {
        if let category = form["category"] {
            let parts = category.split(separator: "/", maxSplits: 1).map(String.init)
            draft.category = parts[0]
            draft.subcategory = parts.count > 1 ? parts[1] : nil
        }
        draft.level = form["level"]
        draft.text = form["text"]
        draft.walker = form["walker"]
        if let lon = form["lon"], let lat = form["lat"] {
            (draft.lon, draft.lat) = (lon, lat)
        } else if let checkpoint = form["checkpoint"] {
            draft.checkpoint = checkpoint
        } else if let street = form["street"] {
            draft.street = street
        }
    }

    /// A store error about the visitor's input as an HTML list they can act on.
    ///
    /// A likely duplicate names the other finding only when the visitor may see it (their own group's,
    /// or anything for the organizer); of another group's finding it says only that one is near.
    func describe(_ error: StoreError, _ visit: Visit) async -> String {
        let l = visit.language
        guard case .invalidInput(let issues) = error else { return Page.escape(error.message(l)) }
        var items: [String] = []
        for issue in issues {
            guard case .duplicate(let id, let distance) = issue.reason else {
                items.append("<li>\(Page.escape(issue.message(l)))</li>")
                continue
            }
            let meters = l.decimal(distance, places: 0)
            let other = try? await store.details(id: id).observation
            if let other, case .success = await visibleFinding(other.id, visit) {
                let name = other.shortID ?? other.id
                items.append("<li>" + l.pick(
                    "Er is al een melding met dezelfde categorie en tekst op \(meters) m: <a href=\"/meldingen/\(other.id)\">\(Page.escape(name))</a>. "
                        + "Is dit iets anders, vink dan hieronder ‘Toch opslaan’ aan.",
                    "There is already a finding with the same category and text \(meters) m away: <a href=\"/meldingen/\(other.id)\">\(Page.escape(name))</a>. "
                        + "If this is something else, tick ‘Save anyway’ below.") + "</li>")
                continue
            }
            items.append("<li>" + Page.escape(l.pick(
                "Een andere groep heeft op \(meters) m al een melding met dezelfde categorie en tekst. Is dit iets anders, vink dan hieronder ‘Toch opslaan’ aan.",
                "Another group already has a finding with the same category and text \(meters) m away. If this is something else, tick ‘Save anyway’ below.")) + "</li>")
        }
        return "<ul>" + items.joined() + "</ul>"
    }

    /// The group's own findings (the organizer goes to the full list).
    func ownList(_ request: Request, _ context: WebContext) async -> Response {
        let visit = await visit(request, context)
        if visit.session?.isOrganizer == true { return Page.redirect(visit, to: "/beheer") }
        let group: String
        switch walkerGroup(visit) {
        case .success(let value): group = value
        case .failure(let refusal): return refusal.response
        }
        let l = visit.language
        let own = (try? await store.observations(ObservationFilter(group: group))) ?? []
        var body = "<p><b>\(Page.escape(group))</b> · <a href=\"/kaart\">\(l.pick("Nieuwe melding", "New finding"))</a></p>"
        body += mapFigure(group: group, findings: own, clickable: false, language: l)
        body += findingTable(own, language: l, showGroup: false)
        return Page.html(visit, title: l.pick("Onze meldingen", "Our findings"), body: body)
    }

    func findingTable(_ findings: [Observation], language l: Language, showGroup: Bool) -> String {
        guard !findings.isEmpty else { return "<p>\(l.pick("Nog geen meldingen.", "No findings yet."))</p>" }
        var out = "<div class=\"scroll\"><table class=\"list\" id=\"findings\"><thead><tr><th>\(l.pick("Nr.", "No."))</th><th>\(l.pick("Wat", "What"))</th>"
            + (showGroup ? "<th>\(l.pick("Groep", "Group"))</th>" : "")
            + "<th>\(l.pick("Waar", "Where"))</th><th>\(l.pick("Niveau", "Level"))</th><th>Status</th><th>\(l.pick("Tekst", "Text"))</th></tr></thead><tbody>"
        for finding in findings {
            let text = finding.text.count > 80 ? String(finding.text.prefix(79)) + "…" : finding.text
            out += "<tr><td>\(Page.escape(finding.shortID ?? ""))</td><td><a href=\"/meldingen/\(finding.id)\">\(Page.escape(categoryLabel(finding, l)))</a></td>"
                + (showGroup ? "<td>\(Page.escape(finding.groupName ?? "—"))</td>" : "")
                + "<td>\(Page.escape(place(finding, l)))</td><td>\(Page.escape(finding.level ?? "—"))</td>"
                + "<td>\(Page.escape(statusLabel(finding.status, l)))</td><td class=\"text\">\(Page.escape(text))</td></tr>"
        }
        return out + "</tbody></table></div>"
    }

    func categoryLabel(_ finding: Observation, _ l: Language) -> String {
        guard let category = taxonomy.categories.first(where: { $0.code == finding.category }) else { return finding.category }
        var label = l == .nl ? category.nl : category.en
        if let sub = finding.subcategory, let s = category.subcategories.first(where: { $0.code == sub }) {
            label += " · " + (l == .nl ? s.nl : s.en)
        }
        return label
    }

    func place(_ finding: Observation, _ l: Language) -> String {
        var parts: [String] = []
        if let street = finding.street { parts.append(street) }
        if let checkpoint = finding.checkpoint { parts.append(l.pick("punt ", "point ") + "\(checkpoint)") }
        return parts.isEmpty ? String(format: "%.5f, %.5f", finding.lat, finding.lon) : parts.joined(separator: ", ")
    }

    func statusLabel(_ status: String, _ l: Language) -> String {
        switch status {
        case "open": l.pick("open", "open")
        case "gemeld": l.pick("gemeld", "reported")
        case "in_behandeling": l.pick("in behandeling", "in progress")
        case "afgehandeld": l.pick("afgehandeld", "done")
        case "geannuleerd": l.pick("geannuleerd", "cancelled")
        default: status
        }
    }

    /// One finding: the confirmation after saving, its details and photos, and the forms to correct it.
    func findingPage(_ request: Request, _ context: WebContext, id: String) async -> Response {
        let visit = await visit(request, context)
        let details: ObservationDetails
        switch await visibleFinding(id, visit) {
        case .success(let value): details = value
        case .failure(let refusal): return refusal.response
        }
        return findingDetailPage(visit, details, message: request.uri.queryParameters.get("opgeslagen") != nil
            ? visit.pick("Opgeslagen. De melding staat veilig in de database.", "Saved. The finding is safely in the database.") : nil,
            error: nil, values: FormData(), status: .ok)
    }

    func findingDetailPage(
        _ visit: Visit, _ details: ObservationDetails, message: String?, error: String?, values: FormData, status: HTTPResponse.Status
    ) -> Response {
        let l = visit.language
        let o = details.observation
        var body = ""
        if let message { body += "<p class=\"ok\" role=\"status\" id=\"confirmation\">✓ \(Page.escape(message))</p>" }
        if let error { body += "<div class=\"error\" role=\"alert\">\(error)</div>" }
        body += "<div class=\"card\"><dl class=\"facts\">"
        let facts: [(String, String)] = [
            (l.pick("Wat", "What"), categoryLabel(o, l)), (l.pick("Groep", "Group"), o.groupName ?? "—"),
            (l.pick("Waar", "Where"), place(o, l)), (l.pick("Niveau", "Level"), o.level ?? "—"),
            (l.pick("Tekst", "Text"), o.text), (l.pick("Door", "By"), o.walker ?? "—"),
            ("Status", statusLabel(o.status, l) + (o.owner.map { " · \($0)" } ?? "")),
            (l.pick("Ingevoerd", "Entered"), LocalTime.text(o.enteredAt, language: l)), (l.pick("Nummer", "Short id"), o.shortID ?? "—"), ("Id", o.id),
        ]
        body += facts.map { "<dt>\(Page.escape($0.0))</dt><dd>\(Page.escape($0.1))</dd>" }.joined() + "</dl>"
        if o.deletedAt != nil { body += "<p class=\"error\">\(l.pick("Deze melding is verwijderd.", "This finding was removed."))</p>" }
        if !details.photos.isEmpty {
            body += "<div class=\"photos\">" + details.photos.indices.map {
                "<a href=\"/meldingen/\(o.id)/foto/\($0 + 1)\"><img src=\"/meldingen/\(o.id)/foto/\($0 + 1)\" alt=\"\(l.pick("foto", "photo")) \($0 + 1)\"></a>"
            }.joined() + "</div>"
        }
        body += "</div>"
        body += "<p><a href=\"\(visit.session?.isOrganizer == true ? "/beheer" : "/kaart")\" class=\"button\">"
            + (visit.session?.isOrganizer == true ? l.pick("Terug naar alle meldingen", "Back to all findings") : l.pick("Nog een melding", "Another finding"))
            + "</a> <a href=\"/meldingen\">\(l.pick("Alle meldingen van de groep", "All the group’s findings"))</a></p>"
        if visit.session?.isOrganizer == true {
            body += "<form method=\"post\" action=\"/meldingen/\(o.id)/status\" class=\"card\">\(Page.csrfField(visit))<h2>\(l.pick("Opvolging", "Follow-up"))</h2>"
                + "<div class=\"grid2\"><div><label for=\"status\">Status</label><select id=\"status\" name=\"status\">"
                + Page.options(ObservationStatus.allCases.map { ($0.rawValue, statusLabel($0.rawValue, l)) }, selected: o.status) + "</select></div>"
                + "<div><label for=\"owner\">\(l.pick("Wie pakt het op", "Who takes it up"))</label><select id=\"owner\" name=\"owner\"><option value=\"\">—</option>"
                + Page.options(FollowUpOwner.allCases.map { ($0.rawValue, $0.rawValue) }, selected: o.owner) + "</select></div></div>"
                + "<label for=\"note\">\(l.pick("Notitie", "Note"))</label><input type=\"text\" id=\"note\" name=\"note\" maxlength=\"\(configuration.maxFieldCharacters)\">"
                + "<button type=\"submit\">\(l.pick("Status opslaan", "Save status"))</button></form>"
            if !details.history.isEmpty {
                body += "<ul>" + details.history.map {
                    "<li>\(Page.escape($0.changedAt)): \(Page.escape(statusLabel($0.fromStatus ?? "—", l))) → \(Page.escape(statusLabel($0.toStatus, l)))"
                        + ($0.note.map { " — " + Page.escape($0) } ?? "") + "</li>"
                }.joined() + "</ul>"
            }
        }
        var editValues = values
        if editValues.fields.isEmpty {
            editValues.fields = ["category": [o.category + (o.subcategory.map { "/\($0)" } ?? "")], "level": [o.level ?? ""], "text": [o.text],
                                 "walker": [o.walker ?? ""]]
        }
        body += "<form method=\"post\" action=\"/meldingen/\(o.id)\" enctype=\"multipart/form-data\" id=\"finding-form\" class=\"card\">"
            + Page.csrfField(visit) + "<h2>\(l.pick("Verbeteren", "Correct"))</h2>"
            + findingFields(visit, group: o.groupName, values: editValues, editing: true)
            + "<button type=\"submit\">\(l.pick("Wijzigingen opslaan", "Save changes"))</button></form>"
        if o.deletedAt == nil {
            body += "<form method=\"post\" action=\"/meldingen/\(o.id)/verwijderen\">\(Page.csrfField(visit))"
                + "<button type=\"submit\" class=\"secondary\">\(l.pick("Melding verwijderen", "Remove finding"))</button></form>"
        } else if visit.session?.isOrganizer == true {
            body += "<form method=\"post\" action=\"/meldingen/\(o.id)/definitief\">\(Page.csrfField(visit))"
                + "<button type=\"submit\" class=\"secondary\">\(l.pick("Definitief verwijderen, met de foto’s", "Delete for good, with the photos"))</button>"
                + "<p class=\"hint\">\(l.pick("Dit kan niet ongedaan worden gemaakt.", "This cannot be undone."))</p></form>"
        }
        return Page.html(visit, title: l.pick("Melding", "Finding"), body: body, status: status)
    }

    /// Saves corrections; only fields the form fills change, the group never does.
    func editFinding(_ request: Request, _ context: WebContext, id: String) async -> Response {
        let visit = await visit(request, context)
        let details: ObservationDetails
        switch await visibleFinding(id, visit) {
        case .success(let value): details = value
        case .failure(let refusal): return refusal.response
        }
        let form: FormData
        switch await self.form(request, visit, limit: configuration.maxBodyBytes) {
        case .success(let value): form = value
        case .failure(let refusal): return refusal.response
        }
        var changes = ObservationDraft()
        apply(form, to: &changes, editing: true)
        let photos: PhotoFiles
        switch PhotoFiles.write(form.files, configuration: configuration, language: visit.language) {
        case .success(let files): photos = files
        case .failure(let problem):
            if let error = problem.error { return serverFailure(visit, error, "De wijziging is niet opgeslagen.", "The change was not saved.") }
            return findingDetailPage(visit, details, message: nil, error: Page.escape(problem.message), values: form, status: problem.status)
        }
        defer { photos.remove() }
        changes.photos = photos.urls
        do {
            _ = try await store.edit(id: details.observation.id, changes: changes, photoQuota: configuration.photoQuota)
            return Page.redirect(visit, to: "/meldingen/\(details.observation.id)?opgeslagen=1")
        } catch let error as StoreError where error.isPhotoQuota {
            return findingDetailPage(visit, details, message: nil, error: Page.escape(error.message(visit.language)), values: form, status: .contentTooLarge)
        } catch let error as StoreError where error.isBadInput {
            return findingDetailPage(visit, details, message: nil, error: await describe(error, visit), values: form, status: .badRequest)
        } catch {
            return serverFailure(visit, error, "De wijziging is niet opgeslagen.", "The change was not saved.")
        }
    }

    func removeFinding(_ request: Request, _ context: WebContext, id: String) async -> Response {
        let visit = await visit(request, context)
        let details: ObservationDetails
        switch await visibleFinding(id, visit) {
        case .success(let value): details = value
        case .failure(let refusal): return refusal.response
        }
        if case .failure(let refusal) = await form(request, visit) { return refusal.response }
        do {
            try await store.remove(id: details.observation.id)
        } catch {
            return serverFailure(visit, error, "De melding is niet verwijderd.", "The finding was not removed.")
        }
        return Page.redirect(visit, to: visit.session?.isOrganizer == true ? "/beheer" : "/meldingen")
    }

    /// The organizer deletes a removed finding for good, with its photo files.
    func purgeFinding(_ request: Request, _ context: WebContext, id: String) async -> Response {
        let visit = await visit(request, context)
        if let refusal = organizerOnly(visit) { return refusal }
        let details: ObservationDetails
        switch await visibleFinding(id, visit) {
        case .success(let value): details = value
        case .failure(let refusal): return refusal.response
        }
        if case .failure(let refusal) = await form(request, visit) { return refusal.response }
        do {
            try await store.purge(id: details.observation.id)
        } catch let error as StoreError where error.isBadInput {
            return findingDetailPage(visit, details, message: nil, error: await describe(error, visit), values: FormData(), status: .conflict)
        } catch {
            return serverFailure(visit, error, "De melding is niet definitief verwijderd.", "The finding was not deleted.")
        }
        return Page.redirect(visit, to: "/beheer?verwijderd=1")
    }

    /// A photo of a finding the visitor may see, read through the store by the name it stored.
    func photo(_ request: Request, _ context: WebContext, id: String, position: String) async -> Response {
        let visit = await visit(request, context)
        let details: ObservationDetails
        switch await visibleFinding(id, visit) {
        case .success(let value): details = value
        case .failure(let refusal): return refusal.response
        }
        let notFound = Page.error(visit, status: .notFound, message: visit.pick("Deze foto bestaat niet.", "This photo does not exist."))
        guard let number = Int(position), details.photos.indices.contains(number - 1) else { return notFound }
        let name = details.photos[number - 1].fileName
        // Names are written by the store as photos/<sha256>.<ext>; anything else is not served.
        guard Self.isServablePhotoName(name),
            let data = try? await store.photoData(named: name), let kind = PhotoKind(bytes: Array(data.prefix(16)))
        else { return notFound }
        var headers = Page.headers(visit, contentType: kind.mimeType)
        headers[.cacheControl] = "private, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension StoreError {
    /// The refusal of photos over a group's quota (shown with the form, as 413).
    var isPhotoQuota: Bool {
        if case .photoQuotaExceeded = self { return true }
        return false
    }
}

extension SchouwWebApp {
    /// `photos/<64 hex digits>.<jpg|jpeg|png>`: the only photo names the app serves (the store gives no others).
    static func isServablePhotoName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0] == "photos" && isStoredPhotoName(parts[1])
    }

    /// `<64 hex digits>.<jpg|jpeg|png>`, the only names the store gives photos.
    static func isStoredPhotoName(_ name: Substring) -> Bool {
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
        return pieces.count == 2 && pieces[0].count == 64 && pieces[0].allSatisfy(\.isHexDigit)
            && ["jpg", "jpeg", "png"].contains(pieces[1].lowercased())
    }
}

/// Uploaded photos checked by content and written under generated names to a private temporary
/// folder, from where the store copies them under their content hash.
struct PhotoFiles {
    let folder: URL?
    let urls: [URL]
    /// Their bytes together.
    var bytes: Int64 = 0

    struct Problem: Error {
        let message: String
        let status: HTTPResponse.Status
        /// For a failure of the server: the error, for the log (the visitor sees a generic message).
        var error: (any Error)?
    }

    static func write(_ files: [UploadedFile], configuration: WebConfiguration, language l: Language) -> Result<PhotoFiles, Problem> {
        let photos = files.filter { $0.field == "photo" }
        guard !photos.isEmpty else { return .success(PhotoFiles(folder: nil, urls: [])) }
        guard photos.count <= configuration.maxPhotosPerFinding else {
            return .failure(Problem(message: l.pick("Hoogstens \(configuration.maxPhotosPerFinding) foto’s per melding.",
                                                    "At most \(configuration.maxPhotosPerFinding) photos per finding."), status: .badRequest))
        }
        var kinds: [PhotoKind] = []
        for photo in photos {
            guard photo.bytes.count <= configuration.maxPhotoBytes else {
                return .failure(Problem(message: l.pick(
                    "De foto is te groot (hoogstens \(configuration.maxPhotoBytes / (1024 * 1024)) MB).",
                    "The photo is too large (at most \(configuration.maxPhotoBytes / (1024 * 1024)) MB)."), status: .contentTooLarge))
            }
            guard let kind = PhotoKind(bytes: photo.bytes) else {
                return .failure(Problem(message: l.pick(
                    "Dit bestand is geen JPEG- of PNG-foto; stuur alleen foto’s.", "This file is not a JPEG or PNG photo; send photos only."),
                    status: .unsupportedMediaType))
            }
            kinds.append(kind)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schouw-upload-\(RandomToken.make(bytes: 12))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            var urls: [URL] = []
            for (photo, kind) in zip(photos, kinds) {
                let url = folder.appendingPathComponent("\(RandomToken.make(bytes: 12)).\(kind.rawValue)")
                try Data(photo.bytes).write(to: url)
                urls.append(url)
            }
            return .success(PhotoFiles(folder: folder, urls: urls, bytes: photos.reduce(0) { $0 + Int64($1.bytes.count) }))
        } catch {
            try? FileManager.default.removeItem(at: folder)
            return .failure(Problem(message: "", status: .internalServerError, error: error))
        }
    }

    func remove() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }
}
