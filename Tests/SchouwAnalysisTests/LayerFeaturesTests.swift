import Foundation
import Testing
@testable import SchouwAnalysis
import SchouwCore
import SchouwFormats
import SchouwGeometry

/// A grid layer's cells, made on reading from shared corners, against the plain way: one square per non-zero
/// cell, each transformed on its own.
@Suite struct LayerFeaturesTests {
    /// A sparse density: clusters far apart, so rows and 64-corner words hold used and unused corners alike.
    func sparseDensity() throws -> DensityGrid {
        var rng = SeededGenerator(seed: 42)
        let points = (0..<40).map { i in
            Coordinate(
                x: 155_000 + Double(i % 5) * 700 + .random(in: 0...40, using: &rng),
                y: 463_000 + Double(i / 5) * 400 + .random(in: 0...40, using: &rng))
        }
        return try KernelDensity.estimate(
            points: points, radiusMeters: 35, cellSizeMeters: 10, kernel: try Kernel(.quartic), output: .raw)
    }

    /// The plain way: a closed counter-clockwise square per non-zero cell, row by row.
    func plainFeatures(_ density: DensityGrid) -> [Feature] {
        var features: [Feature] = []
        for row in 0..<density.spec.rows {
            for column in 0..<density.spec.columns where density[row, column] > 0 {
                let box = density.spec.cellBox(row: row, column: column)
                let ring = [
                    Coordinate(x: box.minX, y: box.minY), Coordinate(x: box.maxX, y: box.minY), Coordinate(x: box.maxX, y: box.maxY),
                    Coordinate(x: box.minX, y: box.maxY), Coordinate(x: box.minX, y: box.minY),
                ]
                let count = density.counts[row * density.spec.columns + column]
                features.append(Feature(
                    geometry: .polygon(Polygon([ring])),
                    properties: ["density": .number(density[row, column]), "count": .number(Double(count))]))
            }
        }
        return features
    }

    @Test func gridCellsAreThePlainSquares() throws {
        let density = try sparseDensity()
        let plain = plainFeatures(density)
        let cells = LayerFeatures(nonZeroCellsOf: density)
        // Sparse indeed: far fewer features than cells.
        #expect(plain.count > 100 && plain.count * 5 < density.spec.cellCount)
        #expect(Array(cells) == plain)
    }

    @Test(arguments: [CRS.wgs84, CRS.rdNew])
    func transformedCellsAreThePlainSquaresTransformedOneByOne(crs: CRS) throws {
        let density = try sparseDensity()
        let expected = try CoordinateTransforms.transform(plainFeatures(density), from: .rdNew, to: crs)
        let cells = try LayerFeatures(nonZeroCellsOf: density).transformed(from: .rdNew, to: crs)
        #expect(cells.count == expected.count)
        #expect(Array(cells) == expected)
    }

    @Test func keptFeaturesAreTransformedAsBefore() throws {
        let square = Polygon([[
            Coordinate(x: 155_000, y: 463_000), Coordinate(x: 155_100, y: 463_000), Coordinate(x: 155_100, y: 463_100),
            Coordinate(x: 155_000, y: 463_000),
        ]])
        let features = [Feature(geometry: .polygon(square), properties: ["class": 1])]
        let layer = try LayerFeatures(features).transformed(from: .rdNew, to: .wgs84)
        #expect(Array(layer) == (try CoordinateTransforms.transform(features, from: .rdNew, to: .wgs84)))
    }
}
