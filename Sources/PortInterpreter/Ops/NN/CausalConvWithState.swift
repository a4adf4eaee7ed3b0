import Foundation
import PortIR
import PortTarget

enum CausalConvWithStateKernel: ReferenceKernel {
  static let opType = "CausalConvWithState"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let w = try inputs.tensor(1, of: node)
    let bias = inputs.optionalTensor(2)?.doubles()
    let past = inputs.optionalTensor(3)
    guard x.rank == 3, w.rank == 3, w.shape[0] == x.shape[1], w.shape[1] == 1, w.shape[2] >= 1 else {
      throw node.failure("input \(x.shape) and weight \(w.shape) must be (B, C, L) and (C, 1, k)")
    }
    let (batch, channels, length) = (x.shape[0], x.shape[1], x.shape[2])
    let k = w.shape[2]
    let history = k - 1
    if let past, past.shape != [batch, channels, history] {
      throw node.failure("past_state \(past.shape) must be [\(batch), \(channels), \(history)]")
    }
    let activation = node.string("activation", "none")
    guard ["none", "silu", "swish"].contains(activation) else { throw node.failure("unknown activation '\(activation)'") }
    let xs = x.doubles()
    let ws = w.doubles()
    let states = past?.doubles() ?? Array(repeating: 0, count: batch * channels * history)
    var y = [Double](repeating: 0, count: xs.count)
    var present = [Double](repeating: 0, count: batch * channels * history)
    let padded = history + length
    for row in 0..<(batch * channels) {
      let c = row % channels
      // The padded sequence: the carried state, then the input.
      let sequence = Array(states[(row * history)..<((row + 1) * history)]) + Array(xs[(row * length)..<((row + 1) * length)])
      for t in 0..<length {
        var sum = bias?[c] ?? 0
        for j in 0..<k { sum += ws[c * k + j] * sequence[t + j] }
        y[row * length + t] = sum
      }
      for j in 0..<history { present[row * history + j] = sequence[padded - history + j] }
    }
    var output = Tensor(x.elementType, shape: x.shape, doubles: y)
    if activation != "none" {
      // SiLU on the rounded convolution, in float32 as the reference computes it.
      let rounded = output.doubles()
      output = Tensor(x.elementType, shape: x.shape, doubles: rounded.map { v in
        let f = Float(v)
        return Double(f * (1 / (1 + Foundation.exp(-f))))
      })
    }
    return [.tensor(output), .tensor(Tensor(x.elementType, shape: [batch, channels, history], doubles: present))]
  }
}
