import PortIR
import PortInterpreter
import PortOps

/// Helpers the integer kernels share.
enum QuantSupport {
  /// The static shape of a float tensor value (or constant), or nil.
  static func floatShape(_ value: String, _ graph: Graph) -> [Int]? {
    if let constant = graph.initializers[value] { return constant.elementType.isFloatingPoint ? constant.shape : nil }
    guard case .tensor(let type, let shape) = graph.type(of: value), type.isFloatingPoint else { return nil }
    return shape?.fixedSizes
  }

  /// The common refusal: the listed inputs (default: all present ones) and every output must be float
  /// tensors of static shape.
  static func staticFloatRefusal(_ node: Node, _ graph: Graph, inputs: [Int]? = nil) -> String? {
    let positions = inputs ?? Array(node.inputs.indices)
    for i in positions {
      guard let name = node.input(i) else { continue }
      if floatShape(name, graph) == nil { return "input '\(name)' is not a float tensor of static shape" }
    }
    for name in node.outputs where !name.isEmpty {
      if floatShape(name, graph) == nil { return "output '\(name)' is not a float tensor of static shape" }
    }
    return nil
  }

  /// Clip's bounds when constant (absent = unbounded).
  static func clipBounds(_ node: Node, _ graph: Graph) -> (lo: Double, hi: Double)? {
    var lo = -Double.infinity
    var hi = Double.infinity
    if let name = node.input(1) {
      guard let value = graph.initializers[name]?.scalarDouble else { return nil }
      lo = value
    }
    if let name = node.input(2) {
      guard let value = graph.initializers[name]?.scalarDouble else { return nil }
      hi = value
    }
    return (lo, hi)
  }

  /// A node's window geometry from static shapes, or a failure naming it.
  static func geometry(_ node: Node, input: [Int], kernel: [Int]) throws -> NNCore.Geometry {
    do {
      return try NNCore.Geometry(node, input: input, kernel: kernel)
    } catch {
      throw PortError(.unsupported, "\(node.opType): \(error.description)", at: Location(node: node.name))
    }
  }

  /// q − zero of `from`, rescaled to `to`: zero_to + round(M · (q − zero_from)), clamped to `clamp`.
  static func requantize(_ values: [Int32], from: QuantParameters, to: QuantParameters) -> [Int32] {
    if from == to { return values }
    let m = FixedPoint.quantize(Double(from.scale) / Double(to.scale))
    return requantize(values, zero: from.zeroPoint, m, output: to.zeroPoint, lo: to.qmin, hi: to.qmax)
  }

  static func requantize(
    _ values: [Int32], zero: Int32, _ m: FixedPoint.Multiplier, output: Int32, lo: Int32, hi: Int32
  ) -> [Int32] {
    values.map { q in
      let v = FixedPoint.multiply(q &- zero, m) &+ output
      return min(hi, max(lo, v))
    }
  }

  /// acc / count, rounded half away from zero (TFLite's average pooling).
  @inline(__always)
  static func roundedDivide(_ acc: Int32, _ count: Int32) -> Int32 {
    acc >= 0 ? (acc + count / 2) / count : (acc - count / 2) / count
  }

  /// A multiplier from a real ratio, as two Int32 values (multiplier, shift) for a blob.
  static func multipliers(_ reals: [Double]) -> (multipliers: [Int32], shifts: [Int32]) {
    let m = reals.map(FixedPoint.quantize)
    return (m.map(\.multiplier), m.map(\.shift))
  }

  /// Normalized axis, or a failure.
  static func axis(_ axis: Int, rank: Int, _ node: Node) throws -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    guard normalized >= 0, normalized < max(rank, 1) else {
      throw PortError(.unsupported, "\(node.opType): axis \(axis) is out of range for rank \(rank)", at: Location(node: node.name))
    }
    return normalized
  }
}

extension QuantSupport {
  /// Maps each element of `shape` to an element of `operand` by NumPy broadcasting (nil when the
  /// shapes are equal: the identity).
  static func broadcastMap(_ operand: [Int], to shape: [Int]) -> [Int]? {
    operand == shape ? nil : Indexing.broadcastMap(from: operand, to: shape)
  }

