import PortIR

/// The manifest's constraints applied to one node: nil when the device runs it, else the reason
/// it does not ("Conv: kernel 9×9 exceeds max 7"), with a hint of what would change that.
enum DeviceRules {
  struct Refusal: Sendable, Hashable {
    var reason: String
    var hint: String?
  }

  /// Unary elementwise activations a lookup-table unit could run.
  static let lookupCandidates: Set<String> = [
    "Sigmoid", "Tanh", "HardSwish", "HardSigmoid", "Gelu", "Mish", "Softplus", "Softsign", "Elu", "Selu", "Celu",
    "LeakyRelu", "ThresholdedRelu", "Exp", "Log", "Sqrt", "Reciprocal", "Erf", "Swish", "Sin", "Cos", "Abs", "Neg",
  ]

  /// Binary elementwise ops whose inputs broadcast.
  static let binaryElementwise: Set<String> = [
    "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mod", "PRelu", "Equal", "Less", "Greater", "LessOrEqual",
    "GreaterOrEqual", "And", "Or", "Xor", "BitShift", "Sum", "Mean",
  ]

  /// Ops whose spatial kernel is checked (kernel from `kernel_shape`, else the weight's shape).
  static let windowed: Set<String> = [
    "Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool", "ConvInteger", "QLinearConv",
  ]

  static func refusal(_ node: Node, in graph: Graph, _ manifest: AcceleratorManifest) -> Refusal? {
    let op = node.opType
    guard node.domain.isEmpty || node.domain == "ai.onnx", let c = manifest.constraints(for: op) else {
      let hint =
        lookupCandidates.contains(op) && manifest.hasLookupTable
        ? "add \(op) to the LUT unit" : "add \(op) to the manifest or a legalization rule for it"
      return Refusal(reason: "op not in manifest", hint: hint)
    }
    if !node.subgraphs.isEmpty { return Refusal(reason: "\(op): control flow runs on the host", hint: nil) }
    let runtime = node.inputs.filter { !$0.isEmpty && graph.initializers[$0] == nil }
    let values = runtime + node.outputs.filter { !$0.isEmpty }
    // Static shapes.
    if c.staticShapes ?? true {
      for value in values where !(graph.type(of: value).shape?.isStatic ?? false) {
        return Refusal(
          reason: "dynamic shape", hint: "bind the symbolic dims (--dim / --shape) so '\(value)' has a static shape")
      }
    }
    // Element types.
    if let allowed = c.elementTypes {
      for value in values {
        guard let type = graph.type(of: value).elementType else {
          return Refusal(reason: "\(op): '\(value)' is not a tensor of known type", hint: nil)
        }
        if !allowed.contains(type.name) {
          return Refusal(
            reason: "\(op): element type \(type.name) not supported (supports \(allowed.joined(separator: ", ")))",
            hint: nil)
        }
      }
    }
    // Rank.
    if let maxRank = c.maxRank {
      for value in values {
        if let rank = graph.type(of: value).shape?.rank, rank > maxRank {
          return Refusal(reason: "\(op): rank \(rank) exceeds max \(maxRank)", hint: "reshape to rank \(maxRank) or less")
        }
      }
    }
    // Allowed attribute values.
    for (attribute, allowed) in (c.attributes ?? [:]).sorted(by: { $0.key < $1.key }) {
      guard let value = node[attribute: attribute] else { continue }
      let text = value.string ?? value.int.map(String.init) ?? value.float.map { "\($0)" } ?? value.kindName
      if !allowed.contains(text) {
        return Refusal(reason: "\(op): \(attribute) '\(text)' not supported (supports \(allowed.joined(separator: ", ")))", hint: nil)
      }
    }
    if windowed.contains(op), let refusal = windowRefusal(node, graph, c) { return refusal }
    if binaryElementwise.contains(op), let forms = c.broadcast, let refusal = broadcastRefusal(node, graph, forms) {
      return refusal
    }
    if c.axis == "last", let refusal = axisRefusal(node, graph) { return refusal }
    return nil
  }

