/// Tests that load the machine on purpose (50 walkers at once) and the test that measures timing under a
/// flood of its own take turns: Swift Testing runs suites in parallel, and on two shared cores a thousand
/// findings being written would measure the other test's machine rather than its code checks.
actor HeavyLoad {
    static let shared = HeavyLoad()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` when no other heavy test runs.
    func exclusive<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
