import Foundation
import HTTPTypes
import Testing
@testable import SchouwWeb

/// The login throttle cannot be used to lock others out, and cannot be reset by the guesser.
@Suite struct WebLoginThrottleTests {
    /// 60 wrong codes from 8 forwarded addresses (the original lockout); then the right codes from fresh
    /// addresses still get in, only later (global pressure slows down, never refuses).
    @Test func sixtyWrongCodesFromEightAddressesDoNotLockOutTheRightCode() async throws {
        try await WebFixture.run(configure: {
            $0.trustedProxies = ["127.0.0.1"]
            $0.globalFailuresPerMinute = 20
            $0.globalSlowdownSeconds = 0.2
        }) { fixture in
            let attackers = (1...8).map { fixture.browser(headers: [("X-Forwarded-For", "203.0.113.\($0)")]) }
            var statuses: [Int: Int] = [:]
            for attempt in 0..<60 {
                let response = try await attackers[attempt % 8].login("ABCDE-FGHJK")
                statuses[response.status, default: 0] += 1
            }
            // 5 free wrong codes per address are checked (401), the rest are refused for that address only (429).
            #expect(statuses == [401: 40, 429: 20], "\(statuses)")

            let organizer = fixture.browser(headers: [("X-Forwarded-For", "198.51.100.7")])
            try await organizer.get("/")
            let started = Date()
            let accepted = try await organizer.post("/inloggen", [("code", fixture.organizerCode)])
            let took = Date().timeIntervalSince(started)
            #expect(accepted.status == 303 && accepted.header("Location") == "/beheer", "\(accepted.status) \(accepted.text.prefix(300))")
            #expect(took >= 0.2, "global pressure slows the answer down (\(took) s)")
            #expect(try await organizer.get("/beheer").status == 200)

            let walker = fixture.browser(headers: [("X-Forwarded-For", "198.51.100.8")])
            let walkerLogin = try await walker.login(fixture.code("Groep B"))
            #expect(walkerLogin.status == 303 && walkerLogin.header("Location") == "/kaart")
            // A blocked attacker address stays blocked, even with a right code.
            #expect(try await attackers[0].login(fixture.code("Groep A")).status == 429)
        }
    }

