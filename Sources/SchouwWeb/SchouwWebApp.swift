import Foundation
import SchouwJobs
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SchouwGeometry
import SchouwStore
import SchouwCore
import SchouwFormats

/// The request context: Hummingbird's core storage plus the peer address and the client behind it
/// (for slowing down code guessing and for `Secure` cookies).
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// Set by ``ClientMiddleware`` from the peer and, behind a trusted proxy, its forwarding headers.
    var client: ClientInfo
    /// A short random reference of this request (8 hex digits): in the server log beside every failure,
    /// on the error page the visitor sees, and in the `X-Request-Id` header.
    let requestID = RandomToken.make(bytes: 4)

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        client = ClientInfo(address: remoteAddress?.ipAddress ?? "unknown", secure: false)
    }

    /// The peer's IP address, or "unknown".
    var peer: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// `schouw serve`: walkers enter findings for their own group; the organizer sees, follows up and
/// downloads everything.
///
/// Only fixed routes exist (no static files): a request path never becomes a file path. Photos are read
/// through the store by the name it stored for an observation the visitor may see.
///
/// The app holds the store through ``ObservationStore`` (which refines ``WebStore``): the SQLite file or
/// a schouw in PostgreSQL, with sessions, code checks, the photo quota and purging in either.
public struct SchouwWebApp: Sendable {
    let store: any ObservationStore
    let configuration: WebConfiguration
    let sessions: SessionStore
    let throttle: LoginThrottle
    /// Where codes are checked: first tries before retries, bounded.
    let codeChecks: CodeCheckQueue
    /// Codes found right in this run, accepted again without PBKDF2 while their row is unchanged.
    let verifiedCodes = VerifiedAccessCodes()
    let walkerMap: WalkerMap
    let taxonomy: Taxonomy
    let schouwName: String
    /// The schouw's quality scale (nil for one from before scales: the form offers every scale).
    let levelScale: String?
    /// The server log: failures with their details (paths, SQLite's words) and the request's reference.
    let log: Logger

    /// Loads the plan, map and taxonomy from the store.
    /// - Throws: store and PROJ errors.
    /// - Parameter log: where failures are written with their details (by default swift-log's
    ///   `schouw.serve` logger at level info, which writes to standard error unless the program chose otherwise).
    public init(store: any ObservationStore, configuration: WebConfiguration = WebConfiguration(), log: Logger? = nil) async throws {
        self.store = store
        self.configuration = configuration
        self.log = log ?? {
            var logger = Logger(label: "schouw.serve")
            logger.logLevel = .info
            return logger
        }()
        sessions = SessionStore(store: store, policy: configuration.sessionPolicy)
        throttle = LoginThrottle(configuration: configuration)
        codeChecks = CodeCheckQueue(limit: configuration.maxWaitingCodeChecks)
        // Photos no finding or action refers to and `.part` files of a copy cut short (a crash, a full disk) go first.
        let leftovers = try await store.removeUnreferencedPhotos()
        if !leftovers.isEmpty {
            self.log.notice("removed photo files no finding or action refers to", metadata: ["files": .stringConvertible(leftovers.count)])
        }
        let schouw = try await store.schouw()
        walkerMap = try await WalkerMap(store: store, schouw: schouw)
        taxonomy = try await store.taxonomy()
        schouwName = schouw.name
        levelScale = schouw.levelScale
    }

