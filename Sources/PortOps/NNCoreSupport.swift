import PortIR

/// Shared shape rules of the convolution, pooling, normalization and softmax families.
public enum NNCore {
  /// The attribute set a sliding window (convolution or pooling) reads.
  struct Window {
    var kernel: [Int]
    var strides: [Int]
    var dilations: [Int]
    /// Begin pads then end pads, as ONNX writes them.
    var pads: [Int]
    var autoPad: String
    var ceilMode: Bool

    init(_ context: InferenceContext, kernel: [Int]) throws {
      let count = kernel.count
      self.kernel = kernel
      strides = context.ints("strides") ?? Array(repeating: 1, count: count)
      dilations = context.ints("dilations") ?? Array(repeating: 1, count: count)
      pads = context.ints("pads") ?? Array(repeating: 0, count: 2 * count)
      autoPad = context.string("auto_pad", default: "NOTSET")
      ceilMode = context.int("ceil_mode", default: 0) != 0
      guard strides.count == count, dilations.count == count, pads.count == 2 * count else {
        throw context.error("strides, dilations and pads must match the \(count) spatial dims", code: .badAttribute)
      }
      guard strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }), kernel.allSatisfy({ $0 > 0 }) else {
        throw context.error("kernel, strides and dilations must be positive", code: .badAttribute)
      }
      guard ["NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"].contains(autoPad) else {
        throw context.error("auto_pad '\(autoPad)' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID", code: .badAttribute)
      }
    }

    /// The output size along spatial axis `axis` for an input of `size`.
    func output(_ size: Dim, axis: Int) -> Dim {
      guard let size = size.value else { return .unknown }
      return .fixed(NNCore.outputSize(
        size, kernel: kernel[axis], stride: strides[axis], dilation: dilations[axis],
        padBegin: pads[axis], padEnd: pads[axis + kernel.count], autoPad: autoPad, ceilMode: ceilMode))
    }
  }

  /// The ONNX output-size rule for one spatial axis of a convolution or pooling window.
  public static func outputSize(
    _ size: Int, kernel: Int, stride: Int, dilation: Int, padBegin: Int, padEnd: Int, autoPad: String, ceilMode: Bool
  ) -> Int {
    let extent = (kernel - 1) * dilation + 1
    switch autoPad {
    case "SAME_UPPER", "SAME_LOWER": return (size + stride - 1) / stride
    case "VALID": return max(0, (size - extent) / stride + 1)
    default:
      let span = size + padBegin + padEnd - extent
      guard span >= 0 else { return 0 }
      if ceilMode {
        var out = (span + stride - 1) / stride + 1
        // The last window must start inside the input or its begin padding.
        if (out - 1) * stride >= size + padBegin { out -= 1 }
        return out
      }
      return span / stride + 1
    }
  }

  /// Infers `[N, channels, spatial…]` for a window op over input 0 with the given kernel.
  static func inferWindow(_ context: inout InferenceContext, kernel: [Int]?, channels: Dim?, outputs: [Int] = [0],
                          elementTypes: [ElementType?]? = nil) throws {
    let element = context.elementType(0)
    func set(_ shape: Shape?) {
      for (position, index) in outputs.enumerated() {
        let type = elementTypes.map { $0[position] } ?? element
        guard let type else { continue }
        context.setOutput(index, .tensor(type, shape))
      }
    }
    guard let shape = context.shape(0), let kernel else {
      set(context.shape(0).map { Shape(Array(repeating: .unknown, count: $0.rank)) })
      return
    }
    guard shape.rank == kernel.count + 2 else {
      throw context.error("input rank \(shape.rank) does not match a \(kernel.count)-D kernel", code: .shapeMismatch)
    }
    let window = try Window(context, kernel: kernel)
    var dims = [shape.dims[0], channels ?? shape.dims[1]]
    for axis in 0..<kernel.count { dims.append(window.output(shape.dims[axis + 2], axis: axis)) }
    set(Shape(dims))
  }

  /// The kernel's spatial shape: the attribute, else the weight's trailing dims.
  static func kernelShape(_ context: InferenceContext, weight: Int) -> [Int]? {
    if let given = context.ints("kernel_shape") { return given }
    guard let dims = context.shape(weight)?.dims, dims.count >= 2 else { return nil }
    let sizes = dims.dropFirst(2).compactMap(\.value)
    return sizes.count == dims.count - 2 ? sizes : nil
  }

  /// Before opset 13 Softmax, LogSoftmax and Hardmax coerce the input to 2-D at `axis` (default 1)
  /// and normalize over the whole trailing block. Canonical form: one axis (default -1). When the
  /// trailing block is the last axis alone this is just a new `axis`; otherwise Flatten → op(axis 1) → Reshape.
  static func canonicalizeSoftmaxFamily(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 13 else { return [node] }
    var result = node
    let axis = node.attributes["axis"]?.int ?? 1
    let shape = context.graph.type(of: node.inputs[0]).shape
    if let shape {
      let rank = shape.rank
      let normalized = axis < 0 ? axis + rank : axis
      // With at most one dim of the trailing block not 1, normalizing the block is normalizing that axis.
      let block = normalized >= 0 && normalized < rank ? Array(normalized..<rank) : []
      let wide = block.filter { shape.dims[$0] != .fixed(1) }
      if rank == 0 || (!block.isEmpty && block.allSatisfy({ shape.dims[$0].value != nil }) && wide.count <= 1) {
        result.attributes["axis"] = .int(wide.first ?? -1)
        return [result]
      }
    }
    let flat = context.freshName(node.inputs[0] + "_2d")
    let shapeName = context.freshName(node.inputs[0] + "_shape")
    let normalized = context.freshName(node.outputs[0] + "_2d")
    let flatten = Node(
      name: context.freshName(node.name + "_flatten"), opType: "Flatten", inputs: [node.inputs[0]], outputs: [flat],
      attributes: ["axis": .int(axis)], opsetVersion: node.opsetVersion)
    let shapeNode = Node(
      name: context.freshName(node.name + "_shape"), opType: "Shape", inputs: [node.inputs[0]], outputs: [shapeName],
      opsetVersion: node.opsetVersion)
    result.inputs = [flat]
    result.outputs = [normalized]
    result.attributes["axis"] = .int(1)
    let reshape = Node(
      name: context.freshName(node.name + "_restore"), opType: "Reshape", inputs: [normalized, shapeName],
      outputs: [node.outputs[0]], opsetVersion: node.opsetVersion)
    return [flatten, result, shapeNode, reshape]
  }

  /// Element types of quantized integer-like tensors.
  static let quantized: Set<ElementType> = [
    .int8, .uint8, .int16, .uint16, .int32, .int4, .uint4, .int2, .uint2, .float8e4m3fn, .float8e4m3fnuz,
    .float8e5m2, .float8e5m2fnuz, .float4e2m1,
  ]
}

