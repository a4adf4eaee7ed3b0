import PortIR
import PortTarget

enum DequantizeLinearKernel: ReferenceKernel {
  static let opType = "DequantizeLinear"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let scale = try inputs.tensor(1, of: node)
    let zero = inputs.optionalTensor(2)
    let axis = node.int("axis", 1)
    let blockSize = node.int("block_size", 0)
    let declared = node.int("output_dtype", 0)
    let type = declared != 0 ? (ElementType(rawValue: declared) ?? scale.elementType) : scale.elementType
    let map = try NNKernels.quantizationMap(node, x: x.shape, parameter: scale.shape, axis: axis, blockSize: blockSize)
    let xs = x.doubles()
    let scales = scale.doubles()
    // Float8 and float4 zero points must be zero and are ignored, as the reference does.
    let integerZero = zero.flatMap { x.elementType.integerRange != nil || x.elementType == .int32 ? $0 : nil }
    let zeroMap = try integerZero.map {
      try NNKernels.quantizationMap(node, x: x.shape, parameter: $0.shape, axis: axis, blockSize: blockSize)
    }
    let zeros = integerZero?.doubles() ?? [0]
    // (x − zero) in float32, times the scale in float32, then the output type.
    let products = xs.indices.map { i in (xs[i] - zeros[zeroMap?[i] ?? 0]) * scales[map[i]] }
    let y = NNKernels.rounded(NNKernels.rounded(products, to: .float), to: type)
    return [.tensor(Tensor(type, shape: x.shape, doubles: y))]
  }
}
