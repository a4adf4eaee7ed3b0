import Foundation
import PortIR
import PortImport
import PortTarget

/// The outcome of one conformance test on one target.
public struct ConformanceResult: Sendable, Codable {
  public enum Status: String, Sendable, Codable {
    case passed
    case failed
    /// Failed, and listed in the target's expected failures.
    case expectedFailure = "expected-failure"
    /// Listed as an expected failure but passed: the list is stale, which fails the run.
    case unexpectedPass = "unexpected-pass"
    /// Not claimed by a partial target (an accelerator).
    case skipped
  }

  public var test: String
  public var suite: String
  public var status: Status
  public var detail: String?
  /// For a listed test: `[category] reason` from the expected-failures list (stable across runs,
  /// unlike `detail`, which says how this run failed).
  public var listing: String?
  /// The ai.onnx op types of the model, and the opset it imports.
  public var ops: [String]
  public var opset: Int
  public var seconds: Double

  /// Whether this result makes the run fail.
  public var failsRun: Bool { status == .failed || status == .unexpectedPass }
}

/// Runs ONNX backend tests on a target the way ONNX's own test runner does.
public struct ConformanceRunner {
  public var target: any Target
  public var expected: [String: ExpectedFailure]
  public var importer = ONNXImporter()

  public init(target: any Target) {
    self.target = target
    var expected: [String: ExpectedFailure] = [:]
    if let listing = target as? any HasExpectedFailures {
      for entry in listing.expectedFailures { expected[entry.test] = entry }
    }
    self.expected = expected
  }

  public func run(_ test: ConformanceCase) -> ConformanceResult {
    let start = DispatchTime.now().uptimeNanoseconds
    var ops: [String] = []
    var opset = 0
    let outcome: (ConformanceResult.Status, String?) = {
      do {
        let imported = try importer.load(test.modelPath)
        ops = Array(Set(imported.model.graph.allNodes.map(\.qualifiedOpType))).sorted()
        opset = imported.model.opset
        let capability = target.capability(of: imported.model.graph)
        if let refused = capability.refused.first {
          let why = "not claimed: node '\(refused.node)' (\(refused.opType)): \(refused.reason)"
          return target is any PartialTarget ? (.skipped, why) : (.failed, why)
        }
        // A partial target's test of a node it leaves to the host would test the host: skipped.
        if target is any PartialTarget, let explaining = target as? any ExplainsPlacement,
          let fallback = explaining.placementPlan(of: imported.model.graph).fallbackNodes.first
        {
          return (.skipped, "falls back to the host: node '\(fallback.node)' (\(fallback.opType)): \(fallback.reason ?? "")")
        }
        let executable = try target.compile(imported.model, options: CompileOptions(cacheDirectory: ""))
        if test.suite == .light {
          return try runLight(test, imported.model, executable)
        }
        for dataSet in test.dataSets {
          if let problem = try runDataSet(dataSet, imported.model, executable) {
            return (.failed, "\(URL(fileURLWithPath: dataSet).lastPathComponent): \(problem)")
          }
        }
        return (.passed, nil)
      } catch let error as PortErrors {
        return (.failed, error.errors.first.map(\.description) ?? "failed")
      } catch {
        return (.failed, "\(error)")
      }
    }()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var status = outcome.0
    var detail = outcome.1
    let listing = expected[test.name].map { "[\($0.category)] \($0.reason)" }
    if let listed = expected[test.name] {
      switch status {
      case .failed:
        status = .expectedFailure
        detail = "[\(listed.category)] \(listed.reason) — \(detail ?? "")"
      case .passed:
        status = .unexpectedPass
        detail = "listed as an expected failure (\(listed.category)) but passes; remove it from the list"
      default: break
      }
    }
    return ConformanceResult(
      test: test.name, suite: test.suite.rawValue, status: status, detail: detail, listing: listing, ops: ops,
      opset: opset, seconds: seconds)
  }

  /// Runs one test_data_set folder; nil when every output matches.
  func runDataSet(_ folder: String, _ model: Model, _ executable: any Executable) throws -> String? {
    let graph = model.graph
    var inputs: [String: HostValue] = [:]
    for (index, name) in graph.inputs.enumerated() {
      let path = "\(folder)/input_\(index).pb"
      guard FileManager.default.fileExists(atPath: path) else { continue }
      inputs[name] = try ValueFile.read(path, expecting: graph.type(of: name))
    }
    let outputs = try executable.run(inputs)
    for (index, name) in graph.outputs.enumerated() {
      let path = "\(folder)/output_\(index).pb"
      guard FileManager.default.fileExists(atPath: path) else { continue }
      let expected = try ValueFile.read(path, expecting: graph.type(of: name))
      guard let actual = outputs[name] else { return "output '\(name)' missing" }
      if let problem = Comparison.mismatch(expected: expected, actual: actual, rtol: 1e-3, atol: 1e-7) {
        return "output '\(name)': \(problem)"
      }
    }
    return nil
  }

  /// Light models: each float input is arange(n)/n in float32 (symbolic dims taken as 1), and the
  /// first output is compared with the stored one at the model's tolerances.
  func runLight(_ test: ConformanceCase, _ model: Model, _ executable: any Executable) throws -> (
    ConformanceResult.Status, String?
  ) {
    var inputs: [String: HostValue] = [:]
    for name in model.graph.inputs {
      guard case .tensor(let type, let shape) = model.graph.type(of: name) else {
        return (.failed, "input '\(name)' is not a tensor")
      }
      let sizes = (shape?.dims ?? []).map { $0.value ?? 1 }
      let count = sizes.reduce(1, *)
      let values = (0..<count).map { Float(Double($0) / Double(count)) }
      inputs[name] = .tensor(Tensor(type, shape: sizes, doubles: values.map(Double.init)))
    }
    let outputs = try executable.run(inputs)
    guard let storedPath = test.storedOutput, let first = model.graph.outputs.first, let actual = outputs[first] else {
      return (.failed, "no output")
    }
    let expected = try ValueFile.read(storedPath)
    if let problem = Comparison.mismatch(expected: expected, actual: actual, rtol: test.rtol, atol: test.atol) {
      return (.failed, "output '\(first)': \(problem)")
    }
    return (.passed, nil)
  }
}
