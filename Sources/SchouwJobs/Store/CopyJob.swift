import Foundation
import SchouwStore

/// One schouw `schouw copy` copied.
public struct CopiedSchouw: Sendable, Hashable {
    public var name: String
    /// Findings copied, removed ones included.
    public var findings: Int
    public var photos: Int
    /// Actions copied, with their history and links.
    public var actions: Int
    /// Where it went (a file path, or the URL and schouw name).
    public var destination: String
}

/// `schouw copy SRC DST`: moves schouwen between any two stores (SQLite file ↔ PostgreSQL), through the
/// store interface only: the schouw (name, date, area, taxonomy, scale), its plan and streets, and every
/// finding exactly as stored (ids, short ids, times, status, removed ones, status history) with its photos,
/// and every action (ids, numbers, status, history, links to the findings, "after" photo).
/// Access codes are not copied (only their hashes are stored): issue new ones with `schouw codes`.
public enum CopyJob {
    /// Copies the schouw named `schouw` (or the only one), or every schouw of a PostgreSQL source when
    /// `schouw` is nil and it holds several (then the destination must be a PostgreSQL database too).
    ///
    /// Each schouw's findings are inserted in one transaction, then its actions in a second (they link to
    /// the findings): an id already in the destination (or any other failure) stops the copy of that
    /// schouw, and the schouw it had created there is removed again, with whatever of it was written
    /// (schouwen copied before it stay).
    public static func run(from source: String, to destination: String, schouw: String? = nil) async throws -> [CopiedSchouw] {
        var names: [String?] = [schouw]
        if schouw == nil, Stores.isServerURL(source) {
            let all = try await Stores.list(source).map(\.name)
            if all.count > 1 {
                guard Stores.isServerURL(destination) else { throw StoreError.schouwNeeded(store: source, available: all) }
                names = all
            }
        }
        var copied: [CopiedSchouw] = []
        for name in names {
            let from = try await Stores.open(source, schouw: name)
            do {
                let record = try await from.schouw()
                let to = try await Stores.create(destination, schouw: try record.definition())
                do {
                    try await to.savePlan(try await from.plan(), streets: try await from.streets())
                    let copies = try await from.copies()
                    try await to.insertCopies(copies)
                    let actions = try await from.actionCopies()
                    try await to.insertActionCopies(actions)
                    copied.append(
                        CopiedSchouw(
                            name: record.name, findings: copies.count,
                            photos: copies.reduce(0) { $0 + $1.photos.count } + actions.filter { $0.afterPhoto != nil }.count,
                            actions: actions.count, destination: to.storeDescription))
                    await to.close()
                } catch {
                    // Nothing half-copied stays behind: the new schouw goes, so the copy can simply run again.
                    await Stores.discard(to)
                    await to.close()
                    throw error
                }
                await from.close()
            } catch {
                await from.close()
                throw error
            }
        }
        return copied
    }
}
