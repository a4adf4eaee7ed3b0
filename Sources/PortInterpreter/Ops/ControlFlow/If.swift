import PortIR
import PortTarget

enum IfKernel: ReferenceKernel {
  static let opType = "If"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let condition = try inputs.tensor(0, of: node)
    guard let chosen = condition.scalarInt else { throw node.failure("cond must hold one element") }
    let key = chosen != 0 ? "then_branch" : "else_branch"
    guard let branch = node.attributes[key]?.graph else { throw node.failure("missing \(key)") }
    return try context.runSubgraph(branch, []).map { $0 }
  }
}
