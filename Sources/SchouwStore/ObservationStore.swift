import Foundation
import SchouwCore
import SchouwFormats
import SchouwGeometry

/// Where one schouw is kept, whatever the database: the embedded SQLite file (``SchouwDatabase``, the
/// default) or a PostgreSQL + PostGIS database shared by a municipality's schouwen (``PostgresStore``).
///
/// Everything above the store (jobs, commands, web) that should work on both uses this protocol. Its
/// requirements are `async` because the server store is; ``SchouwDatabase``'s synchronous methods
/// satisfy them as they are, so the SQLite code did not change for it.
///
/// Both stores give the same guarantees: an ingest is one transaction (all or nothing, also when the
/// process is killed), writers of one schouw wait for each other so no write is lost and no short id is
/// handed out twice, and a failure of the database names the store.
///
/// To add something: add a requirement here (or to ``ActionStore`` for actions), let the SQLite one
/// satisfy it with its own method, and add a migration plus the method to ``PostgresStore``. What only
/// the web app needs (sessions, photo quota, purging) is in ``WebStore``.
public protocol ObservationStore: ActionStore, WebStore {
    /// The store for messages: a file path, or the URL without password and the schouw's name.
    var storeDescription: String { get }

    /// The schouw's record.
    func schouw() async throws -> SchouwRecord
    /// The schouw's taxonomy.
    func taxonomy() async throws -> Taxonomy

    /// Stores the walking plan, replacing any earlier one.
    func savePlan(_ groups: [PlanGroup], streets: [PlanStreet]) async throws
    /// The stored plan, group by group.
    func plan() async throws -> [PlanGroup]
    /// The street segments stored with the plan.
    func streets() async throws -> [PlanStreet]

    /// Validates and stores observations in one transaction: all or nothing (see ``SchouwDatabase/ingest(_:options:)``).
    func ingest(_ drafts: [ObservationDraft], options: IngestOptions) async throws -> IngestReport
    /// Observations matching `filter`, oldest first.
    func observations(_ filter: ObservationFilter) async throws -> [Observation]
    /// One observation with photos and history, by short id, UUID or a unique UUID prefix.
    func details(id: String) async throws -> ObservationDetails
    /// Changes an observation's fields (status changes go through ``setStatus(id:to:owner:note:)``).
    func edit(id: String, changes: ObservationDraft) async throws -> Observation
    /// Hides an observation from lists and exports.
    func remove(id: String) async throws
    /// Brings back a removed observation.
    func restore(id: String) async throws
    /// Moves an observation to a new status, recorded in its history.
    func setStatus(id: String, to status: String, owner: String?, note: String?) async throws -> StatusChange
    /// Every observation (removed ones too) with its photos and history, oldest first, read in a few
    /// queries rather than one ``details(id:)`` per finding (for `schouw copy` of a municipality's schouw).
    func allDetails() async throws -> [ObservationDetails]
    /// Photo names (`photos/SHA256.jpg`) per observation id, in their order.
    func photoNames() async throws -> [String: [String]]
    /// The bytes of a stored photo, by its name as ``photoNames()`` or an action's ``ActionRecord/afterPhoto`` gives it.
    func photoData(named name: String) async throws -> Data

    /// Issues access codes for the roles that have none (all with `reset`).
    func issueAccessCodes(reset: Bool) async throws -> [IssuedAccessCode]
    /// The roles that have a code, with when it was issued.
    func accessCodeRoles() async throws -> [(role: AccessRole, issuedAt: String)]
    /// The role a typed code lets in, or nil.
    func role(forAccessCode text: String) async throws -> AccessRole?

    /// What the schouw holds: counts per group and status, last change, migrations.
    func summary() async throws -> SchouwSummary

    /// Copies stored observations exactly (ids, short ids, times, status, photos), for `schouw copy`.
    /// - Throws: ``StoreError/invalidInput(_:)`` (id exists) with nothing stored when one is already there.
    func insertCopies(_ copies: [ObservationCopy]) async throws

    /// Ends the store's connections (nothing for SQLite).
    func close() async
}

