import Foundation
import SchouwCore
import SchouwJobs
import SchouwStore
import SchouwTestSupport
import Testing

/// A JSON Schema (draft 2020-12 keywords, the subset below) for the body of
/// `POST /signals/v1/private/signals/`, written from Signalen's published description of creating a
/// signal: Amsterdam/signals, `docs/topics/api/v1/private/signals/01.creating_a_signal.md` (commit
/// 5360faa116a231c1b11f7a8d99bcc5208674e531). That page names text, location (coordinates the bare
/// minimum, an optional address), category (the sub-category's URL path), reporter (required; email and
/// phone may be left out), incident_date_start and source as what a signal always contains, and the
/// optional priority (low, normal, high) and type (SIG, REQ, QUE, COM, MAI).
let signalenCreateSchema = """
    {
      "type": "object",
      "required": ["text", "location", "category", "reporter", "incident_date_start", "source"],
      "additionalProperties": false,
      "properties": {
        "text": {"type": "string", "minLength": 1},
        "location": {
          "type": "object", "required": ["geometrie"],
          "properties": {
            "geometrie": {
              "type": "object", "required": ["type", "coordinates"], "additionalProperties": false,
              "properties": {
                "type": {"const": "Point"},
                "coordinates": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}}
              }
            },
            "address": {"type": "object"}
          }
        },
        "category": {
          "type": "object", "required": ["sub_category"], "additionalProperties": false,
          "properties": {
            "sub_category": {
              "type": "string",
              "pattern": "^(https?://[^/]+)?/signals/v1/public/terms/categories/[^/]+/sub_categories/[^/]+/?$"
            }
          }
        },
        "reporter": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "email": {"type": "string"}, "phone": {"type": "string"}, "sharing_allowed": {"type": "boolean"}
          }
        },
        "incident_date_start": {
          "type": "string",
          "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
        },
        "source": {"type": "string", "minLength": 1},
        "priority": {
          "type": "object", "required": ["priority"], "additionalProperties": false,
          "properties": {"priority": {"enum": ["low", "normal", "high"]}}
        },
        "type": {
          "type": "object", "required": ["code"],
          "properties": {"code": {"enum": ["SIG", "REQ", "QUE", "COM", "MAI"]}}
        }
      }
    }
    """

/// A small JSON Schema checker for the keywords the schema above uses: type, required, properties,
/// additionalProperties (false), const, enum, pattern, minLength, minItems, maxItems, items. Values are
/// what JSONSerialization returns; problems come back as JSON paths.
enum SchemaCheck {
    static func problems(_ value: Any, _ schema: [String: Any], path: String = "$") -> [String] {
        var found: [String] = []
        if let type = schema["type"] as? String, !matches(value, type) { return ["\(path): not \(type)"] }
        if let constant = schema["const"], !same(value, constant) { found.append("\(path): not \(constant)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { same(value, $0) }) {
            found.append("\(path): not one of \(options)")
        }
        if let text = value as? String {
            if let min = schema["minLength"] as? Int, text.count < min { found.append("\(path): shorter than \(min)") }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): does not match \(pattern)")
            }
        }
        if let array = value as? [Any] {
            if let min = schema["minItems"] as? Int, array.count < min { found.append("\(path): fewer than \(min) items") }
            if let max = schema["maxItems"] as? Int, array.count > max { found.append("\(path): more than \(max) items") }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { found += problems(item, items, path: "\(path)[\(index)]") }
            }
        }
        if let object = value as? [String: Any] {
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { found.append("\(path).\(name): missing") }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for (name, member) in object {
                if let sub = properties[name] {
                    found += problems(member, sub, path: "\(path).\(name)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path).\(name): not allowed")
                }
            }
        }
        return found
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        // JSONSerialization gives NSNumber for numbers and booleans; a boolean's type code is "c" (char),
        // a number's "i", "q" or "d".
        let number = value as? NSNumber
        let isBool = number.map { String(cString: $0.objCType) == "c" } ?? false
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBool
        case "number": return number != nil && !isBool
        default: return false
        }
    }

    static func same(_ a: Any, _ b: Any) -> Bool {
        if let a = a as? String, let b = b as? String { return a == b }
        if let a = a as? NSNumber, let b = b as? NSNumber { return a == b }
        return false
    }
}

