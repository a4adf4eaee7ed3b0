import Foundation
import PortIR
import PortOps
import PortImport

/// What `port inspect` reports about a model, as text or as JSON.
///
/// The JSON object (`port inspect MODEL --json`) has these keys:
///
/// - `file` (string), `fileBytes` (int)
/// - `irVersion` (int), `opsets` (object: domain → version; ai.onnx spelled `"ai.onnx"`)
/// - `producer` (object: `name`, `version`)
/// - `inputs`, `outputs` (arrays of `{name, type, elementType?, shape?}`; `type` is the textual
///   type such as `float[N,3,224,224]`; `shape` lists dims as strings, `"?"` unknown; absent when
///   the rank is unknown)
/// - `ops` (array of `{op, count}`, most frequent first; every node, subgraphs included, after
///   canonicalization, so older forms appear as their canonical op)
/// - `nodes` (int, all nodes)
/// - `parameters` (object: `tensors`, `elements`, `bytes`: initializers of every graph and the
///   values of Constant nodes)
/// - `cost` (object: `macs`, `flops`, `countedNodes`, and `uncounted`: array of `{op, nodes, reason}`
///   for nodes of counted op types whose shapes are not known statically)
/// - `nonStandardDomains` (array of `{domain, nodes}`)
/// - `checks` (array of `{name, status, detail?}`; status `passed`, `failed` or `skipped`)
/// - `inferenceDisagreements` (array of strings), `inlinedFunctions` (object: name → calls),
///   `canonicalizedNodes` (int)
public struct ModelSummary: Codable, Sendable {
  public struct Value: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    public var elementType: String?
    public var shape: [String]?
  }

  public struct OpCount: Codable, Sendable, Equatable {
    public var op: String
    public var count: Int
  }

  public struct Producer: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
  }

  public struct Parameters: Codable, Sendable, Equatable {
    public var tensors: Int
    public var elements: Int
    public var bytes: Int
  }

  public struct Uncounted: Codable, Sendable, Equatable {
    public var op: String
    public var nodes: Int
    public var reason: String
  }

  public struct Cost: Codable, Sendable, Equatable {
    /// Multiply-accumulates of Conv, ConvTranspose, MatMul and Gemm.
    public var macs: Int
    /// 2 × MACs, plus one per output element of element-wise ops (and of a Gemm's C / a bias).
    public var flops: Int
    public var countedNodes: Int
    public var uncounted: [Uncounted]
    /// Symbolic input dimensions taken as 1 for the estimate (`batch`, …); empty when all static.
    public var symbolsBoundToOne: [String] = []
  }

  public struct DomainCount: Codable, Sendable, Equatable {
    public var domain: String
    public var nodes: Int
  }

  public var file: String
  public var fileBytes: Int
  public var irVersion: Int
  public var opsets: [String: Int]
  public var producer: Producer
  public var inputs: [Value]
  public var outputs: [Value]
  public var ops: [OpCount]
  public var nodes: Int
  public var parameters: Parameters
  public var cost: Cost
  public var nonStandardDomains: [DomainCount]
  public var checks: [CheckResult]
  public var inferenceDisagreements: [String]
  public var inlinedFunctions: [String: Int]
  public var canonicalizedNodes: Int

  public init(_ imported: ImportedModel) {
    let model = imported.model
    let graph = model.graph
    file = imported.path
    fileBytes = imported.fileSize
    irVersion = model.irVersion
    opsets = Dictionary(uniqueKeysWithValues: model.opsetImports.map { ($0.key.isEmpty ? "ai.onnx" : $0.key, $0.value) })
    producer = Producer(name: model.producerName, version: model.producerVersion)
    inputs = graph.inputs.map { ModelSummary.value($0, graph.type(of: $0)) }
    outputs = graph.outputs.map { ModelSummary.value($0, graph.type(of: $0)) }
    let all = graph.allNodes
    nodes = all.count
    ops = ModelSummary.histogram(all)
    parameters = ModelSummary.parameters(graph)
    // A cost needs sizes: symbolic input dimensions are taken as 1 (one sample, say) and said so.
    var symbols = Set<String>()
    for name in graph.inputs {
      for case .symbol(let symbol) in graph.type(of: name).shape?.dims ?? [] { symbols.insert(symbol) }
    }
    let bindings = Dictionary(uniqueKeysWithValues: symbols.map { ($0, 1) })
    if !bindings.isEmpty, let bound = try? Inference.run(graph, bindings: bindings) {
      cost = CostModel.estimate(bound)
      cost.symbolsBoundToOne = symbols.sorted()
    } else {
      cost = CostModel.estimate(graph)
    }
    nonStandardDomains = imported.report.nonStandardDomains.sorted { $0.key < $1.key }.map {
      DomainCount(domain: $0.key, nodes: $0.value)
    }
    checks = imported.report.checks
    inferenceDisagreements = imported.report.inferenceDisagreements
    inlinedFunctions = imported.report.inlinedFunctions
    canonicalizedNodes = imported.report.canonicalizedNodes
  }

  static func value(_ name: String, _ type: ValueType) -> Value {
    Value(
      name: name, type: type.description, elementType: type.elementType?.name,
      shape: type.shape.map { $0.dims.map(\.description) })
  }

  /// Node counts per (qualified) op type, most frequent first, then by name.
  public static func histogram(_ nodes: [Node]) -> [OpCount] {
    var counts: [String: Int] = [:]
    for node in nodes { counts[node.qualifiedOpType, default: 0] += 1 }
    return counts.map { OpCount(op: $0.key, count: $0.value) }.sorted {
      $0.count != $1.count ? $0.count > $1.count : $0.op < $1.op
    }
  }

  /// Initializers of every graph, and the tensors of Constant nodes.
  public static func parameters(_ graph: Graph) -> Parameters {
    var result = Parameters(tensors: 0, elements: 0, bytes: 0)
    func add(_ tensor: Tensor) {
      result.tensors += 1
      result.elements += tensor.count
      switch tensor.storage {
      case .bytes(let data): result.bytes += data.count
      case .strings(let strings): result.bytes += strings.reduce(0) { $0 + $1.utf8.count }
      }
    }
    func visit(_ graph: Graph) {
      for tensor in graph.initializers.values { add(tensor) }
      for node in graph.nodes {
        if node.opType == "Constant" && node.domain.isEmpty, case .tensor(let tensor)? = node.attributes["value"] {
          add(tensor)
        }
        for subgraph in node.subgraphs { visit(subgraph) }
      }
    }
    visit(graph)
    return result
  }
}

