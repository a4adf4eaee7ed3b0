import Foundation
import ONNXProto
import PortIR
import SwiftProtobuf

/// Cross-checks ModelPort's type and shape inference against libonnx's on the main graph.
///
/// Canonicalization keeps every value name of the original model, so libonnx's value_info (on the
/// model as written) and our types (on the canonical graph) describe the same values. Only
/// conflicts count: different element types or ranks, or different fixed sizes. A value only one
/// side knows, or a symbol against a size, is not a disagreement.
enum InferenceComparison {
  static let checkName = "inference agrees with libonnx"
  /// How many disagreements the check's detail lists.
  static let shownInDetail = 3

  struct Outcome {
    var disagreements: [String] = []
    /// Values both sides typed.
    var compared = 0
    /// Values only libonnx typed (missing inference on our side, not a disagreement).
    var onlyLibONNX = 0
  }

  /// The types libonnx gives the main graph's values (value_info, outputs), from its inferred model.
  static func libonnxTypes(_ inferred: Data, path: String) -> [String: ValueType]? {
    var options = BinaryDecodingOptions()
    options.messageDepthLimit = 200
    guard let proto = try? Onnx_ModelProto(serializedBytes: inferred, extensions: nil, partial: true, options: options)
    else { return nil }
    let converter = ProtoConverter(modelPath: path, limits: ImportLimits())
    var types: [String: ValueType] = [:]
    for info in proto.graph.valueInfo + proto.graph.output where info.hasType {
      if let type = try? converter.valueType(info.type, field: "value_info '\(info.name)'"), type != .unknown {
        types[info.name] = type
      }
    }
    return types
  }

  static func compare(_ graph: Graph, libonnx: [String: ValueType]) -> Outcome {
    var outcome = Outcome()
    for name in libonnx.keys.sorted() {
      guard let theirs = libonnx[name] else { continue }
      let ours = graph.type(of: name)
      if ours == .unknown {
        outcome.onlyLibONNX += 1
        continue
      }
      outcome.compared += 1
      if conflict(ours, theirs) {
        outcome.disagreements.append("'\(name)': ModelPort \(ours), libonnx \(theirs)")
      }
    }
    return outcome
  }

  /// Whether two types cannot both be right.
  static func conflict(_ a: ValueType, _ b: ValueType) -> Bool {
    switch (a, b) {
    case (.unknown, _), (_, .unknown): return false
    case (.tensor(let x, let sx), .tensor(let y, let sy)), (.sparseTensor(let x, let sx), .sparseTensor(let y, let sy)):
      if x != y { return true }
      guard let sx, let sy else { return false }
      if sx.rank != sy.rank { return true }
      return zip(sx.dims, sy.dims).contains { pair in
        if case .fixed(let p) = pair.0, case .fixed(let q) = pair.1 { return p != q }
        return false
      }
    case (.sequence(let x), .sequence(let y)), (.optional(let x), .optional(let y)): return conflict(x, y)
    case (.map(let kx, let vx), .map(let ky, let vy)): return kx != ky || conflict(vx, vy)
    default: return true
    }
  }
}

extension ONNXImporter {
  /// Records the comparison with libonnx's inference in the report (never fatal).
  func compareInference(_ graph: Graph, libonnxInferred: Data?, path: String, report: inout ImportReport) {
    let name = InferenceComparison.checkName
    if report.checks.contains(where: { $0.name == name }) { return }  // already skipped, with the reason
    guard let libonnxInferred else {
      report.checks.append(CheckResult(name, .skipped, "libonnx's strict shape inference did not complete"))
      return
    }
    guard let theirs = InferenceComparison.libonnxTypes(libonnxInferred, path: path) else {
      report.checks.append(CheckResult(name, .skipped, "libonnx's inferred model could not be read back"))
      return
    }
    let outcome = InferenceComparison.compare(graph, libonnx: theirs)
    report.inferenceDisagreements = outcome.disagreements
    let counts = "\(outcome.compared) values compared, \(outcome.onlyLibONNX) typed by libonnx only"
    if outcome.disagreements.isEmpty {
      report.checks.append(CheckResult(name, .passed, counts))
    } else {
      let shown = outcome.disagreements.prefix(InferenceComparison.shownInDetail).joined(separator: "; ")
      let more = outcome.disagreements.count > InferenceComparison.shownInDetail
        ? "; … \(outcome.disagreements.count - InferenceComparison.shownInDetail) more" : ""
      report.checks.append(
        CheckResult(name, .failed, "\(outcome.disagreements.count) disagreements (\(counts)): \(shown)\(more)"))
    }
  }
}