extension NNCore {
  /// numpy.matmul's result shape: 1-D operands are promoted and the added dim dropped; batch dims broadcast.
  static func matmulShape(_ context: InferenceContext, _ a: Int, _ b: Int) throws -> Shape? {
    guard let sa = context.shape(a), let sb = context.shape(b) else { return nil }
    guard sa.rank >= 1, sb.rank >= 1 else { throw context.error("matmul operands must have rank ≥ 1", code: .shapeMismatch) }
    let left = sa.rank == 1 ? Shape([.fixed(1), sa.dims[0]]) : sa
    let right = sb.rank == 1 ? Shape([sb.dims[0], .fixed(1)]) : sb
    let k1 = left.dims[left.rank - 1]
    let k2 = right.dims[right.rank - 2]
    if let x = k1.value, let y = k2.value, x != y {
      throw context.error("inner dimensions \(x) and \(y) differ", code: .shapeMismatch)
    }
    let batch: Shape?
    do {
      batch = try Broadcast.shape([Shape(Array(left.dims.dropLast(2))), Shape(Array(right.dims.dropLast(2)))])
    } catch {
      throw context.error("batch dimensions cannot be broadcast: \(error)", code: .shapeMismatch)
    }
    var dims = batch?.dims ?? []
    if sa.rank > 1 { dims.append(left.dims[left.rank - 2]) }
    if sb.rank > 1 { dims.append(right.dims[right.rank - 1]) }
    return Shape(dims)
  }
}

