import PortIR

/// Inference helpers shared by the recurrent, attention, image, signal and detection operators.
enum NNAdv {
  /// A dim from an optional size.
  static func dim(_ size: Int?) -> Dim { size.map { .fixed($0) } ?? .unknown }

  /// A dim multiplied by an integer, symbolic dims becoming unknown.
  static func times(_ dim: Dim, _ factor: Int) -> Dim {
    if let v = dim.value { return .fixed(v * factor) }
    return factor == 1 ? dim : .unknown
  }

  /// A dim divided by an integer, when exact.
  static func divided(_ dim: Dim, _ divisor: Int) -> Dim {
    if let v = dim.value, divisor > 0 { return .fixed(v / divisor) }
    return divisor == 1 ? dim : .unknown
  }

  /// Moves an attribute's legacy value into a new constant input at `index`.
  static func setInput(_ node: inout Node, _ index: Int, _ name: String) {
    while node.inputs.count <= index { node.inputs.append("") }
    node.inputs[index] = name
  }
}

/// The shared form of RNN, GRU and LSTM.
enum RecurrentOps {
  /// Opset 1 had an `output_sequence` attribute; Y is simply an optional output since opset 7.
  static func canonicalize(_ node: Node) -> [Node] {
    var result = node
    result.attributes.removeValue(forKey: "output_sequence")
    return [result]
  }

  /// Y [seq, dirs, batch, hidden], Y_h and Y_c [dirs, batch, hidden]; batch-major with layout=1.
  static func infer(_ context: inout InferenceContext, outputs: Int) throws {
    try context.require(0, in: TypeSets.floats)
    try context.requireSameType([0, 1, 2])
    guard let type = context.elementType(0) else { return }
    let directions = context.string("direction", default: "forward") == "bidirectional" ? 2 : 1
    let layout = context.int("layout", default: 0)
    let hidden: Dim = context.attribute("hidden_size")?.int.map { .fixed($0) } ?? (context.shape(2)?.dims[2] ?? .unknown)
    guard let x = context.shape(0), x.rank == 3 else {
      for i in 0..<outputs { context.setOutput(i, .tensor(type, nil)) }
      return
    }
    let (sequence, batch) = layout == 0 ? (x.dims[0], x.dims[1]) : (x.dims[1], x.dims[0])
    let dirs: Dim = .fixed(directions)
    if layout == 0 {
      context.setOutput(0, .tensor(type, Shape([sequence, dirs, batch, hidden])))
      for i in 1..<outputs { context.setOutput(i, .tensor(type, Shape([dirs, batch, hidden]))) }
    } else {
      context.setOutput(0, .tensor(type, Shape([batch, sequence, dirs, hidden])))
      for i in 1..<outputs { context.setOutput(i, .tensor(type, Shape([batch, dirs, hidden]))) }
    }
  }
}

/// Shared inference of the window functions.
enum SignalOps {
  static func inferWindow(_ context: inout InferenceContext) throws {
    let type = ElementType(rawValue: context.int("output_datatype", default: 1)) ?? .float
    context.setOutput(0, .tensor(type, Shape([context.ints(0)?.first.map { .fixed($0) } ?? .unknown])))
  }
}

/// Shared inference of the training optimizers: after R and T come `groups` equal-length lists of
/// tensors; each output list has the types of the input list it updates.
enum TrainingOps {
  static func infer(_ context: inout InferenceContext, groups: Int) throws {
    let n = (context.inputCount - 2) / groups
    guard n > 0, (context.inputCount - 2) % groups == 0 else {
      throw context.error("expects R, T and \(groups) lists of the same length", code: .badArity)
    }
    let updated = groups == 2 ? [0, 1] : (groups == 3 ? [0, 2] : [0, 2, 3])
    for (k, group) in updated.enumerated() {
      for i in 0..<n { context.setOutput(k * n + i, context.type(2 + group * n + i)) }
    }
  }
}
