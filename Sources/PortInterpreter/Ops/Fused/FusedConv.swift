import PortIR
import PortOps
import PortTarget

/// act(Conv(X, W, B) + Z), by the Conv, Add and activation kernels.
enum FusedConvKernel: ReferenceKernel {
  static let opType = "FusedConv"
  static let domain = FusedOps.domain
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let convInputs = Array(inputs.prefix(3))
    var y = try FusedKernels.stage("Conv", of: node, attributes: FusedKernels.mainAttributes(node), convInputs, context)
    if let z = inputs.optionalTensor(3) { y = try FusedKernels.add(y, z, of: node, context) }
    return [.tensor(try FusedKernels.activate(y, of: node, context))]
  }
}
