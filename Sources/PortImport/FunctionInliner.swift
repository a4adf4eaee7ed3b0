import ONNXProto
import PortIR

struct FunctionKey: Hashable {
  var domain: String
  var name: String
  var overload: String
}

/// A model-local function (FunctionProto), converted to IR nodes.
struct FunctionDefinition {
  var key: FunctionKey
  var inputs: [String]
  var outputs: [String]
  var attributeNames: [String]
  var attributeDefaults: [String: Attribute]
  var nodes: [Node]
  var opsets: [String: Int]

  init(_ proto: Onnx_FunctionProto, converter: inout ProtoConverter) throws {
    key = FunctionKey(domain: proto.domain, name: proto.name, overload: proto.overload)
    inputs = proto.input
    outputs = proto.output
    attributeNames = proto.attribute
    attributeDefaults = [:]
    for attribute in proto.attributeProto {
      attributeDefaults[attribute.name] = try converter.attribute(attribute, node: proto.name, depth: 0)
    }
    var graphProto = Onnx_GraphProto()
    graphProto.name = proto.name
    graphProto.node = proto.node
    let body = try converter.graph(graphProto, depth: 0)
    nodes = body.nodes
    opsets = [:]
    for entry in proto.opsetImport { opsets[entry.domain == "ai.onnx" ? "" : entry.domain] = Int(entry.version) }
  }
}

/// Replaces calls of model-local functions with their bodies, renaming the body's values so they
/// stay unique, and substituting attribute references (`ref_attr_name`).
struct FunctionInliner {
  var functions: [FunctionKey: FunctionDefinition]
  let path: String
  var maxDepth = 32
  /// Most nodes inlining may produce in all, so calls nested many times cannot blow up.
  var maxNodes = 2_000_000
  private let produced = Counter()

  private final class Counter { var value = 0 }

  init(functions: [FunctionKey: FunctionDefinition], path: String, maxNodes: Int = 2_000_000) {
    self.functions = functions
    self.path = path
    self.maxNodes = maxNodes
  }

  func inline(_ graph: Graph, report: inout ImportReport) throws -> Graph {
    try inline(graph, report: &report, depth: 0)
  }

  private func inline(_ input: Graph, report: inout ImportReport, depth: Int) throws -> Graph {
    var graph = input
    var nodes: [Node] = []
    var counter = 0
    for var node in input.nodes {
      for key in node.attributes.keys.sorted() {
        switch node.attributes[key]! {
        case .graph(let g): node.attributes[key] = .graph(try inline(g, report: &report, depth: depth))
        case .graphs(let gs): node.attributes[key] = .graphs(try gs.map { try inline($0, report: &report, depth: depth) })
        case .string(let s) where s.hasPrefix("@ref:"):
          throw PortError(
            .badFunction, "attribute '\(key)' refers to '\(s.dropFirst(5))' outside a function body",
            at: Location(file: path, node: node.name))
        default: break
        }
      }
      let key = FunctionKey(domain: node.domain, name: node.opType, overload: "")
      guard let function = functions[key] else {
        nodes.append(node)
        continue
      }
      guard depth < maxDepth else {
        throw PortError(
          .badFunction, "function '\(function.key.name)' calls itself (or nests deeper than \(maxDepth))",
          at: Location(file: path, node: node.name))
      }
      report.inlinedFunctions[function.key.name, default: 0] += 1
      produced.value += function.nodes.count
      guard produced.value <= maxNodes else {
        throw PortError(
          .badFunction, "inlining model-local functions would make more than \(maxNodes) nodes",
          at: Location(file: path, node: node.name), hint: "function calls nest and multiply too much")
      }
      counter += 1
      let prefix = "\(node.name)/"
      var rename: [String: String] = [:]
      for (index, formal) in function.inputs.enumerated() {
        rename[formal] = index < node.inputs.count ? node.inputs[index] : ""
      }
      for (index, formal) in function.outputs.enumerated() where index < node.outputs.count {
        rename[formal] = node.outputs[index]
      }
      var body: [Node] = []
      for var inner in function.nodes {
        inner.name = prefix + inner.name
        inner.inputs = inner.inputs.map { $0.isEmpty ? "" : (rename[$0] ?? prefix + $0) }
        inner.outputs = inner.outputs.map { name in
          if name.isEmpty { return "" }
          if let mapped = rename[name] { return mapped }
          rename[name] = prefix + name
          return prefix + name
        }
        for (attributeName, attribute) in inner.attributes {
          if case .string(let s) = attribute, s.hasPrefix("@ref:") {
            let referenced = String(s.dropFirst(5))
            inner.attributes[attributeName] = node.attributes[referenced] ?? function.attributeDefaults[referenced]
          }
        }
        if let version = function.opsets[inner.domain] { inner.opsetVersion = version }
        body.append(inner)
      }
      // Inline nested function calls inside the body too.
      var bodyGraph = Graph(name: function.key.name, nodes: body)
      bodyGraph = try inline(bodyGraph, report: &report, depth: depth + 1)
      nodes.append(contentsOf: bodyGraph.nodes)
    }
    graph.nodes = nodes
    return graph
  }
}
