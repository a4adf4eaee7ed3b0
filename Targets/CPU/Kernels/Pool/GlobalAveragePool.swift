import CDNNL
import PortIR

/// GlobalAveragePool: a oneDNN pooling whose window is the whole spatial extent.
enum GlobalAveragePoolLowering: CPUKernel {
  static let opType = "GlobalAveragePool"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let x = node.input(0), let shape = context.float32Shape(x), shape.count >= 3 else { return false }
    let kernel = Array(shape[2...])
    let ones = Array(repeating: 1, count: kernel.count)
    let zeros = Array(repeating: 0, count: kernel.count)
    return try CPUPrimitives.pooling(node, context, dnnl_pooling_avg_exclude_padding, kernel: kernel, strides: ones, dilations: ones, padding: (zeros, zeros))
  }
}
