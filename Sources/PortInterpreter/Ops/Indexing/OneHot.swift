import PortIR
import PortTarget

enum OneHotKernel: ReferenceKernel {
  static let opType = "OneHot"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let indices = try inputs.tensor(0, of: node)
    guard let depthValue = try inputs.tensor(1, of: node).scalarDouble else { throw node.failure("depth must hold one value") }
    let values = try inputs.tensor(2, of: node)
    guard values.count == 2 else { throw node.failure("values must hold [off, on]") }
    guard depthValue.isFinite, abs(depthValue) < 1e15 else { throw node.failure("depth \(depthValue) is not a usable size") }
    let depth = Int(depthValue)
    guard depth >= 0 else { throw node.failure("depth must not be negative") }
    let rank = indices.rank + 1
    let axis = try TensorKernels.axis(node.int("axis", -1), rank: rank, node)
    var shape = indices.shape
    shape.insert(depth, at: axis)
    // Non-integer indices are cast to int64; anything outside [-depth, depth-1] selects no class.
    let classes = indices.elementType.isFloatingPoint
      ? indices.doubles().map { abs($0) < 9e18 ? Int64($0) : Int64.min / 2 } : indices.int64s()
    let inputStrides = Indexing.strides(indices.shape)
    let choice = TensorKernels.mapIndices(shape) { index -> Int in
      var source = index
      let position = source.remove(at: axis)
      var cls = classes[TensorKernels.linear(source, inputStrides)]
      if cls < 0 { cls += Int64(depth) }
      return cls == Int64(position) ? 1 : 0
    }
    return [.tensor(TensorKernels.take(values, choice, shape: shape))]
  }
}
