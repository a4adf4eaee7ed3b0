import PortIR

/// The shared input layout of the training optimizers.
enum TrainingKernels {
  /// R and T as Doubles, then `groups` lists of n tensors each.
  static func unpack(_ node: Node, _ inputs: [HostValue?], groups: Int) throws -> (Double, Double, [[Tensor]]) {
    guard let r = try inputs.tensor(0, of: node).doubles().first, let t = try inputs.tensor(1, of: node).doubles().first else {
      throw node.failure("R and T must be scalars")
    }
    let rest = inputs.count - 2
    guard rest > 0, rest % groups == 0 else { throw node.failure("expects \(groups) lists of the same length after R and T") }
    let n = rest / groups
    let lists = try (0..<groups).map { g in try (0..<n).map { try inputs.tensor(2 + g * n + $0, of: node) } }
    return (r, t, lists)
  }
}
