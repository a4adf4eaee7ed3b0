import Foundation
import PortIR
import PortInterpreter
import PortTarget

/// A compiled region (device or host): float values in, float values out.
protocol RegionRunner: AnyObject {
  func run(_ feed: [String: HostValue], expose: Bool) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  )
}

/// How the device computes: the simulation of its arithmetic on the host, one region at a time.
protocol DeviceArithmetic: Sendable {
  /// Why the arithmetic cannot run a node the manifest lists (nil: it can).
  func refusal(_ node: Node, in graph: Graph) -> String?
  /// Compiles the device regions (subgraphs with float inputs and outputs). `whole` is the planned
  /// graph, for calibration; `cache` holds what an earlier compile stored, when it exists.
  func compile(regions: [Graph], whole: Graph, cache: ArtifactCache.Entry?) throws -> [any RegionRunner]
  /// For the report.
  var description: String { get }
  /// Short name (`int8`, `float16`).
  var name: String { get }
  var settings: [CompilationInfo.Setting] { get }
  /// Bytes one activation element occupies on the device.
  var activationBytes: Double { get }
  var weightBytes: Double { get }
}

/// float16 storage with float32 accumulation: inputs, weights and outputs are rounded to half
/// (round to nearest even); the kernel accumulates wide and its result (float32) is rounded to
/// half on store, as a half-precision datapath with a float32 accumulator writes it.
struct Float16Arithmetic: DeviceArithmetic {
  var description: String { "float16 storage, float32 accumulation (values rounded to half on every load and store)" }
  var name: String { "float16" }
  var activationBytes: Double { 2 }
  var weightBytes: Double { 2 }

  static func isFloat(_ type: ElementType) -> Bool { type == .float || type == .double || type == .float16 || type == .bfloat16 }

  /// A float tensor with every element rounded to the nearest half (kept in its own type).
  static func roundToHalf(_ tensor: Tensor) -> Tensor {
    guard tensor.elementType == .float else {
      guard isFloat(tensor.elementType), tensor.elementType != .float16 else { return tensor }
      return Tensor(tensor.elementType, shape: tensor.shape, doubles: tensor.doubles().map { Double(Float16($0)) })
    }
    let rounded = tensor.floats().map { Float(Float16($0)) }
    return Tensor(.float, shape: tensor.shape, bytes: rounded.withUnsafeBufferPointer { Data(buffer: $0) })
  }

  /// Finite values clamped to ±65504, the largest half; infinities and NaN stay.
  static func saturatedToHalfRange(_ tensor: Tensor) -> Tensor {
    let limit = Double(Float16.greatestFiniteMagnitude)
    let values = tensor.doubles()
    guard values.contains(where: { $0.isFinite && abs($0) > limit }) else { return tensor }
    return Tensor(tensor.elementType, shape: tensor.shape, doubles: values.map { $0.isFinite ? min(max($0, -limit), limit) : $0 })
  }

  static func roundToHalf(_ value: HostValue?) -> HostValue? {
    guard let value else { return nil }
    switch value {
    case .tensor(let tensor): return .tensor(roundToHalf(tensor))
    default: return value
    }
  }

  var settings: [CompilationInfo.Setting] {
    [CompilationInfo.Setting("storage", "float16 (round to nearest even)"), CompilationInfo.Setting("accumulation", "float32")]
  }

  func refusal(_ node: Node, in graph: Graph) -> String? { nil }

  func compile(regions: [Graph], whole: Graph, cache: ArtifactCache.Entry?) throws -> [any RegionRunner] {
    regions.map { region in
      // Weights are stored in half. Finite constants beyond the half range (attention masks of
      // −3.4e38) saturate to ±65504, as float16 converters store them, instead of becoming ±inf
      // and then NaN (0 · inf); computed values still overflow as the hardware would.
      var prepared = region
      for (name, tensor) in region.initializers where Self.isFloat(tensor.elementType) {
        prepared.initializers[name] = Self.roundToHalf(Self.saturatedToHalfRange(tensor))
      }
      return Float16Region(graph: prepared)
    }
  }
}

/// Runs a device region node by node: inputs rounded to half on load, results rounded on store.
final class Float16Region: RegionRunner {
  let graph: Graph
  let lastUse: [String: Int]

  init(graph: Graph) {
    self.graph = graph
    var lastUse: [String: Int] = [:]
    for (index, node) in graph.nodes.enumerated() {
      for input in node.inputs where !input.isEmpty { lastUse[input] = index }
    }
    for output in graph.outputs { lastUse[output] = Int.max }
    self.lastUse = lastUse
  }

  func run(_ feed: [String: HostValue], expose: Bool) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    var values = feed
    var intermediates: [String: HostValue] = [:]
    for (index, node) in graph.nodes.enumerated() {
      let inputs = try node.inputs.map { name -> HostValue? in
        if name.isEmpty { return nil }
        if let value = values[name] { return value }
        if let constant = graph.initializers[name] { return .tensor(constant) }
        throw PortError(.executionFailed, "input '\(name)' has no value", at: Location(node: node.name))
      }
      let outputs = try Interpreter.runNode(node, in: graph, inputs.map(Float16Arithmetic.roundToHalf))
      for (name, value) in zip(node.outputs, outputs) where !name.isEmpty {
        guard let value = Float16Arithmetic.roundToHalf(value) else { continue }
        values[name] = value
        if expose { intermediates[name] = value }
      }
      if !expose {
        for name in node.inputs where !name.isEmpty && lastUse[name] == index { values[name] = nil }
      }
    }
    var outputs: [String: HostValue] = [:]
    for name in graph.outputs { outputs[name] = values[name] }
    return (outputs, intermediates)
  }
}
