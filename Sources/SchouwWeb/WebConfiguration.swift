import Foundation
import SchouwJobs
import SchouwStore

/// How `schouw serve` listens and the limits it enforces.
public struct WebConfiguration: Sendable {
    /// The address to bind: loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests).
    public var port = 8080
    /// CBS buurten (GeoJSON or GeoPackage) for the buurt summary; nil uses the schouw's own buurt.
    public var areas: URL?
    /// The largest request body accepted where photos may come (a new finding, a correction): form plus photos.
    public var maxBodyBytes = 12 * 1024 * 1024
    /// The largest body of every other form (login, logout, status, removal): refused from its
    /// `Content-Length` before it is read.
    public var maxFormBodyBytes = 32 * 1024
    /// The largest single photo.
    public var maxPhotoBytes = 5 * 1024 * 1024
    public var maxPhotosPerFinding = 4
    /// The most photos one group's findings may have (removed findings count until they are purged).
    public var photoQuotaCount = 500
    /// The most bytes one group's photos may take on disk (1,000 MB: some 300 phone photos of 3 MB).
    public var photoQuotaBytes: Int64 = 1000 * 1024 * 1024
    /// The longest finding text, in characters.
    public var maxTextCharacters = 2000
    /// The longest value of any other field, in characters.
    public var maxFieldCharacters = 200
    /// The most fields (and files) one form may carry.
    public var maxFormParts = 40
    /// A session ends after this long without a request.
    public var sessionIdleSeconds: TimeInterval = 12 * 3600
    /// The most sessions the database keeps. Only a right code creates one; beyond the bound a login
    /// evicts expired sessions first, then idle ones, never an active walker while an idle one is left.
    public var maxSessions = 10_000
    /// A session seen within this long counts as active for eviction.
    public var sessionActiveSeconds: TimeInterval = 1800
    /// Wrong codes from one address before it has to wait.
    public var freeLoginFailures = 5
    /// The first wait; each further wrong code doubles it, up to ``maxLockoutSeconds``.
    public var lockoutSeconds: TimeInterval = 30
    public var maxLockoutSeconds: TimeInterval = 900
    /// An address's wrong codes are forgotten this long after its last one (a right code does not clear them).
    public var failureMemorySeconds: TimeInterval = 3600
    /// Wrong codes from all addresses together per minute before every login answer is slowed down.
    public var globalFailuresPerMinute = 60
    /// How much later every login answer comes under that global pressure (a right code is still accepted).
    public var globalSlowdownSeconds: TimeInterval = 1
    /// The most code checks that may wait (each is one PBKDF2, about 0.15 s) before a check from an
    /// address with wrong codes is answered "try again in a moment" (429 with `Retry-After`) without
    /// hashing. An address's first try is never refused; it waits only behind other first tries.
    public var maxWaitingCodeChecks = 32
    /// The `Retry-After` of that answer, in seconds.
    public var codeCheckRetrySeconds = 5
    /// A connection is closed when it sends nothing for this long: while waiting for a request's head,
    /// between the pieces of its body, and between requests (not while the server is answering).
    public var idleTimeoutSeconds: TimeInterval = 30
    /// A connection is closed when one request (head and body together) takes longer than this to
    /// arrive, however steadily it drips; the clock runs from the connection's start or the previous
    /// answer. 300 s lets the largest body (``maxBodyBytes``, 12 MB: four phone photos) through an uplink
    /// of 0.35 Mbit/s, a phone with one bar of 3G or a crowded 4G cell in the street, with room to spare;
    /// a client that drips bytes to hold connections is cut after 5 minutes instead of never.
    public var requestReadSeconds: TimeInterval = 300
    /// After SIGTERM or SIGINT: requests under way get this long to finish (their answers are written
    /// in full), then every connection still open is cut and the server exits.
    public var shutdownSeconds: TimeInterval = 10
    /// Reverse proxies whose `X-Forwarded-For`/`Forwarded` name the client and whose `X-Forwarded-Proto`
    /// says HTTPS; from any other peer those headers are ignored.
    public var trustedProxies: [String] = []

    /// The photo quota handed to the store, which checks it in the transaction that stores the photos.
    var photoQuota: PhotoQuota { PhotoQuota(count: photoQuotaCount, bytes: photoQuotaBytes) }

    /// The session rules handed to the store.
    var sessionPolicy: WebSessionPolicy {
        WebSessionPolicy(idleSeconds: sessionIdleSeconds, capacity: maxSessions, activeSeconds: sessionActiveSeconds)
    }

    /// True when `text` is an IPv4 or IPv6 address (what `--trusted-proxy` takes).
    public static func isIPAddress(_ text: String) -> Bool { IPAddress.canonical(text) != nil }

    public init(host: String = "127.0.0.1", port: Int = 8080, areas: URL? = nil) {
        self.host = host
        self.port = port
        self.areas = areas
    }
}
