import Foundation
import PortIR
import PortTarget

enum PowKernel: ReferenceKernel {
  static let opType = "Pow"
  /// The result has the base's type. Integer powers of integers are exact (wrapping); otherwise
  /// the power is computed in Double and converted to the base's type (truncating for integers).
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    let (shape, maps) = try ElementwiseKernels.broadcast(node, [a, b])
    if a.elementType.isInteger && b.elementType.isInteger {
      let x = a.int64s()
      let y = b.int64s()
      let values = (0..<shape.reduce(1, *)).map { i in integerPower(x[maps[0][i]], y[maps[1][i]]) }
      return [.tensor(Tensor(a.elementType, shape: shape, int64s: values))]
    }
    let x = a.doubles()
    let y = b.doubles()
    let values = (0..<shape.reduce(1, *)).map { i in pow(x[maps[0][i]], y[maps[1][i]]) }
    return [.tensor(Tensor(a.elementType, shape: shape, doubles: values))]
  }

  static func integerPower(_ base: Int64, _ exponent: Int64) -> Int64 {
    if exponent < 0 {
      // Only ±1 have integer reciprocals; NumPy refuses, the ONNX reference gives this.
      if base == 1 { return 1 }
      if base == -1 { return exponent % 2 == 0 ? 1 : -1 }
      return 0
    }
    var result: Int64 = 1
    var factor = base
    var rest = exponent
    while rest > 0 {
      if rest & 1 == 1 { result = result &* factor }
      factor = factor &* factor
      rest >>= 1
    }
    return result
  }
}
