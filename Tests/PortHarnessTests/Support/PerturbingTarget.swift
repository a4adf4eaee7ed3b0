import PortIR
import PortTarget
import ReferenceTarget

/// A test-only target: the reference, except that one node's output is shifted by `amount`
/// (an extra Add is spliced in after it), so the drift starts exactly there.
struct PerturbingTarget: Target {
  let name = "perturbing"
  let summary = "the reference with one node's output shifted (tests only)"
  var node: String
  var amount: Float

  private let reference = ReferenceTarget()

  func capability(of graph: Graph) -> Capability { reference.capability(of: graph) }

  func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    var model = model
    var graph = model.graph
    guard let index = graph.nodes.firstIndex(where: { $0.name == node }), let output = graph.nodes[index].outputs.first
    else { throw PortError(.badArgument, "no node '\(node)'") }
    // node → raw; Add(raw, shift) → output, so every reader sees the shifted value.
    let raw = graph.freshName(output + "_unperturbed")
    let shift = graph.freshName("perturbation")
    graph.nodes[index].outputs[0] = raw
    graph.initializers[shift] = Tensor(shape: [], floats: [amount])
    graph.types[raw] = graph.types[output]
    graph.nodes.insert(
      Node(name: graph.freshName("perturb"), opType: "Add", inputs: [raw, shift], outputs: [output], opsetVersion: 21),
      at: index + 1)
    model.graph = graph
    return try reference.compile(model, options: options)
  }
}

/// A target that claims nothing.
struct RefusingTarget: Target {
  let name = "refusing"
  let summary = "refuses every node (tests only)"
  func capability(of graph: Graph) -> Capability { Capability(graph.nodes.map { .refused($0, "no kernels") }) }
  func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    throw PortError(.unsupported, "compiles nothing")
  }
}

/// A target that claims everything and then fails to compile.
struct BrokenTarget: Target, DeclaresCost {
  let name = "broken"
  let summary = "fails compiling (tests only)"
  var pricePerHour: Double? { 3.6 }
  var watts: Double? { 100 }
  func capability(of graph: Graph) -> Capability { Capability(graph.nodes.map { .claimed($0) }) }
  func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    throw PortError(.executionFailed, "the device fell over", at: Location(node: model.graph.nodes.first?.name))
  }
}

/// The reference with declared costs, for the cost figures.
struct PricedReference: Target, DeclaresCost, DeclaresTolerance {
  let name = "priced"
  let summary = "the reference with a price and a power draw (tests only)"
  var pricePerHour: Double? { 3.6 }
  var watts: Double? { 50 }
  var tolerance: Tolerance { Tolerance(rtol: 1e-2, atol: 1e-3) }
  private let reference = ReferenceTarget()
  func capability(of graph: Graph) -> Capability { reference.capability(of: graph) }
  func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    try reference.compile(model, options: options)
  }
}
