import PortIR
import PortTarget

/// Computed in float32 throughout, as ONNX's definition and reference do.
enum DynamicQuantizeLinearKernel: ReferenceKernel {
  static let opType = "DynamicQuantizeLinear"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let values = x.floats()
    let high = Swift.max(0, values.max() ?? 0)
    let low = Swift.min(0, values.min() ?? 0)
    let scale: Float = (high == low ? 1 : high - low) / 255
    let zero = Swift.min(255, Swift.max(0, 0 - low / scale)).rounded(.toNearestOrEven)
    let y = values.map { v -> Double in
      Double(Swift.min(255, Swift.max(0, (v / scale).rounded(.toNearestOrEven) + zero)))
    }
    return [
      .tensor(Tensor(.uint8, shape: x.shape, doubles: y)),
      .tensor(Tensor(shape: [], floats: [scale])),
      .tensor(Tensor(.uint8, shape: [], doubles: [Double(zero)])),
    ]
  }
}
