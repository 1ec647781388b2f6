import SchouwGeometry

/// How a correction is applied to a stored observation, the same in every store: fields left out keep
/// their stored value, and a new place replaces the old one only when the correction gives one.
enum ObservationEdit {
    /// The draft to validate: `changes` over `old`.
    static func draft(applying changes: ObservationDraft, to old: Observation) -> ObservationDraft {
        var draft = ObservationDraft(file: changes.file, line: changes.line)
        draft.group = changes.group ?? old.groupName
        draft.walker = changes.walker ?? old.walker
        draft.observedAt = changes.observedAt ?? old.observedAt
        draft.category = changes.category ?? old.category
        draft.subcategory = changes.subcategory ?? (changes.category == nil ? old.subcategory : nil)
        draft.level = changes.level ?? old.level
        draft.text = changes.text ?? old.text
        draft.owner = changes.owner ?? old.owner
        draft.photos = changes.photos
        if changes.hasExplicitLocation {
            (draft.lon, draft.lat, draft.rdX, draft.rdY) = (changes.lon, changes.lat, changes.rdX, changes.rdY)
            (draft.position, draft.positionSource) = (changes.position, changes.positionSource)
            draft.checkpoint = changes.checkpoint
            draft.street = changes.street
        } else {
            draft.position = Coordinate(longitude: old.lon, latitude: old.lat)
            draft.positionSource = old.locationSource
            draft.checkpoint = old.checkpoint.map(String.init)
            draft.street = changes.street ?? old.street
        }
        return draft
    }

    /// The validated observation as stored: identity, status, removal and source stay those of `old`.
    static func updated(_ validated: Observation, old: Observation, changes: ObservationDraft) -> Observation {
        var updated = validated
        updated.id = old.id
        updated.shortID = old.shortID
        updated.status = old.status
        updated.deletedAt = old.deletedAt
        updated.sourceFile = old.sourceFile
        updated.sourceLine = old.sourceLine
        if !changes.hasExplicitLocation, changes.street == nil { updated.rdX = old.rdX; updated.rdY = old.rdY }
        return updated
    }
}
