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

    /// After the rows are written, before the commit: the message and the wait, when holding.
    static func holdBeforeCommit() {
        guard let seconds = holdSeconds else { return }
        StandardError.write(holdingMessage)
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
}
