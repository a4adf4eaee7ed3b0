import CDNNL
import PortIR

/// MatMul and Gemm on oneDNN's matmul primitive: constant weights prepacked once in the layout
/// it picks, bias and activation fused.
enum CPUMatMul {
  struct Operand {
    var name: String
    /// Dims as the primitive sees them, and the strides over the value's row-major buffer.
    var dims: [Int]
    var strides: [Int]
    var md: dnnl_memory_desc_t { DNNL.strided(dims, strides: strides) }
  }

  static func rowMajorStrides(_ dims: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: dims.count)
    for axis in stride(from: dims.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * max(dims[axis + 1], 1) }
    return strides
  }

  /// Y = act(alpha · A·B + bias); `bias` already scaled, over the last dim (count N) or nil.
  static func lower(
    _ node: Node, _ context: LoweringContext, a: Operand, b: Operand, alpha: Float, bias: (name: String?, floats: [Float]?),
    output: String, outputShape valueShape: [Int], flattened: [Int]? = nil, activation: (name: String, params: [Float])?
  ) throws -> Bool {
    // The primitive may see the output under other dims (batch folded into rows).
    let outputShape = flattened ?? valueShape
    let rank = outputShape.count
    guard rank >= 2, a.dims.count == rank, b.dims.count == rank, !outputShape.contains(0) else { return false }
    let n = outputShape[rank - 1]
    var postOps: [PostOp] = []
    if let activation {
      guard let (alg, alpha, beta) = CPUActivation.algorithm(activation.name, activation.params) else { return false }
      postOps.append(.eltwise(alg, alpha, beta))
    }
    let constantB = context.constant(b.name)
    if constantB == nil && alpha != 1 { return false }
    var srcMD = a.md
    var weightsMD = constantB != nil ? DNNL.any(b.dims) : b.md
    var dstMD = DNNL.plain(outputShape)
    let biasDims = Array(repeating: 1, count: rank - 1) + [n]
    var biasMD = DNNL.plain(biasDims)
    let hasBias = bias.name != nil || bias.floats != nil
    var descriptor = dnnl_matmul_desc_t()
    let status = withUnsafeMutablePointer(to: &biasMD) { pointer in
      dnnl_matmul_desc_init(&descriptor, &srcMD, &weightsMD, hasBias ? pointer : nil, &dstMD)
    }
    guard status == dnnl_success else { return false }
    let attributes = PrimitiveAttributes()
    attributes.setPostOps(postOps)
    guard let pd = PrimitiveDescriptor.make(&descriptor, attributes: attributes),
      let chosenWeights = pd.md(dnnl_query_weights_md)
    else { return false }
    let primitive = try pd.primitive(node: node.name)
    let src = try context.plainBuffer(a.name)
    let weights: BufferID
    if let constantB {
      var values = constantB.floats()
      if alpha != 1 { for index in values.indices { values[index] *= alpha } }
      weights = try context.prepack(floats: values, view: b.md, md: chosenWeights)
    } else {
      weights = try context.plainBuffer(b.name)
    }
    var args: [PrimitiveArgument] = [.input(Arg.src, src, a.md), .input(Arg.weights, weights, constantB != nil ? chosenWeights : b.md)]
    if let floats = bias.floats {
      args.append(.input(Arg.bias, context.constantBuffer(floats: floats), DNNL.plain(biasDims)))
    } else if let name = bias.name {
      args.append(.input(Arg.bias, try context.plainBuffer(name), DNNL.plain(biasDims)))
    }
    let dst = context.newBuffer(bytes: DNNL.size(dstMD))
    args.append(.output(Arg.dst, dst, dstMD))
    context.add(PrimitiveStep(node: node.name, kind: "matmul", primitive: primitive, arguments: args))
    context.define(output, buffer: dst, md: DNNL.plain(valueShape))
    return true
  }

  /// MatMul (and FusedMatMul) with NumPy batch broadcasting; rank-1 operands go elsewhere.
  static func matmul(_ node: Node, _ context: LoweringContext, bias: String?, activation: (name: String, params: [Float])?) throws -> Bool {
    guard let a = node.input(0), let b = node.input(1), let y = node.outputs.first, !y.isEmpty,
      let aShape = context.float32Shape(a), let bShape = context.float32Shape(b), let yShape = context.float32Shape(y),
      aShape.count >= 2, bShape.count >= 2, yShape.count == max(aShape.count, bShape.count)
    else { return false }
    if let bias { guard context.float32Shape(bias)?.reduce(1, *) == yShape.last else { return false } }
    if bShape.count == 2 {
      // A constant-shaped B shared by every batch: fold A's batch dims into its rows, so the
      // primitive is a plain 2-D GEMM whose weights oneDNN prepacks.
      let rows = aShape.dropLast().reduce(1, *)
      let (k, n) = (bShape[0], bShape[1])
      return try lower(
        node, context, a: Operand(name: a, dims: [rows, k], strides: [k, 1]), b: Operand(name: b, dims: [k, n], strides: [n, 1]),
        alpha: 1, bias: (bias, nil), output: y, outputShape: yShape, flattened: [rows, n], activation: activation)
    }
    let rank = yShape.count
    let aDims = Array(repeating: 1, count: rank - aShape.count) + aShape
    let bDims = Array(repeating: 1, count: rank - bShape.count) + bShape
    return try lower(
      node, context, a: Operand(name: a, dims: aDims, strides: rowMajorStrides(aDims)),
      b: Operand(name: b, dims: bDims, strides: rowMajorStrides(bDims)), alpha: 1, bias: (bias, nil), output: y,
      outputShape: yShape, activation: activation)
  }

  /// Gemm (and FusedGemm): transposes as strided views, alpha folded into constant B, beta·C as
  /// bias when C runs along N.
  static func gemm(_ node: Node, _ context: LoweringContext, activation: (name: String, params: [Float])?) throws -> Bool {
    guard let a = node.input(0), let b = node.input(1), let y = node.outputs.first, !y.isEmpty,
      let aShape = context.float32Shape(a), let bShape = context.float32Shape(b), let yShape = context.float32Shape(y),
      aShape.count == 2, bShape.count == 2, yShape.count == 2
    else { return false }
    let transA = (node.attributes["transA"]?.int ?? 0) != 0
    let transB = (node.attributes["transB"]?.int ?? 0) != 0
    let alpha = node.attributes["alpha"]?.float ?? 1
    let beta = node.attributes["beta"]?.float ?? 1
    let (m, n) = (yShape[0], yShape[1])
    let k = transA ? aShape[0] : aShape[1]
    let aOperand = Operand(name: a, dims: [m, k], strides: transA ? [1, m] : [k, 1])
    let bOperand = Operand(name: b, dims: [k, n], strides: transB ? [1, k] : [n, 1])
    var bias: (name: String?, floats: [Float]?) = (nil, nil)
    if let c = node.input(2), beta != 0 {
      guard let cShape = context.float32Shape(c) else { return false }
      let count = cShape.reduce(1, *)
      let alongN = count == n && (cShape.last == n || count == 1) && cShape.dropLast().allSatisfy { $0 == 1 }
      if let constant = context.constant(c), alongN || count == 1 {
        let values = constant.floats()
        bias.floats = (0..<n).map { beta * values[count == 1 ? 0 : $0] }
      } else if alongN && beta == 1 && count == n {
        bias.name = c
      } else {
        return false
      }
    }
    return try lower(
      node, context, a: aOperand, b: bOperand, alpha: alpha, bias: bias, output: y, outputShape: yShape, activation: activation)
  }
}
