import Foundation
import PortIR
import PortTarget

enum GlobalAveragePoolKernel: ReferenceKernel {
  static let opType = "GlobalAveragePool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank >= 2 else { throw node.failure("X must have rank ≥ 2") }
    let p = Double(node.int("p", 2))
    _ = p
    let size = x.shape.dropFirst(2).reduce(1, *)
    let values = x.doubles()
    let y = (0..<(x.shape[0] * x.shape[1])).map { index -> Double in
      let plane = values[(index * size)..<((index + 1) * size)]
      var sum = 0.0
        for v in plane { sum += v }
        return sum / Double(plane.count)
    }
    return [.tensor(Tensor(x.elementType, shape: Array(x.shape.prefix(2)) + Array(repeating: 1, count: x.rank - 2), doubles: y))]
  }
}
