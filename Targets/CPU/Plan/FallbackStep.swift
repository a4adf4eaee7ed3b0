import Foundation
import PortIR
import PortInterpreter

/// Where a step finds a value at run time.
enum ValueSource {
  /// A plain arena or constant buffer of this type and shape.
  case buffer(BufferID, ElementType, [Int])
  /// A host value (fallback result, graph input).
  case host(Int)
  /// A constant known at compile time.
  case constant(HostValue)
}

/// Runs one node on the interpreter, converting buffers to tensors only at its boundary.
final class FallbackStep: Step {
  let node: String
  private let graphNode: Node
  private let graph: Graph
  private let sources: [ValueSource?]
  private let outputSlots: [Int?]
  /// Values a subgraph reads from this graph (If/Loop/Scan bodies): bound as constants per run.
  private let outerReferences: [(name: String, source: ValueSource)]
  private var pointers: [BufferID: UnsafeMutableRawPointer] = [:]

  init(node: Node, graph: Graph, sources: [ValueSource?], outputSlots: [Int?], outerReferences: [(String, ValueSource)]) {
    self.node = node.name
    self.graphNode = node
    if node.domain == "ai.onnx.preview.training" {
      // Training ops (Gradient) read the enclosing graph itself.
      self.graph = graph
    } else {
      // Only what the node reads: the interpreter puts every initializer of the graph in scope.
      var mini = Graph(name: graph.name, nodes: [node], types: graph.types)
      for name in node.inputs where !name.isEmpty {
        if let constant = graph.initializers[name] { mini.initializers[name] = constant }
      }
      for subgraph in node.subgraphs {
        for name in subgraph.outerReferences {
          if let constant = graph.initializers[name] { mini.initializers[name] = constant }
        }
      }
      self.graph = mini
    }
    self.sources = sources
    self.outputSlots = outputSlots
    self.outerReferences = outerReferences.map { (name: $0.0, source: $0.1) }
  }

  var reads: [BufferID] {
    (sources.compactMap { $0 } + outerReferences.map(\.source)).compactMap {
      if case .buffer(let id, _, _) = $0 { return id }
      return nil
    }
  }
  var writes: [BufferID] { [] }

  func bind(_ addresses: BufferAddresses) throws {
    for id in reads { pointers[id] = addresses.pointer(id) }
  }

  func value(_ source: ValueSource, _ state: RunState) throws -> HostValue {
    switch source {
    case .constant(let value): return value
    case .host(let slot):
      guard let value = state.host[slot] else {
        throw PortError(.executionFailed, "a value this node reads was not produced", at: Location(node: node))
      }
      return value
    case .buffer(let id, let type, let shape):
      guard let pointer = pointers[id] else {
        throw PortError(.executionFailed, "an input buffer is unbound", at: Location(node: node))
      }
      let tensor = Tensor(type, shape: shape, bytes: Data(bytes: pointer, count: type.byteCount(elements: shape.reduce(1, *))))
      return .tensor(tensor)
    }
  }

  func run(_ state: RunState) throws {
    let inputs = try sources.map { source in try source.map { try value($0, state) } }
    let outputs: [HostValue?]
    if outerReferences.isEmpty {
      outputs = try Interpreter.runNode(graphNode, in: graph, inputs)
    } else {
      // A subgraph reads values of this graph (which may be sequences): run the node as a
      // one-node graph whose inputs are the node's inputs and those values.
      var wrapper = graph
      var given: [String: HostValue] = [:]
      wrapper.inputs = []
      for (name, value) in zip(graphNode.inputs, inputs) where !name.isEmpty && graph.initializers[name] == nil {
        if let value, given[name] == nil {
          given[name] = value
          wrapper.inputs.append(name)
        }
      }
      for (name, source) in outerReferences where given[name] == nil {
        given[name] = try value(source, state)
        wrapper.inputs.append(name)
      }
      wrapper.outputs = graphNode.outputs.filter { !$0.isEmpty }
      let named = try Interpreter().run(wrapper, inputs: given)
      outputs = graphNode.outputs.map { $0.isEmpty ? nil : named[$0] }
    }
    for (position, slot) in outputSlots.enumerated() {
      guard let slot else { continue }
      state.host[slot] = position < outputs.count ? outputs[position] : nil
    }
  }
}

/// Copies a host tensor into a plain buffer (a graph input or fallback result a native step reads).
final class ImportStep: Step {
  let node: String
  let slot: Int
  let buffer: BufferID
  let elementType: ElementType
  let shape: [Int]
  private var pointer: UnsafeMutableRawPointer?

  init(node: String, slot: Int, buffer: BufferID, elementType: ElementType, shape: [Int]) {
    self.node = node
    self.slot = slot
    self.buffer = buffer
    self.elementType = elementType
    self.shape = shape
  }

  var reads: [BufferID] { [] }
  var writes: [BufferID] { [buffer] }
  func bind(_ addresses: BufferAddresses) throws { pointer = addresses.pointer(buffer) }

  func run(_ state: RunState) throws {
    guard let tensor = state.host[slot]?.tensor, let pointer else {
      throw PortError(.executionFailed, "value '\(node)' is missing or not a tensor")
    }
    guard tensor.elementType == elementType, tensor.shape == shape else {
      throw PortError(
        .shapeMismatch,
        "value '\(node)' is \(tensor.elementType)\(tensor.shape), but the model was compiled for \(elementType)\(shape)",
        hint: "compile with the shapes the inputs have (--dim / --shape)")
    }
    tensor.bytes.withUnsafeBytes { raw in
      if let base = raw.baseAddress { pointer.copyMemory(from: base, byteCount: raw.count) }
    }
  }
}
