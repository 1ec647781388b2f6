import Foundation
import Synchronization

/// Where access codes are checked: one check at a time, its PBKDF2 on a thread of its own (off Swift's
/// cooperative threads, so a burst of logins cannot take every core from the other pages), in two tiers.
///
/// A check is `async` (a PostgreSQL store reads the codes over the network): it runs as a task that
/// prefers ``CodeCheckExecutor``, so its synchronous parts (the SQLite read and the PBKDF2 of either
/// store) run on that executor's thread, and the queue's worker waits for it before taking the next.
///
/// - **First tries** (an address with no recent wrong code and no other check waiting) go first, in the
///   order they came. They are never refused: every address gets its first check.
/// - **Retries** (an address that has wrong codes, or a second check waiting) come after every first
///   try. From an address with wrong codes they are taken only while fewer than ``limit`` checks wait
///   in all; beyond that they are answered at once (``run(address:retry:_:)`` gives nil, the caller
///   says "try again in a moment") without hashing. An address without wrong codes is never refused.
///
/// So a flood of wrong codes from addresses that already failed cannot make a walker's first code
/// wait more than one check plus the first tries ahead of it, and the queue cannot grow without bound
/// from a few addresses.
final class CodeCheckQueue: Sendable {
    private struct Job: Sendable {
        let address: String
        let work: @Sendable () async -> Void
    }

    private struct State: Sendable {
        var first: [Job] = []
        var retries: [Job] = []
        /// Checks waiting or running per address.
        var pending: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private let worker = DispatchQueue(label: "schouw.code-checks")
    private let executor = CodeCheckExecutor()
    /// The most checks that may wait before retries are refused.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// How many checks wait (not counting the one running).
    var waiting: Int { state.withLock { $0.first.count + $0.retries.count } }

    /// Runs `check` when its turn comes and returns its result; nil when the queue was full for a retry
    /// (then `check` does not run).
    /// - Parameter retry: true when `address` has recent wrong codes.
    func run<T: Sendable>(address: String, retry: Bool, _ check: @escaping @Sendable () async -> T) async -> T? {
        await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let job = Job(address: address) { continuation.resume(returning: await check()) }
            let admitted = state.withLock { state -> Bool in
                let pending = state.pending[address, default: 0]
                if retry || pending > 0 {
                    // Only an address with wrong codes is refused: walkers behind one address (a school's
                    // network, a proxy not named with --trusted-proxy) logging in at once all wait their turn.
                    guard !retry || state.first.count + state.retries.count < limit else { return false }
                    state.retries.append(job)
                } else {
                    state.first.append(job)
                }
                state.pending[address] = pending + 1
                return true
            }
            guard admitted else {
                continuation.resume(returning: nil)
                return
            }
            // One turn per job; each turn takes the best job waiting at that moment.
            worker.async { self.runNext() }
        }
    }

    private func runNext() {
        let next = state.withLock { state -> Job? in
            if !state.first.isEmpty { return state.first.removeFirst() }
            if !state.retries.isEmpty { return state.retries.removeFirst() }
            return nil
        }
        guard let next else { return }
        // The worker (not a cooperative thread) waits while the check runs on the executor's thread.
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: executor) {
            await next.work()
            done.signal()
        }
        done.wait()
        state.withLock { state in
            let left = state.pending[next.address, default: 1] - 1
            state.pending[next.address] = left > 0 ? left : nil
        }
    }
}

/// The thread code checks run on: a serial dispatch queue as a task executor, so the PBKDF2 of a
/// check (and SQLite's read) never occupies one of Swift's cooperative threads.
final class CodeCheckExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "schouw.code-check-executor")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