    @Test func twoForwardedClientsAreThrottledSeparately() async throws {
        try await WebFixture.run(configure: { $0.trustedProxies = ["127.0.0.1"]; $0.freeLoginFailures = 3 }) { fixture in
            let guesser = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.10")])
            for _ in 1...3 { let wrong = try await guesser.login("ABCDE-FGHJK"); #expect(wrong.status == 401) }
            #expect(try await guesser.login(fixture.code("Groep A")).status == 429)
            // Same proxy, another forwarded client: not affected.
            let walker = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.11")])
            #expect(try await walker.login(fixture.code("Groep A")).status == 303)
            // A client cannot escape by prepending its own X-Forwarded-For: the proxy's (last) entry counts.
            let spoofing = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.99, 192.0.2.10")])
            #expect(try await spoofing.login(fixture.code("Groep A")).status == 429)
            // `Forwarded` (RFC 7239) when there is no X-Forwarded-For; an IPv6 /64 counts as one client.
            let v6a = fixture.browser(headers: [("Forwarded", "for=\"[2001:db8:1:2::a]:4711\";proto=https")])
            for _ in 1...3 { let wrong = try await v6a.login("ABCDE-FGHJK"); #expect(wrong.status == 401) }
            let v6b = fixture.browser(headers: [("Forwarded", "for=\"[2001:db8:1:2::b]\"")])
            #expect(try await v6b.login(fixture.code("Groep B")).status == 429)
            let v6other = fixture.browser(headers: [("Forwarded", "for=\"[2001:db8:1:3::a]\"")])
            #expect(try await v6other.login(fixture.code("Groep B")).status == 303)
        }
    }

    @Test func forwardingHeadersFromAnUntrustedPeerAreIgnored() async throws {
        try await WebFixture.run(configure: { $0.freeLoginFailures = 3 }) { fixture in
            for n in 1...3 {
                let response = try await fixture.browser(headers: [("X-Forwarded-For", "192.0.2.\(n)")]).login("ABCDE-FGHJK")
                #expect(response.status == 401)
            }
            // All three came from 127.0.0.1, whatever they claimed: the fourth claimed address is blocked too.
            let fresh = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.200"), ("X-Forwarded-Proto", "https")])
            let refused = try await fresh.login(fixture.code("Groep A"))
            #expect(refused.status == 429)
            #expect(!refused.headers("Set-Cookie").contains { $0.contains("Secure") }, "X-Forwarded-Proto from an untrusted peer")
        }
    }

    /// Logging in with one's own code between guesses does not reset the count (it used to: 20 guesses, no 429).
    @Test func aWalkerCannotResetTheirCountByLoggingIn() async throws {
        try await WebFixture.run(configure: { $0.freeLoginFailures = 3 }) { fixture in
            let walker = fixture.browser()
            #expect(try await walker.login("ABCDE-FGHJK").status == 401)
            #expect(try await walker.login("ABCDE-FGHJM").status == 401)
            #expect(try await walker.login(fixture.code("Groep A")).status == 303)
            try await walker.post("/uitloggen", [])
            let third = fixture.browser()
            #expect(try await third.login("ABCDE-FGHJN").status == 401)
            #expect(try await fixture.browser().login(fixture.code("Groep A")).status == 429)
        }
    }

    /// Whether a `Set-Cookie` value has the `Secure` attribute (in any place among its attributes).
    static func isSecure(_ setCookie: String) -> Bool {
        setCookie.split(separator: ";").dropFirst().contains { $0.trimmingCharacters(in: .whitespaces) == "Secure" }
    }

    @Test func cookiesAreSecureOverHTTPSThroughATrustedProxy() async throws {
        try await WebFixture.run(configure: { $0.trustedProxies = ["127.0.0.1"] }) { fixture in
            let https = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.1"), ("X-Forwarded-Proto", "https")])
            let page = try await https.get("/?lang=en")
            let cookies = page.headers("Set-Cookie")
            #expect(cookies.count == 2 && cookies.allSatisfy { Self.isSecure($0) }, "\(cookies)")
            let login = try await https.post("/inloggen", [("code", fixture.code("Groep A"))])
            #expect(login.status == 303 && login.headers("Set-Cookie").allSatisfy { $0.contains("HttpOnly") && Self.isSecure($0) })
            let forwarded = fixture.browser(headers: [("Forwarded", "for=192.0.2.2;proto=https")])
            #expect(try await forwarded.get("/").headers("Set-Cookie").allSatisfy { Self.isSecure($0) })
            let plain = fixture.browser(headers: [("X-Forwarded-For", "192.0.2.3"), ("X-Forwarded-Proto", "http")])
            let plainCookies = try await plain.get("/").headers("Set-Cookie")
            #expect(plainCookies.count == 1 && !plainCookies[0].contains("Secure"))
        }
    }

    @Test func clientAddressResolution() {
        func resolve(_ peer: String, _ fields: [(String, String)], trusted: Set<String> = ["10.0.0.1"]) -> ClientInfo {
            var headers = HTTPFields()
            for (name, value) in fields { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
            return ClientInfo.resolve(peer: peer, headers: headers, trustedProxies: trusted)
        }
        #expect(resolve("10.0.0.1", [("X-Forwarded-For", "1.2.3.4, 5.6.7.8")]) == ClientInfo(address: "5.6.7.8", secure: false))
        #expect(resolve("10.0.0.1", [("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-For", "5.6.7.8")]).address == "5.6.7.8")
        #expect(resolve("10.0.0.2", [("X-Forwarded-For", "5.6.7.8"), ("X-Forwarded-Proto", "https")]) == ClientInfo(address: "10.0.0.2", secure: false))
        #expect(resolve("::ffff:10.0.0.1", [("X-Forwarded-For", "5.6.7.8:1234")]).address == "5.6.7.8")
        #expect(resolve("10.0.0.1", [("X-Forwarded-For", "unknown")]).address == "10.0.0.1")
        #expect(resolve("10.0.0.1", [("X-Forwarded-For", "<script>")]).address == "10.0.0.1")
        #expect(resolve("10.0.0.1", [("Forwarded", "for=1.1.1.1, for=\"[2001:DB8::1]:80\";proto=HTTPS")]) == ClientInfo(address: "2001:db8::/64", secure: true))
        #expect(resolve("10.0.0.1", [("X-Forwarded-For", "9.9.9.9"), ("Forwarded", "for=8.8.8.8")]).address == "9.9.9.9")
        #expect(resolve("2001:db8:aa:bb:1:2:3:4", [], trusted: []).address == "2001:db8:aa:bb::/64")
    }
}
