import Foundation
import PortIR
import PortTarget

/// FlexAttention (ai.onnx.preview): softmax(score_mod(scale · QKᵀ)), then prob_mod, times V; the
/// mod graphs see the scores in the softmax precision (float32 for 16-bit inputs).
enum FlexAttentionKernel: ReferenceKernel {
  static let opType = "FlexAttention"
  static let domain = "ai.onnx.preview"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let qT = try inputs.tensor(0, of: node)
    let kT = try inputs.tensor(1, of: node)
    let vT = try inputs.tensor(2, of: node)
    guard qT.rank == 4, kT.rank == 4, vT.rank == 4 else { throw node.failure("Q, K and V must be 4-D") }
    let (batch, qHeads, l, e) = (qT.shape[0], qT.shape[1], qT.shape[2], qT.shape[3])
    let (kvHeads, s) = (kT.shape[1], kT.shape[2])
    let ev = vT.shape[3]
    guard vT.shape[1] == kvHeads, vT.shape[2] == s, kT.shape[3] == e, kvHeads > 0, qHeads % kvHeads == 0 else {
      throw node.failure("Q \(qT.shape), K \(kT.shape) and V \(vT.shape) do not fit together")
    }
    let q = try NNAdvKernels.floating(qT, node, "Q")
    let k = try NNAdvKernels.floating(kT, node, "K")
    let v = try NNAdvKernels.floating(vT, node, "V")
    let scale = node.attributes["scale"]?.float.map(Double.init) ?? 1 / Double(e).squareRoot()
    let computeType: ElementType
    if let precision = node.attributes["softmax_precision"]?.int, let type = ElementType(rawValue: precision) {
      computeType = type
    } else {
      computeType = qT.elementType == .double ? .double : .float
    }
    let group = qHeads / kvHeads
    let shape = [batch, qHeads, l, s]
    var scores = [Double](repeating: 0, count: batch * qHeads * l * s)
    for b in 0..<batch {
      for h in 0..<qHeads {
        for i in 0..<l {
          for j in 0..<s {
            let qBase = ((b * qHeads + h) * l + i) * e
            let kBase = ((b * kvHeads + h / group) * s + j) * e
            var sum = 0.0
            for d in 0..<e { sum += q[qBase + d] * k[kBase + d] }
            scores[((b * qHeads + h) * l + i) * s + j] = sum * scale
          }
        }
      }
    }
    func modify(_ attribute: String, _ values: [Double]) throws -> [Double] {
      guard let graph = node.attributes[attribute]?.graph else { return values }
      let result = try context.runSubgraph(graph, [.tensor(Tensor(computeType, shape: shape, doubles: values))])
      guard result.count == 1, let tensor = result[0].tensor, tensor.count == values.count else {
        throw node.failure("\(attribute) must return one tensor of shape \(shape)")
      }
      return tensor.doubles()
    }
    scores = try modify("score_mod", scores)
    NNAdvKernels.softmaxRows(&scores, rowLength: s)
    scores = try modify("prob_mod", scores)
    var y = [Double](repeating: 0, count: batch * qHeads * l * ev)
    for b in 0..<batch {
      for h in 0..<qHeads {
        for i in 0..<l {
          let row = ((b * qHeads + h) * l + i) * s
          let out = ((b * qHeads + h) * l + i) * ev
          for j in 0..<s {
            let vBase = ((b * kvHeads + h / group) * s + j) * ev
            for d in 0..<ev { y[out + d] += scores[row + j] * v[vBase + d] }
          }
        }
      }
    }
    return [.tensor(Tensor(vT.elementType, shape: [batch, qHeads, l, ev], doubles: y))]
  }
}
