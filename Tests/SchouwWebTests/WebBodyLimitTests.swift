import Foundation
import Testing
@testable import SchouwWeb

/// Bodies are bounded per route and judged from the headers before they are read.
@Suite struct WebBodyLimitTests {
    /// The original problem: a cookieless `POST /inloggen` with 12 MB was read and parsed (1.8 s CPU each).
    @Test func aTwelveMegabyteCookielessLoginIsRefusedFromTheHeaders() async throws {
        try await WebFixture.run { fixture in
            var times: [Double] = []
            for path in ["/inloggen", "/uitloggen", "/meldingen/00000000-0000-0000-0000-000000000000/status",
                         "/meldingen/00000000-0000-0000-0000-000000000000/verwijderen"] {
                let answer = try await HTTPClient.sendHeadOnly(
                    port: fixture.port, method: "POST", path: path,
                    headers: [("Content-Type", "application/x-www-form-urlencoded")], declaredLength: 12 * 1024 * 1024)
                // Answered without one byte of the body sent: decided from the headers (413 for the size;
                // the organizer's routes send a visitor without a session to the code page first).
                #expect(answer.status == (path.hasSuffix("loggen") ? 413 : 303), "\(path): \(answer.status)")
                times.append(answer.seconds)
            }
            print("12 MB declared, refused from the headers in \(times.map { String(format: "%.1f ms", $0 * 1000) })")
            // Just over the form limit is refused too; the limit itself reads the body as usual.
            let over = try await HTTPClient.sendHeadOnly(port: fixture.port, method: "POST", path: "/inloggen", declaredLength: 32 * 1024 + 1)
            #expect(over.status == 413)
            #expect(over.text.contains("Dit formulier is te groot (hoogstens 32 kB)."), "\(over.text.prefix(300))")
            // A normal login still works.
            let walker = fixture.browser()
            #expect(try await walker.login(fixture.code("Groep A")).status == 303)
        }
    }

    /// Photos are only taken on the finding routes, and only from a visitor whose session may enter findings.
    @Test func aLargeBodyIsReadOnlyOnFindingRoutesAfterTheSessionCheck() async throws {
        try await WebFixture.run { fixture in
            // No session: answered (redirect to the code page) without reading the 10 MB.
            let cookieless = try await HTTPClient.sendHeadOnly(
                port: fixture.port, method: "POST", path: "/meldingen",
                headers: [("Content-Type", "multipart/form-data; boundary=x")], declaredLength: 10 * 1024 * 1024)
            #expect(cookieless.status == 303)
            // A visitor with a session but no code yet: the same.
            let visitor = fixture.browser()
            try await visitor.get("/")
            let cookie = "schouw_session=\(await visitor.cookies["schouw_session"] ?? "")"
            let unlogged = try await HTTPClient.sendHeadOnly(
                port: fixture.port, method: "POST", path: "/meldingen",
                headers: [("Cookie", cookie), ("Content-Type", "multipart/form-data; boundary=x")], declaredLength: 10 * 1024 * 1024)
            #expect(unlogged.status == 303)
            // A logged-in walker's photo post over 12 MB is refused from the headers; under it, it is read.
            let walker = fixture.browser()
            try await walker.login(fixture.code("Groep A"))
            try await walker.get("/kaart")
            let walkerCookie = "schouw_session=\(await walker.cookies["schouw_session"] ?? "")"
            let tooBig = try await HTTPClient.sendHeadOnly(
                port: fixture.port, method: "POST", path: "/meldingen",
                headers: [("Cookie", walkerCookie), ("Content-Type", "multipart/form-data; boundary=x")], declaredLength: 12 * 1024 * 1024 + 1)
            #expect(tooBig.status == 413)
            let photo = WebFixture.png + [UInt8](repeating: 0, count: 100_000)
            let saved = try await walker.postMultipart(
                "/meldingen", [("checkpoint", "2"), ("category", "afval"), ("text", "Met een foto van 100 kB")], files: [("photo", "a.png", photo)])
            #expect(saved.status == 303, "\(saved.status) \(saved.text.prefix(200))")
            #expect(try fixture.count() == 1)
        }
    }
}
