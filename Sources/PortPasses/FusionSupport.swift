import Foundation
import PortIR
import PortOps

/// Helpers the pattern-recognition and fusion passes share: matching standard ops, single readers,
/// scalar constants, fusable activations.
enum FusionSupport {
  /// Whether `node` is the standard (ai.onnx) operator `opType`.
  static func isStandard(_ node: Node, _ opType: String) -> Bool {
    node.opType == opType && (node.domain.isEmpty || node.domain == "ai.onnx")
  }

  /// The index of the only node reading `value`, when exactly one node reads it as a plain input
  /// (not from a subgraph, not twice) and it is not a graph output: then the value may vanish into a fusion.
  static func soleReader(of value: String, _ graph: Graph, _ consumers: [String: [Int]]) -> Int? {
    guard !value.isEmpty, !graph.outputs.contains(value), let readers = consumers[value], readers.count == 1 else {
      return nil
    }
    let reader = graph.nodes[readers[0]]
    guard reader.subgraphs.isEmpty, reader.inputs.filter({ $0 == value }).count == 1 else { return nil }
    return readers[0]
  }

  /// The single element of a constant, as Double.
  static func scalar(_ name: String, in graph: Graph) -> Double? {
    guard let tensor = PassSupport.constant(name, in: graph), tensor.count == 1, tensor.elementType != .string else {
      return nil
    }
    return tensor.doubles().first
  }

  /// Whether a constant holds one element within `tolerance` (relative) of `value`.
  static func isScalar(_ name: String, _ value: Double, in graph: Graph, tolerance: Double = 1e-6) -> Bool {
    guard let found = scalar(name, in: graph) else { return false }
    return abs(found - value) <= tolerance * max(1, abs(value))
  }

  /// The other input of a two-input node, given one of them.
  static func otherInput(_ node: Node, than value: String) -> String? {
    guard node.inputs.count == 2 else { return nil }
    if node.inputs[0] == value { return node.inputs[1] }
    if node.inputs[1] == value { return node.inputs[0] }
    return nil
  }

  /// The activation a fused op can absorb from `node` (name and `activation_params`, see `FusedOps`),
  /// or nil. `gelu` allows Gelu (exact form).
  static func activation(_ node: Node, in graph: Graph, gelu: Bool) -> (name: String, params: [Float])? {
    guard node.domain.isEmpty || node.domain == "ai.onnx", node.outputs.count == 1, !node.outputs[0].isEmpty,
      node.input(0) != nil
    else { return nil }
    switch node.opType {
    case "Relu", "Sigmoid", "Tanh", "HardSwish":
      return node.inputs.count == 1 ? (node.opType, []) : nil
    case "LeakyRelu":
      return (node.opType, [node[attribute: "alpha"]?.float ?? 0.01])
    case "HardSigmoid":
      return (node.opType, [node[attribute: "alpha"]?.float ?? 0.2, node[attribute: "beta"]?.float ?? 0.5])
    case "Gelu":
      guard gelu, (node[attribute: "approximate"]?.string ?? "none") == "none" else { return nil }
      return (node.opType, [])
    case "Clip":
      // Bounds must be constants (omitted = unbounded).
      var bounds: [Float] = [-.infinity, .infinity]
      for i in 1..<3 where node.input(i) != nil {
        guard let name = node.input(i), let value = scalar(name, in: graph) else { return nil }
        bounds[i - 1] = Float(value)
      }
      return (node.opType, bounds)
    default:
      return nil
    }
  }

  /// The attributes recording an absorbed activation.
  static func activationAttributes(_ activation: (name: String, params: [Float])) -> [String: Attribute] {
    var attributes: [String: Attribute] = ["activation": .string(activation.name)]
    if !activation.params.isEmpty { attributes["activation_params"] = .floats(activation.params) }
    return attributes
  }

  /// Whether a value is a floating-point tensor (fused ops compute floats only).
  static func isFloatTensor(_ name: String, in graph: Graph) -> Bool {
    guard let type = graph.type(of: name).elementType else { return false }
    return PassSupport.isFloat(type)
  }

  /// Replaces the chain `indices` (the last of which produces the result) by `fused`, put where the
  /// last one was: every input of the chain is defined before it, and its readers come after.
  static func replace(_ indices: [Int], by fused: Node, in graph: inout Graph) {
    guard let last = indices.max() else { return }
    graph.nodes[last] = fused
    for index in indices.filter({ $0 != last }).sorted(by: >) {
      for output in graph.nodes[index].outputs where !output.isEmpty { graph.types[output] = nil }
      graph.nodes.remove(at: index)
    }
  }
}

extension FusionSupport {
  /// Whether two values are tensors of one element type and the same shape, every dimension known
  /// or the same symbol (so adding them broadcasts nothing).
  static func sameShape(_ a: String, _ b: String, in graph: Graph) -> Bool {
    guard case .tensor(let ta, let sa?) = graph.type(of: a), case .tensor(let tb, let sb?) = graph.type(of: b),
      ta == tb, sa == sb
    else { return false }
    return !sa.dims.contains(.unknown)
  }

  /// A constant added to a result of rank `rank` whose axis `axis` has `size` elements, that holds
  /// one value per element of that axis (or a single value) and broadcasts without growing the
  /// result: the values as a 1-D [size] tensor of `elementType`.
  static func perAxisConstant(
    _ name: String, axis: Int, size: Int, rank: Int, elementType: ElementType, in graph: Graph
  ) -> Tensor? {
    guard let tensor = PassSupport.constant(name, in: graph), tensor.elementType == elementType,
      tensor.rank <= rank
    else { return nil }
    if tensor.count == 1 {
      return Tensor(elementType, shape: [size], doubles: Array(repeating: tensor.doubles()[0], count: size))
    }
    // Aligned to the result's trailing axes, as broadcasting reads it.
    let offset = rank - tensor.rank
    for (position, extent) in tensor.shape.enumerated() {
      let expected = position + offset == axis ? size : 1
      guard extent == expected else { return nil }
    }
    return Tensor(elementType, shape: [size], bytes: tensor.bytes)
  }
}