extension NNCore {
  /// The loss shape: the target's shape for reduction `none`, else a scalar.
  static func lossShape(_ context: InferenceContext) throws -> Shape? {
    let reduction = context.string("reduction", default: "mean")
    guard ["none", "sum", "mean"].contains(reduction) else {
      throw context.error("reduction '\(reduction)' is not none, sum or mean", code: .badAttribute)
    }
    return reduction == "none" ? context.shape(1) : Shape([])
  }
}

extension NNCore {
  /// A sliding window over static sizes, as the kernels use it: output sizes and begin pads
  /// (auto_pad resolved), from a node's attributes.
  public struct Geometry: Sendable {
    public var input: [Int]
    public var kernel: [Int]
    public var strides: [Int]
    public var dilations: [Int]
    public var padBegin: [Int]
    public var padEnd: [Int]
    public var output: [Int]

    /// Reads `strides`, `dilations`, `pads`, `auto_pad` and `ceil_mode` from `node`; throws a message.
    public init(_ node: Node, input: [Int], kernel: [Int]) throws(Failure) {
      let count = kernel.count
      self.input = input
      self.kernel = kernel
      strides = node.attributes["strides"]?.ints ?? Array(repeating: 1, count: count)
      dilations = node.attributes["dilations"]?.ints ?? Array(repeating: 1, count: count)
      let pads = node.attributes["pads"]?.ints ?? Array(repeating: 0, count: 2 * count)
      let autoPad = node.attributes["auto_pad"]?.string ?? "NOTSET"
      let ceilMode = (node.attributes["ceil_mode"]?.int ?? 0) != 0
      guard input.count == count, strides.count == count, dilations.count == count, pads.count == 2 * count else {
        throw Failure(description: "kernel, strides, dilations and pads must match the \(input.count) spatial dims")
      }
      guard strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }), kernel.allSatisfy({ $0 > 0 }) else {
        throw Failure(description: "kernel, strides and dilations must be positive")
      }
      padBegin = Array(pads.prefix(count))
      padEnd = Array(pads.suffix(count))
      output = []
      for axis in 0..<count {
        let size = NNCore.outputSize(
          input[axis], kernel: kernel[axis], stride: strides[axis], dilation: dilations[axis],
          padBegin: padBegin[axis], padEnd: padEnd[axis], autoPad: autoPad, ceilMode: ceilMode)
        output.append(size)
        switch autoPad {
        case "SAME_UPPER", "SAME_LOWER":
          let extent = (kernel[axis] - 1) * dilations[axis] + 1
          let total = max(0, (size - 1) * strides[axis] + extent - input[axis])
          padBegin[axis] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
          padEnd[axis] = total - padBegin[axis]
        case "VALID":
          padBegin[axis] = 0
          padEnd[axis] = 0
        default: break
        }
      }
    }
  }
}

extension NNCore {
  /// The Global*Pool family: [N, C, d1, …] → [N, C, 1, …], float types only.
  static func inferGlobalPool(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let element = context.elementType(0) else { return }
    guard let shape = context.shape(0) else { return context.setOutput(0, .tensor(element, nil)) }
    guard shape.rank >= 2 else { throw context.error("input must have rank ≥ 2", code: .shapeMismatch) }
    context.setOutput(0, .tensor(element, Shape(Array(shape.dims.prefix(2)) + Array(repeating: .fixed(1), count: shape.rank - 2))))
  }
}
