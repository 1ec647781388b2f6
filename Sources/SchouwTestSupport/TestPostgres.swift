import Foundation
import Testing

/// The PostgreSQL server of the store tests: `SCHOUW_TEST_POSTGRES_URL`, which `scripts/test.sh` (through
/// `scripts/postgres_cluster.sh`) always sets to a throw-away cluster on a Unix socket.
public enum TestPostgres {
    public static let variable = "SCHOUW_TEST_POSTGRES_URL"

    /// The URL, or nil when the tests run without a server.
    public static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Why the PostgreSQL half of a suite is skipped.
    public static let absentMessage: Comment = Comment(
        rawValue: "\(variable) is not set, so the PostgreSQL half of the store suite is skipped; "
            + "scripts/test.sh starts a throw-away server (scripts/postgres_cluster.sh swift test)")

    /// A schouw name no other test uses: each test makes its own schouw in the one test database.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix) \(UUID().uuidString.prefix(8))"
    }
}
