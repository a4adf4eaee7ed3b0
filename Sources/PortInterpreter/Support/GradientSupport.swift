import PortIR

/// Reverse-mode differentiation for the Gradient kernel: which nodes lie between `xs` and `y`, and
/// the local derivative rules of the few operators it knows.
enum GradientSupport {
  /// The operators (ai.onnx) with a derivative rule below.
  static let differentiable: Set<String> = [
    "Add", "Sub", "Mul", "Div", "Neg", "Identity", "Relu", "Sigmoid", "Tanh", "Exp", "MatMul",
  ]

  /// Why a Gradient node cannot be differentiated here.
  struct Refusal: Error { let reason: String }

  /// What a Gradient node recomputes, read off its attributes and the graph around it.
  struct Plan {
    let xs: [String]
    let zs: [String]
    let y: String
    /// Nodes (indices into the graph, in graph order) on a path from `xs` to `y`: recomputed from the
    /// given x values and differentiated.
    let path: [Int]
    /// The other nodes `y` depends on: they do not depend on `xs`, so they run only when their
    /// outputs are not at hand.
    let constant: Set<Int>
    /// `xs` and every value computed from them on the way to `y`.
    let varying: Set<String>
  }

  /// Values a node reads: its inputs and what its subgraphs read from the enclosing scopes.
  static func reads(_ node: Node) -> Set<String> {
    var names = Set(node.inputs.filter { !$0.isEmpty })
    for subgraph in node.subgraphs { names.formUnion(subgraph.outerReferences) }
    return names
  }

  static func plan(_ node: Node, in graph: Graph) throws(Refusal) -> Plan {
    guard let xs = node.attributes["xs"]?.strings, !xs.isEmpty, let y = node.attributes["y"]?.string else {
      throw Refusal(reason: "attributes 'xs' and 'y' are required")
    }
    let zs = node.attributes["zs"]?.strings ?? []
    guard node.inputs.count == xs.count + zs.count, node.outputs.count == xs.count else {
      throw Refusal(reason: "expects one input per name in 'xs' and 'zs' and one output per name in 'xs'")
    }
    // The Gradient node itself is not part of the function it differentiates.
    var producers = graph.producers
    for output in node.outputs where !output.isEmpty && producers[output].map({ graph.nodes[$0] == node }) == true {
      producers[output] = nil
    }
    // Everything y depends on, stopping at the given values (xs, then zs).
    let given = Set(xs).union(zs)
    var ancestors = Set<Int>()
    var pending = [y]
    while let name = pending.popLast() {
      guard !given.contains(name), let index = producers[name], ancestors.insert(index).inserted else { continue }
      pending.append(contentsOf: reads(graph.nodes[index]))
    }
    // Of those, the nodes that read something computed from xs.
    var varying = Set(xs)
    var path: [Int] = []
    for index in ancestors.sorted() where !reads(graph.nodes[index]).isDisjoint(with: varying) {
      path.append(index)
      varying.formUnion(graph.nodes[index].outputs.filter { !$0.isEmpty && !given.contains($0) })
    }
    for index in path {
      let inner = graph.nodes[index]
      guard inner.domain.isEmpty || inner.domain == "ai.onnx", differentiable.contains(inner.opType) else {
        throw Refusal(reason: "no derivative rule for \(inner.qualifiedOpType) (node '\(inner.name)') on the path from xs to '\(y)'")
      }
      if inner.opType == "MatMul" {
        for input in inner.inputs {
          if let rank = graph.type(of: input).shape?.rank, rank != 2 {
            throw Refusal(reason: "the MatMul derivative covers 2-D operands only; '\(input)' has rank \(rank)")
          }
        }
      }
    }
    return Plan(xs: xs, zs: zs, y: y, path: path, constant: ancestors.subtracting(path), varying: varying)
  }

  /// A gradient being accumulated: row-major values of a shape, in Double.
  struct Dense {
    var shape: [Int]
    var values: [Double]

    static func ones(_ shape: [Int]) -> Dense { Dense(shape: shape, values: Array(repeating: 1, count: shape.reduce(1, *))) }

