import PortIR
import PortTarget

enum QuantizeLinearKernel: ReferenceKernel {
  static let opType = "QuantizeLinear"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let scale = try inputs.tensor(1, of: node)
    let zero = inputs.optionalTensor(2)
    let declared = node.int("output_dtype", 0)
    let type = zero?.elementType ?? (declared != 0 ? ElementType(rawValue: declared) : nil) ?? .uint8
    let axis = node.int("axis", 1)
    let blockSize = node.int("block_size", 0)
    let saturate = node.int("saturate", 1) != 0
    let map = try NNKernels.quantizationMap(node, x: x.shape, parameter: scale.shape, axis: axis, blockSize: blockSize)
    let zeroMap = try zero.map { try NNKernels.quantizationMap(node, x: x.shape, parameter: $0.shape, axis: axis, blockSize: blockSize) }
    // x / scale in the working precision: `precision` when given, else x's type (int32 x divides in Double).
    let precisionCode = node.int("precision", 0)
    let precision = precisionCode != 0 ? (ElementType(rawValue: precisionCode) ?? .float) : x.elementType
    let xs = NNKernels.rounded(x.doubles(), to: precision)
    let scales = NNKernels.rounded(scale.doubles(), to: precision)
    let quotients = NNKernels.rounded(xs.indices.map { xs[$0] / scales[map[$0]] }, to: precision)
    let zeros = zero?.doubles() ?? [0]
    if let range = type.integerRange {
      let y = quotients.indices.map { i -> Double in
        let q = quotients[i].rounded(.toNearestOrEven) + zeros[zeroMap?[i] ?? 0]
        return Swift.min(Swift.max(q, Double(range.lowerBound)), Double(range.upperBound))
      }
      return [.tensor(Tensor(type, shape: x.shape, doubles: y))]
    }
    switch type {
    case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz:
      return [.tensor(Tensor(type, shape: x.shape, doubles: quotients, saturate: saturate))]
    case .float4e2m1:
      let y = quotients.indices.map { quotients[$0] + zeros[zeroMap?[$0] ?? 0] }
      return [.tensor(Tensor(type, shape: x.shape, doubles: y))]
    default:
      throw node.failure("output type \(type) is not a quantized type")
    }
  }
}
