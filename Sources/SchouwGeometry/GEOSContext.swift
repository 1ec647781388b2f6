import CGEOS
import SchouwCore

/// One GEOS context (`GEOS_init_r` … `GEOS_finish_r`) with its error text collected for thrown errors.
///
/// Not `Sendable`: GEOS handles belong to the context that made them, and a context to one thread at a
/// time. Create one per task; they are cheap.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let messages: MessageBox

    /// Receives GEOS's error text; holds only the latest message, so it never grows.
    final class MessageBox {
        var lastError: String?
    }

    public init() throws {
        // GEOS_init_r returns nil only when out of memory.
        guard let handle = GEOS_init_r() else { throw GeometryError.geos("cannot create a GEOS context") }
        self.handle = handle
        self.messages = MessageBox()
        // The handler is a non-capturing closure; the box travels as userdata and outlives the context.
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, Unmanaged.passUnretained(messages).toOpaque())
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The error for a failed GEOS call, with GEOS's own text when it gave one.
    func failure(_ what: String) -> GeometryError {
        defer { messages.lastError = nil }
        return .geos("\(what) failed" + (messages.lastError.map { ": \($0)" } ?? ""))
    }

    /// Wraps a pointer returned by a GEOS constructor; nil means GEOS failed.
    func own(_ pointer: OpaquePointer?, _ what: String) throws -> GEOSGeometryHandle {
        guard let pointer else { throw failure(what) }
        return GEOSGeometryHandle(context: self, pointer: pointer)
    }
}

/// A GEOS geometry owned by Swift and destroyed with it. Keeps its context alive.
public final class GEOSGeometryHandle {
    let context: GEOSContext
    let pointer: OpaquePointer

    init(context: GEOSContext, pointer: OpaquePointer) {
        self.context = context
        self.pointer = pointer
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }
}
