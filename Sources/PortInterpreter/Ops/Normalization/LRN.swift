import Foundation
import PortIR
import PortTarget

enum LRNKernel: ReferenceKernel {
  static let opType = "LRN"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let size = node.int("size", 0)
    guard x.rank >= 3, size > 0 else { throw node.failure("X must have rank ≥ 3 and size be positive") }
    let alpha = Double(node.float("alpha", 1e-4))
    let beta = Double(node.float("beta", 0.75))
    let bias = Double(node.float("bias", 1))
    let channels = x.shape[1]
    let plane = x.shape.dropFirst(2).reduce(1, *)
    let before = (size - 1) / 2
    let after = (size - 1) - before
    let values = x.doubles()
    var y = [Double](repeating: 0, count: values.count)
    for n in 0..<x.shape[0] {
      for c in 0..<channels {
        let low = max(0, c - before)
        let high = min(channels - 1, c + after)
        for i in 0..<plane {
          var squares = 0.0
          for d in low...high {
            let v = values[(n * channels + d) * plane + i]
            squares += v * v
          }
          let index = (n * channels + c) * plane + i
          y[index] = values[index] / Foundation.pow(bias + alpha / Double(size) * squares, beta)
        }
      }
    }
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: y))]
  }
}
