import CDNNL
import PortIR

/// ConvTranspose on oneDNN's deconvolution (groups, dilations, explicit or output-size pads).
enum ConvTransposeLowering: CPUKernel {
  static let opType = "ConvTranspose"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let x = node.input(0), let w = node.input(1), let y = node.outputs.first, !y.isEmpty,
      let xShape = context.float32Shape(x), let wShape = context.float32Shape(w), let yShape = context.float32Shape(y),
      (3...5).contains(xShape.count), wShape.count == xShape.count, yShape.count == xShape.count
    else { return false }
    let spatial = xShape.count - 2
    let group = node.attributes["group"]?.int ?? 1
    let kernel = Array(wShape[2...])
    let strides = node.attributes["strides"]?.ints ?? Array(repeating: 1, count: spatial)
    let dilations = node.attributes["dilations"]?.ints ?? Array(repeating: 1, count: spatial)
    guard group >= 1, strides.count == spatial, dilations.count == spatial, xShape[1] == wShape[0],
      wShape[0] % group == 0, yShape[1] == wShape[1] * group
    else { return false }
    // Pads from the sizes: out = (in − 1)·s + range − padL − padR (+ output_padding, which
    // only grows padR's complement); padL from the attribute or auto_pad's split.
    let autoPad = node.attributes["auto_pad"]?.string ?? "NOTSET"
    let pads = node.attributes["pads"]?.ints ?? []
    var padL = [Int](repeating: 0, count: spatial)
    var padR = [Int](repeating: 0, count: spatial)
    for axis in 0..<spatial {
      let range = (kernel[axis] - 1) * dilations[axis] + 1
      let total = (xShape[axis + 2] - 1) * strides[axis] + range - yShape[axis + 2]
      switch autoPad {
      case "NOTSET": padL[axis] = pads.count == 2 * spatial ? pads[axis] : 0
      case "SAME_UPPER": padL[axis] = total / 2
      case "SAME_LOWER": padL[axis] = total - total / 2
      default: padL[axis] = 0
      }
      padR[axis] = total - padL[axis]
    }
    // ONNX stores W as [C, M/g, k…]; oneDNN's deconvolution weights are [g, M/g, C/g, k…] (o, i
    // swapped relative to the memory), so the plain view permutes the first two dims.
    let inPerGroup = wShape[0] / group
    let outPerGroup = wShape[1]
    let spatialCount = kernel.reduce(1, *)
    let viewDims = group > 1 ? [group, outPerGroup, inPerGroup] + kernel : [outPerGroup, inPerGroup] + kernel
    var viewStrides: [Int]
    if group > 1 {
      viewStrides = [inPerGroup * outPerGroup * spatialCount, spatialCount, outPerGroup * spatialCount]
    } else {
      viewStrides = [spatialCount, outPerGroup * spatialCount]
    }
    viewStrides += CPUMatMul.rowMajorStrides(kernel)
    let view = DNNL.strided(viewDims, strides: viewStrides)
    // Channels-last: the deconvolution's own choice pads channels into 16-blocks.
    var srcMD = context.blockedLayouts ? DNNL.channelsLast(xShape) : DNNL.plain(xShape)
    var weightsMD = DNNL.any(viewDims)
    var biasMD = DNNL.plain([yShape[1]])
    var dstMD = context.blockedLayouts ? DNNL.channelsLast(yShape) : DNNL.plain(yShape)
    if let b = node.input(2) { guard context.float32Shape(b) == [yShape[1]] else { return false } }
    var descriptor = dnnl_deconvolution_desc_t()
    let status = withUnsafeMutablePointer(to: &biasMD) { bias in
      dnnl_dilated_deconvolution_forward_desc_init(
        &descriptor, dnnl_forward_inference, dnnl_deconvolution_direct, &srcMD, &weightsMD,
        node.input(2) == nil ? nil : bias, &dstMD, strides.map(Int64.init), dilations.map { Int64($0 - 1) },
        padL.map(Int64.init), padR.map(Int64.init))
    }
    guard status == dnnl_success, let pd = PrimitiveDescriptor.make(&descriptor),
      let chosenSrc = pd.md(dnnl_query_src_md), let chosenWeights = pd.md(dnnl_query_weights_md),
      let chosenDst = pd.md(dnnl_query_dst_md)
    else { return false }
    let primitive = try pd.primitive(node: node.name)
    var args: [PrimitiveArgument] = [
      .input(Arg.src, try context.buffer(x, md: chosenSrc), chosenSrc),
      .input(Arg.weights, try context.buffer(w, md: chosenWeights, view: view), chosenWeights),
    ]
    if let b = node.input(2) { args.append(.input(Arg.bias, try context.plainBuffer(b), DNNL.plain([yShape[1]]))) }
    let dst = context.newBuffer(bytes: DNNL.size(chosenDst))
    args.append(.output(Arg.dst, dst, chosenDst))
    context.add(PrimitiveStep(node: node.name, kind: "deconv", primitive: primitive, arguments: args))
    context.define(y, buffer: dst, md: chosenDst)
    return true
  }
}
