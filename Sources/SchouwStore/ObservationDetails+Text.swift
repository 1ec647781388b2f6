import Foundation
import SchouwCore

extension ObservationDetails {
    /// The finding as label–value pairs for `observe show`, in `language`: Dutch field names by default,
    /// times in Dutch local time (Europe/Amsterdam), WGS84 at 7 decimals (about 1 cm), RD New at
    /// 2 decimals, category and level with their label from `taxonomy`. Empty fields are left out;
    /// then the photos, then the status history.
    public func fields(_ language: Language, taxonomy: Taxonomy) -> [(label: String, value: String)] {
        let o = observation
        let l = language
        func time(_ iso: String?) -> String? { iso.map { Timestamps.localText($0, language: l) ?? $0 } }
        let category = taxonomy.categories.first { $0.code == o.category }
        func named(_ code: String, _ label: Taxonomy.Label?) -> String {
            guard let label else { return code }
            let text = l == .nl ? label.nl : label.en
            return text == code ? code : "\(code) (\(text))"
        }
        let categoryLabel = category.map { Taxonomy.Label(code: $0.code, nl: $0.nl, en: $0.en) }
        let subcategory = o.subcategory.map { code in named(code, category?.subcategories.first { $0.code == code }) }
        let level = o.level.map { code in named(code, taxonomy.allLevels.first { $0.code == code }) }
        let source: [LocationSource: Phrase] = [
            .coordinates: Phrase("coördinaten", "coordinates"), .rd: Phrase("RD-coördinaten", "RD coordinates"),
            .checkpoint: Phrase("controlepunt", "checkpoint"), .street: Phrase("straat", "street"), .photo: Phrase("GPS van de foto", "photo GPS"),
            .gpx: Phrase("GPX-waypoint", "GPX waypoint"), .geojson: Phrase("GeoJSON-punt", "GeoJSON point"),
        ]
        let rows: [(Phrase, String?)] = [
            (Phrase("nummer", "short id"), o.shortID),
            (Phrase("id", "id"), o.id),
            (Phrase("groep", "group"), o.groupName),
            (Phrase("loper", "walker"), o.walker),
            (Phrase("waargenomen", "observed"), time(o.observedAt)),
            (Phrase("ingevoerd", "entered"), time(o.enteredAt)),
            (Phrase("categorie", "category"), named(o.category, categoryLabel)),
            (Phrase("subcategorie", "subcategory"), subcategory),
            (Phrase("niveau", "level"), level),
            (Phrase("omschrijving", "text"), o.text.isEmpty ? nil : o.text),
            (Phrase("lengtegraad, breedtegraad", "longitude, latitude"), String(format: "%.7f, %.7f", o.lon, o.lat)),
            (Phrase("RD x, y", "RD x, y"), String(format: "%.2f, %.2f", o.rdX, o.rdY)),
            (Phrase("plaats gegeven als", "location given as"), source[o.locationSource]?.text(l) ?? o.locationSource.rawValue),
            (Phrase("straat", "street"), o.street),
            (Phrase("controlepunt", "checkpoint"), o.checkpoint.map(String.init)),
            (Phrase("buurtcode", "buurt code"), o.buurtCode),
            (Phrase("status", "status"), o.status),
            (Phrase("eigenaar", "owner"), o.owner),
            (Phrase("verwijderd", "removed"), time(o.deletedAt)),
        ]
        var result = rows.compactMap { label, value in value.map { (label.text(l), $0) } }
        for photo in photos { result.append((l.pick("foto", "photo"), "\(photo.fileName) (\(photo.originalName))")) }
        for change in history {
            let owner = change.owner.map { " (\($0))" } ?? ""
            let note = change.note.map { ": \($0)" } ?? ""
            result.append((
                "status", "\(time(change.changedAt) ?? change.changedAt) \(change.fromStatus ?? "-") → \(change.toStatus)\(owner)\(note)"
            ))
        }
        return result
    }
}
