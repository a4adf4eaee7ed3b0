import PortIR
import PortTarget

/// The smallest possible target: it refuses every node, with the reason. Copy this folder to start
/// a new target, add it to Package.swift and to `TargetCatalog` in the `port` executable, then claim
/// the nodes you can run and return an `Executable` from `compile`.
public struct SkeletonTarget: Target {
  public let name = "skeleton"
  public let summary = "refuses every node; a starting point to copy for a new target"

  public init() {}

  public func capability(of graph: Graph) -> Capability {
    Capability(graph.nodes.map { .refused($0, "the skeleton target runs no operators") })
  }

  public func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    let first = model.graph.nodes.first
    throw PortError(
      .unsupported, "the skeleton target compiles nothing", at: Location(node: first?.name),
      hint: "copy Targets/Skeleton and implement capability(of:) and compile")
  }
}