  /// The common refusal of binary elementwise ops: static float operands (constants allowed) whose
  /// shapes broadcast to the output's.
  static func binaryRefusal(_ node: Node, _ graph: Graph) -> String? {
    guard node.inputs.count == 2 else { return "takes exactly two operands here" }
    if let reason = staticFloatRefusal(node, graph) { return reason }
    guard let a = floatShape(node.inputs[0], graph), let b = floatShape(node.inputs[1], graph),
      let y = floatShape(node.outputs[0], graph), canBroadcast(a, to: y), canBroadcast(b, to: y)
    else { return "operands do not broadcast to the output" }
    return nil
  }

  static func canBroadcast(_ a: [Int], to y: [Int]) -> Bool {
    guard a.count <= y.count else { return false }
    return zip(a.reversed(), y.reversed()).allSatisfy { $0 == $1 || $0 == 1 }
  }

  /// Runs `combine(qa − za, qb − zb)` over the broadcast output, then adds `zero` and clamps.
  static func binary(
    _ step: QuantizedStep, _ inputs: [QTensor], _ combine: (Int32, Int32) -> Int32
  ) throws -> [QTensor] {
    let a = try step.input(inputs, 0)
    let b = try step.input(inputs, 1)
    let shape = try step.ints("shape")
    let clamp = try step.ints("clamp")
    let output = try step.output(0)
    guard canBroadcast(a.shape, to: shape), canBroadcast(b.shape, to: shape) else {
      throw step.failure("operands \(a.shape) and \(b.shape) do not broadcast to \(shape)")
    }
    let ia = broadcastMap(a.shape, to: shape)
    let ib = broadcastMap(b.shape, to: shape)
    let (za, zb) = (a.parameters.zeroPoint, b.parameters.zeroPoint)
    let (lo, hi) = (Int32(clamp[0]), Int32(clamp[1]))
    let count = shape.reduce(1, *)
    var y = [Int32](repeating: 0, count: count)
    for i in 0..<count {
      let va = a.values[ia?[i] ?? i] &- za
      let vb = b.values[ib?[i] ?? i] &- zb
      y[i] = min(hi, max(lo, combine(va, vb) &+ output.zeroPoint))
    }
    return [QTensor(shape: shape, values: y, parameters: output)]
  }
}

extension QuantSupport {
  /// A step whose output keeps its input's parameters (data movement, selection, clamps).
  static func passThrough(
    _ node: Node, _ context: inout PreparationContext, kernel: String, ints: [String: [Int]] = [:]
  ) throws -> QuantizedStep {
    let input = try context.activation(node.inputs[0])
    guard let shape = context.shape(node.outputs[0]) else { throw node.failure("output shape is not static") }
    var all = ints
    all["shape"] = shape
    return QuantizedStep(
      kernel: kernel, node: node, inputs: [node.inputs[0]], outputs: [node.outputs[0]], ints: all,
      outputParameters: [input])
  }

  /// The same values under the planned output shape.
  static func reshaped(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    var x = try step.input(inputs, 0)
    let shape = try step.ints("shape")
    guard shape.reduce(1, *) == x.count else { throw step.failure("cannot reshape \(x.shape) to \(shape)") }
    x.shape = shape
    return [x]
  }

  /// ReLU and Clip alone: a clamp at the quantized bounds, parameters unchanged.
  static func clampStep(
    _ node: Node, _ context: inout PreparationContext, kernel: String, lo: Double, hi: Double
  ) throws -> QuantizedStep {
    let input = try context.activation(node.inputs[0])
    var bounds = [Int(input.qmin), Int(input.qmax)]
    if lo.isFinite { bounds[0] = max(bounds[0], Int(input.quantize(lo))) }
    if hi.isFinite { bounds[1] = min(bounds[1], Int(input.quantize(hi))) }
    return try passThrough(node, &context, kernel: kernel, ints: ["clamp": bounds])
  }

  static func clamped(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    var x = try step.input(inputs, 0)
    let clamp = try step.ints("clamp")
    let (lo, hi) = (Int32(clamp[0]), Int32(clamp[1]))
    x.values = x.values.map { min(hi, max(lo, $0)) }
    return [x]
  }
}
