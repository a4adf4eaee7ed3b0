import PortIR

/// The seam to the legalizer (PortPasses, branch `legalize`): rewrites ops the device lacks into
/// ops it has, recording per original node what it became. Until the legalizer is merged this
/// rewrites nothing, so such nodes fall back to the host.
enum Legalization {
  struct Rewrite: Sendable, Hashable {
    /// Names of the nodes the original node became (in the legalized graph).
    var into: [String]
    /// What was done ("HardSwish → Mul(x, Clip(x + 3, 0, 6)) / 6").
    var description: String
  }

  struct Result: Sendable {
    var graph: Graph
    /// By original node name.
    var rewrites: [String: Rewrite]
  }

  /// Op types the legalizer can rewrite into `native` ones.
  static func rewritable(into native: Set<String>) -> Set<String> { [] }

  static func run(_ graph: Graph, _ manifest: AcceleratorManifest) -> Result {
    Result(graph: graph, rewrites: [:])
  }
}
