import PortIR

/// Type and shape inference over the canonical IR for the standard operator set.
public enum Inference {
  /// Infers every value's type in `graph` (and its subgraphs), keeping declared types where
  /// inference knows less, and returns the graph with `types` filled in. Symbolic dims flow through;
  /// `bindings` resolves symbols to sizes (`batch` → 1) first.
  ///
  /// Nodes of unknown operators get unknown output types, unless declared.
  public static func run(_ graph: Graph, bindings: [String: Int] = [:]) throws -> Graph {
    var inferrer = Inferrer(bindings: bindings)
    return try inferrer.infer(graph, outer: [:], outerValues: [:])
  }

  /// Merges an inferred type with a declared one: the more specific of each, failing on conflicts.
  public static func merge(declared: ValueType, inferred: ValueType) -> ValueType? {
    switch (declared, inferred) {
    case (.unknown, _): return inferred
    case (_, .unknown): return declared
    case (.tensor(let a, let sa), .tensor(let b, let sb)):
      guard a == b else { return nil }
      guard let sa else { return inferred }
      guard let sb else { return declared }
      guard sa.rank == sb.rank else { return nil }
      var dims: [Dim] = []
      for (x, y) in zip(sa.dims, sb.dims) {
        switch (x, y) {
        case (.fixed(let p), .fixed(let q)): if p != q { return nil } else { dims.append(x) }
        case (.fixed, _): dims.append(x)
        case (_, .fixed): dims.append(y)
        case (.symbol, _): dims.append(x)
        default: dims.append(y)
        }
      }
      return .tensor(a, Shape(dims))
    case (.sequence(let a), .sequence(let b)):
      return merge(declared: a, inferred: b).map { .sequence($0) }
    case (.optional(let a), .optional(let b)):
      return merge(declared: a, inferred: b).map { .optional($0) }
    default:
      return declared == inferred ? declared : (declared.elementTypes == inferred.elementTypes ? declared : nil)
    }
  }
}

struct Inferrer {
  var bindings: [String: Int]
  var depth = 0

  mutating func infer(_ input: Graph, outer: [String: ValueType], outerValues: [String: KnownValue]) throws -> Graph {
    var graph = input
    var types = outer
    var values = outerValues
    for (name, type) in graph.types {
      types[name] = bind(type)
    }
    for (name, tensor) in graph.initializers {
      types[name] = tensor.valueType
      if tensor.count <= 64 { values[name] = .tensor(tensor) }
    }
    for node in graph.nodes {
      let inputTypes = node.inputs.map { $0.isEmpty ? ValueType.unknown : (types[$0] ?? .unknown) }
      let inputValues = node.inputs.map { $0.isEmpty ? nil : values[$0] }
      var outputs = node.outputs.map { graph.types[$0] ?? .unknown }
      var outputValues: [KnownValue?] = Array(repeating: nil, count: node.outputs.count)
      if let definition = OpRegistry.definition(for: node) {
        let scopeTypes = types
        let scopeValues = values
        let bindingsCopy = bindings
        var context = InferenceContext(node: node, inputTypes: inputTypes, inputValues: inputValues) {
          subgraph, subgraphInputs in
          var nested = Inferrer(bindings: bindingsCopy)
          var sub = subgraph
          for (name, type) in zip(sub.inputs, subgraphInputs) {
            if let merged = Inference.merge(declared: sub.types[name] ?? .unknown, inferred: type) {
              sub.types[name] = merged
            }
          }
          let result = try nested.infer(sub, outer: scopeTypes, outerValues: scopeValues)
          return result.outputs.map { result.types[$0] ?? .unknown }
        }
        do {
          try definition.infer(&context)
        } catch var failure as PortError {
          if failure.location.node == nil { failure.location.node = node.name }
          throw failure
        }
        for index in outputs.indices {
          guard let merged = Inference.merge(declared: outputs[index], inferred: context.outputTypes[index]) else {
            throw PortError(
              .typeMismatch,
              "\(node.qualifiedOpType): output '\(node.outputs[index])' is declared \(outputs[index]) but infers as \(context.outputTypes[index])",
              at: Location(node: node.name))
          }
          outputs[index] = merged
          outputValues[index] = context.outputValues[index]
        }
      }
      for (index, name) in node.outputs.enumerated() where !name.isEmpty {
        types[name] = outputs[index]
        if let value = outputValues[index] { values[name] = value }
        graph.types[name] = outputs[index]
      }
    }
    // Subgraph bodies get their own inference with the scope they see.
    for index in graph.nodes.indices {
      let node = graph.nodes[index]
      for key in node.attributes.keys.sorted() {
        guard let attribute = node.attributes[key] else { continue }
        switch attribute {
        case .graph(let subgraph):
          graph.nodes[index].attributes[key] = .graph(try inferNested(subgraph, types, values))
        case .graphs(let subgraphs):
          graph.nodes[index].attributes[key] = .graphs(try subgraphs.map { try inferNested($0, types, values) })
        default: break
        }
      }
    }
    for name in graph.inputs { graph.types[name] = types[name] ?? graph.types[name] }
    return graph
  }

  mutating func inferNested(_ graph: Graph, _ types: [String: ValueType], _ values: [String: KnownValue]) throws -> Graph {
    var nested = Inferrer(bindings: bindings, depth: depth + 1)
    var result = try nested.infer(graph, outer: types, outerValues: values)
    // Keep only this graph's own values in its table.
    result.types = result.types.filter { graph.types[$0.key] != nil || !types.keys.contains($0.key) }
    return result
  }

  func bind(_ type: ValueType) -> ValueType {
    guard !bindings.isEmpty else { return type }
    switch type {
    case .tensor(let element, let shape): return .tensor(element, shape?.binding(bindings))
    default: return type
    }
  }
}

extension Inference {
  /// Best-effort output types of one node from the types recorded in `graph` (no value
  /// propagation); nil when the op is unknown or inference fails. Used while rewriting, when the
  /// graph is not yet fully canonical.
  public static func outputTypes(of node: Node, in graph: Graph) -> [ValueType]? {
    guard let definition = OpRegistry.definition(for: node) else { return nil }
    let inputTypes = node.inputs.map { $0.isEmpty ? ValueType.unknown : graph.type(of: $0) }
    let inputValues: [KnownValue?] = node.inputs.map { name in
      guard let tensor = graph.initializers[name], tensor.count <= 64 else { return nil }
      return .tensor(tensor)
    }
    var context = InferenceContext(node: node, inputTypes: inputTypes, inputValues: inputValues) { _, _ in [] }
    do {
      try definition.infer(&context)
    } catch {
      return nil
    }
    return context.outputTypes
  }
}