/// A static estimate of the arithmetic a model does, from its inferred shapes.
public enum CostModel {
  /// Ops counted as one FLOP per output element.
  public static let elementwise: Set<String> = [
    "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean", "Neg", "Abs", "Reciprocal", "Sqrt",
    "Exp", "Log", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu", "Sigmoid", "HardSigmoid",
    "HardSwish", "Swish", "Tanh", "Softplus", "Softsign", "Mish", "Erf", "Sin", "Cos", "Tan", "Asin", "Acos",
    "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Floor", "Ceil", "Round", "Sign", "Clip", "ThresholdedRelu",
    "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor", "Not", "Where",
  ]
  public static let matrix: Set<String> = ["Conv", "ConvTranspose", "MatMul", "Gemm"]

  public static func estimate(_ graph: Graph) -> ModelSummary.Cost {
    var macs = 0
    var flops = 0
    var counted = 0
    var uncounted: [String: (nodes: Int, reason: String)] = [:]
    func visit(_ graph: Graph) {
      for node in graph.nodes {
        for subgraph in node.subgraphs { visit(subgraph) }
        guard node.domain.isEmpty, matrix.contains(node.opType) || elementwise.contains(node.opType) else { continue }
        switch cost(of: node, in: graph) {
        case .success(let cost):
          macs = saturatingAdd(macs, cost.macs)
          flops = saturatingAdd(flops, cost.flops)
          counted += 1
        case .failure(let why):
          uncounted[node.opType, default: (0, why.reason)].nodes += 1
        }
      }
    }
    visit(graph)
    return ModelSummary.Cost(
      macs: macs, flops: flops, countedNodes: counted,
      uncounted: uncounted.sorted { $0.key < $1.key }.map {
        ModelSummary.Uncounted(op: $0.key, nodes: $0.value.nodes, reason: $0.value.reason)
      })
  }

  public struct NodeCost: Equatable, Sendable {
    public var macs: Int
    public var flops: Int
  }

  public struct Unknown: Error, Equatable {
    public var reason: String
  }