    /// The Hummingbird application, bound to the configured host and port.
    /// - Parameter onServerRunning: called with the listening channel (its local address has the port).
    public func application(
        logger: Logger? = nil, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "schouw.serve")
        if logger == nil { log.logLevel = .warning }
        let (readSeconds, requestLog) = (configuration.requestReadSeconds, self.log)
        return Application(
            router: router(),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestReadDeadline(seconds: readSeconds, log: requestLog)],
                idleTimeout: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "schouw"),
            onServerRunning: onServerRunning, logger: log)
    }

    func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: ClientMiddleware(trustedProxies: Set(configuration.trustedProxies.map { IPAddress.canonical($0) ?? $0 })))
        router.get("/") { request, context in await self.start(request, context) }
        router.post("/inloggen") { request, context in await self.login(request, context) }
        router.post("/uitloggen") { request, context in await self.logout(request, context) }
        router.get("/kaart") { request, context in await self.mapPage(request, context) }
        router.post("/meldingen") { request, context in await self.addFinding(request, context) }
        router.get("/meldingen") { request, context in await self.ownList(request, context) }
        router.get("/meldingen/:id") { request, context in await self.findingPage(request, context, id: context.parameters.get("id") ?? "") }
        router.post("/meldingen/:id") { request, context in await self.editFinding(request, context, id: context.parameters.get("id") ?? "") }
        router.post("/meldingen/:id/verwijderen") { request, context in
            await self.removeFinding(request, context, id: context.parameters.get("id") ?? "")
        }
        router.post("/meldingen/:id/definitief") { request, context in
            await self.purgeFinding(request, context, id: context.parameters.get("id") ?? "")
        }
        router.post("/meldingen/:id/status") { request, context in
            await self.changeStatus(request, context, id: context.parameters.get("id") ?? "")
        }
        router.get("/meldingen/:id/foto/:position") { request, context in
            await self.photo(request, context, id: context.parameters.get("id") ?? "", position: context.parameters.get("position") ?? "")
        }
        router.get("/beheer") { request, context in await self.organizerPage(request, context) }
        router.get("/beheer/acties") { request, context in await self.actionsPage(request, context) }
        router.get("/beheer/acties.csv") { request, context in await self.actionsDownload(request, context) }
        router.post("/beheer/acties") { request, context in await self.addAction(request, context) }
        router.post("/beheer/acties/:number") { request, context in
            await self.changeAction(request, context, number: context.parameters.get("number") ?? "")
        }
        router.get("/beheer/acties/:number/foto") { request, context in
            await self.actionPhoto(request, context, number: context.parameters.get("number") ?? "")
        }
        router.get("/download/:kind") { request, context in await self.download(request, context, kind: context.parameters.get("kind") ?? "") }
        return router
    }

    /// Runs until SIGINT or SIGTERM; then stops taking connections, lets the requests under way finish
    /// for at most ``WebConfiguration/shutdownSeconds`` and cuts what is left.
    public func run(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) async throws {
        var log = Logger(label: "schouw.serve")
        log.logLevel = .warning
        var group = ServiceGroupConfiguration(
            services: [application(logger: log, onServerRunning: onServerRunning)], gracefulShutdownSignals: [.sigterm, .sigint], logger: log)
        group.maximumGracefulShutdownDuration = .milliseconds(Int64(configuration.shutdownSeconds * 1000))
        try await ServiceGroup(configuration: group).run()
    }

    // MARK: Visits

    /// The visitor's session and language; `?lang=` switches the language and remembers it in a cookie.
    func visit(_ request: Request, _ context: WebContext) async -> Visit {
        var session: Session?
        do {
            session = try await sessions.session(id: SiteCookies.value(SiteCookies.session, in: request))
        } catch {
            // Treated as logged out; the details go to the log.
            log.error("session lookup failed", metadata: ["request": .string(context.requestID), "error": .string(Self.detail(error))])
        }
        var language = Language(rawValue: SiteCookies.value(SiteCookies.language, in: request) ?? "") ?? .nl
        var setCookies: [Cookie] = []
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) {
            language = asked
            setCookies.append(SiteCookies.languageCookie(asked, secure: context.client.secure))
        }
        // A session cookie the database no longer knows (logged out, expired, evicted) is cleared.
        if session == nil, SiteCookies.value(SiteCookies.session, in: request) != nil { setCookies.append(SiteCookies.clearSession(secure: context.client.secure)) }
        return Visit(
            session: session, language: language, cookies: setCookies, secure: context.client.secure,
            loginToken: SiteCookies.value(SiteCookies.login, in: request).flatMap(SiteCookies.validToken), requestID: context.requestID,
            route: "\(request.method) \(request.uri.path)")
    }

    /// The posted form, once the body size, the form limits and the CSRF token are checked; otherwise
    /// the response that refuses it.
    ///
    /// `limit` is the route's largest body: ``WebConfiguration/maxFormBodyBytes`` unless the route takes
    /// photos (``WebConfiguration/maxBodyBytes``, only after the route checked the session). A declared
    /// `Content-Length` over it is refused from the headers, before one byte of the body is read; a body
    /// without one is read only up to the limit.
    func form(_ request: Request, _ visit: Visit, limit: Int? = nil, allowLoginToken: Bool = false) async -> Result<FormData, Refusal> {
        let limit = limit ?? configuration.maxFormBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return .failure(Refusal(Self.tooLarge(visit, configuration, limit: limit)))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            return .failure(Refusal(Self.tooLarge(visit, configuration, limit: limit)))
        }
        let form: FormData
        do {
            form = try FormData.parse(
                body: Array(body.readableBytesView), contentType: request.headers[.contentType], maxParts: configuration.maxFormParts,
                shortField: configuration.maxFieldCharacters, longField: configuration.maxTextCharacters)
        } catch .fieldTooLong(let name) {
            return .failure(Refusal(Page.error(visit, status: .contentTooLarge, message: visit.pick(
                "Het veld ‘\(name)’ is te lang (tekst tot \(configuration.maxTextCharacters) tekens, andere velden tot \(configuration.maxFieldCharacters)).",
                "The field ‘\(name)’ is too long (text up to \(configuration.maxTextCharacters) characters, other fields up to \(configuration.maxFieldCharacters))."))))
        } catch .tooLarge {
            return .failure(Refusal(Self.tooLarge(visit, configuration, limit: limit)))
        } catch {
            return .failure(Refusal(Page.error(visit, status: .badRequest, message: visit.pick(
                "Het formulier kwam niet goed aan. Probeer het opnieuw.", "The form did not arrive intact. Please try again."))))
        }
        // The token of the session, or before a login (no session yet) the login token of the cookie.
        let expected = visit.session?.csrfToken ?? (allowLoginToken ? visit.loginToken : nil)
        guard let expected, let token = form["csrf"], RandomToken.equal(token, expected) else {
            return .failure(Refusal(Page.error(visit, status: .forbidden, message: visit.pick(
                "Dit formulier is verlopen of kwam niet van deze site. Open de pagina opnieuw en probeer het nog eens.",
                "This form has expired or did not come from this site. Open the page again and retry."))))
        }
        return .success(form)
    }

    static func tooLarge(_ visit: Visit, _ configuration: WebConfiguration, limit: Int) -> Response {
        guard limit >= configuration.maxBodyBytes else {
            return Page.error(visit, status: .contentTooLarge, message: visit.pick(
                "Dit formulier is te groot (hoogstens \(limit / 1024) kB).", "This form is too large (at most \(limit / 1024) kB)."))
        }
        let mb = configuration.maxBodyBytes / (1024 * 1024)
        let photoMB = configuration.maxPhotoBytes / (1024 * 1024)
        return Page.error(visit, status: .contentTooLarge, message: visit.pick(
            "Dat is te veel in één keer (samen hoogstens \(mb) MB, per foto \(photoMB) MB). Verklein de foto’s of stuur er minder.",
            "That is too much at once (at most \(mb) MB together, \(photoMB) MB per photo). Make the photos smaller or send fewer."))
    }

    /// A walker's group, or the response for someone who may not enter findings.
    func walkerGroup(_ visit: Visit) -> Result<String, Refusal> {
        guard let session = visit.session else { return .failure(Refusal(Page.redirect(visit, to: "/"))) }
        guard let group = session.group else {
            return .failure(Refusal(Page.error(visit, status: .forbidden, message: visit.pick(
                "Deze pagina is voor de lopers van een groep.", "This page is for the walkers of a group."))))
        }
        return .success(group)
    }

    /// The observation if this visitor may see it (the organizer: every one; a walker: the group's own).
    /// An id that is not a full id, or another group's finding, is "not found" alike.
    func visibleFinding(_ id: String, _ visit: Visit) async -> Result<ObservationDetails, Refusal> {
        guard let session = visit.session else { return .failure(Refusal(Page.redirect(visit, to: "/"))) }
        let notFound = Refusal(Page.error(visit, status: .notFound, message: visit.pick("Deze melding bestaat niet.", "This finding does not exist.")))
        guard id.count == 36, id.allSatisfy({ $0.isHexDigit || $0 == "-" }), let details = try? await store.details(id: id.lowercased()) else {
            return .failure(notFound)
        }
        if let group = session.group {
            guard let owner = details.observation.groupName, owner.caseInsensitiveCompare(group) == .orderedSame else { return .failure(notFound) }
        }
        return .success(details)
    }
}