/// `schouw export --format signalen` as a job: every payload valid against the schema above, the
/// mapping used exactly, the unmapped findings listed and not guessed, and bad mapping files refused.
@Suite(.serialized) struct SignalenJobTests {
    static var schema: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(signalenCreateSchema.utf8))) as? [String: Any] ?? [:]
    }

    static let map = """
        {
          "afval": "/signals/v1/public/terms/categories/afval/sub_categories/overig-afval",
          "bestrating/losse_tegel": "https://meldingen.example.nl/signals/v1/public/terms/categories/wegen-verkeer-straatmeubilair/sub_categories/bestrating/",
          "verlichting": "/signals/v1/public/terms/categories/wegen-verkeer-straatmeubilair/sub_categories/straatverlichting-openbare-klok"
        }
        """

    static func document(_ result: SignalenResult) throws -> [String: Any] {
        let data = try #require(result.file.data)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theSchemaCheckerRejectsBrokenPayloads() throws {
        #expect(Self.schema.count == 4)
        let good: [String: Any] = [
            "text": "Lamp kapot", "location": ["geometrie": ["type": "Point", "coordinates": [5.72, 52.51]]],
            "category": ["sub_category": "/signals/v1/public/terms/categories/afval/sub_categories/overig-afval"],
            "reporter": ["sharing_allowed": false], "incident_date_start": "2025-09-20T10:00:00Z", "source": "buurtschouw",
        ]
        #expect(SchemaCheck.problems(good, Self.schema).isEmpty)
        var broken = good
        broken["source"] = nil
        broken["reporter"] = ["sharing_allowed": "nee"]
        broken["location"] = ["geometrie": ["type": "Point", "coordinates": [5.72]]]
        broken["category"] = ["sub_category": "afval"]
        broken["priority"] = ["priority": "urgent"]
        broken["incident_date_start"] = "20-09-2025"
        broken["extra"] = 1
        #expect(
            SchemaCheck.problems(broken, Self.schema).sorted() == [
                "$.category.sub_category: does not match ^(https?://[^/]+)?/signals/v1/public/terms/categories/[^/]+/sub_categories/[^/]+/?$",
                "$.extra: not allowed",
                "$.incident_date_start: does not match ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
                "$.location.geometrie.coordinates: fewer than 2 items",
                "$.priority.priority: not one of [\"low\", \"normal\", \"high\"]",
                "$.reporter.sharing_allowed: not boolean",
                "$.source: missing",
            ])
    }

    @Test func everyPayloadIsValidAndMapsExactlyTheMappedFindings() async throws {
        let store = try DemoStore()
        defer { store.remove() }
        try store.importDemo()
        let map = try TestPaths.temporaryFile("map.json", contents: Self.map)
        let result = try await SignalenJob.run(SignalenRequest(database: store.database, categoryMap: map, destination: .memory))
        let document = try Self.document(result)
        let signals = try #require(document["signals"] as? [[String: Any]])
        let observations = Dictionary(uniqueKeysWithValues: try store.database.observations().map { ($0.id, $0) })
        let open = observations.values.filter { !["afgehandeld", "geannuleerd"].contains($0.status) }
        func expectedPath(_ o: Observation) -> String? {
            switch (o.category, o.subcategory) {
            case ("afval", _): "/signals/v1/public/terms/categories/afval/sub_categories/overig-afval"
            case ("bestrating", "losse_tegel"):
                "/signals/v1/public/terms/categories/wegen-verkeer-straatmeubilair/sub_categories/bestrating"
            case ("verlichting", _):
                "/signals/v1/public/terms/categories/wegen-verkeer-straatmeubilair/sub_categories/straatverlichting-openbare-klok"
            default: nil
            }
        }
        #expect(signals.count == open.filter { expectedPath($0) != nil }.count)
        #expect(signals.count > 10)
        for signal in signals {
            let payload = try #require(signal["payload"] as? [String: Any])
            #expect(SchemaCheck.problems(payload, Self.schema).isEmpty, "\(SchemaCheck.problems(payload, Self.schema))")
            let o = try #require(observations[signal["finding"] as? String ?? ""])
            #expect(!["afgehandeld", "geannuleerd"].contains(o.status))
            #expect((payload["category"] as? [String: Any])?["sub_category"] as? String == expectedPath(o))
            let point = (payload["location"] as? [String: Any])?["geometrie"] as? [String: Any]
            #expect(point?["coordinates"] as? [Double] == [o.lon, o.lat])
            #expect((payload["reporter"] as? [String: Any])?["sharing_allowed"] as? Bool == false)
            #expect(payload["source"] as? String == "buurtschouw")
            let priority = (payload["priority"] as? [String: Any])?["priority"] as? String
            let expectedPriority = ["D": "high", "C": "normal", "B": "low", "A": "low", "A+": "low"][o.level ?? ""] ?? "normal"
            #expect(priority == expectedPriority, "level \(o.level ?? "none")")
            let text = try #require(payload["text"] as? String)
            #expect(text.hasPrefix(o.text) && text.contains(o.shortID ?? "?"))
            if let observedAt = o.observedAt { #expect(payload["incident_date_start"] as? String == observedAt) }
        }
        let unmapped = try #require(document["unmapped"] as? [[String: Any]])
        #expect(
            Set(unmapped.compactMap { $0["finding"] as? String }) == Set(open.filter { expectedPath($0) == nil }.map(\.id)))
        #expect(result.unmapped.count == unmapped.count && !unmapped.isEmpty)
        #expect(result.settled == observations.count - open.count)
    }

    @Test func photosAreListedToAttach() async throws {
        let store = try DemoStore()
        defer { store.remove() }
        let photo = store.folder.appendingPathComponent("lamp.jpg")
        try TestJPEG.withGPS(latitude: 52.5185, longitude: 5.722).write(to: photo)
        var draft = ObservationDraft()
        draft.category = "verlichting"
        draft.text = "Lamp kapot"
        draft.lon = "5.7220"
        draft.lat = "52.5185"
        draft.level = "D"
        draft.photos = [photo]
        let stored = try store.database.add(draft)
        let map = try TestPaths.temporaryFile("map.json", contents: Self.map)
        let result = try await SignalenJob.run(SignalenRequest(database: store.database, categoryMap: map, destination: .memory))
        let signals = try #require(try Self.document(result)["signals"] as? [[String: Any]])
        try #require(signals.count == 1)
        let attachments = try #require(signals[0]["attachments"] as? [String])
        #expect(attachments.count == 1 && result.photos == 1)
        // The file to attach exists and holds the photo's bytes.
        #expect(FileManager.default.contents(atPath: attachments[0]) == (try Data(contentsOf: photo)))
        #expect(signals[0]["finding"] as? String == stored.id)
        #expect(((signals[0]["payload"] as? [String: Any])?["priority"] as? [String: Any])?["priority"] as? String == "high")
    }

    /// Mapping files that must be refused, with the message naming the file and key.
    @Test(arguments: [
        ("[1, 2]", "map.json: verwacht een JSON-object van categoriecode naar Signalen-subcategorie"),
        ("{\"afval\": 3}", "map.json: sleutel 'afval': verwacht een pad als /signals/v1/public/terms/categories/afval/sub_categories/zwerfafval, gevonden 3"),
        ("{\"afval\": \"/signals/v1/public/terms/categories/afval\"}", "map.json: sleutel 'afval': verwacht een pad als /signals/v1/public/terms/categories/afval/sub_categories/zwerfafval, gevonden /signals/v1/public/terms/categories/afval"),
        ("{\"afval\": \"afval\"}", "map.json: sleutel 'afval': verwacht een pad als /signals/v1/public/terms/categories/afval/sub_categories/zwerfafval, gevonden afval"),
        ("{\"afval\": \"https://x.nl/signals/v1/public/terms/categories/a/sub_categories/b?x=1\"}", "map.json: sleutel 'afval': verwacht een pad als /signals/v1/public/terms/categories/afval/sub_categories/zwerfafval, gevonden https://x.nl/signals/v1/public/terms/categories/a/sub_categories/b?x=1"),
        ("{\"afval\": \"/signals/v1/public/terms/categories/a/sub_categories/b/../c\"}", "map.json: sleutel 'afval': verwacht een pad als /signals/v1/public/terms/categories/afval/sub_categories/zwerfafval, gevonden /signals/v1/public/terms/categories/a/sub_categories/b/../c"),
    ])
    func badMappingFilesAreRefusedAndWriteNothing(_ contents: String, _ message: String) async throws {
        let store = try DemoStore()
        defer { store.remove() }
        let map = store.folder.appendingPathComponent("map.json")
        try Data(contents.utf8).write(to: map)
        let out = store.folder.appendingPathComponent("signalen.json")
        let error = try await #require(throws: JobError.self) {
            try await SignalenJob.run(SignalenRequest(database: store.database, categoryMap: map, destination: .disk(out)))
        }
        #expect(error.message(.nl) == message)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