  /// The cost of one node, or why it cannot be counted (shapes unknown or symbolic).
  public static func cost(of node: Node, in graph: Graph) -> Result<NodeCost, Unknown> {
    func sizes(_ name: String?) -> [Int]? {
      guard let name, !name.isEmpty else { return nil }
      return graph.type(of: name).shape?.fixedSizes
    }
    func product(_ values: [Int]) -> Int? {
      var result = 1
      for value in values {
        let (next, overflow) = result.multipliedReportingOverflow(by: value)
        if overflow { return nil }
        result = next
      }
      return result
    }
    let unknown = Unknown(reason: "shapes not known statically")
    guard let output = sizes(node.outputs.first), let outputElements = product(output) else { return .failure(unknown) }
    if elementwise.contains(node.opType) { return .success(NodeCost(macs: 0, flops: outputElements)) }
    var macs: Int?
    var extra = 0
    switch node.opType {
    case "Conv":
      // Each output element: C/group × kernel multiply-accumulates (W is [M, C/group, k…]).
      guard let weight = sizes(node.input(1)), weight.count >= 1 else { return .failure(unknown) }
      macs = product(Array(weight.dropFirst())).flatMap { perOutput in product([outputElements, perOutput]) }
      if node.input(2) != nil { extra = outputElements }
    case "ConvTranspose":
      // Each input element scatters into M/group × kernel outputs (W is [C, M/group, k…]).
      guard let input = sizes(node.input(0)), let weight = sizes(node.input(1)), weight.count >= 1,
        let inputElements = product(input)
      else { return .failure(unknown) }
      macs = product(Array(weight.dropFirst())).flatMap { perInput in product([inputElements, perInput]) }
      if node.input(2) != nil { extra = outputElements }
    case "MatMul":
      guard let a = sizes(node.input(0)), let k = a.last else { return .failure(unknown) }
      macs = product([outputElements, k])
    case "Gemm":
      guard let a = sizes(node.input(0)), a.count == 2 else { return .failure(unknown) }
      let transposed = node.attributes["transA"]?.int ?? 0 != 0
      macs = product([outputElements, transposed ? a[0] : a[1]])
      if node.input(2) != nil { extra = outputElements }
    default:
      return .failure(unknown)
    }
    guard let macs else { return .failure(Unknown(reason: "too large to count")) }
    return .success(NodeCost(macs: macs, flops: saturatingAdd(saturatingAdd(macs, macs), extra)))
  }

  static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
  }
}

extension ModelSummary {
  /// The human-readable report `port inspect` prints.
  public var text: String {
    var lines: [String] = []
    lines.append("model: \(file) (\(fileBytes) bytes)")
    lines.append("ir_version: \(irVersion)")
    lines.append("opsets: " + opsets.keys.sorted().map { "\($0) \(opsets[$0]!)" }.joined(separator: ", "))
    if !producer.name.isEmpty || !producer.version.isEmpty {
      lines.append("producer: \(producer.name) \(producer.version)".trimmingCharacters(in: .whitespaces))
    }
    lines.append("inputs:")
    for value in inputs { lines.append("  \(value.name): \(value.type)") }
    lines.append("outputs:")
    for value in outputs { lines.append("  \(value.name): \(value.type)") }
    lines.append("ops (\(nodes) nodes):")
    for entry in ops { lines.append("  \(entry.op.padding(toLength: max(24, entry.op.count), withPad: " ", startingAt: 0)) \(entry.count)") }
    lines.append(
      "parameters: \(parameters.elements) elements in \(parameters.tensors) tensors, \(parameters.bytes) bytes (\(ModelSummary.humanBytes(parameters.bytes)))")
    lines.append(
      "cost: \(cost.macs) MACs, \(cost.flops) FLOPs (\(ModelSummary.humanCount(cost.flops))FLOPs) over \(cost.countedNodes) nodes"
        + (cost.symbolsBoundToOne.isEmpty ? "" : " (taking \(cost.symbolsBoundToOne.joined(separator: ", ")) as 1)"))
    for entry in cost.uncounted {
      lines.append("  not counted: \(entry.op) × \(entry.nodes) (\(entry.reason))")
    }
    if !nonStandardDomains.isEmpty {
      lines.append("non-standard domains:")
      for entry in nonStandardDomains { lines.append("  \(entry.domain): \(entry.nodes) nodes") }
    }
    if !inlinedFunctions.isEmpty {
      lines.append("inlined functions: " + inlinedFunctions.keys.sorted().map { "\($0) × \(inlinedFunctions[$0]!)" }.joined(separator: ", "))
    }
    if canonicalizedNodes > 0 { lines.append("canonicalized nodes: \(canonicalizedNodes)") }
    lines.append("checks:")
    for check in checks {
      lines.append("  \(check.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(check.name)\(check.detail.map { ": " + $0 } ?? "")")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public var json: Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)) ?? Data("{}".utf8)
  }

  static func humanBytes(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(bytes) B" : "\(String(format: "%.1f", value)) \(units[unit])"
  }

  static func humanCount(_ count: Int) -> String {
    let units = ["", "K", "M", "G", "T", "P"]
    var value = Double(count)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0 ? "\(count) " : "\(String(format: "%.2f", value)) \(units[unit])"
  }
}
