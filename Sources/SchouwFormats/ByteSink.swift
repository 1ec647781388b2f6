import Foundation

/// Where a writer's bytes go: kept in memory (for the web app to send), or a file written through a
/// small buffer and moved into place when finished.
///
/// Writers append record by record and call ``flushIfFull()`` between records, so a large file is never
/// held whole in memory and no document is built up as one `String`. A file appears under its own name
/// only after ``finish()`` (written beside it under a hidden name, then renamed), so a failed write never
/// leaves half a file; a sink dropped without `finish()` removes its partial file.
///
/// Owned by one writer at a time; not `Sendable`.
public final class ByteSink {
    private enum Target {
        case memory
        case file(handle: FileHandle, partial: URL, final: URL)
    }

    private var target: Target
    private var buffer: [UInt8] = []
    private var finished = false
    /// Bytes handed to the file so far; a file sink's buffer is flushed at this size.
    private static let flushSize = 1 << 16

    private init(target: Target) {
        self.target = target
        buffer.reserveCapacity(Self.flushSize)
    }

    /// A sink that keeps every byte; ``finish()`` returns them.
    public static func memory() -> ByteSink { ByteSink(target: .memory) }

    /// A sink that writes `url` (replacing it) when finished.
    /// - Throws: `CocoaError` when the folder cannot be written.
    public static func file(_ url: URL) throws -> ByteSink {
        let partial = partialURL(for: url)
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            // createFile gives no reason: a missing folder is told apart from one we may not write in.
            var isFolder: ObjCBool = false
            let folderExists = FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isFolder)
            throw CocoaError(folderExists && isFolder.boolValue ? .fileWriteNoPermission : .fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return ByteSink(target: .file(handle: try FileHandle(forWritingTo: partial), partial: partial, final: url))
    }

    /// A hidden name beside `url` for the file being written, unique to this writer: the output is made
    /// there and renamed to `url` when whole (a rename within one folder is atomic), so no reader ever
    /// sees half a file and a failed write leaves nothing under `url`.
    public static func partialURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
    }

    /// Renames a finished partial file to `url`, replacing what was there in one step (rename(2), as
    /// `Data.write(options: .atomic)` does).
    /// - Throws: `CocoaError` when the rename fails; the partial file is then still there.
    static func moveIntoPlace(_ partial: URL, _ url: URL) throws {
        guard rename(partial.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Writes a file through a sink: `url` appears (or is replaced) whole when `body` returns, and is left
    /// as it was when `body` or the file system throws.
    /// - Throws: what `body` throws, or the file system's error.
    public static func writeFile(_ url: URL, _ body: (ByteSink) throws -> Void) throws {
        let sink = try file(url)
        do {
            try body(sink)
        } catch {
            sink.discard()
            throw error
        }
        try sink.finish()
    }

    /// Writes `bytes` to `url` the same way: whole or not at all.
    /// - Throws: the file system's error.
    public static func write(_ bytes: Data, to url: URL) throws {
        try writeFile(url) { $0.write(bytes: bytes) }
    }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: Substring) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Appends the UTF-8 bytes of a run of scalars.
    public func write(_ scalars: Substring.UnicodeScalarView) {
        buffer.append(contentsOf: Substring(scalars).utf8)
    }

    /// Appends bytes.
    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes.
    public func write(bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Hands the buffered bytes to the file when the buffer is full; writers call it between records.
    /// - Throws: the file system's error.
    public func flushIfFull() throws {
        guard buffer.count >= Self.flushSize, case .file(let handle, _, let final) = target else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw Self.naming(final, error)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Ends the output: a memory sink returns its bytes; a file sink writes the rest, closes the file,
    /// moves it into place and returns no bytes.
    /// - Throws: the file system's error.
    @discardableResult
    public func finish() throws -> Data {
        precondition(!finished, "ByteSink.finish() called twice")
        finished = true
        switch target {
        case .memory:
            defer { buffer = [] }
            return Data(buffer)
        case .file(let handle, let partial, let final):
            do {
                try handle.write(contentsOf: buffer)
                try handle.close()
                buffer = []
                try Self.moveIntoPlace(partial, final)
            } catch {
                try? FileManager.default.removeItem(at: partial)
                throw Self.naming(final, error)
            }
            return Data()
        }
    }

    /// A file system error that names `url`, the file the user asked for: FileHandle's write errors name no
    /// file, and the message must (the partial file's hidden name would only confuse).
    static func naming(_ url: URL, _ error: any Error) -> any Error {
        guard let cocoa = error as? CocoaError, cocoa.userInfo[NSFilePathErrorKey] == nil else { return error }
        var userInfo = cocoa.userInfo
        userInfo[NSFilePathErrorKey] = url.path
        return CocoaError(cocoa.code, userInfo: userInfo)
    }

    /// Abandons the output: a file sink closes and removes its partial file; `url` is left as it was.
    public func discard() {
        guard !finished else { return }
        finished = true
        buffer = []
        if case .file(let handle, let partial, _) = target {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
        }
    }

    deinit {
        discard()
    }
}
