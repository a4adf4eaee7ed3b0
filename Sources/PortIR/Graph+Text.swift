/// A readable textual form of the IR, close to ONNX's own text syntax:
///
///     graph main (x: float[N,3,224,224]) -> (y: float[N,1000]) {
///       const w: float[64,3,7,7]
///       conv1: t1 = Conv(x, w) {kernel_shape: [7,7], strides: [2,2]}
///       return y
///     }
extension Graph {
  public var text: String {
    var lines: [String] = []
    render(into: &lines, indent: "")
    return lines.joined(separator: "\n") + "\n"
  }

  func render(into lines: inout [String], indent: String) {
    func typed(_ name: String) -> String { "\(name): \(type(of: name))" }
    lines.append(
      "\(indent)graph \(name) (\(inputs.map(typed).joined(separator: ", "))) -> (\(outputs.map(typed).joined(separator: ", "))) {")
    let inner = indent + "  "
    for name in initializers.keys.sorted() {
      let constant = initializers[name]!
      let preview = constant.count <= 8 ? " = \(constant)" : ""
      lines.append("\(inner)const \(name): \(constant.elementType)\(Shape(fixed: constant.shape))\(preview)")
    }
    for node in nodes {
      let outputs = node.outputs.map { $0.isEmpty ? "_" : $0 }.joined(separator: ", ")
      let inputs = node.inputs.map { $0.isEmpty ? "_" : $0 }.joined(separator: ", ")
      var line = "\(inner)\(node.name.isEmpty ? "" : node.name + ": ")\(outputs) = \(node.qualifiedOpType)(\(inputs))"
      let scalarAttributes = node.attributes.keys.sorted().compactMap { key -> String? in
        guard let attribute = node.attributes[key] else { return nil }
        return attribute.subgraphs.isEmpty ? "\(key): \(attribute.text)" : nil
      }
      if !scalarAttributes.isEmpty { line += " {\(scalarAttributes.joined(separator: ", "))}" }
      lines.append(line)
      for key in node.attributes.keys.sorted() {
        for subgraph in node.attributes[key]!.subgraphs {
          lines.append("\(inner)  \(key):")
          subgraph.render(into: &lines, indent: inner + "    ")
        }
      }
    }
    lines.append("\(inner)return \(outputs.joined(separator: ", "))")
    lines.append("\(indent)}")
  }
}

extension Attribute {
  /// The attribute as it appears in the textual IR.
  public var text: String {
    switch self {
    case .int(let v): "\(v)"
    case .float(let v): "\(v)"
    case .string(let v): "\"\(v)\""
    case .tensor(let t): "\(t)"
    case .graph(let g): "graph \(g.name)"
    case .type(let t): "\(t)"
    case .ints(let v): "[\(v.map(String.init).joined(separator: ","))]"
    case .floats(let v): "[\(v.map { "\($0)" }.joined(separator: ","))]"
    case .strings(let v): "[\(v.map { "\"\($0)\"" }.joined(separator: ","))]"
    case .tensors(let v): "[\(v.map(\.description).joined(separator: ", "))]"
    case .graphs(let v): "[\(v.map { "graph \($0.name)" }.joined(separator: ", "))]"
    case .types(let v): "[\(v.map(\.description).joined(separator: ", "))]"
    }
  }
}

extension Model {
  public var text: String {
    let opsets = opsetImports.keys.sorted().map { "\($0.isEmpty ? "ai.onnx" : $0): \(opsetImports[$0]!)" }
    var header = "model ir_version: \(irVersion), opsets: {\(opsets.joined(separator: ", "))}"
    if !producerName.isEmpty {
      header += ", producer: \(producerName)" + (producerVersion.isEmpty ? "" : " \(producerVersion)")
    }
    return header + "\n" + graph.text
  }
}
