import PortIR
import PortPasses

/// The bridge to PortPasses' `Legalizer`: rewrites the ops the device lacks into ops it runs (as
/// the manifest and the device arithmetic judge them, node by node), recording per original node
/// what it became.
enum Legalization {
  struct Rewrite: Sendable, Hashable {
    /// Names of the nodes the original node became (in the legalized graph).
    var into: [String]
    /// What was done ("HardSwish → Add + Clip + Mul [HardSwishToClip]").
    var description: String
  }

  struct Result: Sendable {
    var graph: Graph
    /// By original node name.
    var rewrites: [String: Rewrite]
  }

  /// Op types some legalization rule rewrites (into other ops; whether those are native depends
  /// on the manifest and the node).
  static func rewritable(into native: Set<String>) -> Set<String> {
    Set(Legalizer.standardRules.flatMap(\.opTypes)).subtracting(native)
  }

  static func run(_ graph: Graph, _ manifest: AcceleratorManifest, isNative: @escaping @Sendable (Node, Graph) -> Bool) -> Result {
    let legalizer = Legalizer(nativeOps: manifest.nativeOps, isNative: isNative)
    // A legalizer failure leaves the graph as it is: the nodes fall back, nothing is lost.
    guard let result = try? legalizer.legalize(graph) else { return Result(graph: graph, rewrites: [:]) }
    var rewrites: [String: Rewrite] = [:]
    for record in result.rewrites {
      rewrites[record.node] = Rewrite(into: record.replacement, description: record.summary)
      for absorbed in record.absorbed where rewrites[absorbed] == nil {
        rewrites[absorbed] = Rewrite(into: record.replacement, description: "merged with \(record.node): \(record.summary)")
      }
    }
    return Result(graph: result.graph, rewrites: rewrites)
  }
}