/// One observation as stored, with its photos' bytes and its status history, for `schouw copy`.
public struct ObservationCopy: Sendable {
    public var observation: Observation
    public var photos: [(photo: ObservationPhoto, data: Data)]
    public var history: [StatusChange]

    public init(observation: Observation, photos: [(photo: ObservationPhoto, data: Data)], history: [StatusChange]) {
        self.observation = observation
        self.photos = photos
        self.history = history
    }
}

extension ObservationStore {
    /// Adds one observation, through the same validation as imports.
    /// - Throws: ``StoreError/invalidInput(_:)`` when it is invalid or a likely duplicate.
    public func addObservation(_ draft: ObservationDraft, allowDuplicates: Bool = false) async throws -> Observation {
        let report = try await ingest([draft], options: IngestOptions(allowDuplicates: allowDuplicates))
        guard let id = report.insertedIDs.first else { throw StoreError.invalidInput(report.duplicates) }
        return try await details(id: id).observation
    }


    /// Imports a CSV, GPX or GeoJSON file in one transaction; with `skipInvalid` the rejected rows go to
    /// `FILE.rejected.csv` (as ``SchouwDatabase/importFile(_:options:language:)``).
    public func importObservations(from url: URL, options: IngestOptions = IngestOptions(), language: Language = .nl) async throws -> FileImportReport {
        var fallback: ObservationFiles.FallbackCategory?
        if let category = options.defaultCategory {
            let resolver = TaxonomyResolver(try await taxonomy())
            if case .failure(let miss) = resolver.resolve(category: category, subcategory: nil) {
                let suggestion = if case .category(let suggestion) = miss { suggestion } else { nil as String? }
                throw StoreError.invalidInput([
                    InputIssue(field: "--category", value: category, reason: .unknownCategory, suggestion: suggestion)
                ])
            }
            fallback = ObservationFiles.FallbackCategory(category: category, resolver: resolver)
        }
        let file = try ObservationFiles.read(from: url, fallbackCategory: fallback)
        let report = try await ingest(file.drafts, options: options)
        let rejectedFile =
            report.rejected.isEmpty
            ? nil
            : try ObservationFiles.writeRejected(report.rejected, beside: url, dialect: file.csvDialect ?? .standard, language: language)
        return FileImportReport(report: report, rejectedFile: rejectedFile, encoding: file.csvDialect?.encoding, skippedRows: file.skippedRows)
    }

    /// Writes the observations as GeoJSON, GeoPackage or CSV to `url`, or into memory when nil: the same
    /// writer and fields as ``SchouwDatabase/export(format:to:crs:excel:filter:)``.
    /// - Returns: the number of observations and, for memory, the bytes.
    public func exportObservations(
        format: ExportFormat, to url: URL?, crs: CRS = .wgs84, excel: Bool = false, filter: ObservationFilter = ObservationFilter()
    ) async throws -> (count: Int, data: Data) {
        guard crs == .wgs84 || crs == .rdNew else {
            throw StoreError.invalidInput([InputIssue(field: "crs", value: crs.description, reason: .coordinateOutOfRange(expected: "EPSG:4326, EPSG:28992"))])
        }
        let observations = try await observations(filter)
        let schouw = try await schouw()
        let photos = try await photoNames()
        return try SchouwDatabase.writeExport(
            observations: observations, schouw: schouw, photos: photos, actions: try await exportActions(for: observations),
            format: format, file: url, crs: crs, excel: excel)
    }

    /// Every observation (removed ones too) with photos and history, in the store's order, for copying.
    public func copies() async throws -> [ObservationCopy] {
        var result: [ObservationCopy] = []
        var bytes: [String: Data] = [:]
        for details in try await allDetails() {
            var photos: [(photo: ObservationPhoto, data: Data)] = []
            for photo in details.photos {
                // One read per distinct photo, however many findings share it.
                let data: Data
                if let known = bytes[photo.fileName] {
                    data = known
                } else {
                    data = try await photoData(named: photo.fileName)
                    bytes[photo.fileName] = data
                }
                photos.append((photo, data))
            }
            result.append(ObservationCopy(observation: details.observation, photos: photos, history: details.history))
        }
        return result
    }
}
