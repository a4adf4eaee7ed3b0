import PortIR
import PortTarget

/// Momentum, standard or Nesterov; the gradient's coefficient is 1 on the first step (T = 0).
enum MomentumKernel: ReferenceKernel {
  static let opType = "Momentum"
  static let domain = "ai.onnx.preview.training"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let (r, t, lists) = try TrainingKernels.unpack(node, inputs, groups: 3)
    let alpha = Double(node.float("alpha", 0))
    let beta = Double(node.float("beta", 0))
    let lambda = Double(node.float("norm_coefficient", 0))
    let mode = node.string("mode", "standard")
    guard mode == "standard" || mode == "nesterov" else { throw node.failure("mode '\(mode)' is not supported") }
    let betaAdjusted = t > 0 ? beta : 1
    var xs: [HostValue?] = [], vs: [HostValue?] = []
    for i in lists[0].indices {
      let (x, g, v) = (lists[0][i], lists[1][i], lists[2][i])
      let xv = x.doubles(), gv = g.doubles(), vv = v.doubles()
      guard gv.count == xv.count, vv.count == xv.count else { throw node.failure("X, G and V must match") }
      var newX = xv, newV = vv
      for j in xv.indices {
        let reg = lambda * xv[j] + gv[j]
        newV[j] = alpha * vv[j] + betaAdjusted * reg
        newX[j] = mode == "nesterov" ? xv[j] - r * (reg + alpha * newV[j]) : xv[j] - r * newV[j]
      }
      xs.append(.tensor(Tensor(x.elementType, shape: x.shape, doubles: newX)))
      vs.append(.tensor(Tensor(v.elementType, shape: v.shape, doubles: newV)))
    }
    return xs + vs
  }
}
