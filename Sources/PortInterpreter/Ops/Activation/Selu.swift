import Foundation
import PortIR
import PortTarget

enum SeluKernel: ReferenceKernel {
  static let opType = "Selu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let alpha = Double(node.float("alpha", 1.67326319217681884765625))
    let gamma = Double(node.float("gamma", 1.05070102214813232421875))
    return try ElementwiseKernels.floatUnary(node, inputs) { x in
      x <= 0 ? gamma * (alpha * exp(x) - alpha) : gamma * x
    }
  }
}
