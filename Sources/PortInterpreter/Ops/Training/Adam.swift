import Foundation
import PortIR
import PortTarget

/// Adam with optional L2 terms before (norm_coefficient) and after (norm_coefficient_post) the step,
/// bias-corrected learning rate once T > 0.
enum AdamKernel: ReferenceKernel {
  static let opType = "Adam"
  static let domain = "ai.onnx.preview.training"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let (r, t, lists) = try TrainingKernels.unpack(node, inputs, groups: 4)
    let alpha = Double(node.float("alpha", 0.9))
    let beta = Double(node.float("beta", 0.999))
    let epsilon = Double(node.float("epsilon", 1e-6))
    let lambda = Double(node.float("norm_coefficient", 0))
    let post = Double(node.float("norm_coefficient_post", 0))
    let rate = t > 0 ? r * (1 - pow(beta, t)).squareRoot() / (1 - pow(alpha, t)) : r
    var xs: [HostValue?] = [], vs: [HostValue?] = [], hs: [HostValue?] = []
    for i in lists[0].indices {
      let (x, g, v, h) = (lists[0][i], lists[1][i], lists[2][i], lists[3][i])
      let xv = x.doubles(), gv = g.doubles(), vv = v.doubles(), hv = h.doubles()
      guard gv.count == xv.count, vv.count == xv.count, hv.count == xv.count else {
        throw node.failure("X, G, V and H must match")
      }
      var newX = xv, newV = vv, newH = hv
      for j in xv.indices {
        let reg = lambda * xv[j] + gv[j]
        newV[j] = alpha * vv[j] + (1 - alpha) * reg
        newH[j] = beta * hv[j] + (1 - beta) * reg * reg
        newX[j] = (1 - post) * (xv[j] - rate * (newV[j] / (newH[j].squareRoot() + epsilon)))
      }
      xs.append(.tensor(Tensor(x.elementType, shape: x.shape, doubles: newX)))
      vs.append(.tensor(Tensor(v.elementType, shape: v.shape, doubles: newV)))
      hs.append(.tensor(Tensor(h.elementType, shape: h.shape, doubles: newH)))
    }
    return xs + vs + hs
  }
}
