import CDNNL
import PortIR

/// Transpose: a oneDNN reorder into the output's row-major buffer viewed with permuted strides.
enum TransposeLowering: CPUKernel {
  static let opType = "Transpose"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty,
      let (type, xShape) = context.tensorType(x), let dataType = DNNL.dataType(type), let (_, yShape) = context.tensorType(y),
      !xShape.isEmpty, !xShape.contains(0)
    else { return false }
    let rank = xShape.count
    let perm = node.attributes["perm"]?.ints ?? Array((0..<rank).reversed())
    guard perm.count == rank, Set(perm) == Set(0..<rank) else { return false }
    var yStrides = [Int](repeating: 1, count: rank)
    for axis in stride(from: rank - 2, through: 0, by: -1) { yStrides[axis] = yStrides[axis + 1] * yShape[axis + 1] }
    // Input axis perm[j] lands on output axis j.
    var strides = [Int](repeating: 0, count: rank)
    for j in 0..<rank { strides[perm[j]] = yStrides[j] }
    let view = DNNL.strided(xShape, strides: strides, dataType)
    let plainMD = DNNL.plain(xShape, dataType)
    let src = try context.plainBuffer(x)
    let dst = context.newBuffer(bytes: type.byteCount(elements: yShape.reduce(1, *)))
    context.add(try context.reorderStep(from: src, plainMD, to: dst, view))
    context.define(y, buffer: dst, md: DNNL.plain(yShape, dataType))
    return true
  }
}
