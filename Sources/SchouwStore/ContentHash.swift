import Crypto
import Foundation

/// SHA-256 from swift-crypto, used to name photo files by their content.
enum ContentHash {
    /// The SHA-256 digest of `data` as 64 lowercase hexadecimal characters.
    /// - Complexity: O(n), where n is the number of bytes.
    static func sha256Hex(of data: Data) -> String {
        Crypto.SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
