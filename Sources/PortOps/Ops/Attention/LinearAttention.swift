import PortIR

/// LinearAttention-27: query, key, value (B, T, H·D), past_state, decay, beta → output, present_state.
enum LinearAttention: OpDefinition {
  static let opType = "LinearAttention"
  static let signature = OpSignature(inputs: 3...6, outputs: 2...2)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let type = context.elementType(0) else { return }
    let qHeads = context.attribute("q_num_heads")?.int ?? 0
    let kvHeads = context.attribute("kv_num_heads")?.int ?? 0
    let stateType = context.has(3) ? (context.elementType(3) ?? type) : type
    guard let q = context.shape(0), let v = context.shape(2), q.rank == 3, v.rank == 3, qHeads > 0, kvHeads > 0 else {
      context.setOutput(0, .tensor(type, nil))
      context.setOutput(1, .tensor(stateType, nil))
      return
    }
    let dv = NNAdv.divided(v.dims[2], kvHeads)
    context.setOutput(0, .tensor(type, Shape([q.dims[0], q.dims[1], NNAdv.times(dv, qHeads)])))
    context.setOutput(1, .tensor(stateType, Shape([q.dims[0], .fixed(kvHeads), NNAdv.divided(q.dims[2], qHeads), dv])))
  }
}