  static func windowRefusal(_ node: Node, _ graph: Graph, _ c: AcceleratorManifest.OpConstraints) -> Refusal? {
    let op = node.opType
    var kernel = node[attribute: "kernel_shape"]?.ints
    if kernel == nil, node.inputs.count > 1, let dims = graph.type(of: node.inputs[1]).shape?.fixedSizes, dims.count > 2 {
      kernel = Array(dims[2...])
    }
    if let maxKernel = c.maxKernel, let kernel, kernel.contains(where: { $0 > maxKernel }) {
      return Refusal(
        reason: "\(op): kernel \(kernel.map(String.init).joined(separator: "×")) exceeds max \(maxKernel)",
        hint: "split the kernel into ≤\(maxKernel) taps")
    }
    if let strides = c.strides, let used = node[attribute: "strides"]?.ints, let bad = used.first(where: { !strides.contains($0) }) {
      return Refusal(reason: "\(op): stride \(bad) not supported (supports \(strides.map(String.init).joined(separator: ", ")))", hint: nil)
    }
    if let dilations = c.dilations, let used = node[attribute: "dilations"]?.ints,
      let bad = used.first(where: { !dilations.contains($0) })
    {
      return Refusal(
        reason: "\(op): dilation \(bad) not supported (supports \(dilations.map(String.init).joined(separator: ", ")))", hint: nil)
    }
    if let groups = c.groups, op.hasPrefix("Conv") || op == "QLinearConv" {
      let group = node[attribute: "group"]?.int ?? 1
      let channels = graph.type(of: node.inputs[0]).shape?.fixedSizes.flatMap { $0.count > 1 ? $0[1] : nil }
      let kind = group == 1 ? "standard" : (channels == group ? "depthwise" : "grouped")
      if !groups.contains(kind) {
        return Refusal(reason: "\(op): \(kind) convolution (group \(group)) not supported", hint: nil)
      }
    }
    return nil
  }

  /// The broadcast form of a binary op's two runtime-or-constant inputs.
  static func broadcastForm(_ a: [Int], _ b: [Int]) -> String {
    if a == b { return "same" }
    if a.reduce(1, *) == 1 || b.reduce(1, *) == 1 { return "scalar" }
    let (big, small) = a.reduce(1, *) >= b.reduce(1, *) ? (a, b) : (b, a)
    // One value per channel: the small side is 1 everywhere but one axis, matching the big side there.
    let aligned = [Int](repeating: 1, count: max(0, big.count - small.count)) + small
    if aligned.count == big.count {
      let kept = zip(aligned, big).enumerated().filter { $0.element.0 != 1 }
      if kept.count == 1, kept[0].element.0 == kept[0].element.1 { return "channel" }
    }
    return "numpy"
  }

  static func broadcastRefusal(_ node: Node, _ graph: Graph, _ forms: [String]) -> Refusal? {
    let shapes = node.inputs.filter { !$0.isEmpty }.map { graph.type(of: $0).shape?.fixedSizes }
    guard shapes.count == 2, let a = shapes[0], let b = shapes[1] else { return nil }
    let form = broadcastForm(a, b)
    if forms.contains(form) || (form != "numpy" && forms.contains("numpy")) { return nil }
    return Refusal(
      reason: "\(node.opType): \(form) broadcast \(a) vs \(b) not supported (supports \(forms.joined(separator: ", ")))",
      hint: "expand the smaller operand to the full shape")
  }

  static func axisRefusal(_ node: Node, _ graph: Graph) -> Refusal? {
    guard let rank = graph.type(of: node.inputs[0]).shape?.rank else { return nil }
    var axis = node[attribute: "axis"]?.int ?? -1
    if axis < 0 { axis += rank }
    if axis != rank - 1 {
      return Refusal(reason: "\(node.opType): axis \(axis) of rank \(rank); only the last axis is supported", hint: "transpose the axis last")
    }
    return nil
  }
}
