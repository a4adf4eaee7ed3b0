import PortIR

/// Canonical form: Attention-24 — Q, K, V, attn_mask, past_key, past_value, nonpad_kv_seqlen →
/// Y, present_key, present_value, qk_matmul_output. Attention-23 lacks only the last input.
enum Attention: OpDefinition {
  static let opType = "Attention"
  static let signature = OpSignature(inputs: 3...7, outputs: 1...4)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let type = context.elementType(0) else { return }
    let kvType = context.elementType(1) ?? type
    guard let q = context.shape(0), let k = context.shape(1), let v = context.shape(2) else {
      context.setOutput(0, .tensor(type, nil))
      return
    }
    guard q.rank == 3 || q.rank == 4, k.rank == q.rank, v.rank == q.rank else {
      throw context.error("Q, K and V must all be 3-D or all 4-D", code: .shapeMismatch)
    }
    let past = context.has(4) ? context.shape(4)?.dims[2] : .fixed(0)
    let kvSequence: Dim = q.rank == 4 ? k.dims[2] : k.dims[1]
    var total: Dim = .unknown
    if let p = past?.value, let s = kvSequence.value { total = .fixed(p + s) }
    else if past?.value == 0 { total = kvSequence }
    if q.rank == 4 {
      context.setOutput(0, .tensor(type, Shape([q.dims[0], q.dims[1], q.dims[2], v.dims[3]])))
      context.setOutput(1, .tensor(kvType, Shape([k.dims[0], k.dims[1], total, k.dims[3]])))
      context.setOutput(2, .tensor(kvType, Shape([v.dims[0], v.dims[1], total, v.dims[3]])))
      context.setOutput(3, .tensor(type, Shape([q.dims[0], q.dims[1], q.dims[2], total])))
    } else {
      let qHeads = context.attribute("q_num_heads")?.int
      let kvHeads = context.attribute("kv_num_heads")?.int
      guard let qHeads, let kvHeads, qHeads > 0, kvHeads > 0 else {
        throw context.error("3-D inputs need q_num_heads and kv_num_heads", code: .badAttribute)
      }
      let vHead = NNAdv.divided(v.dims[2], kvHeads)
      context.setOutput(0, .tensor(type, Shape([q.dims[0], q.dims[1], NNAdv.times(vHead, qHeads)])))
      context.setOutput(1, .tensor(kvType, Shape([k.dims[0], .fixed(kvHeads), total, NNAdv.divided(k.dims[2], kvHeads)])))
      context.setOutput(2, .tensor(kvType, Shape([v.dims[0], .fixed(kvHeads), total, vHead])))
      context.setOutput(3, .tensor(type, Shape([q.dims[0], .fixed(qHeads), q.dims[1], total])))
    }
  }
}
