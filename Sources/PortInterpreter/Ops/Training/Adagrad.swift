import Foundation
import PortIR
import PortTarget

/// Adagrad: r = R / (1 + T·decay); g = λx + G; H' = H + g²; X' = X − r·g / (√H' + ε).
enum AdagradKernel: ReferenceKernel {
  static let opType = "Adagrad"
  static let domain = "ai.onnx.preview.training"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let (r, t, lists) = try TrainingKernels.unpack(node, inputs, groups: 3)
    let decay = Double(node.float("decay_factor", 0))
    let epsilon = Double(node.float("epsilon", 1e-6))
    let lambda = Double(node.float("norm_coefficient", 0))
    let rate = r / (1 + t * decay)
    var xs: [HostValue?] = []
    var hs: [HostValue?] = []
    for i in lists[0].indices {
      let (x, g, h) = (lists[0][i], lists[1][i], lists[2][i])
      let xv = x.doubles(), gv = g.doubles(), hv = h.doubles()
      guard gv.count == xv.count, hv.count == xv.count else { throw node.failure("X, G and H must match") }
      var newX = xv, newH = hv
      for j in xv.indices {
        let reg = lambda * xv[j] + gv[j]
        newH[j] = hv[j] + reg * reg
        newX[j] = xv[j] - rate * reg / (newH[j].squareRoot() + epsilon)
      }
      xs.append(.tensor(Tensor(x.elementType, shape: x.shape, doubles: newX)))
      hs.append(.tensor(Tensor(h.elementType, shape: h.shape, doubles: newH)))
    }
    return xs + hs
  }
}
