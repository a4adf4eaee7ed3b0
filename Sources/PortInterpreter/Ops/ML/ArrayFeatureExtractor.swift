import Foundation
import PortIR
import PortTarget

enum ArrayFeatureExtractorKernel: ReferenceKernel {
  static let opType = "ArrayFeatureExtractor"
  static let domain = "ai.onnx.ml"
  /// data[..., indices]; a 1-D input gives [1, N] as onnxruntime does.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let data = try inputs.tensor(0, of: node)
    let indices = try inputs.tensor(1, of: node).int64s().map { Int($0) }
    let last = data.shape.last ?? 1
    for index in indices where index < 0 || index >= last {
      throw node.failure("index \(index) is out of range for a last axis of \(last)")
    }
    let shape = data.rank <= 1 ? [1, indices.count] : Array(data.shape.dropLast()) + [indices.count]
    let result = ElementwiseKernels.assemble(data.elementType, shape: shape, sources: [data]) { i in
      (0, (i / indices.count) * last + indices[i % indices.count])
    }
    return [.tensor(result)]
  }
}
