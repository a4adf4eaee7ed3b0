import CDNNL
import PortIR

/// Shared lowerings of the layout-agnostic oneDNN primitives (eltwise, binary, pooling): they
/// take their input in whatever layout it has, so blocked layouts flow through them.
enum CPUPrimitives {
  /// Y = eltwise(X).
  static func eltwise(
    _ node: Node, _ context: LoweringContext, _ alg: dnnl_alg_kind_t, _ alpha: Float, _ beta: Float, postOps: [PostOp] = []
  ) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty, let shape = context.float32Shape(x),
      context.float32Shape(y) == shape, !shape.contains(0)
    else { return false }
    var md = try context.currentLayout(x)
    var descriptor = dnnl_eltwise_desc_t()
    let attributes = PrimitiveAttributes()
    attributes.setPostOps(postOps)
    guard dnnl_eltwise_forward_desc_init(&descriptor, dnnl_forward_inference, alg, &md, alpha, beta) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor, attributes: attributes), let dstMD = pd.md(dnnl_query_dst_md)
    else { return false }
    let src = try context.buffer(x, md: md)
    let dst = context.newBuffer(bytes: DNNL.size(dstMD))
    context.add(PrimitiveStep(node: node.name, kind: "eltwise", primitive: try pd.primitive(node: node.name),
      arguments: [.input(Arg.src, src, md), .output(Arg.dst, dst, dstMD)]))
    context.define(y, buffer: dst, md: dstMD)
    return true
  }

  /// Y = A op B with NumPy broadcasting, where the full-size operand comes first (oneDNN's src0
  /// cannot broadcast); commutative ops swap their operands for it.
  static func binary(_ node: Node, _ context: LoweringContext, _ alg: dnnl_alg_kind_t, commutative: Bool) throws -> Bool {
    guard let a = node.input(0), let b = node.input(1), let y = node.outputs.first, !y.isEmpty,
      let aShape = context.float32Shape(a), let bShape = context.float32Shape(b), let yShape = context.float32Shape(y),
      !yShape.isEmpty, !yShape.contains(0)
    else { return false }
    var (first, second, secondShape) = (a, b, bShape)
    if aShape != yShape {
      guard commutative, bShape == yShape else { return false }
      (first, second, secondShape) = (b, a, aShape)
    }
    guard secondShape.count <= yShape.count else { return false }
    let padded = Array(repeating: 1, count: yShape.count - secondShape.count) + secondShape
    var src0MD = try context.currentLayout(first)
    let src1: BufferID
    var src1MD: dnnl_memory_desc_t
    if padded == yShape {
      src1MD = src0MD
      src1 = try context.buffer(second, md: src0MD)
    } else {
      src1MD = DNNL.plain(padded)
      src1 = try context.plainBuffer(second)
    }
    var dstMD = src0MD
    var descriptor = dnnl_binary_desc_t()
    guard dnnl_binary_desc_init(&descriptor, alg, &src0MD, &src1MD, &dstMD) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor)
    else { return false }
    let src0 = try context.buffer(first, md: src0MD)
    let dst = context.newBuffer(bytes: DNNL.size(dstMD))
    context.add(PrimitiveStep(node: node.name, kind: "binary", primitive: try pd.primitive(node: node.name),
      arguments: [.input(Arg.src, src0, src0MD), .input(Arg.src1, src1, src1MD), .output(Arg.dst, dst, dstMD)]))
    context.define(y, buffer: dst, md: dstMD)
    return true
  }

  /// Max or average pooling over the spatial axes.
  static func pooling(
    _ node: Node, _ context: LoweringContext, _ alg: dnnl_alg_kind_t, kernel: [Int], strides: [Int], dilations: [Int],
    padding: (begin: [Int], end: [Int])
  ) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty, let xShape = context.float32Shape(x),
      let yShape = context.float32Shape(y), xShape.count >= 3, xShape.count <= 5, yShape.count == xShape.count,
      kernel.count == xShape.count - 2, strides.count == kernel.count, dilations.count == kernel.count
    else { return false }
    let spatial = kernel.count
    var end = padding.end
    var adjusted = false
    for axis in 0..<spatial {
      let range = (kernel[axis] - 1) * dilations[axis] + 1
      let floorOut = (xShape[axis + 2] + padding.begin[axis] + end[axis] - range) / strides[axis] + 1
      if floorOut != yShape[axis + 2] {
        // ceil_mode: the last window may start inside the input and run past the padding.
        end[axis] = (yShape[axis + 2] - 1) * strides[axis] + range - xShape[axis + 2] - padding.begin[axis]
        adjusted = true
        guard end[axis] >= 0 else { return false }
      }
    }
    if adjusted && alg == dnnl_pooling_avg_include_padding { return false }
    var srcMD = try context.currentLayout(x)
    var dstMD = DNNL.any(yShape)
    var descriptor = dnnl_pooling_v2_desc_t()
    guard dnnl_pooling_v2_forward_desc_init(
        &descriptor, dnnl_forward_inference, alg, &srcMD, &dstMD, strides.map(Int64.init), kernel.map(Int64.init),
        dilations.map { Int64($0 - 1) }, padding.begin.map(Int64.init), end.map(Int64.init)) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor), let chosen = pd.md(dnnl_query_dst_md)
    else { return false }
    let src = try context.buffer(x, md: srcMD)
    let dst = context.newBuffer(bytes: DNNL.size(chosen))
    var arguments: [PrimitiveArgument] = [.input(Arg.src, src, srcMD), .output(Arg.dst, dst, chosen)]
    // Max pooling in inference needs no workspace; any other the primitive asks for is scratch.
    if let workspace = pd.md(dnnl_query_workspace_md), DNNL.size(workspace) > 0 {
      arguments.append(.output(Arg.workspace, context.newBuffer(bytes: DNNL.size(workspace)), workspace))
    }
    context.add(PrimitiveStep(node: node.name, kind: "pool", primitive: try pd.primitive(node: node.name), arguments: arguments))
    context.define(y, buffer: dst, md: chosen)
    return true
  }

  /// Pooling attributes of a MaxPool/AveragePool node: kernel, strides, dilations, pads.
  static func poolingWindow(_ node: Node, _ context: LoweringContext) -> (kernel: [Int], strides: [Int], dilations: [Int], begin: [Int], end: [Int])? {
    guard let x = node.input(0), let y = node.outputs.first, let xShape = context.float32Shape(x),
      let yShape = context.float32Shape(y), xShape.count >= 3, let kernel = node.attributes["kernel_shape"]?.ints,
      kernel.count == xShape.count - 2
    else { return nil }
    let spatial = kernel.count
    let strides = node.attributes["strides"]?.ints ?? Array(repeating: 1, count: spatial)
    let dilations = node.attributes["dilations"]?.ints ?? Array(repeating: 1, count: spatial)
    guard strides.count == spatial, dilations.count == spatial else { return nil }
    var begin = [Int](repeating: 0, count: spatial)
    var end = [Int](repeating: 0, count: spatial)
    let autoPad = node.attributes["auto_pad"]?.string ?? "NOTSET"
    switch autoPad {
    case "NOTSET":
      if let pads = node.attributes["pads"]?.ints, !pads.isEmpty {
        guard pads.count == 2 * spatial else { return nil }
        begin = Array(pads[0..<spatial])
        end = Array(pads[spatial...])
      }
    case "VALID": break
    case "SAME_UPPER", "SAME_LOWER":
      for axis in 0..<spatial {
        let range = (kernel[axis] - 1) * dilations[axis] + 1
        let total = max(0, (yShape[axis + 2] - 1) * strides[axis] + range - xShape[axis + 2])
        begin[axis] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
        end[axis] = total - begin[axis]
      }
    default: return nil
    }
    return (kernel, strides, dilations, begin, end)
  }
}
