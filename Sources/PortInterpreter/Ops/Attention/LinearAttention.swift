import Foundation
import PortIR
import PortTarget

/// LinearAttention-27: a recurrent state S (d_k × d_v per kv head) updated token by token —
/// linear (S += k vᵀ), gated (S ← exp(g) S first), delta (v ← β (v − Sᵀk)), or both — and read as
/// scale · qᵀS, query heads sharing kv heads in groups.
enum LinearAttentionKernel: ReferenceKernel {
  static let opType = "LinearAttention"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let qT = try inputs.tensor(0, of: node)
    let kT = try inputs.tensor(1, of: node)
    let vT = try inputs.tensor(2, of: node)
    let rule = node.string("update_rule", "gated_delta")
    guard ["linear", "gated", "delta", "gated_delta"].contains(rule) else {
      throw node.failure("update_rule '\(rule)' is not supported")
    }
    let qHeads = node.int("q_num_heads", 0)
    let kvHeads = node.int("kv_num_heads", 0)
    guard qHeads > 0, kvHeads > 0, qHeads % kvHeads == 0 else {
      throw node.failure("q_num_heads must be a positive multiple of kv_num_heads")
    }
    guard qT.rank == 3, kT.rank == 3, vT.rank == 3 else { throw node.failure("query, key and value must be 3-D") }
    let gating = rule == "gated" || rule == "gated_delta"
    let delta = rule == "delta" || rule == "gated_delta"
    let decayT = inputs.optionalTensor(4)
    let betaT = inputs.optionalTensor(5)
    guard gating == (decayT != nil) else { throw node.failure("update_rule '\(rule)' \(gating ? "requires" : "forbids") decay") }
    guard delta == (betaT != nil) else { throw node.failure("update_rule '\(rule)' \(delta ? "requires" : "forbids") beta") }
    guard qT.shape[2] % qHeads == 0, vT.shape[2] % kvHeads == 0 else {
      throw node.failure("hidden sizes must divide by q_num_heads and kv_num_heads")
    }
    let (b, t) = (qT.shape[0], qT.shape[1])
    let dk = qT.shape[2] / qHeads
    let dv = vT.shape[2] / kvHeads
    let group = qHeads / kvHeads
    guard kT.shape[2] == kvHeads * dk, kT.shape[0] == b, vT.shape[0] == b, kT.shape[1] == t, vT.shape[1] == t else {
      throw node.failure("query, key and value shapes do not fit")
    }
    let q = try NNAdvKernels.floating(qT, node, "query")
    let k = try NNAdvKernels.floating(kT, node, "key")
    let v = try NNAdvKernels.floating(vT, node, "value")
    let decay = decayT?.doubles()
    let decayLast = decayT?.shape.last ?? 0
    if let decayT {
      guard decayT.rank == 3, decayLast == kvHeads || decayLast == kvHeads * dk else {
        throw node.failure("decay must be (B, T, kv_num_heads) or (B, T, kv_num_heads·d_k)")
      }
    }
    let beta = betaT?.doubles()
    let betaLast = betaT?.shape.last ?? 0
    if let betaT {
      guard betaT.rank == 3, betaLast == kvHeads || betaLast == 1 else {
        throw node.failure("beta must be (B, T, kv_num_heads) or (B, T, 1)")
      }
    }
    let pastT = inputs.optionalTensor(3)
    var state = [Double](repeating: 0, count: b * kvHeads * dk * dv)
    if let pastT {
      guard pastT.shape == [b, kvHeads, dk, dv] else { throw node.failure("past_state must be [\(b), \(kvHeads), \(dk), \(dv)]") }
      state = pastT.doubles()
    }
    let scaleAttribute = Double(node.float("scale", 0))
    let scale = scaleAttribute == 0 ? 1 / Double(dk).squareRoot() : scaleAttribute
    var output = [Double](repeating: 0, count: b * t * qHeads * dv)
    var vt = [Double](repeating: 0, count: dv)
    for bi in 0..<b {
      for i in 0..<t {
        for h in 0..<kvHeads {
          let s0 = (bi * kvHeads + h) * dk * dv
          let kBase = (bi * t + i) * kvHeads * dk + h * dk
          let vBase = (bi * t + i) * kvHeads * dv + h * dv
          if let decay {
            for d in 0..<dk {
              let g = decayLast == kvHeads ? decay[(bi * t + i) * kvHeads + h] : decay[(bi * t + i) * kvHeads * dk + h * dk + d]
              let factor = Foundation.exp(g)
              for m in 0..<dv { state[s0 + d * dv + m] *= factor }
            }
          }
          for m in 0..<dv { vt[m] = v[vBase + m] }
          if let beta {
            let bv = beta[(bi * t + i) * betaLast + (betaLast == 1 ? 0 : h)]
            for m in 0..<dv {
              var retrieved = 0.0
              for d in 0..<dk { retrieved += state[s0 + d * dv + m] * k[kBase + d] }
              vt[m] = bv * (vt[m] - retrieved)
            }
          }
          for d in 0..<dk {
            for m in 0..<dv { state[s0 + d * dv + m] += k[kBase + d] * vt[m] }
          }
        }
        for h in 0..<qHeads {
          let s0 = (bi * kvHeads + h / group) * dk * dv
          let qBase = (bi * t + i) * qHeads * dk + h * dk
          let oBase = (bi * t + i) * qHeads * dv + h * dv
          for m in 0..<dv {
            var sum = 0.0
            for d in 0..<dk { sum += q[qBase + d] * state[s0 + d * dv + m] }
            output[oBase + m] = scale * sum
          }
        }
      }
    }
    return [
      .tensor(Tensor(qT.elementType, shape: [b, t, qHeads * dv], doubles: output)),
      .tensor(Tensor(pastT?.elementType ?? qT.elementType, shape: [b, kvHeads, dk, dv], doubles: state)),
    ]
  }
}
