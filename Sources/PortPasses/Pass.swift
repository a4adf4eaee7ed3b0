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

  /// Target-neutral clean-up, in an order where each pass enables the next; the result has only
  /// standard ONNX ops. Dead code goes first too: canonicalization leaves unread Casts of old
  /// Dropout masks, which keep the Dropout alive. Pass-throughs next; folding makes weights and
  /// shapes constants (which BN folding and the pattern passes need) and per-channel affine layers
  /// next to a Conv go into its weights; decomposed GELU, LayerNorm and hard-swish become single
  /// ops; MatMul+Add becomes Gemm where 2-D; dead code last.
  public static func standard(verifying: Bool = false) -> PassPipeline {
    PassPipeline(standardPasses + [DeadCodeElimination()], verifying: verifying)
  }

  /// `standard`, then bias, residual and activation fusion into the `com.modelport` ops
  /// (FusedConv, FusedGemm, FusedMatMul): for host targets that have kernels for them.
  public static func fusing(verifying: Bool = false) -> PassPipeline {
    PassPipeline(
      standardPasses + [ConvFusion(), GemmFusion(), MatMulFusion(), DeadCodeElimination()], verifying: verifying)
  }

  private static var standardPasses: [any Pass] {
    [
      DeadCodeElimination(), IdentityElimination(), ConstantOfShapeFolding(), ShapeFolding(), ConstantFolding(),
      BatchNormFolding(), BatchNormAffineFolding(), ConvAffineFolding(), ConvInputAffineFolding(), GeluRecognition(),
      LayerNormRecognition(), HardSwishRecognition(), MatMulAddToGemm(),
    ]
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

/// A pass made of one local rewrite tried at every node until none applies: fusions and foldings
/// that replace a node and its readers. The pass runs inside subgraphs too.
public protocol LocalRewritePass: Pass {
  /// Rewrites around `graph.nodes[index]` if the pattern matches there, returning whether it did;
  /// `consumers` are the graph's readers of each value, as before this call.
  func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool

  /// Whether the loop starts again from the first node after a rewrite, for rewrites that remove
  /// nodes before `index` (so the nodes after it move down); else it goes on where it was.
  var rescansAfterRewrite: Bool { get }
}

extension LocalRewritePass {
  public var rescansAfterRewrite: Bool { false }

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var consumers = result.consumers
    var index = 0
    while index < result.nodes.count {
      if rewrite(at: index, in: &result, consumers) {
        // The rewritten node stands where the loop meets it again, so chains keep fusing.
        consumers = result.consumers
        if rescansAfterRewrite { index = 0 }
        continue
      }
      index += 1
    }
    return result
  }
}
