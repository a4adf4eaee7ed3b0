import PortIR
import PortOps
import PortTarget

/// What the `com.modelport` fused kernels share. A fused op means exactly its unfused chain, so
/// each stage runs the standard op's own kernel (Conv, Gemm, MatMul, Add, the activation): the
/// math lives in one place only.
enum FusedKernels {
  /// Runs the standard op `opType` on `inputs` with `attributes`, as part of fused `node`.
  static func stage(
    _ opType: String, of node: Node, attributes: [String: Attribute] = [:], _ inputs: [HostValue?],
    _ context: KernelContext
  ) throws -> Tensor {
    let plain = Node(
      name: node.name, opType: opType, inputs: inputs.indices.map { inputs[$0] == nil ? "" : "\(node.name)_in\($0)" },
      outputs: node.outputs, attributes: attributes, opsetVersion: node.opsetVersion)
    guard let kernel = KernelRegistry.kernel(for: plain) else {
      throw node.failure("no reference kernel for the \(opType) stage", code: .unsupported)
    }
    guard let result = try kernel.run(plain, inputs, context).first??.tensor else {
      throw node.failure("the \(opType) stage gave no tensor")
    }
    return result
  }

  /// `node`'s attributes without the fusion's own, for the main stage's kernel.
  static func mainAttributes(_ node: Node) -> [String: Attribute] {
    node.attributes.filter { $0.key != "activation" && $0.key != "activation_params" }
  }

  /// y + addend, where the addend must broadcast to y without changing y's shape.
  static func add(_ y: Tensor, _ addend: Tensor, of node: Node, _ context: KernelContext) throws -> Tensor {
    let sum = try stage("Add", of: node, [.tensor(y), .tensor(addend)], context)
    guard sum.shape == y.shape else {
      throw node.failure("the addend \(addend.shape) would change the result's shape \(y.shape)")
    }
    return sum
  }

  /// Applies `node`'s `activation` (if any) to y.
  static func activate(_ y: Tensor, of node: Node, _ context: KernelContext) throws -> Tensor {
    guard let activation = node.attributes["activation"] else {
      guard node.attributes["activation_params"] == nil else { throw node.failure("activation_params without an activation") }
      return y
    }
    guard let name = activation.string, let count = FusedOps.activations[name] else {
      throw node.failure("unknown activation \(activation)")
    }
    let params = node.floats("activation_params") ?? []
    guard params.count == count else {
      throw node.failure("activation \(name) takes \(count) activation_params, got \(params.count)")
    }
    switch name {
    case "LeakyRelu":
      return try stage(name, of: node, attributes: ["alpha": .float(params[0])], [.tensor(y)], context)
    case "HardSigmoid":
      return try stage(
        name, of: node, attributes: ["alpha": .float(params[0]), "beta": .float(params[1])], [.tensor(y)], context)
    case "Clip":
      let bounds = params.map { HostValue.tensor(Tensor(y.elementType, shape: [], doubles: [Double($0)])) }
      return try stage(name, of: node, [.tensor(y)] + bounds, context)
    case "Gelu":
      return try stage(name, of: node, attributes: ["approximate": .string("none")], [.tensor(y)], context)
    default:
      return try stage(name, of: node, [.tensor(y)], context)
    }
  }
}
