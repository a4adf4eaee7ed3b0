import PortIR

/// Folds a model's own QuantizeLinear → DequantizeLinear pairs (the QDQ format) into quantization
/// parameters, so those scales and zero points are kept instead of calibrated:
/// - `x → QuantizeLinear(s, z) → DequantizeLinear → …`: readers read x, and x gets (s, z);
/// - `DequantizeLinear(constant int weights, s, z, axis)`: a float constant (what the pair means), and
///   the integer weights with their scales are kept for the kernel (when int8 with zero point 0).
enum QDQFolding {
  struct Weights {
    var values: [Int32]
    var scales: [Float]
    var axis: Int
  }

  static func refusal(for node: Node, in graph: Graph) -> String? {
    guard let scaleName = node.input(1), let scale = graph.initializers[scaleName] else {
      return "its scale is not a constant"
    }
    if let zero = node.input(2), graph.initializers[zero] == nil { return "its zero point is not a constant" }
    if node.int("block_size", 0) != 0 { return "blocked quantization is not supported" }
    if node.opType == "QuantizeLinear" {
      guard scale.count == 1 else { return "activations are quantized per tensor only" }
      let readers = graph.consumers[node.outputs[0]] ?? []
      guard !readers.isEmpty, !graph.outputs.contains(node.outputs[0]),
        readers.allSatisfy({ graph.nodes[$0].opType == "DequantizeLinear" })
      else { return "a QuantizeLinear is folded only when DequantizeLinear nodes alone read it" }
      guard let type = outputType(node, graph), type == .int8 || type == .uint8 else {
        return "only int8 and uint8 quantization is supported"
      }
      return nil
    }
    if let input = node.input(0), let constant = graph.initializers[input] {
      return [.int8, .uint8, .int32].contains(constant.elementType) ? nil : "constant of \(constant.elementType)"
    }
    guard scale.count == 1 else { return "activations are dequantized per tensor only" }
    guard let input = node.input(0), let producer = graph.producers[input],
      graph.nodes[producer].opType == "QuantizeLinear"
    else { return "a DequantizeLinear is folded only after a QuantizeLinear or on constant weights" }
    if graph.outputs.contains(node.outputs[0]) { return "the region output is a DequantizeLinear" }
    return nil
  }

  /// The integer type a QuantizeLinear produces: its zero point's, else `output_dtype`, else uint8.
  static func outputType(_ node: Node, _ graph: Graph) -> ElementType? {
    if let zero = node.input(2), let tensor = graph.initializers[zero] { return tensor.elementType }
    if let dtype = node.attributes["output_dtype"]?.int, dtype != 0 { return ElementType(rawValue: dtype) }
    return .uint8
  }

  static func run(_ graph: Graph) throws -> (
    graph: Graph, activations: [String: QuantParameters], weights: [String: Weights]
  ) {
    guard graph.nodes.contains(where: { $0.opType == "QuantizeLinear" || $0.opType == "DequantizeLinear" }) else {
      return (graph, [:], [:])
    }
    var result = graph
    var activations: [String: QuantParameters] = [:]
    var weights: [String: Weights] = [:]
    var rename: [String: String] = [:]
    var dropped = Set<Int>()
    let producers = graph.producers
    for (index, node) in graph.nodes.enumerated() {
      guard node.opType == "QuantizeLinear" || node.opType == "DequantizeLinear" else { continue }
      if let reason = refusal(for: node, in: graph) {
        throw PortError(.unsupported, "\(node.opType) cannot be folded: \(reason)", at: Location(node: node.name))
      }
      guard let scaleName = node.input(1), let scaleTensor = graph.initializers[scaleName] else { continue }
      let scales = scaleTensor.doubles().map(Float.init)
      let zeros = node.input(2).flatMap { graph.initializers[$0]?.int64s() } ?? Array(repeating: 0, count: scales.count)
      dropped.insert(index)
      if node.opType == "QuantizeLinear" {
        guard let type = outputType(node, graph), let input = node.input(0) else { continue }
        let parameters = QuantParameters(
          scale: scales[0], zeroPoint: Int32(zeros.first ?? 0), type: type == .int8 ? .int8 : .uint8)
        if activations[input] == nil { activations[input] = parameters }
        continue
      }
      guard let input = node.input(0) else { continue }
      if let constant = graph.initializers[input] {
        // Constant weights: the float values they stand for, and the integers kept.
        let axis = constant.rank == 0 ? 0 : (node.int("axis", 1) + constant.rank) % constant.rank
        let q = constant.int64s()
        let channels = scales.count
        let inner = constant.rank == 0 ? 1 : constant.shape[(axis + 1)...].reduce(1, *)
        let real = q.enumerated().map { i, v -> Double in
          let c = channels == 1 ? 0 : (i / inner) % channels
          return Double(scales[c]) * Double(v - zeros[min(c, zeros.count - 1)])
        }
        let output = node.outputs[0]
        let floatType = graph.type(of: output).elementType ?? .float
        result.initializers[output] = Tensor(floatType, shape: constant.shape, doubles: real)
        if constant.elementType == .int8, zeros.allSatisfy({ $0 == 0 }) {
          weights[output] = Weights(values: q.map { Int32($0) }, scales: scales, axis: axis)
        }
        continue
      }
      // DequantizeLinear after a QuantizeLinear: readers read the QuantizeLinear's input.
      if let producer = producers[input], let source = graph.nodes[producer].input(0) {
        rename[node.outputs[0]] = source
      }
    }
    result.nodes = graph.nodes.enumerated().filter { !dropped.contains($0.offset) }.map { _, node in
      var node = node
      node.inputs = node.inputs.map { rename[$0] ?? $0 }
      return node
    }
    return (result, activations, weights)
  }
}
