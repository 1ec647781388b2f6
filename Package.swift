// swift-tools-version: 6.0
import PackageDescription

// Data flows one way: C shims → geometry core → network/store/analysis → outputs → commands → executable.
let package = Package(
    name: "Schouw",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "schouw", targets: ["schouw"]),
        .library(name: "SchouwGeometry", targets: ["SchouwGeometry"]),
        .library(name: "SchouwNetwork", targets: ["SchouwNetwork"]),
        .library(name: "SchouwStore", targets: ["SchouwStore"]),
        .library(name: "SchouwAnalysis", targets: ["SchouwAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(
            name: "CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]),
        .target(
            name: "SchouwGeometry",
            dependencies: [
                "CGEOS", "CPROJ",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .target(
            name: "SchouwStore",
            dependencies: [
                "SchouwGeometry",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(name: "SchouwNetwork", dependencies: ["SchouwGeometry"]),
        .target(name: "SchouwOutputs", dependencies: ["SchouwGeometry", "SchouwNetwork", "SchouwStore"]),
        .target(
            name: "SchouwAnalysis",
            dependencies: [
                "SchouwGeometry", "SchouwStore", .product(name: "Collections", package: "swift-collections"),
            ]),
        .target(
            name: "SchouwWeb",
            dependencies: [
                "SchouwGeometry", "SchouwStore", "SchouwOutputs", "SchouwAnalysis",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .target(
            name: "SchouwCommands",
            dependencies: [
                "SchouwGeometry", "SchouwStore", "SchouwNetwork", "SchouwOutputs", "SchouwAnalysis", "SchouwWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "schouw", dependencies: ["SchouwCommands"]),
        .executableTarget(name: "bench-import", dependencies: ["SchouwStore"]),
        .executableTarget(name: "schouw-stress", dependencies: ["SchouwStore"]),
        .executableTarget(name: "bench-routing-grid", dependencies: ["SchouwNetwork", "SchouwGeometry"]),
        .executableTarget(name: "bench-routing", dependencies: ["SchouwNetwork", "SchouwGeometry"]),
        .target(name: "SchouwTestSupport"),
        .testTarget(name: "SchouwGeometryTests", dependencies: ["SchouwGeometry", "SchouwTestSupport"]),
        .testTarget(name: "SchouwNetworkTests", dependencies: ["SchouwNetwork"]),
        .testTarget(name: "SchouwOutputsTests", dependencies: ["SchouwOutputs"]),
        .testTarget(name: "SchouwStoreTests", dependencies: ["SchouwStore", "SchouwGeometry", "SchouwTestSupport"]),
        .executableTarget(name: "bench-analysis", dependencies: ["SchouwAnalysis", "SchouwGeometry"]),
        .testTarget(name: "SchouwAnalysisTests", dependencies: ["SchouwAnalysis", "SchouwGeometry", "SchouwStore", "SchouwTestSupport"]),
        .testTarget(name: "SchouwCommandsTests", dependencies: ["SchouwCommands", "SchouwStore"]),
        .testTarget(name: "SchouwWebTests", dependencies: ["SchouwWeb", "SchouwStore", "SchouwOutputs", "SchouwNetwork"]),
    ]
)
