import Foundation
import PortIR
import PortTarget

enum LabelEncoderKernel: ReferenceKernel {
  static let opType = "LabelEncoder"
  static let domain = "ai.onnx.ml"
  /// The canonical (opset 4) form: keys_tensor → values_tensor, default_tensor's element otherwise.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let keys = node.attributes["keys_tensor"]?.tensor, let values = node.attributes["values_tensor"]?.tensor,
      let fallback = node.attributes["default_tensor"]?.tensor, fallback.count >= 1, keys.count == values.count
    else { throw node.failure("keys_tensor, values_tensor and default_tensor are required") }
    // Position of each input element's key among the keys; values.count means "default".
    var positions: [Int]
    if keys.elementType == .string {
      var table: [String: Int] = [:]
      for (i, key) in keys.strings.enumerated() where table[key] == nil { table[key] = i }
      positions = x.strings.map { table[$0] ?? values.count }
    } else if keys.elementType.isInteger {
      var table: [Int64: Int] = [:]
      for (i, key) in keys.int64s().enumerated() where table[key] == nil { table[key] = i }
      positions = x.int64s().map { table[$0] ?? values.count }
    } else {
      var table: [Double: Int] = [:]
      for (i, key) in keys.doubles().enumerated() where table[key] == nil { table[key] = i }
      positions = x.doubles().map { table[$0] ?? values.count }
    }
    let result = ElementwiseKernels.assemble(values.elementType, shape: x.shape, sources: [values, fallback]) { i in
      positions[i] < values.count ? (0, positions[i]) : (1, 0)
    }
    return [.tensor(result)]
  }
}
