/// Unguessable tokens from the system's cryptographic generator, and comparing secrets without
/// leaking where they differ (session ids, CSRF tokens, salts and hashes of access codes).
public enum RandomToken {
    /// `bytes` random bytes as lowercase hex (two characters a byte); 32 bytes by default.
    public static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out
    }

    /// Whether two secrets are equal, in time that depends only on their length, not on where they
    /// differ. Empty strings are never equal: an empty secret is a missing one.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
