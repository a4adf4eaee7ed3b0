// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: IR ← importer, passes, target protocol ← targets ← harness ← `port`.
// Only the `port` executable names concrete targets; a target never imports another target.
let onnxDefines: [CXXSetting] = [.define("ONNX_ML", to: "1"), .define("ONNX_NAMESPACE", to: "onnx")]

let package = Package(
  name: "ModelPort",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "port", targets: ["port"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Exact: the generated Sources/ONNXProto code is written by this version's protoc-gen-swift.
    .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
  ],
  targets: [
    // The IR: values, nodes, graphs, element types, shapes. Depends on nothing of ours.
    .target(name: "PortIR", path: "Sources/PortIR"),
    // Operator definitions: arity, canonical form, shape and type inference, one op per file.
    .target(name: "PortOps", dependencies: ["PortIR"], path: "Sources/PortOps"),
    // swift-protobuf types generated from onnx-ml.proto (Scripts/generate-proto).
    .target(
      name: "ONNXProto",
      dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
      path: "Sources/ONNXProto",
      exclude: ["onnx-ml.proto", "onnx-data.proto", "GENERATED.sha256"]),
    // A plain C API over Debian's libonnx (checker, shape inference, version converter).
    .target(
      name: "CONNX",
      path: "Sources/CONNX",
      cxxSettings: onnxDefines,
      linkerSettings: [.linkedLibrary("onnx"), .linkedLibrary("onnx_proto"), .linkedLibrary("protobuf")]),
    // ONNX → IR: reading, checking, canonicalizing.
    .target(
      name: "PortImport",
      dependencies: ["PortIR", "PortOps", "ONNXProto", "CONNX"],
      path: "Sources/PortImport"),
    // IR → ONNX: writes a model (as imported, or as a target rewrote it) back to an ONNX file.
    .target(
      name: "PortExport",
      dependencies: [
        "PortIR", "PortOps", "PortImport", "ONNXProto", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      path: "Sources/PortExport"),
    // Graph optimization passes over the IR (dead code, identities, folding), for fast targets, and
    // legalization for constrained accelerators (the interpreter evaluates constants while rewriting).
    .target(name: "PortPasses", dependencies: ["PortIR", "PortOps", "PortInterpreter"], path: "Sources/PortPasses"),
    // The target plugin protocol.
    .target(name: "PortTarget", dependencies: ["PortIR"], path: "Sources/PortTarget"),
    // JPEG and PNG decoding through Debian's libjpeg-turbo and libpng, for the reference ImageDecoder.
    .target(
      name: "CImageCodecs", path: "Sources/CImageCodecs",
      linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]),
    // The living definition of each op: one plain kernel per file and the interpreter running them.
    // The reference target is this interpreter; other targets run it for the nodes they have no
    // fast kernel for (a target never imports another target).
    .target(
      name: "PortInterpreter", dependencies: ["PortIR", "PortOps", "PortTarget", "CImageCodecs"],
      path: "Sources/PortInterpreter"),
    // int8 quantization (calibration, per-channel weights, fixed-point requantization) and a
    // bit-exact integer executor, for accelerator targets.
    .target(
      name: "PortQuantization", dependencies: ["PortIR", "PortOps", "PortInterpreter"],
      path: "Sources/PortQuantization"),
    // Targets: one folder each under Targets/.
    .target(
      name: "ReferenceTarget", dependencies: ["PortIR", "PortOps", "PortTarget", "PortInterpreter"],
      path: "Targets/Reference", resources: [.copy("ExpectedFailures")]),
    // oneDNN's C API (Debian's libdnnl-dev), for the cpu target.
    .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
    // The fast host target: oneDNN primitives, Swift kernels, interpreter fallback.
    .target(
      name: "CPUTarget", dependencies: ["PortIR", "PortOps", "PortPasses", "PortTarget", "PortInterpreter", "CDNNL"],
      path: "Targets/CPU", resources: [.copy("ExpectedFailures")]),
    // Manifest-described accelerators (npu-int8, npu-fp16, …): one module for the family; a new
    // accelerator is a new manifest (Manifests/*.json or --target-manifest), not new code.
    .target(
      name: "AcceleratorTarget",
      dependencies: ["PortIR", "PortOps", "PortPasses", "PortTarget", "PortInterpreter", "PortQuantization"],
      path: "Targets/Accelerator", resources: [.copy("Manifests")]),
    // A target that refuses everything: the folder to copy for a new target.
    .target(name: "SkeletonTarget", dependencies: ["PortIR", "PortTarget"], path: "Targets/Skeleton"),
    // Runtimes in a separate process (ONNX Runtime, OpenVINO, …), one folder each under Targets/ with
    // an external-target.json and an adapter script; this module is the generic target driving them.
    .target(
      name: "ExternalTarget", dependencies: ["PortIR", "PortTarget", "PortExport"], path: "Targets/External",
      exclude: ["Python"]),
    // zlib's raw inflate, for reading .npz (zip) input files.
    .target(name: "CZlib", path: "Sources/CZlib", linkerSettings: [.linkedLibrary("z")]),
    // Measuring: conformance, drift, latency, reports.
    .target(
      name: "PortHarness",
      dependencies: ["PortIR", "PortOps", "PortImport", "PortTarget", "PortExport", "CZlib"],
      path: "Sources/PortHarness"),
    .executableTarget(
      name: "port",
      dependencies: [
        "PortIR", "PortImport", "PortTarget", "PortHarness", "ReferenceTarget", "SkeletonTarget", "ExternalTarget", "CPUTarget", "AcceleratorTarget",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Sources/port"),
    .testTarget(name: "PortIRTests", dependencies: ["PortIR", "PortOps"], path: "Tests/PortIRTests"),
    .testTarget(
      name: "PortImportTests",
      dependencies: [
        "PortIR", "PortOps", "PortImport", "ONNXProto", "CONNX",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      path: "Tests/PortImportTests",
      exclude: ["import-expectations.json"]),
    .testTarget(
      name: "ReferenceTargetTests",
      dependencies: ["PortIR", "PortOps", "PortImport", "PortTarget", "PortInterpreter", "ReferenceTarget"],
      path: "Tests/ReferenceTargetTests"),
    .testTarget(
      name: "CPUTargetTests",
      dependencies: ["PortIR", "PortOps", "PortImport", "PortTarget", "PortInterpreter", "CPUTarget"],
      path: "Tests/CPUTargetTests"),
    .testTarget(
      name: "PortPassesTests",
      dependencies: ["PortIR", "PortOps", "PortPasses", "PortImport", "PortTarget", "PortInterpreter", "ReferenceTarget"],
      path: "Tests/PortPassesTests"),
    .testTarget(
      name: "PortQuantizationTests",
      dependencies: ["PortIR", "PortOps", "PortImport", "PortPasses", "PortInterpreter", "PortQuantization"],
      path: "Tests/PortQuantizationTests"),
    .testTarget(
      name: "PortHarnessTests",
      dependencies: ["PortIR", "PortImport", "PortTarget", "PortHarness", "ReferenceTarget", "ONNXProto"],
      path: "Tests/PortHarnessTests"),
    .testTarget(
      name: "PortExportTests",
      dependencies: [
        "PortIR", "PortImport", "PortExport", "ONNXProto", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      path: "Tests/PortExportTests"),
    .testTarget(
      name: "ExternalTargetTests",
      dependencies: ["PortIR", "PortTarget", "PortImport", "PortExport", "PortHarness", "ReferenceTarget", "ExternalTarget"],
      path: "Tests/ExternalTargetTests"),
    .testTarget(
      name: "AcceleratorTargetTests",
      dependencies: ["PortIR", "PortOps", "PortImport", "PortTarget", "AcceleratorTarget", "ReferenceTarget"],
      path: "Tests/AcceleratorTargetTests"),
    .testTarget(
      name: "CLITests",
      dependencies: ["port", "ONNXProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
      path: "Tests/CLITests"),
  ],
  swiftLanguageModes: [.v5],
  cxxLanguageStandard: .cxx17
)
