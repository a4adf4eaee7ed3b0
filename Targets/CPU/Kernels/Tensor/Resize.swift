import CDNNL
import PortIR

/// Resize, nearest neighbour upsampling by whole factors (asymmetric coordinates, floor
/// rounding: the FPN upsampling of detection models) on oneDNN's resampling, in the input's
/// layout. oneDNN picks floor((o + ½)·in/out), which equals floor(o/k) for a whole factor k.
enum ResizeLowering: CPUKernel {
  static let opType = "Resize"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty, let xShape = context.float32Shape(x),
      let yShape = context.float32Shape(y), (3...5).contains(xShape.count), yShape.count == xShape.count,
      yShape[0] == xShape[0], yShape[1] == xShape[1], !xShape.contains(0),
      (node.attributes["mode"]?.string ?? "nearest") == "nearest",
      (node.attributes["coordinate_transformation_mode"]?.string ?? "half_pixel") == "asymmetric",
      (node.attributes["nearest_mode"]?.string ?? "round_prefer_floor") == "floor",
      (node.attributes["antialias"]?.int ?? 0) == 0, node.attributes["axes"] == nil,
      (node.attributes["keep_aspect_ratio_policy"]?.string ?? "stretch") == "stretch"
    else { return false }
    // Whole factors only, and scales (when given) must say the same.
    var factors: [Float] = []
    for axis in 2..<xShape.count {
      guard yShape[axis] % xShape[axis] == 0 else { return false }
      factors.append(Float(yShape[axis] / xShape[axis]))
    }
    if let scales = node.input(2) {
      guard let constant = context.constant(scales), constant.elementType == .float else { return false }
      let values = constant.floats()
      if !values.isEmpty {
        guard values.count == xShape.count, values[0] == 1, values[1] == 1, Array(values[2...]) == factors else { return false }
      }
    }
    var srcMD = try context.currentLayout(x)
    var dstMD = DNNL.any(yShape)
    var descriptor = dnnl_resampling_desc_t()
    guard dnnl_resampling_forward_desc_init(&descriptor, dnnl_forward_inference, dnnl_resampling_nearest, factors, &srcMD, &dstMD) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor), let chosen = pd.md(dnnl_query_dst_md)
    else { return false }
    let src = try context.buffer(x, md: srcMD)
    let dst = context.newBuffer(bytes: DNNL.size(chosen))
    context.add(PrimitiveStep(node: node.name, kind: "resample", primitive: try pd.primitive(node: node.name),
      arguments: [.input(Arg.src, src, srcMD), .output(Arg.dst, dst, chosen)]))
    context.define(y, buffer: dst, md: chosen)
    return true
  }
}
