import PortIR
import PortTarget

enum OptionalHasElementKernel: ReferenceKernel {
  static let opType = "OptionalHasElement"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var present = false
    if let input = inputs.first ?? nil {
      if case .optional(let value, _) = input { present = value != nil } else { present = true }
    }
    return [.tensor(Tensor(.bool, shape: [], int64s: [present ? 1 : 0]))]
  }
}
