import CDNNL
import PortIR

/// Convolution (and FusedConv) lowering onto oneDNN: weights prepacked in the layout the
/// primitive picks, bias, residual sum and activation as post-ops.
enum CPUConvolution {
  /// Pads (begin, end) per spatial axis from the ONNX attributes and the inferred output size.
  static func pads(_ node: Node, input: [Int], output: [Int], kernel: [Int], strides: [Int], dilations: [Int]) -> ([Int], [Int])? {
    let spatial = kernel.count
    let autoPad = node.attributes["auto_pad"]?.string ?? "NOTSET"
    var begin = [Int](repeating: 0, count: spatial)
    var end = [Int](repeating: 0, count: spatial)
    switch autoPad {
    case "NOTSET":
      let pads = node.attributes["pads"]?.ints ?? []
      if !pads.isEmpty {
        guard pads.count == 2 * spatial else { return nil }
        begin = Array(pads[0..<spatial])
        end = Array(pads[spatial...])
      }
    case "VALID": break
    case "SAME_UPPER", "SAME_LOWER":
      for axis in 0..<spatial {
        let total = max(0, (output[axis] - 1) * strides[axis] + (kernel[axis] - 1) * dilations[axis] + 1 - input[axis])
        let small = total / 2
        begin[axis] = autoPad == "SAME_UPPER" ? small : total - small
        end[axis] = total - begin[axis]
      }
    default: return nil
    }
    // oneDNN checks the output size against these pads with floor division.
    for axis in 0..<spatial {
      let range = (kernel[axis] - 1) * dilations[axis] + 1
      guard (input[axis] + begin[axis] + end[axis] - range) / strides[axis] + 1 == output[axis] else { return nil }
    }
    return (begin, end)
  }

  /// Lowers Y = act(Conv(X, W, B) + Z); false when it does not fit.
  static func lower(
    _ node: Node, _ context: LoweringContext, residual: String?, activation: (name: String, params: [Float])?
  ) throws -> Bool {
    guard let x = node.input(0), let w = node.input(1), let y = node.outputs.first, !y.isEmpty,
      let xShape = context.float32Shape(x), let wShape = context.float32Shape(w), let yShape = context.float32Shape(y),
      (3...5).contains(xShape.count), wShape.count == xShape.count, yShape.count == xShape.count
    else { return false }
    let spatial = xShape.count - 2
    let group = node.attributes["group"]?.int ?? 1
    let kernel = Array(wShape[2...])
    let strides = node.attributes["strides"]?.ints ?? Array(repeating: 1, count: spatial)
    let dilations = node.attributes["dilations"]?.ints ?? Array(repeating: 1, count: spatial)
    guard group >= 1, strides.count == spatial, dilations.count == spatial, wShape[0] % group == 0,
      xShape[1] == wShape[1] * group, yShape[1] == wShape[0],
      let (padL, padR) = pads(node, input: Array(xShape[2...]), output: Array(yShape[2...]), kernel: kernel, strides: strides, dilations: dilations)
    else { return false }
    var biasShape: [Int]?
    if let b = node.input(2) {
      guard let shape = context.float32Shape(b), shape == [wShape[0]] else { return false }
      biasShape = shape
    }
    if let residual { guard context.float32Shape(residual) == yShape else { return false } }
    var postOps: [PostOp] = []
    if residual != nil { postOps.append(.sum) }
    if let activation {
      guard let (alg, alpha, beta) = CPUActivation.algorithm(activation.name, activation.params) else { return false }
      postOps.append(.eltwise(alg, alpha, beta))
    }

    let weightDims = group > 1 ? [group, wShape[0] / group] + Array(wShape[1...]) : wShape
    let blocked = context.blockedLayouts
    let srcMD = blocked ? DNNL.any(xShape) : DNNL.plain(xShape)
    let weightsMD = DNNL.any(weightDims)
    var biasMD = DNNL.plain([wShape[0]])
    let dstMD = blocked ? DNNL.any(yShape) : DNNL.plain(yShape)
    func make(_ srcMD: dnnl_memory_desc_t, _ dstMD: dnnl_memory_desc_t) -> PrimitiveDescriptor? {
      var srcMD = srcMD
      var dstMD = dstMD
      var weightsMD = weightsMD
      var descriptor = dnnl_convolution_desc_t()
      let status = withUnsafeMutablePointer(to: &biasMD) { biasPointer in
        dnnl_dilated_convolution_forward_desc_init(
          &descriptor, dnnl_forward_inference, dnnl_convolution_direct, &srcMD, &weightsMD,
          biasShape == nil ? nil : biasPointer, &dstMD, strides.map(Int64.init), dilations.map { Int64($0 - 1) },
          padL.map(Int64.init), padR.map(Int64.init))
      }
      guard status == dnnl_success else { return nil }
      let attributes = PrimitiveAttributes()
      attributes.setPostOps(postOps)
      return PrimitiveDescriptor.make(&descriptor, attributes: attributes)
    }
    guard var pd = make(srcMD, dstMD), var chosenDst = pd.md(dnnl_query_dst_md) else { return false }
    if blocked && DNNL.isPaddedBlocked(chosenDst) {
      // Padded channel blocks make the element-wise ops after it slow: channels-last instead.
      guard let retry = make(DNNL.channelsLast(xShape), DNNL.channelsLast(yShape)), let dst = retry.md(dnnl_query_dst_md) else { return false }
      (pd, chosenDst) = (retry, dst)
    }
    guard let chosenSrc = pd.md(dnnl_query_src_md), let chosenWeights = pd.md(dnnl_query_weights_md) else { return false }
    let primitive = try pd.primitive(node: node.name)

    let src = try context.buffer(x, md: chosenSrc)
    let weights = try context.buffer(w, md: chosenWeights, view: DNNL.plain(weightDims))
    var arguments: [PrimitiveArgument] = [.input(Arg.src, src, chosenSrc), .input(Arg.weights, weights, chosenWeights)]
    if let b = node.input(2) { arguments.append(.input(Arg.bias, try context.plainBuffer(b), DNNL.plain([wShape[0]]))) }
    let dst: BufferID
    if let residual {
      // The sum post-op adds into the destination: it must hold Z first. Overwrite Z in place
      // when nothing reads it later, else copy it.
      let z = try context.buffer(residual, md: chosenDst)
      if context.mayOverwrite(residual, buffer: z) {
        dst = z
      } else {
        dst = context.newBuffer(bytes: DNNL.size(chosenDst))
        context.add(try context.reorderStep(from: z, chosenDst, to: dst, chosenDst))
      }
      arguments.append(.output(Arg.dst, dst, chosenDst, alsoRead: true))
    } else {
      dst = context.newBuffer(bytes: DNNL.size(chosenDst))
      arguments.append(.output(Arg.dst, dst, chosenDst))
    }
    context.add(PrimitiveStep(node: node.name, kind: "conv", primitive: primitive, arguments: arguments))
    context.define(y, buffer: dst, md: chosenDst)
    return true
  }
}
