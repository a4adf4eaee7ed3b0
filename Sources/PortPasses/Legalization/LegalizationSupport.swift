import PortIR
import PortInterpreter
import PortOps

/// Checks the legalization rules share.
public enum Legalization {
  /// Whether a node is of the standard (ai.onnx) domain, the only one the rules rewrite.
  static func isStandard(_ node: Node) -> Bool { node.domain.isEmpty || node.domain == "ai.onnx" }

  /// The single output of a one-output node, or nil.
  static func soleOutput(_ node: Node) -> String? {
    node.outputs.count == 1 && !node.outputs[0].isEmpty ? node.outputs[0] : nil
  }

  /// The float element type (float, double, float16, bfloat16) of a value, when known.
  static func floatType(_ value: String, in graph: Graph) -> ElementType? {
    guard let type = graph.type(of: value).elementType, PassSupport.isFloat(type) else { return nil }
    return type
  }

  /// The constant behind a value (an initializer the caller cannot override).
  static func constant(_ value: String, in graph: Graph) -> Tensor? { PassSupport.constant(value, in: graph) }

  /// The index of the only node reading `value`, when nothing else (no graph output, no subgraph) does.
  static func soleReader(of value: String, in graph: Graph) -> Int? {
    guard !graph.outputs.contains(value), let readers = graph.consumers[value], readers.count == 1,
      graph.nodes[readers[0]].inputs.filter({ $0 == value }).count >= 1
    else { return nil }
    return readers[0]
  }

  /// The producer of `value` when `reader` is its only reader, so both can merge.
  static func soleProducer(of value: String, readBy reader: Int, in graph: Graph) -> Int? {
    guard let producer = graph.producers[value], soleReader(of: value, in: graph) == reader else { return nil }
    return producer
  }

  /// The shape of a value, when its rank is known.
  static func shape(_ value: String, in graph: Graph) -> Shape? { graph.type(of: value).shape }

  /// A Reshape target for `shape` when at most one dimension is not fixed (it becomes -1); nil otherwise.
  /// A zero dimension is only expressible with `allowzero`, returned alongside.
  static func reshapeTarget(_ shape: Shape) -> (dims: [Int], allowZero: Bool)? {
    var dims: [Int] = []
    var unknown = 0
    for dim in shape.dims {
      if let size = dim.value {
        dims.append(size)
      } else {
        unknown += 1
        dims.append(-1)
      }
    }
    guard unknown <= 1 else { return nil }
    let hasZero = dims.contains(0)
    // -1 with a zero dimension is ambiguous (ONNX rejects it).
    if hasZero && unknown > 0 { return nil }
    return (dims, hasZero)
  }

  /// The attributes a float activation reads, with a default.
  static func float(_ node: Node, _ name: String, _ fallback: Float) -> Double {
    Double(node[attribute: name]?.float ?? fallback)
  }

  /// The input, output and float type of a one-input, one-output float node, or nil.
  static func unaryFloat(_ node: Node, in graph: Graph) -> (x: String, y: String, type: ElementType)? {
    guard isStandard(node), let x = node.input(0), let y = soleOutput(node), let type = floatType(x, in: graph) else {
      return nil
    }
    return (x, y, type)
  }

  static let notUnaryFloat = "needs a float input of known type and one output"

  /// Runs one op on constants with the reference interpreter, so folding keeps the op's exact semantics.
  static func evaluate(_ opType: String, _ inputs: [Tensor], _ attributes: [String: Attribute] = [:], opset: Int) -> Tensor? {
    let node = Node(
      name: "fold", opType: opType, inputs: inputs.indices.map { "in\($0)" }, outputs: ["out"], attributes: attributes,
      opsetVersion: opset)
    let values: [HostValue?] = inputs.map { .tensor($0) }
    guard let results = try? Interpreter.runNode(node, in: Graph(), values),
      let first = results.first, let tensor = first?.tensor
    else { return nil }
    return tensor
  }
}