extension SchouwWebApp {
    /// The answer to a failure of the server (not of the visitor's input): a generic message with the
    /// request's reference for the visitor; the error itself, with paths and SQLite's words, only in the log.
    /// - Parameters:
    ///   - nl: what did not happen, in Dutch (e.g. "De melding is niet opgeslagen."); `en` in English.
    func serverFailure(_ visit: Visit, _ error: any Error, _ nl: String, _ en: String) -> Response {
        log.error("\(en) \(Self.detail(error))", metadata: ["request": .string(visit.requestID), "route": .string(visit.route)])
        return Page.error(visit, status: .internalServerError, message: Self.failureMessage(visit, nl, en))
    }

    /// "… Er ging iets mis op de server. … referentie a1b2c3d4."
    static func failureMessage(_ visit: Visit, _ nl: String, _ en: String) -> String {
        visit.pick(
            "\(nl) Er ging iets mis op de server. Probeer het nog eens; lukt het dan weer niet, geef de organisator deze referentie: \(visit.requestID).",
            "\(en) Something went wrong on the server. Please try again; if it fails again, give the organizer this reference: \(visit.requestID).")
    }

    /// An error as the log says it: English, with everything the error knows.
    static func detail(_ error: any Error) -> String {
        error is any SchouwError ? ErrorReport(error, language: .en).message : "\(String(reflecting: error))"
    }
}

/// A response that ends a request early (wrapped so it can travel in a `Result`).
struct Refusal: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}
