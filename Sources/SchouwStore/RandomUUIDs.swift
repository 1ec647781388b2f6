/// Random (version 4) UUIDs as lowercase text, quickly.
///
/// `UUID()` asks the kernel for randomness on every call; for bulk imports a xoshiro256** generator
/// seeded once from the system generator gives the same 122 random bits per id much faster.
struct RandomUUIDs {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        (s0, s1, s2, s3) = (system.next(), system.next(), system.next(), system.next())
    }

    private mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(45)
        return result
    }

    /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` with y in 8…b (RFC 9562 section 5.4).
    mutating func uuidString() -> String {
        let high = (next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (word, dashes) in [(high, [8, 12]), (low, [0, 4])] {
            for nibble in 0..<16 {
                if dashes.contains(nibble) && !(word == high && nibble == 0) { out.append(45) }
                out.append(hex[Int((word >> UInt64(60 - 4 * nibble)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
