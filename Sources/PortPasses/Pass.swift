import PortIR
import PortOps

/// A graph-to-graph rewrite that keeps the graph's meaning, its input and output names, and SSA form.
public protocol Pass: Sendable {
  var name: String { get }
  func run(_ graph: Graph) throws -> Graph
}

/// Runs passes in order; with `verifying`, checks the graph after each pass and names the pass
/// that broke it.
public struct PassPipeline: Sendable {
  public var passes: [any Pass]
  public var verifying: Bool

  public init(_ passes: [any Pass], verifying: Bool = false) {
    self.passes = passes
    self.verifying = verifying
  }

  /// The passes a CPU target wants, in an order where each enables the next. Dead code goes first
  /// too: canonicalization leaves unread Casts of old Dropout masks, which keep the Dropout alive.
  public static func standard(verifying: Bool = false) -> PassPipeline {
    PassPipeline(
      [
        DeadCodeElimination(), IdentityElimination(), ConstantOfShapeFolding(), ShapeFolding(), BatchNormFolding(), MatMulAddToGemm(),
        DeadCodeElimination(),
      ], verifying: verifying)
  }

  public func run(_ graph: Graph) throws -> Graph {
    var current = graph
    for pass in passes {
      current = try pass.run(current)
      if verifying {
        do {
          try current.verify(signature: OpRegistry.signature(for:))
        } catch let errors as PortErrors {
          throw PortErrors(
            errors.errors.map {
              PortError($0.code, "after pass '\(pass.name)': \($0.message)", at: $0.location, hint: $0.hint)
            })
        }
      }
    }
    return current
  }
}