    mutating func add(_ other: Dense) {
      for index in values.indices { values[index] += other.values[index] }
    }
  }

  /// The elements of `tensor` broadcast to `shape`.
  static func spread(_ tensor: Tensor, to shape: [Int]) -> [Double] {
    let values = tensor.doubles()
    if tensor.shape == shape { return values }
    return Indexing.broadcastMap(from: tensor.shape, to: shape).map { values[$0] }
  }

  /// The gradient of an operand that was broadcast to `shape`: summed over the broadcast axes.
  static func unbroadcast(_ values: [Double], from shape: [Int], to target: [Int]) -> Dense {
    if shape == target { return Dense(shape: target, values: values) }
    var sums = [Double](repeating: 0, count: target.reduce(1, *))
    for (index, source) in Indexing.broadcastMap(from: target, to: shape).enumerated() { sums[source] += values[index] }
    return Dense(shape: target, values: sums)
  }

  /// The gradients of a node's inputs given that of its (single) output; nil where none flows.
  static func backward(_ node: Node, inputs: [Tensor?], output: Tensor, gradient g: Dense) throws -> [Dense?] {
    func operand(_ index: Int) throws -> Tensor {
      guard index < inputs.count, let tensor = inputs[index] else { throw node.failure("input \(index) must be a tensor to differentiate") }
      return tensor
    }
    let shape = g.shape
    /// The output gradient times a local derivative, elementwise.
    func scaled(_ derivative: (Int) -> Double) -> Dense {
      Dense(shape: shape, values: g.values.indices.map { g.values[$0] * derivative($0) })
    }
    switch node.opType {
    case "Identity":
      return [g]
    case "Neg":
      return [scaled { _ in -1 }]
    case "Relu":
      let x = try operand(0).doubles()
      return [scaled { x[$0] > 0 ? 1 : 0 }]
    case "Sigmoid":
      let y = output.doubles()
      return [scaled { y[$0] * (1 - y[$0]) }]
    case "Tanh":
      let y = output.doubles()
      return [scaled { 1 - y[$0] * y[$0] }]
    case "Exp":
      let y = output.doubles()
      return [scaled { y[$0] }]
    case "Add", "Sub", "Mul", "Div":
      let a = try operand(0), b = try operand(1)
      let av = spread(a, to: shape), bv = spread(b, to: shape)
      let (da, db): ([Double], [Double])
      switch node.opType {
      case "Add": (da, db) = (g.values, g.values)
      case "Sub": (da, db) = (g.values, g.values.map { -$0 })
      case "Mul": (da, db) = (g.values.indices.map { g.values[$0] * bv[$0] }, g.values.indices.map { g.values[$0] * av[$0] })
      default:
        (da, db) = (
          g.values.indices.map { g.values[$0] / bv[$0] },
          g.values.indices.map { -g.values[$0] * av[$0] / (bv[$0] * bv[$0]) }
        )
      }
      return [unbroadcast(da, from: shape, to: a.shape), unbroadcast(db, from: shape, to: b.shape)]
    case "MatMul":
      let a = try operand(0), b = try operand(1)
      guard a.rank == 2, b.rank == 2, shape.count == 2 else {
        throw node.failure("the MatMul derivative covers 2-D operands only, got \(a.shape) × \(b.shape)")
      }
      let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
      let av = a.doubles(), bv = b.doubles()
      var da = [Double](repeating: 0, count: m * k), db = [Double](repeating: 0, count: k * n)
      for i in 0..<m {
        for j in 0..<n {
          let gij = g.values[i * n + j]
          for p in 0..<k {
            da[i * k + p] += gij * bv[p * n + j]  // dA = dY · Bᵀ
            db[p * n + j] += av[i * k + p] * gij  // dB = Aᵀ · dY
          }
        }
      }
      return [Dense(shape: a.shape, values: da), Dense(shape: b.shape, values: db)]
    default:
      throw node.failure("no derivative rule for \(node.qualifiedOpType)", code: .unsupported)
    }
  }
}
