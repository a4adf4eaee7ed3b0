import Foundation
import PortIR
import PortTarget

enum BinarizerKernel: ReferenceKernel {
  static let opType = "Binarizer"
  static let domain = "ai.onnx.ml"
  /// 1 where x > threshold, else 0, in x's type.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let threshold = Double(node.float("threshold", 0))
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: x.doubles().map { $0 > threshold ? 1 : 0 }))]
  }
}
