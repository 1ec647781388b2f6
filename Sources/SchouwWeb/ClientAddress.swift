import Foundation
import HTTPTypes
import Hummingbird
#if canImport(Glibc)
import Glibc
#endif

/// Who is on the other end of a request, as far as the server can tell: the address login failures are
/// counted under, and whether the visitor reached the server over HTTPS (then cookies are `Secure`).
struct ClientInfo: Sendable, Equatable {
    /// The client's IP address in canonical text form; an IPv6 address stands for its /64 network.
    var address: String
    /// True when the request came over HTTPS (as a trusted proxy says in `X-Forwarded-Proto`/`Forwarded`).
    var secure: Bool

    /// The client of a request that arrived from `peer`.
    ///
    /// Only when `peer` is one of `trustedProxies` are `X-Forwarded-For` (its last entry, the one the proxy
    /// added) or, without it, `Forwarded` (its last `for=`) and `X-Forwarded-Proto`/`Forwarded: proto=` read;
    /// from anyone else those headers are ignored, so a visitor cannot pick the address they are counted under.
    static func resolve(peer: String, headers: HTTPFields, trustedProxies: Set<String>) -> ClientInfo {
        let peerAddress = IPAddress.canonical(peer) ?? peer
        guard !trustedProxies.isEmpty, trustedProxies.contains(peerAddress) else {
            return ClientInfo(address: IPAddress.bucket(peerAddress), secure: false)
        }
        var forwardedFor: String?
        var forwardedProto: String?
        if let xff = header(headers, "X-Forwarded-For") {
            forwardedFor = xff.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let proto = header(headers, "X-Forwarded-Proto") {
            forwardedProto = proto.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        }
        if forwardedFor == nil || forwardedProto == nil, let forwarded = header(headers, "Forwarded"),
           let last = forwarded.split(separator: ",").last {
            for pair in last.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { continue }
                let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                switch kv[0].lowercased() {
                case "for" where forwardedFor == nil: forwardedFor = value
                case "proto" where forwardedProto == nil: forwardedProto = value.lowercased()
                default: break
                }
            }
        }
        // An address the proxy sent that is not an address (garbage, "unknown") counts as the proxy's own.
        let address = forwardedFor.flatMap(IPAddress.stripPort).flatMap(IPAddress.canonical) ?? peerAddress
        return ClientInfo(address: IPAddress.bucket(address), secure: forwardedProto == "https")
    }

    /// All values of a header joined by commas (a header may be sent several times).
    private static func header(_ headers: HTTPFields, _ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        let values = headers[values: field]
        return values.isEmpty ? nil : values.joined(separator: ",")
    }
}

/// IP address text: parsing with `inet_pton`, so only real addresses are accepted.
enum IPAddress {
    /// The canonical text of an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4); nil when it is none.
    static func canonical(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return format(AF_INET, &v4, 16) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        return format(AF_INET6, &v6, 46)
    }

    /// The key failures are counted under: an IPv4 address itself, an IPv6 address's /64 network (one
    /// household or phone gets a whole /64, so single IPv6 addresses would cost an attacker nothing).
    static func bucket(_ canonical: String) -> String {
        var v6 = in6_addr()
        guard canonical.contains(":"), inet_pton(AF_INET6, canonical, &v6) == 1 else { return canonical }
        withUnsafeMutableBytes(of: &v6) { bytes in for i in 8..<16 { bytes[i] = 0 } }
        return (format(AF_INET6, &v6, 46) ?? canonical) + "/64"
    }

    /// `1.2.3.4:5678` → `1.2.3.4`, `[::1]:80` → `::1`; a bare address stays as it is.
    static func stripPort(_ text: String) -> String? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }

    private static func format<T>(_ family: Int32, _ address: inout T, _ size: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: size)
        guard inet_ntop(family, &address, &buffer, socklen_t(size)) != nil else { return nil }
        return String(cString: buffer)
    }
}

/// Works out the ``ClientInfo`` of each request before any route sees it.
struct ClientMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        context.client = ClientInfo.resolve(peer: context.peer, headers: request.headers, trustedProxies: trustedProxies)
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Request-Id")!] = context.requestID
        return response
    }
}
