import PortIR
import PortTarget

/// GRU-22, gates in z, r, h order; linear_before_reset applies the reset gate after R·H + Rb.
enum GRUKernel: ReferenceKernel {
  static let opType = "GRU"
  static func refusal(for node: Node, in graph: Graph) -> String? { Recurrent.refusal(for: node) }
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let linearBeforeReset = node.int("linear_before_reset", 0) != 0
    return try Recurrent.run(node, inputs, gates: 3, defaults: ["Sigmoid", "Tanh"], hasCell: false) { setup, step in
      let w = setup.weights
      let d = step.direction
      let (f, g) = (setup.activations[d][0], setup.activations[d][1])
      let z = Recurrent.clipped(zip(w.input(d, 0, step.x), w.recurrent(d, 0, step.h)).map(+), setup.clip).map(f)
      let r = Recurrent.clipped(zip(w.input(d, 1, step.x), w.recurrent(d, 1, step.h)).map(+), setup.clip).map(f)
      let xh = w.input(d, 2, step.x)
      let hh: [Double]
      if linearBeforeReset {
        let rh = w.recurrent(d, 2, step.h)
        hh = (0..<setup.hidden).map { xh[$0] + r[$0] * rh[$0] }
      } else {
        let rh = w.recurrent(d, 2, zip(r, step.h).map(*))
        hh = zip(xh, rh).map(+)
      }
      let candidate = Recurrent.clipped(hh, setup.clip).map(g)
      return ((0..<setup.hidden).map { (1 - z[$0]) * candidate[$0] + z[$0] * step.h[$0] }, [])
    }
  }
}
