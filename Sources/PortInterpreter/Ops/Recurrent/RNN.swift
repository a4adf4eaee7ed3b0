import PortIR
import PortTarget

/// RNN-22: Hₜ = f(W xₜ + R Hₜ₋₁ + Wb + Rb).
enum RNNKernel: ReferenceKernel {
  static let opType = "RNN"
  static func refusal(for node: Node, in graph: Graph) -> String? { Recurrent.refusal(for: node) }
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try Recurrent.run(node, inputs, gates: 1, defaults: ["Tanh"], hasCell: false) { setup, step in
      let w = setup.weights
      let a = w.input(step.direction, 0, step.x)
      let r = w.recurrent(step.direction, 0, step.h)
      let f = setup.activations[step.direction][0]
      return (Recurrent.clipped(zip(a, r).map(+), setup.clip).map(f), [])
    }
  }
}
