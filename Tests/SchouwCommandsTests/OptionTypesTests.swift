import ArgumentParser
import SchouwTestSupport
import Testing
@testable import SchouwCommands
import SchouwAnalysis
import SchouwGeometry
import SchouwOutputs

/// Options with a fixed set of values are parsed once, into types, when the command line is read.
@Suite struct OptionTypesTests {
    @Test func heatmapOptionsBecomeTypes() throws {
        let command = try #require(try SchouwCommand.parseAsRoot([
            "heatmap", "--points", "p.geojson", "--kernel", "triangular", "--decay", "0.5", "--output-value", "scaled",
            "--format", "bands", "--breaks", "0.5, 1,2", "--weight", "ernst", "--crs", "EPSG:28992", "--out", "h.gpkg",
        ]) as? HeatmapCommand)
        #expect(command.kernel == .triangular)
        #expect(command.outputValue == .scaled)
        #expect(command.format == .bands)
        #expect(command.breaks == [0.5, 1, 2])
        #expect(command.weight == .field("ernst"))
        #expect(command.output.outputCRS == .rdNew)
    }

    @Test func heatmapDefaults() throws {
        let command = try #require(try SchouwCommand.parseAsRoot(["heatmap", "--points", "p.geojson", "--out", "h.geojson"]) as? HeatmapCommand)
        #expect(command.kernel == .quartic)
        #expect(command.outputValue == .raw)
        #expect(command.format == .grid)
        #expect(command.breaks == nil)
        #expect(command.weight == FindingWeight.none)
        #expect(command.output.outputCRS == .wgs84)
    }

    @Test(arguments: ["level", "niveau"])
    func levelWeightIsAWord(_ word: String) throws {
        let command = try #require(try SchouwCommand.parseAsRoot([
            "heatmap", "--points", "p.geojson", "--weight", word, "--out", "h.geojson",
        ]) as? HeatmapCommand)
        #expect(command.weight == .level)
    }

    @Test(arguments: ["EPSG:28992", "urn:ogc:def:crs:EPSG::28992"])
    func crsAcceptsEitherSpelling(_ name: String) throws {
        let export = try #require(try SchouwCommand.parseAsRoot([
            "export", "s.schouw", "--format", "geojson", "--crs", name, "--out", "x.geojson",
        ]) as? ExportCommand)
        #expect(export.crs.crs == .rdNew)
        let group = try #require(try SchouwCommand.parseAsRoot([
            "group", "--areas", "b.geojson", "--points", "p.geojson", "--crs", name,
        ]) as? GroupCommand)
        #expect(group.output.outputCRS == .rdNew)
    }

    @Test(arguments: [
        ["heatmap", "--points", "p.geojson", "--kernel", "gauss", "--out", "h.geojson"],
        ["heatmap", "--points", "p.geojson", "--format", "contours", "--out", "h.geojson"],
        ["heatmap", "--points", "p.geojson", "--output-value", "log", "--out", "h.geojson"],
        ["heatmap", "--points", "p.geojson", "--breaks", "1,twee", "--out", "h.geojson"],
        ["heatmap", "--points", "p.geojson", "--crs", "EPSG:3857", "--out", "h.geojson"],
        ["group", "--areas", "b.geojson", "--points", "p.geojson", "--crs", "EPSG:3857"],
        ["export", "s.schouw", "--format", "geojson", "--crs", "EPSG:3857", "--out", "x"],
        ["plan", "--streets", "s.osm", "--start", "Tijmlaan", "--out", "o", "--date", "2025-02-30"],
        ["observe", "add", "s.schouw", "--category", "afval", "--at", "5,72,52,51"],
    ])
    func valuesOutsideTheTypeAreUsageErrors(_ arguments: [String]) {
        do {
            _ = try SchouwCommand.parseAsRoot(arguments)
            Issue.record("expected a usage error")
        } catch {
            #expect(SchouwCommand.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func planListsAndDateAreParsedOnce() throws {
        let command = try #require(try SchouwCommand.parseAsRoot([
            "plan", "--streets", "s.osm", "--start", "Tijmlaan", "--out", "o", "--highways", "footway, path",
            "--groups-names", "Noord,Zuid", "--date", "2025-09-20",
        ]) as? PlanCommand)
        #expect(command.highways == ["footway", "path"])
        #expect(command.groupNames == ["Noord", "Zuid"])
        #expect(command.date == SheetDate(year: 2025, month: 9, day: 20))
    }

    @Test(arguments: [("5.7239,52.5188", "5.7239", "52.5188"), ("5,7239;52,5188", "5,7239", "52,5188"), ("5.7 52.5", "5.7", "52.5")])
    func positionsAreSplitOnce(text: String, first: String, second: String) throws {
        let command = try #require(try SchouwCommand.parseAsRoot([
            "observe", "add", "s.schouw", "--category", "afval", "--at", text,
        ]) as? ObserveAddCommand)
        #expect(command.location.at == ValuePair(text))
        #expect(command.location.at?.first == first && command.location.at?.second == second)
    }
}
