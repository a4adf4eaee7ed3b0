import PortIR
import PortTarget

/// LSTM-22, gates in i, o, f, c order, peepholes P = [Pi, Po, Pf], optional input_forget coupling.
enum LSTMKernel: ReferenceKernel {
  static let opType = "LSTM"
  static func refusal(for node: Node, in graph: Graph) -> String? { Recurrent.refusal(for: node) }
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let coupled = node.int("input_forget", 0) != 0
    let peepholes = inputs.optionalTensor(7)?.doubles()
    return try Recurrent.run(node, inputs, gates: 4, defaults: ["Sigmoid", "Tanh", "Tanh"], hasCell: true) { setup, step in
      let w = setup.weights
      let d = step.direction
      let n = setup.hidden
      let (f, g, h) = (setup.activations[d][0], setup.activations[d][1], setup.activations[d][2])
      if let peepholes, peepholes.count != setup.directions * 3 * n {
        throw node.failure("P must be [\(setup.directions), \(3 * n)]")
      }
      func peephole(_ k: Int, _ j: Int) -> Double { peepholes.map { $0[(d * 3 + k) * n + j] } ?? 0 }
      func gate(_ index: Int) -> [Double] { zip(w.input(d, index, step.x), w.recurrent(d, index, step.h)).map(+) }
      let (gi, go, gf, gc) = (gate(0), gate(1), gate(2), gate(3))
      let i = Recurrent.clipped((0..<n).map { gi[$0] + peephole(0, $0) * step.c[$0] }, setup.clip).map(f)
      let forget = coupled
        ? i.map { 1 - $0 }
        : Recurrent.clipped((0..<n).map { gf[$0] + peephole(2, $0) * step.c[$0] }, setup.clip).map(f)
      let candidate = Recurrent.clipped(gc, setup.clip).map(g)
      let c = (0..<n).map { forget[$0] * step.c[$0] + i[$0] * candidate[$0] }
      let o = Recurrent.clipped((0..<n).map { go[$0] + peephole(1, $0) * c[$0] }, setup.clip).map(f)
      return ((0..<n).map { o[$0] * h(c[$0]) }, c)
    }
  }
}
