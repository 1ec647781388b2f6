import Foundation

/// Time-ordered (version 7) UUIDs as lowercase text, quickly, for the ids of new observations.
///
/// Version 7 (RFC 9562 section 5.7) starts with the Unix time in milliseconds, and within one
/// generator the remaining 74 bits count up by random steps (section 6.2, method 2), so the ids of
/// one import are strictly increasing. SQLite then appends them at the end of the id index and of
/// status history's index instead of at random places: in a 100,000-row import that halves
/// SQLite's share of the work. The counter starts at a random value from the system generator and
/// every step adds up to 32 random bits, so ids stay as hard to guess or collide as random ones
/// for this use (the primary key still refuses a clash, rolling the import back).
///
/// `UUID()` asks the kernel for randomness on every call; a xoshiro256** generator seeded once from
/// the system generator supplies the steps much faster.
struct TimeOrderedUUIDs {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// Unix time in milliseconds (48 bits).
    private var milliseconds: UInt64
    /// The 12 bits after the version (`rand_a`), then the 62 after the variant (`rand_b`).
    private var counterHigh: UInt64
    private var counterLow: UInt64

    init(now: Date = Date()) {
        var system = SystemRandomNumberGenerator()
        (s0, s1, s2, s3) = (system.next(), system.next(), system.next(), system.next())
        milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        // The top counter bit starts clear, leaving room for 2^73 of steps before it wraps.
        counterHigh = system.next() & 0x7FF
        counterLow = system.next() & 0x3FFF_FFFF_FFFF_FFFF
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

    private mutating func step() {
        counterLow += (next() & 0xFFFF_FFFF) + 1
        guard counterLow > 0x3FFF_FFFF_FFFF_FFFF else { return }
        counterLow &= 0x3FFF_FFFF_FFFF_FFFF
        counterHigh += 1
        if counterHigh > 0xFFF {
            // Counter exhausted: move to the next millisecond, as section 6.2 allows.
            counterHigh = 0
            milliseconds = (milliseconds + 1) & 0xFFFF_FFFF_FFFF
        }
    }

    /// `tttttttt-tttt-7xxx-yxxx-xxxxxxxxxxxx` with y in 8…b; each later than the one before.
    mutating func uuidString() -> String {
        step()
        let high = milliseconds << 16 | 0x7000 | counterHigh
        let low = 0x8000_0000_0000_0000 | counterLow
        return String(unsafeUninitializedCapacity: 36) { out in
            var position = 0
            func put(_ word: UInt64, nibbles: Range<Int>) {
                for nibble in nibbles {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        out[position] = 45  // -
                        position += 1
                    }
                    let value = UInt8((word >> UInt64(60 - 4 * nibble)) & 0xF)
                    out[position] = value < 10 ? 48 + value : 87 + value
                    position += 1
                }
            }
            put(high, nibbles: 0..<16)
            put(low, nibbles: 0..<16)
            return position
        }
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
