import PortIR
import PortTarget

/// The drift of one intermediate value, at the node that produced it.
public struct LayerDrift: Sendable, Hashable, Codable {
  /// Position of the producing node in the graph's topological order.
  public var index: Int
  public var node: String
  public var opType: String
  public var value: String
  public var metrics: DriftMetrics
  public var pass: Bool { metrics.pass }
}

/// The drift along the graph, as far as the candidate exposes its values.
public struct LayerComparison: Sendable, Hashable, Codable {
  /// Compared values, in topological order.
  public var values: [LayerDrift]
  /// Nodes whose outputs the candidate did not expose (fused away, or kept on the device).
  public var hiddenNodes: Int
  /// The first node (in topological order) whose output leaves tolerance; nil when none does.
  public var firstDivergent: LayerDrift? { values.first { !$0.pass } }

  /// Compares every value both sides expose, node by node in topological order. A value the
  /// candidate does not expose is not compared: where a target fuses nodes, the comparison happens
  /// at the fused group's boundary (its outputs), never inside it.
  public static func compare(
    graph: Graph, reference: [String: HostValue], candidate: [String: HostValue], tolerance: Tolerance
  ) -> LayerComparison {
    var values: [LayerDrift] = []
    var hidden = 0
    for (index, node) in graph.nodes.enumerated() {
      var exposed = false
      for output in node.outputs where !output.isEmpty {
        guard let theirs = candidate[output], let ours = reference[output] else { continue }
        exposed = true
        values.append(
          LayerDrift(
            index: index, node: node.name, opType: node.qualifiedOpType, value: output,
            metrics: DriftMetrics.compare(reference: ours, candidate: theirs, tolerance: tolerance)))
      }
      if !exposed { hidden += 1 }
    }
    return LayerComparison(values: values, hiddenNodes: hidden)
  }
}
