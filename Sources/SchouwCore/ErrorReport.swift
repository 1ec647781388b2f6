import Foundation

/// What a failure means for the user: the exit code and the message, in one language.
///
/// This is the one mapping from errors to exit codes; every command ends through it.
public struct ErrorReport: Sendable, Hashable {
    public var exitClass: ExitClass
    public var message: String

    public var exitCode: Int32 { exitClass.exitCode }

    public init(exitClass: ExitClass, message: String) {
        self.exitClass = exitClass
        self.message = message
    }

    /// Maps any error to its exit class and message:
    /// - a ``SchouwError`` by its own class and message;
    /// - a Foundation file error (`CocoaError`: no such file, permission denied, a folder where a file was
    ///   expected, …) as bad input naming the file, except a full disk or an unknown I/O failure, which are
    ///   internal;
    /// - anything else as an internal failure ("interne fout: …").
    public init(_ error: any Error, language: Language) {
        switch error {
        case let error as any SchouwError:
            self.init(exitClass: error.exitClass, message: error.message(language))
        case let error as CocoaError where error.isFileError:
            self = Self.fileFailure(error, language)
        default:
            self.init(exitClass: .internalFailure, message: Self.internalPrefix(language) + String(describing: error))
        }
    }

    /// "interne fout: " or "internal failure: ".
    public static func internalPrefix(_ language: Language) -> String {
        language.pick("interne fout: ", "internal failure: ")
    }

    private static func fileFailure(_ error: CocoaError, _ l: Language) -> ErrorReport {
        let file = error.filePath ?? error.url?.path ?? l.pick("(onbekend bestand)", "(unknown file)")
        let reason = Phrase(describingFileError: error)
        guard error.isUsersDoing else {
            return ErrorReport(exitClass: .internalFailure, message: internalPrefix(l) + "\(file): " + reason.text(l))
        }
        return ErrorReport(exitClass: .badInput, message: "\(file): " + reason.text(l))
    }
}

extension CocoaError {
    /// The POSIX error underneath, if the system gave one.
    fileprivate var posixCode: Int32? {
        // On Linux the underlying error is a Swift `POSIXError`; bridged from Objective-C, an `NSError`.
        switch userInfo[NSUnderlyingErrorKey] {
        case let posix as POSIXError: posix.code.rawValue
        case let error as NSError where error.domain == NSPOSIXErrorDomain: Int32(truncatingIfNeeded: error.code)
        default: nil
        }
    }

    /// True for file errors that come from the path the user gave (missing, a folder, no permission, a
    /// read-only volume, not text); false for a full disk and unknown I/O failures.
    fileprivate var isUsersDoing: Bool {
        if code == .fileWriteOutOfSpace || posixCode == ENOSPC { return false }
        return Phrase.userFileProblem(code: code, posix: posixCode) != nil
    }
}

extension Phrase {
    /// What went wrong with a file, in words, from a Foundation file error ("bestaat niet", "does not exist");
    /// the system's own description for anything else.
    public init(describingFileError error: any Error) {
        guard let error = error as? CocoaError else {
            self.init(verbatim: error.localizedDescription)
            return
        }
        if error.code == .fileWriteOutOfSpace || error.posixCode == ENOSPC {
            self.init("de schijf is vol", "the disk is full")
        } else if error.posixCode == EFBIG {
            self.init(
                "het bestand wordt groter dan het bestandssysteem of een limiet toestaat", "the file grows larger than the file system or a limit allows")
        } else {
            self = Self.userFileProblem(code: error.code, posix: error.posixCode) ?? Phrase(verbatim: error.localizedDescription)
        }
    }

    fileprivate static func userFileProblem(code: CocoaError.Code, posix: Int32?) -> Phrase? {
        switch (code, posix) {
        case (_, EISDIR?): Phrase("is een map, geen bestand", "is a folder, not a file")
        case (_, ENOTDIR?): Phrase("een deel van het pad is geen map", "a part of the path is not a folder")
        case (_, EROFS?), (.fileWriteVolumeReadOnly, _):
            Phrase("staat op een schijf waarop niet geschreven kan worden", "is on a read-only volume")
        case (.fileNoSuchFile, _), (.fileReadNoSuchFile, _), (_, ENOENT?):
            Phrase("bestaat niet (of de map waarin het hoort te staan niet)", "does not exist (or its folder does not)")
        case (.fileReadNoPermission, _), (.fileWriteNoPermission, _), (_, EACCES?), (_, EPERM?):
            Phrase("geen toegang (bestandsrechten)", "permission denied")
        case (.fileReadCorruptFile, _), (.fileReadInapplicableStringEncoding, _):
            Phrase("is geen leesbare tekst (UTF-8)", "is not readable text (UTF-8)")
        case (.fileReadTooLarge, _): Phrase("is te groot om te lezen", "is too large to read")
        case (.fileReadInvalidFileName, _), (.fileWriteInvalidFileName, _):
            Phrase("is geen geldige bestandsnaam", "is not a valid file name")
        case (.fileWriteFileExists, _): Phrase("bestaat al", "already exists")
        default: nil
        }
    }
}

/// The one way to write to standard error: progress, warnings and failure messages, one line at a time.
public enum StandardError {
    /// Writes `line` and a newline to standard error, unbuffered, so it never waits behind standard output.
    public static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
