import Foundation
import PortIR
import PortTarget

enum RandomUniformKernel: ReferenceKernel {
  static let opType = "RandomUniform"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let shape = node.ints("shape"), shape.allSatisfy({ $0 >= 0 }) else {
      throw node.failure("attribute 'shape' is required")
    }
    let type = try RandomSource.elementType(node, default: .float)
    return [.tensor(uniform(node, type: type, shape: shape))]
  }

  /// Uniform in [low, high).
  static func uniform(_ node: Node, type: ElementType, shape: [Int]) -> Tensor {
    let low = Double(node.float("low", 0))
    let high = Double(node.float("high", 1))
    var source = RandomSource(node: node)
    let values = (0..<shape.reduce(1, *)).map { _ in low + (high - low) * source.uniform() }
    return Tensor(type, shape: shape, doubles: values)
  }
}
