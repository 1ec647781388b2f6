import Foundation
import SchouwJobs
import HTTPTypes
import Hummingbird
import SchouwGeometry
import SchouwOutputs
import SchouwCore
import SchouwFormats

/// What one request knows about its visitor: the session, the language and the cookies to set.
struct Visit: Sendable {
    var session: Session?
    var language: Language
    var cookies: [Cookie] = []
    /// The visitor came over HTTPS: cookies are sent `Secure`.
    var secure = false
    /// Before a login: the token of the login cookie, which the login form must repeat (CSRF on the
    /// login form without storing anything for visitors who are not logged in).
    var loginToken: String?
    /// The request's reference (``WebContext/requestID``) and `METHOD /path`, for the log and error pages.
    var requestID = ""
    var route = ""
    /// A fresh value per page that lets exactly the page's own inline script run (CSP).
    let nonce = RandomToken.make(bytes: 16)

    func pick(_ dutch: String, _ english: String) -> String { language.pick(dutch, english) }
}

/// Cookie names and attributes, as Hummingbird's `Cookie` values: the session and login cookies are
/// HttpOnly and SameSite=Strict; every cookie is `Secure` when the visitor came over HTTPS.
enum SiteCookies {
    static let session = "schouw_session"
    static let language = "schouw_lang"
    /// Before a login: a random token the login form repeats (double-submit CSRF); nothing is stored for it.
    static let login = "schouw_login"

    /// A token from a cookie if it has the form of ``RandomToken/make(bytes:)``'s (64 hex digits).
    static func validToken(_ text: String) -> String? {
        text.count == 64 && text.allSatisfy(\.isHexDigit) ? text : nil
    }

