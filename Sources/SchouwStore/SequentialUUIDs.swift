/// UUIDs for new observations, as lowercase text: increasing within one import, quickly.
///
/// The first 32 bits count up from a random start, one step per id; the other 90 free bits are
/// random (version 8, RFC 9562 section 5.8: a custom layout). Within an import the ids are then
/// strictly increasing, so SQLite adds them next to each other in the id index and in status
/// history's index instead of at random places: in a 100,000-row import that halves SQLite's
/// share of the work. The count sits in front, not a timestamp as in version 7, so ids of one import
/// differ in their first 8 characters; people type the short id (`A-12`, ``ShortID``), not these.
/// Uniqueness rests on the 90 random
/// bits (and the primary key still refuses a clash, rolling the import back).
///
/// `UUID()` asks the kernel for randomness on every call; a xoshiro256** generator seeded once from
/// the system generator gives the random bits much faster.
struct SequentialUUIDs {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    private var sequence: UInt32

    init() {
        var system = SystemRandomNumberGenerator()
        (s0, s1, s2, s3) = (system.next(), system.next(), system.next(), system.next())
        sequence = system.next()
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

    /// `ssssssss-xxxx-8xxx-yxxx-xxxxxxxxxxxx` with y in 8…b.
    mutating func uuidString() -> String {
        // Wrapping after 2^32 ids only ends the ordering (a speed matter), not uniqueness.
        sequence &+= 1
        let high = UInt64(sequence) << 32 | (next() & 0xFFFF_0FFF) | 0x8000
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { out in
            var position = 0
            for word in [high, low] {
                for nibble in 0..<16 {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        out[position] = 45  // -
                        position += 1
                    }
                    let value = UInt8((word >> UInt64(60 - 4 * nibble)) & 0xF)
                    out[position] = value < 10 ? 48 + value : 87 + value
                    position += 1
                }
            }
            return position
        }
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
