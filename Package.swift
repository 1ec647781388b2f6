// swift-tools-version: 6.0
import PackageDescription

// Data flows one way: C shims → core → geometry → formats → network/store/analysis → outputs → jobs → CLI and web.
let package = Package(
    name: "Schouw",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "schouw", targets: ["schouw"]),
        .library(name: "SchouwGeometry", targets: ["SchouwGeometry"]),
        .library(name: "SchouwNetwork", targets: ["SchouwNetwork"]),
        .library(name: "SchouwStore", targets: ["SchouwStore"]),
        .library(name: "SchouwFormats", targets: ["SchouwFormats"]),
        .library(name: "SchouwAnalysis", targets: ["SchouwAnalysis"]),
        .library(name: "SchouwJobs", targets: ["SchouwJobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The shared store of a municipality: PostgreSQL + PostGIS (pooled PostgresClient, async/await).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The server log of `schouw serve` (request ids, the details users are not shown).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SIGTERM handling of `schouw serve` with a shutdown deadline.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(
            name: "CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]),
        // Shared vocabulary of every module: language, error classes and exit codes, text helpers.
        .target(name: "SchouwCore"),
        // Geometry value types, GEOS/PROJ bridges, geodesy, the spatial index.
        .target(name: "SchouwGeometry", dependencies: ["SchouwCore", "CGEOS", "CPROJ"]),
        // Every file format: JSON, GeoJSON, GeoPackage, GPX, OSM, CSV, EXIF, CBS buurt files.
        .target(
            name: "SchouwFormats",
            dependencies: [
                "SchouwCore", "SchouwGeometry",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(name: "SchouwNetwork", dependencies: ["SchouwCore", "SchouwGeometry", "SchouwFormats"]),
        .target(
            name: "SchouwStore",
            dependencies: [
                "SchouwCore", "SchouwGeometry", "SchouwFormats",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // SHA-256 for photo names, PBKDF2 for access codes.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .target(
            name: "SchouwAnalysis",
            dependencies: [
                "SchouwCore", "SchouwGeometry", "SchouwFormats",
                .product(name: "Collections", package: "swift-collections"),
            ]),
        .target(
            name: "SchouwOutputs",
            dependencies: ["SchouwCore", "SchouwGeometry", "SchouwFormats", "SchouwNetwork", "SchouwStore"]),
        // One job per user task, shared by the command line and the web app.
        .target(
            name: "SchouwJobs",
            dependencies: [
                "SchouwCore", "SchouwGeometry", "SchouwFormats", "SchouwNetwork", "SchouwStore", "SchouwAnalysis",
                "SchouwOutputs",
            ]),
        .target(
            name: "SchouwWeb",
            dependencies: [
                "SchouwJobs", "SchouwCore", "SchouwGeometry", "SchouwFormats", "SchouwStore", "SchouwAnalysis", "SchouwOutputs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "SchouwCommands",
            dependencies: [
                "SchouwJobs", "SchouwWeb", "SchouwCore", "SchouwGeometry", "SchouwFormats", "SchouwNetwork", "SchouwStore",
                "SchouwAnalysis", "SchouwOutputs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "schouw", dependencies: ["SchouwCommands"]),
        .executableTarget(name: "bench-import", dependencies: ["SchouwStore"]),
        .executableTarget(name: "schouw-stress", dependencies: ["SchouwStore"]),
        // Both stores in one run: import, concurrent writers, group in the database and in Swift (scripts/bench_store.sh).
        .executableTarget(name: "bench-store", dependencies: ["SchouwStore", "SchouwJobs", "SchouwAnalysis", "SchouwFormats", "SchouwCore"]),
        .executableTarget(name: "bench-routing-grid", dependencies: ["SchouwNetwork", "SchouwGeometry"]),
        .executableTarget(name: "bench-routing", dependencies: ["SchouwNetwork", "SchouwGeometry"]),
        .executableTarget(name: "bench-analysis", dependencies: ["SchouwAnalysis", "SchouwGeometry"]),
        // Helpers of the test suites: paths, shared-data checks, child processes, the built executables.
        .target(name: "SchouwTestSupport"),
        .testTarget(name: "SchouwGeometryTests", dependencies: ["SchouwGeometry", "SchouwFormats", "SchouwTestSupport"]),
        .testTarget(name: "SchouwFormatsTests", dependencies: ["SchouwFormats", "SchouwGeometry", "SchouwTestSupport"]),
        .testTarget(name: "SchouwNetworkTests", dependencies: ["SchouwNetwork", "SchouwTestSupport"]),
        .testTarget(name: "SchouwOutputsTests", dependencies: ["SchouwOutputs", "SchouwJobs", "SchouwTestSupport"]),
        .testTarget(name: "SchouwStoreTests", dependencies: ["SchouwStore", "SchouwGeometry", "SchouwTestSupport"]),
        .testTarget(name: "SchouwAnalysisTests", dependencies: ["SchouwAnalysis", "SchouwGeometry", "SchouwTestSupport"]),
        .testTarget(name: "SchouwJobsTests", dependencies: ["SchouwJobs", "SchouwAnalysis", "SchouwStore", "SchouwTestSupport"]),
        // Runs the built `schouw` and `schouw-stress`; SchouwTestSupport's BuiltProducts builds them first.
        .testTarget(
            name: "SchouwCommandsTests",
            dependencies: [
                "SchouwCommands", "SchouwStore", "SchouwTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .testTarget(
            name: "SchouwWebTests",
            dependencies: ["SchouwWeb", "SchouwJobs", "SchouwStore", "SchouwOutputs", "SchouwNetwork", "SchouwTestSupport"]),
    ]
)