    static func sessionCookie(_ id: String, secure: Bool) -> Cookie {
        Cookie(name: session, value: id, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func clearSession(secure: Bool) -> Cookie {
        Cookie(name: session, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func loginCookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: login, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func clearLogin(secure: Bool) -> Cookie {
        Cookie(name: login, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func languageCookie(_ language: Language, secure: Bool) -> Cookie {
        Cookie(name: Self.language, value: language.rawValue, maxAge: 31_536_000, path: "/", secure: secure, httpOnly: false, sameSite: .strict)
    }

    /// The value of the request's first cookie called `name`.
    static func value(_ name: String, in request: Request) -> String? {
        request.cookies[name]?.value.trimmingCharacters(in: .whitespaces)
    }
}

/// Building responses: every page is one self-contained HTML document with inline CSS, and every
/// response carries headers that keep it from being framed, sniffed or cached.
enum Page {
    static func escape(_ text: String) -> String { Markup.escape(text) }

    static func headers(_ visit: Visit, contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.contentSecurityPolicy] = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
            + "script-src 'nonce-\(visit.nonce)'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        for cookie in visit.cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
        return headers
    }

    /// A full page around `body`.
    static func html(_ visit: Visit, title: String, body: String, status: HTTPResponse.Status = .ok, script: String? = nil) -> Response {
        let l = visit.language
        var top = "<header><a class=\"home\" href=\"/\">Schouw</a><nav>"
        let other: Language = l == .nl ? .en : .nl
        top += "<a href=\"?lang=\(other.rawValue)\" lang=\"\(other.rawValue)\">\(other == .en ? "English" : "Nederlands")</a>"
        if visit.session != nil {
            top += "<form method=\"post\" action=\"/uitloggen\" class=\"inline\">\(csrfField(visit))"
                + "<button class=\"link\">\(l.pick("Uitloggen", "Log out"))</button></form>"
        }
        top += "</nav></header>"
        let scriptTag = script.map { "<script nonce=\"\(visit.nonce)\">\n\($0)\n</script>\n" } ?? ""
        let document = """
            <!DOCTYPE html>
            <html lang="\(l.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Schouw</title>
            <style>
            \(css)
            \(SheetMap.css)
            </style>
            </head>
            <body>
            \(top)
            <main>
            <h1>\(escape(title))</h1>
            \(body)
            </main>
            \(scriptTag)</body>
            </html>

            """
        return Response(status: status, headers: headers(visit, contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: document)))
    }

    /// A short page for a refused or failed request.
    static func error(_ visit: Visit, status: HTTPResponse.Status, message: String) -> Response {
        let back = "<p><a href=\"/\">\(visit.pick("Naar het begin", "Back to the start"))</a></p>"
        return html(visit, title: visit.pick("Dat ging niet", "That did not work"), body: "<p class=\"error\">\(escape(message))</p>\(back)", status: status)
    }

    /// 303 See Other: after a POST the browser asks for the result page with GET.
    static func redirect(_ visit: Visit, to location: String) -> Response {
        var headers = headers(visit, contentType: "text/plain; charset=utf-8")
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func csrfField(_ visit: Visit) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(visit.session?.csrfToken ?? visit.loginToken ?? "")\">"
    }

    /// `<option>`s, the one equal to `selected` marked.
    static func options(_ items: [(value: String, label: String)], selected: String?) -> String {
        items.map { item in
            "<option value=\"\(escape(item.value))\"\(item.value == selected ? " selected" : "")>\(escape(item.label))</option>"
        }.joined()
    }

    /// Phone first: one column, large type and touch targets; wider screens get a wider column.
    static let css = """
        * { box-sizing: border-box; }
        html { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 18px; color: #111; background: #f4f4f1; }
        body { margin: 0; }
        header { display: flex; justify-content: space-between; align-items: center; padding: 0.5rem 1rem; background: #1f3d2b; }
        header a, header .link { color: #fff; }
        header nav { display: flex; gap: 1rem; align-items: center; }
        .home { font-weight: bold; text-decoration: none; font-size: 1.1rem; }
        main { max-width: 64rem; margin: 0 auto; padding: 0.75rem 1rem 3rem; }
        h1 { font-size: 1.5rem; margin: 0.5rem 0 0.75rem; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
        label { display: block; font-weight: bold; margin: 0.9rem 0 0.25rem; }
        input[type=text], input[type=password], select, textarea { width: 100%; font-size: 1rem; padding: 0.55rem; border: 1px solid #777;
          border-radius: 0.3rem; background: #fff; }
        textarea { min-height: 6rem; font-family: inherit; }
        input[type=file] { font-size: 1rem; }
        button, .button { font-size: 1rem; padding: 0.7rem 1.3rem; border: 0; border-radius: 0.3rem; background: #1f6f43; color: #fff;
          cursor: pointer; text-decoration: none; display: inline-block; margin-top: 1rem; }
        button.secondary { background: #666; }
        button.link { background: none; padding: 0; margin: 0; text-decoration: underline; font-size: 1rem; }
        form.inline { display: inline; }
        .hint { color: #444; font-size: 0.9rem; margin: 0.2rem 0; }
        .error { background: #fde8e8; border-left: 0.3rem solid #b3261e; padding: 0.6rem 0.8rem; }
        .ok { background: #e3f4e8; border-left: 0.3rem solid #1f6f43; padding: 0.6rem 0.8rem; }
        .card { background: #fff; border-radius: 0.4rem; padding: 0.8rem 1rem; margin: 0.8rem 0; box-shadow: 0 1px 2px #0002; }
        .code { font-size: 1.4rem; letter-spacing: 0.1em; text-transform: uppercase; }
        .map-wrap { background: #fff; border: 1px solid #999; border-radius: 0.3rem; overflow: hidden; }
        .map-wrap svg.map { display: block; width: 100%; height: auto; }
        .map-wrap.clickable svg.map { cursor: crosshair; }
        .pick { fill: #d62828; stroke: #fff; stroke-width: 3; }
        .finding-dot { fill: #f5b700; stroke: #000; stroke-width: 1.5; }
        .grid2 { display: grid; grid-template-columns: 1fr; gap: 0 1rem; }
        @media (min-width: 48rem) { .grid2 { grid-template-columns: 1fr 1fr; } }
        table.list { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.9rem; }
        table.list th, table.list td { border-bottom: 1px solid #ccc; padding: 0.4rem; text-align: left; vertical-align: top; }
        .scroll { overflow-x: auto; }
        .photos img { max-width: 100%; max-height: 16rem; margin: 0.3rem 0.3rem 0 0; border: 1px solid #999; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        .filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
        .filters label { margin-top: 0; }
        .filters select { width: auto; }
        .downloads a { margin-right: 1rem; line-height: 2; }
        """
}
