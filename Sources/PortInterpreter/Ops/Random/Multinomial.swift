import Foundation
import PortIR
import PortTarget

enum MultinomialKernel: ReferenceKernel {
  static let opType = "Multinomial"
  /// Draws sample_size class indices per row, with probabilities softmax(row) (the input holds
  /// unnormalized log-probabilities).
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank == 2 else { throw node.failure("input must be [batch, classes], got \(x.shape)") }
    let samples = node.int("sample_size", 1)
    guard samples >= 0 else { throw node.failure("sample_size must not be negative") }
    let type = try RandomSource.elementType(node, default: .int32)
    let (batch, classes) = (x.shape[0], x.shape[1])
    let logits = x.doubles()
    var source = RandomSource(node: node)
    var result: [Int64] = []
    result.reserveCapacity(batch * samples)
    for row in 0..<batch {
      let slice = logits[(row * classes)..<((row + 1) * classes)]
      let top = slice.max() ?? 0
      var cumulative: [Double] = []
      var total = 0.0
      for value in slice {
        total += exp(value - top)
        cumulative.append(total)
      }
      for _ in 0..<samples {
        let draw = source.uniform() * total
        result.append(Int64(cumulative.firstIndex { draw < $0 } ?? max(classes - 1, 0)))
      }
    }
    return [.tensor(Tensor(type, shape: [batch, samples], int64s: result))]
  }
}
