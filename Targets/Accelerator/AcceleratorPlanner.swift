import PortIR
import PortOps
import PortPasses
import PortTarget

/// The graph as the device will run it (after the standard passes and legalization), where each of
/// its nodes runs, and the contiguous device/host regions in execution order.
struct AcceleratorPlan: Sendable {
  /// The graph the executable runs: `graph.nodes` are in execution order (regions contiguous).
  var graph: Graph
  /// Per node of `graph`: nil when it runs on the device, else why not.
  var refusals: [DeviceRules.Refusal?]
  /// Runs of consecutive `graph.nodes` with the same location.
  var regions: [PlacementPlan.Region]
  var transfers: Int
  /// Per node of the model as imported, for the report.
  var placements: [NodePlacement]

  func onDevice(_ index: Int) -> Bool { refusals[index] == nil }
}

enum AcceleratorPlanner {
  static func plan(_ original: Graph, _ manifest: AcceleratorManifest, _ arithmetic: any DeviceArithmetic) -> AcceleratorPlan {
    // The standard passes fold BatchNorm into Conv, shapes into constants, MatMul+Add into Gemm.
    var graph = (try? PassPipeline.standard().run(original)) ?? original
    // Legalization rewrites ops the device lacks into ops it has, where semantics allow.
    let legalized = Legalization.run(graph, manifest) { node, graph in
      DeviceRules.refusal(node, in: graph, manifest) == nil && arithmetic.refusal(node, in: graph) == nil
    }
    graph = legalized.graph
    var refusals = graph.nodes.map { node -> DeviceRules.Refusal? in
      if let refusal = DeviceRules.refusal(node, in: graph, manifest) { return refusal }
      return arithmetic.refusal(node, in: graph).map {
        DeviceRules.Refusal(reason: $0, hint: "give the device's \(arithmetic.name) executor a kernel for \(node.opType)")
      }
    }
    let ordered = order(graph, refusals)
    graph.nodes = ordered.map { graph.nodes[$0] }
    refusals = ordered.map { refusals[$0] }
    let regions = regionsOf(refusals)
    let transfers = countTransfers(graph, refusals)

    // Per original node: where it ended up.
    let finalIndex = Dictionary(graph.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    var placements: [NodePlacement] = []
    for node in original.nodes {
      let op = node.qualifiedOpType
      if let rewrite = legalized.rewrites[node.name] {
        // Rewritten: on the device when every node it became runs there.
        let failing = rewrite.into.compactMap { finalIndex[$0] }.compactMap { refusals[$0] }.first
        if let failing {
          placements.append(
            NodePlacement(node: node.name, opType: op, placement: .fallback, reason: "rewritten (\(rewrite.description)) but \(failing.reason)", hint: failing.hint))
        } else {
          placements.append(NodePlacement(node: node.name, opType: op, placement: .decomposed, reason: rewrite.description))
        }
      } else if let index = finalIndex[node.name] {
        let final = graph.nodes[index]
        if let refusal = refusals[index] {
          placements.append(NodePlacement(node: node.name, opType: op, placement: .fallback, reason: refusal.reason, hint: refusal.hint))
        } else if final.opType != node.opType {
          placements.append(NodePlacement(node: node.name, opType: op, placement: .decomposed, reason: "rewritten into \(final.opType)"))
        } else {
          placements.append(NodePlacement(node: node.name, opType: op, placement: .native))
        }
      } else {
        placements.append(
          NodePlacement(node: node.name, opType: op, placement: .decomposed, reason: "folded at compile time (into a neighbour or a constant)"))
      }
    }
    return AcceleratorPlan(graph: graph, refusals: refusals, regions: regions, transfers: transfers, placements: placements)
  }

  /// A topological order that keeps each location's nodes together: among the ready nodes, take
  /// one on the current side while there is one. Each switch of side costs transfers, so this
  /// merges adjacent claimed regions.
  static func order(_ graph: Graph, _ refusals: [DeviceRules.Refusal?]) -> [Int] {
    let producers = graph.producers
    let count = graph.nodes.count
    var pending = [Int](repeating: 0, count: count)
    var readers = [[Int]](repeating: [], count: count)
    for (index, node) in graph.nodes.enumerated() {
      var seen = Set<Int>()
      for input in node.inputs + outerInputs(node) {
        if let producer = producers[input], producer != index, seen.insert(producer).inserted {
          pending[index] += 1
          readers[producer].append(index)
        }
      }
    }
    var ready = [[Int](), [Int]()]  // 0: device, 1: host; each kept in original order
    for index in 0..<count where pending[index] == 0 { ready[refusals[index] == nil ? 0 : 1].append(index) }
    var side = ready[0].isEmpty ? 1 : 0
    var result: [Int] = []
    result.reserveCapacity(count)
    while result.count < count {
      if ready[side].isEmpty { side = 1 - side }
      guard !ready[side].isEmpty else { break }
      ready[side].sort()
      let next = ready[side].removeFirst()
      result.append(next)
      for reader in readers[next] {
        pending[reader] -= 1
        if pending[reader] == 0 { ready[refusals[reader] == nil ? 0 : 1].append(reader) }
      }
    }
    // A cycle cannot happen in a verified graph; keep every node regardless.
    if result.count < count { return Array(0..<count) }
    return result
  }

  /// Values a node's subgraphs read from the enclosing graph (they order the node too).
  static func outerInputs(_ node: Node) -> [String] {
    node.subgraphs.flatMap { Array($0.outerReferences) }
  }

  static func regionsOf(_ refusals: [DeviceRules.Refusal?]) -> [PlacementPlan.Region] {
    var regions: [PlacementPlan.Region] = []
    for (index, refusal) in refusals.enumerated() {
      let location = refusal == nil ? "device" : "host"
      if regions.last?.location == location {
        regions[regions.count - 1].nodes.append(index)
      } else {
        regions.append(PlacementPlan.Region(location: location, nodes: [index]))
      }
    }
    return regions
  }

  /// Values crossing between host and device: a runtime value produced on one side (graph inputs
  /// on the host) and read on the other, counted once per destination side; device-produced graph
  /// outputs go back to the host.
  static func countTransfers(_ graph: Graph, _ refusals: [DeviceRules.Refusal?]) -> Int {
    transferValues(graph, refusals).count
  }

  /// (value, to device?) pairs that cross.
  static func transferValues(_ graph: Graph, _ refusals: [DeviceRules.Refusal?]) -> [(value: String, toDevice: Bool)] {
    let producers = graph.producers
    var crossings: [(String, Bool)] = []
    var seen = Set<String>()
    for (index, node) in graph.nodes.enumerated() {
      let here = refusals[index] == nil
      for input in node.inputs where !input.isEmpty && graph.initializers[input] == nil {
        let producedOnDevice = producers[input].map { refusals[$0] == nil } ?? false
        if producedOnDevice != here, seen.insert("\(input)→\(here)").inserted { crossings.append((input, here)) }
      }
    }
    for output in graph.outputs {
      if let producer = producers[output], refusals[producer] == nil, seen.insert("\(output)→false").inserted {
        crossings.append((output, false))
      }
    }
    return crossings
  }
}
