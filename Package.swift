// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "htx",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "htx", targets: ["htx"]),
    .library(name: "SheetIO", targets: ["SheetIO"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibXML2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(
      name: "CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CSQLite3", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),
    // A header only: a prefetch hint and byte compares Swift does not reach.
    .systemLibrary(name: "CIntrinsics"),
    .target(name: "Findings"),
    .target(
      name: "SheetIO", dependencies: ["CIntrinsics", "CLibXML2", "CZlib", "Findings"],
      swiftSettings: [
        // The reader's state lives in classes touched per cell; dynamic exclusivity
        // checks there cost about a tenth of the read (measured with perf).
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
      ]),
    // Yams brings libyaml (its CYaml module), whose events the pack loader reads itself.
    .target(name: "Schema", dependencies: ["CIntrinsics", "SheetIO", "Findings", .product(name: "Yams", package: "Yams")]),
    .target(name: "Rules", dependencies: ["CIntrinsics", "Findings", "Schema", "SheetIO"]),
    .target(name: "Reports", dependencies: ["Findings"]),
    .target(name: "Validation", dependencies: ["Findings", "SheetIO", "Schema", "Rules", "Reports"]),
    .target(
      name: "Consolidate",
      dependencies: ["CSQLite3", "Findings", "SheetIO", "Schema", "Rules", "Reports", "Validation"]),
    .executableTarget(
      name: "htx",
      dependencies: [
        "SheetIO", "Findings", "Schema", "Rules", "Reports", "Validation", "Consolidate",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "htx-bench",
      dependencies: ["SheetIO", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .testTarget(name: "FindingsTests", dependencies: ["Findings"]),
    .testTarget(name: "SheetIOTests", dependencies: ["SheetIO", "Findings", "CZlib"]),
    .testTarget(name: "SchemaTests", dependencies: ["Schema", "SheetIO", "Findings"]),
    .testTarget(name: "RulesTests", dependencies: ["Rules", "Schema", "SheetIO", "Findings"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "Findings"]),
    .testTarget(name: "htxTests", dependencies: ["htx", "CSQLite3"]),
    .testTarget(name: "ConsolidateTests", dependencies: ["Consolidate", "CSQLite3", "Schema", "SheetIO"]),
  ]
)
