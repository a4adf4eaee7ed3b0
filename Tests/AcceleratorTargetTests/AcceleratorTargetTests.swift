@testable import AcceleratorTarget
import Foundation
import PortIR
import PortOps
import PortTarget
import ReferenceTarget
import XCTest

/// A made-up accelerator, written by the test: a new member of the family is data, not code.
let toyManifest = """
  {
    "name": "toy-npu",
    "summary": "a made-up float16 accelerator: 3x3 convolutions and ReLU only",
    "arithmetic": { "kind": "float16", "accumulator": "float32" },
    "hardware": {
      "macs_per_cycle": 64, "clock_mhz": 500, "on_chip_kib": 64, "memory_gbps": 1.0, "vector_lanes": 8,
      "host_link_gbps": 0.5, "host_link_latency_us": 50, "price_per_hour": 0.001, "watts": 0.5
    },
    "defaults": { "element_types": ["float"], "max_rank": 4 },
    "ops": {
      "Conv": { "unit": "mac", "max_kernel": 3, "strides": [1], "groups": ["standard"] },
      "Relu": { "unit": "vector" },
      "Tanh": { "unit": "lut" }
    }
  }
  """

final class AcceleratorTargetTests: XCTestCase {
  var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("accelerator-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  func writeManifest(_ text: String, name: String = "toy.json") throws -> String {
    let path = folder.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// x → Conv 3×3 → Relu → Sigmoid → Conv 5×5 → Relu → y, 1×2×8×8.
  func model() throws -> (Model, [String: HostValue]) {
    func weights(_ shape: [Int], _ seed: Int) -> Tensor {
      let count = shape.reduce(1, *)
      return Tensor(.float, shape: shape, doubles: (0..<count).map { sin(Double($0 * 7 + seed * 13) * 0.37) * 0.3 })
    }
    let nodes = [
      Node(name: "conv3", opType: "Conv", inputs: ["x", "w1"], outputs: ["c1"], attributes: ["pads": .ints([1, 1, 1, 1])]),
      Node(name: "relu1", opType: "Relu", inputs: ["c1"], outputs: ["r1"]),
      Node(name: "sigmoid", opType: "Sigmoid", inputs: ["r1"], outputs: ["s"]),
      Node(name: "conv5", opType: "Conv", inputs: ["s", "w2"], outputs: ["c2"], attributes: ["pads": .ints([2, 2, 2, 2])]),
      Node(name: "relu2", opType: "Relu", inputs: ["c2"], outputs: ["y"]),
    ]
    let graph = Graph(
      inputs: ["x"], outputs: ["y"], initializers: ["w1": weights([2, 2, 3, 3], 1), "w2": weights([2, 2, 5, 5], 2)],
      nodes: nodes, types: ["x": .tensor(.float, Shape(fixed: [1, 2, 8, 8]))])
    let inferred = try Inference.run(graph)
    let x = Tensor(.float, shape: [1, 2, 8, 8], doubles: (0..<128).map { cos(Double($0) * 0.21) })
    return (Model(graph: inferred), ["x": .tensor(x)])
  }

  func testMadeUpManifestRunsAModelWithNoNewCode() throws {
    _ = try writeManifest(toyManifest)
    let targets = try AcceleratorTarget.load(path: folder.path)
    XCTAssertEqual(targets.map(\.name), ["toy-npu"])
    let toy = try XCTUnwrap(targets.first)
    let (model, inputs) = try model()

    let plan = toy.placementPlan(of: model.graph)
    let byNode = Dictionary(uniqueKeysWithValues: plan.nodes.map { ($0.node, $0) })
    XCTAssertEqual(byNode["conv3"]?.placement, .native)
    XCTAssertEqual(byNode["sigmoid"]?.placement, .fallback)
    XCTAssertEqual(byNode["sigmoid"]?.reason, "op not in manifest")
    XCTAssertEqual(byNode["sigmoid"]?.hint, "add Sigmoid to the LUT unit")
    XCTAssertEqual(byNode["conv5"]?.reason, "Conv: kernel 5×5 exceeds max 3")
    XCTAssertEqual(plan.regions.map(\.location), ["device", "host", "device"])

    let options = CompileOptions(fallback: ReferenceTarget(), cacheDirectory: "")
    let executable = try toy.compile(model, options: options)
    let outputs = try executable.run(inputs)
    let expected = try ReferenceTarget().compile(model, options: CompileOptions()).run(inputs)
    let got = try XCTUnwrap(outputs["y"]?.tensor).doubles()
    let want = try XCTUnwrap(expected["y"]?.tensor).doubles()
    XCTAssertEqual(got.count, want.count)
    for (a, b) in zip(got, want) { XCTAssertEqual(a, b, accuracy: 1e-2 + 1e-2 * abs(b)) }
    // Every value the device stores is a half.
    for value in got { XCTAssertEqual(Float(value), Float(Float16(Float(value)))) }
    let estimate = try XCTUnwrap((executable as? any EstimatesDeviceLatency)?.deviceLatencyEstimate)
    XCTAssertGreaterThan(estimate.totalSeconds, 0)
    XCTAssertEqual(estimate.transfers, plan.transfers)
  }

  func testHalfWeightsSaturateInsteadOfBecomingInfinite() throws {
    // A float32 attention-mask constant (−3.4e38) must not become −inf in half: 0 · −inf is NaN.
    let mask = Tensor(.float, shape: [4], doubles: [-3.4e38, 1.5, 7e4, .infinity])
    let stored = Float16Arithmetic.roundToHalf(Float16Arithmetic.saturatedToHalfRange(mask)).doubles()
    XCTAssertEqual(stored, [-65504, 1.5, 65504, .infinity])
  }

  func testWithoutAFallbackTargetCompileNamesTheNodes() throws {
    let toy = try XCTUnwrap(try AcceleratorTarget.load(path: try writeManifest(toyManifest)).first)
    let (model, _) = try model()
    XCTAssertThrowsError(try toy.compile(model, options: CompileOptions(cacheDirectory: ""))) { error in
      let error = error as? PortError
      XCTAssertEqual(error?.code, .unsupported)
      XCTAssertTrue(error?.message.contains("'sigmoid' (Sigmoid): op not in manifest") ?? false, "\(String(describing: error))")
    }
  }

  func testSecondCompileLoadsTheCachedArtifact() throws {
    let int8 = try XCTUnwrap(AcceleratorTarget.bundled().first { $0.name == "npu-int8" })
    let (model, inputs) = try model()
    let cache = folder.appendingPathComponent("cache").path
    let options = CompileOptions(fallback: ReferenceTarget(), cacheDirectory: cache)
    let first = try int8.compile(model, options: options)
    let second = try int8.compile(model, options: options)
    XCTAssertEqual((first as? any DescribesCompilation)?.compilation.source, "compiled")
    XCTAssertEqual((second as? any DescribesCompilation)?.compilation.source, "from-cache")
    XCTAssertEqual(try first.run(inputs), try second.run(inputs), "the cached program gives the same outputs to the bit")
  }

  func testBundledManifestsLoad() {
    let names = AcceleratorTarget.bundled().map(\.name)
    XCTAssertTrue(names.contains("npu-int8"))
    XCTAssertTrue(names.contains("npu-fp16"))
  }

  func testManifestErrorsNameTheFileAndField() throws {
    func error(_ text: String) throws -> PortError? {
      let path = try writeManifest(text, name: "bad.json")
      do {
        _ = try AcceleratorManifest.load(path: path)
        return nil
      } catch let error as PortError {
        XCTAssertEqual(error.location.file, path)
        return error
      }
    }
    let misspelt = toyManifest.replacingOccurrences(of: "\"max_kernel\"", with: "\"max_kernal\"")
    XCTAssertEqual(try error(misspelt)?.location.field, "ops.Conv.max_kernal")
    let slow = toyManifest.replacingOccurrences(of: "\"clock_mhz\": 500", with: "\"clock_mhz\": -1")
    XCTAssertEqual(try error(slow)?.location.field, "hardware.clock_mhz")
    let unknownOp = toyManifest.replacingOccurrences(of: "\"Relu\":", with: "\"Rectify\":")
    XCTAssertEqual(try error(unknownOp)?.location.field, "ops.Rectify")
    let missing = toyManifest.replacingOccurrences(of: "\"clock_mhz\": 500,", with: "")
    XCTAssertEqual(try error(missing)?.location.field, "hardware.clock_mhz")
    let badType = toyManifest.replacingOccurrences(of: "[\"float\"]", with: "[\"float33\"]")
    XCTAssertEqual(try error(badType)?.location.field, "defaults.element_types[0]")
  }

  /// Two parallel branches, device and host, interleaved in the given order: the plan orders
  /// them so each side runs in one region.
  func testPartitionMergesRegionsToSaveTransfers() throws {
    let toy = try XCTUnwrap(try AcceleratorTarget.load(path: try writeManifest(toyManifest)).first)
    let nodes = [
      Node(name: "d1", opType: "Relu", inputs: ["x"], outputs: ["a1"]),
      Node(name: "h1", opType: "Sigmoid", inputs: ["x"], outputs: ["b1"]),
      Node(name: "d2", opType: "Relu", inputs: ["a1"], outputs: ["a2"]),
      Node(name: "h2", opType: "Sigmoid", inputs: ["b1"], outputs: ["b2"]),
      Node(name: "d3", opType: "Relu", inputs: ["a2"], outputs: ["a3"]),
      Node(name: "h3", opType: "Sigmoid", inputs: ["b2"], outputs: ["b3"]),
    ]
    let graph = try Inference.run(
      Graph(inputs: ["x"], outputs: ["a3", "b3"], nodes: nodes, types: ["x": .tensor(.float, Shape(fixed: [4]))]))
    let plan = toy.placementPlan(of: graph)
    XCTAssertEqual(plan.regions.count, 2, "\(plan.regions)")
    // x to the device, a3 back.
    XCTAssertEqual(plan.transfers, 2)
  }

  func testDynamicShapesFallBack() throws {
    let toy = try XCTUnwrap(try AcceleratorTarget.load(path: try writeManifest(toyManifest)).first)
    let graph = try Inference.run(
      Graph(
        inputs: ["x"], outputs: ["y"], nodes: [Node(name: "r", opType: "Relu", inputs: ["x"], outputs: ["y"])],
        types: ["x": .tensor(.float, Shape([.symbol("n"), .fixed(3)]))]))
    XCTAssertEqual(toy.placementPlan(of: graph).nodes.first?.reason, "dynamic shape")
  }
}
