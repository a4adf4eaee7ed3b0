import CDNNL
import Foundation
import PortIR
import PortInterpreter
import PortOps
import PortPasses
import PortTarget

/// The fast host target: oneDNN primitives in blocked layouts for the heavy ops, Swift kernels
/// for the light ones, and the interpreter for everything else, so it claims every node the
/// reference does and can serve as every other target's fallback.
public struct CPUTarget: Target, HasExpectedFailures, ReportsPlacement {
  public let name = "cpu"
  public let summary = "fast host target: oneDNN (blocked layouts, fused post-ops, prepacked weights), interpreter fallback"

  /// Whether activations keep the blocked layouts convolutions choose (the layout choice);
  /// `false` keeps every activation row-major (for comparison in tests).
  public var blockedLayouts: Bool

  public init(blockedLayouts: Bool = true) { self.blockedLayouts = blockedLayouts }

  public var expectedFailures: [ExpectedFailure] {
    ExpectedFailure.load(folder: Bundle.module.url(forResource: "ExpectedFailures", withExtension: nil))
  }

  /// Every node the interpreter runs: what has no native kernel runs there.
  public func capability(of graph: Graph) -> Capability {
    Interpreter.capability(of: graph)
  }

  public func placement(of node: Node, in graph: Graph) -> PlacementKind {
    // Nodes of constants only (Constant, ConstantOfShape weight fills) are folded while compiling.
    if node.subgraphs.isEmpty, node.inputs.allSatisfy({ $0.isEmpty || graph.initializers[$0] != nil }) {
      return .native
    }
    guard CPUKernelRegistry.kernel(for: node) != nil, node.subgraphs.isEmpty else { return .fallback }
    // A cheap guess without compiling: float32 tensors of static shape run natively.
    let typed = node.outputs.filter { !$0.isEmpty }.allSatisfy { graph.type(of: $0).elementType == .float }
    return typed ? .native : .fallback
  }

  public func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    if let refused = capability(of: model.graph).refused.first {
      throw PortError(.unsupported, refused.reason, at: Location(node: refused.node))
    }
    let threads = options.threads ?? Int(omp_get_max_threads())
    omp_set_num_threads(Int32(max(threads, 1)))
    let graph = try CPUCompiler.prepare(model.graph, bindings: options.dimensionBindings)
    let dynamic = graph.inputs.contains { name in
      let type = graph.type(of: name)
      return type.isTensor && !(type.shape?.isStatic ?? false)
    }
    if dynamic {
      // Input dims nobody bound (unknown, not symbolic): compiled for the shapes of the inputs
      // each run brings, once per set of shapes.
      return ShapeSpecializingExecutable(graph: model.graph, bindings: options.dimensionBindings, blockedLayouts: blockedLayouts, threads: threads)
    }
    return try CPUCompiler.lower(graph, blockedLayouts: blockedLayouts, threads: threads)
  }
}

/// From graph to executable: static shapes, passes, lowering, memory planning.
enum CPUCompiler {
  /// Binds symbolic dims, infers static shapes, and runs the optimization passes.
  static func prepare(_ graph: Graph, bindings: [String: Int]) throws -> Graph {
    var graph = graph
    if !bindings.isEmpty || graph.types.values.contains(where: { $0.shape.map { !$0.isStatic } ?? false }) {
      graph = try Inference.run(graph, bindings: bindings)
    }
    graph = try ConstantNodeFolding().run(graph)
    graph = try PassPipeline.fusing().run(graph)
    return graph
  }

  static func lower(_ graph: Graph, blockedLayouts: Bool, threads: Int) throws -> CPUExecutable {
    let context = LoweringContext(graph: graph, blockedLayouts: blockedLayouts)
    var inputSlots: [(String, Int)] = []
    for name in graph.inputs { inputSlots.append((name, context.defineHost(name))) }
    var native = Set<String>()
    let trace = ProcessInfo.processInfo.environment["PORT_CPU_TRACE"] != nil
    for (index, node) in graph.nodes.enumerated() {
      context.nodeIndex = index
      context.nodeName = node.name
      if let kernel = CPUKernelRegistry.kernel(for: node), node.subgraphs.isEmpty {
        let before = context.steps.count
        if (try? kernel.lower(node, context)) == true {
          native.insert(node.name)
          continue
        }
        _ = before
      }
      if trace {
        let types = (node.inputs + node.outputs).filter { !$0.isEmpty }.map { "\($0): \(graph.type(of: $0))" }
        FileHandle.standardError.write(Data("cpu fallback: \(node.name) \(node.qualifiedOpType) \(types.joined(separator: ", "))\n".utf8))
      }
      try lowerFallback(node, context)
    }
    var outputs: [(String, ValueSource)] = []
    for name in graph.outputs { outputs.append((name, try context.source(name))) }
    return try CPUExecutable(context: context, inputs: inputSlots, outputs: outputs, threads: threads, native: native)
  }

  static func lowerFallback(_ node: Node, _ context: LoweringContext) throws {
    let sources = try node.inputs.map { name in name.isEmpty ? nil : try context.source(name) }
    var outer: [(String, ValueSource)] = []
    var seen = Set<String>()
    for subgraph in node.subgraphs {
      for name in subgraph.outerReferences.sorted() where context.graph.initializers[name] == nil && seen.insert(name).inserted {
        outer.append((name, try context.source(name)))
      }
    }
    let slots = node.outputs.map { name in name.isEmpty ? nil : context.defineHost(name) }
    context.add(FallbackStep(node: node, graph: context.graph, sources: sources, outputSlots: slots, outerReferences: outer))
  }
}

/// An executable for a graph whose input shapes are known only when it runs: compiles (once per
/// set of input shapes) with the inputs' shapes as the graph inputs' types.
final class ShapeSpecializingExecutable: Executable {
  let graph: Graph
  let bindings: [String: Int]
  let blockedLayouts: Bool
  let threads: Int
  private var compiled: [[[Int]]: CPUExecutable] = [:]

  init(graph: Graph, bindings: [String: Int], blockedLayouts: Bool, threads: Int) {
    self.graph = graph
    self.bindings = bindings
    self.blockedLayouts = blockedLayouts
    self.threads = threads
  }

  func run(_ inputs: [String: HostValue]) throws -> [String: HostValue] {
    let key = graph.inputs.map { inputs[$0]?.tensor?.shape ?? [-1] }
    if let executable = compiled[key] { return try executable.run(inputs) }
    var specialized = graph
    for name in graph.inputs {
      guard let tensor = inputs[name]?.tensor, case .tensor(let type, _) = graph.type(of: name) else { continue }
      specialized.types[name] = .tensor(type, Shape(fixed: tensor.shape))
    }
    // Inferred shapes of the generic graph are dropped, so inference recomputes them.
    let inputNames = Set(graph.inputs).union(graph.outputs)
    for name in specialized.types.keys where !inputNames.contains(name) { specialized.types[name] = nil }
    let prepared = try CPUCompiler.prepare(try Inference.run(specialized, bindings: bindings), bindings: bindings)
    let executable = try CPUCompiler.lower(prepared, blockedLayouts: blockedLayouts, threads: threads)
    compiled[key] = executable
    return try executable.run(inputs)
  }
}
