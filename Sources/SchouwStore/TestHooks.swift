import Foundation
import GRDB
import SchouwCore
import Synchronization

/// A hook for the crash test of imports (Tests/SchouwCommandsTests/ProcessTests.swift); inert otherwise.
///
/// With `SCHOUW_TEST_HOLD_BEFORE_COMMIT=SECONDS` in the environment, ``SchouwDatabase/ingest(_:options:)``
/// runs with SQLite's default 2 MB page cache instead of the import's 64 MB, so rows spill into the
/// write-ahead log before the commit as they do in larger imports; once every row is written it writes
/// ``holdingMessage`` to standard error and waits SECONDS before committing. The test kills the process
/// when that line appears: at a known point (all rows written, uncommitted frames in the log, no commit)
/// rather than after a guessed time. Without the variable, as in every real use, this costs one
/// environment lookup per import.
enum TestHooks {
    static let holdBeforeCommitVariable = "SCHOUW_TEST_HOLD_BEFORE_COMMIT"
    static let holdingMessage = "schouw: import written, holding before commit"

    private static var holdSeconds: Double? {
        guard let value = ProcessInfo.processInfo.environment[holdBeforeCommitVariable], let seconds = Double(value),
            seconds > 0
        else { return nil }
        return seconds
    }

    /// Before the rows are written: the small cache, when holding.
    static func beforeImport(_ db: Database) throws {
        guard holdSeconds != nil else { return }
        try db.execute(sql: "PRAGMA cache_size = -2000")
    }

    /// After the rows are written, before the commit: the message and the wait, when holding (once per
    /// process, so a retried transaction runs through).
    static func holdBeforeCommit() {
        guard let seconds = holdSeconds, held.exchange(true, ordering: .sequentiallyConsistent) == false else { return }
        StandardError.write(holdingMessage)
        Thread.sleep(forTimeInterval: seconds)
    }

    private static let held = Atomic(false)
    private static let heldBeforeWrite = Atomic(false)

    /// For the lost-connection test of the PostgreSQL store (Tests/SchouwCommandsTests/StoreBackendTests.swift):
    /// with `SCHOUW_TEST_HOLD_BEFORE_WRITE=SECONDS`, an ingest inside its transaction, before it writes a
    /// row, writes ``holdingBeforeWriteMessage`` and waits (once per process), so the test can end the
    /// connection at a known point where nothing is committed.
    static let holdBeforeWriteVariable = "SCHOUW_TEST_HOLD_BEFORE_WRITE"
    static let holdingBeforeWriteMessage = "schouw: import validated, holding before writing"

    static func holdBeforeWrite() {
        guard let value = ProcessInfo.processInfo.environment[holdBeforeWriteVariable], let seconds = Double(value), seconds > 0,
            heldBeforeWrite.exchange(true, ordering: .sequentiallyConsistent) == false
        else { return }
        StandardError.write(holdingBeforeWriteMessage)
        Thread.sleep(forTimeInterval: seconds)
    }
}

extension TestHooks {
    /// Photo folders (`…/photos`) where copying fails, with how many copies still succeed first; set by
    /// tests only (through `@testable import`), to make a save fail halfway as a full disk would.
    /// Empty in every real use: one lock and one dictionary lookup per photo copied.
    static let failingPhotoFolders = Mutex<[String: Int]>([:])

    /// Before a photo is copied to `partial`: in a folder set to fail, writes half a file and throws.
    static func beforePhotoCopy(_ partial: URL) throws {
        let folder = partial.deletingLastPathComponent().standardizedFileURL.path
        let fail: Bool = failingPhotoFolders.withLock { folders in
            guard let left = folders[folder] else { return false }
            if left > 0 { folders[folder] = left - 1; return false }
            return true
        }
        guard fail else { return }
        try Data(repeating: 0xFF, count: 1000).write(to: partial)
        throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: partial.path])
    }

    /// With `SCHOUW_TEST_LOSE_COMMIT_REPLY=1`, the first transaction of the process whose COMMIT the
    /// server confirmed fails as if the confirmation had been lost on the way (a connection dropping
    /// right after the commit), so the test can check what a store does when it cannot know.
    /// Only an ingest's transaction arms it (``armCommitReplyLoss()``), not the migrations' at connect.
    static let loseCommitReplyVariable = "SCHOUW_TEST_LOSE_COMMIT_REPLY"
    private static let commitReplyLossArmed = Atomic(false)
    private static let lostCommitReply = Atomic(false)

    static func armCommitReplyLoss() {
        guard ProcessInfo.processInfo.environment[loseCommitReplyVariable] == "1" else { return }
        commitReplyLossArmed.store(true, ordering: .sequentiallyConsistent)
    }

    static func loseCommitReply() -> Bool {
        guard commitReplyLossArmed.load(ordering: .sequentiallyConsistent) else { return false }
        return lostCommitReply.exchange(true, ordering: .sequentiallyConsistent) == false
    }
}
