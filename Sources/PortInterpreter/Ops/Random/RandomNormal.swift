import Foundation
import PortIR
import PortTarget

enum RandomNormalKernel: ReferenceKernel {
  static let opType = "RandomNormal"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let shape = node.ints("shape"), shape.allSatisfy({ $0 >= 0 }) else {
      throw node.failure("attribute 'shape' is required")
    }
    let type = try RandomSource.elementType(node, default: .float)
    return [.tensor(normal(node, type: type, shape: shape))]
  }

  /// Normal with mean `mean` and standard deviation `scale`.
  static func normal(_ node: Node, type: ElementType, shape: [Int]) -> Tensor {
    let mean = Double(node.float("mean", 0))
    let scale = Double(node.float("scale", 1))
    var source = RandomSource(node: node)
    let values = (0..<shape.reduce(1, *)).map { _ in mean + scale * source.normal() }
    return Tensor(type, shape: shape, doubles: values)
  }
}
