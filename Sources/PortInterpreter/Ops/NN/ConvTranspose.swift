import PortIR
import PortTarget

enum ConvTransposeKernel: ReferenceKernel {
  static let opType = "ConvTranspose"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let w = try inputs.tensor(1, of: node)
    let bias = inputs.optionalTensor(2)?.doubles()
    let group = node.int("group", 1)
    guard x.rank >= 3, w.rank == x.rank, group > 0, x.shape[1] == w.shape[0], w.shape[0] % group == 0 else {
      throw node.failure("X \(x.shape) and W \(w.shape) do not fit a transposed convolution with group \(group)")
    }
    let spatial = x.rank - 2
    let input = Array(x.shape.dropFirst(2))
    let kernel = Array(w.shape.dropFirst(2))
    let strides = node.ints("strides") ?? Array(repeating: 1, count: spatial)
    let dilations = node.ints("dilations") ?? Array(repeating: 1, count: spatial)
    let outputPadding = node.ints("output_padding") ?? Array(repeating: 0, count: spatial)
    let autoPad = node.string("auto_pad", "NOTSET")
    guard strides.count == spatial, dilations.count == spatial, outputPadding.count >= spatial else {
      throw node.failure("strides, dilations and output_padding must match the \(spatial) spatial dims")
    }
    var pads = node.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
    guard pads.count == 2 * spatial else { throw node.failure("pads must hold \(2 * spatial) values") }
    var full: [Int] = []
    var output: [Int] = []
    for axis in 0..<spatial {
      let extent: Int = (kernel[axis] - 1) * dilations[axis] + 1
      let size: Int = strides[axis] * (input[axis] - 1) + outputPadding[axis] + extent
      full.append(size)
      output.append(size - pads[axis] - pads[axis + spatial])
    }
    let same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER"
    if autoPad == "VALID" { pads = Array(repeating: 0, count: 2 * spatial); output = full }
    if same {
      // SAME: output = input · stride (or output_shape); pads split the surplus, the odd one at the end for SAME_UPPER.
      let requested = node.ints("output_shape").map { Array($0.suffix(spatial)) }
      output = requested ?? (0..<spatial).map { (axis: Int) -> Int in input[axis] * strides[axis] }
      for axis in 0..<spatial {
        let total: Int = full[axis] - output[axis]
        let begin: Int = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
        pads[axis] = begin
        pads[axis + spatial] = total - begin
      }
    } else if let requested = node.ints("output_shape") {
      // As the ONNX reference: explicit (default zero) pads, the output cut or zero-extended to the requested size.
      output = Array(requested.suffix(spatial))
    }
    let batch = x.shape[0]
    let channels = x.shape[1]
    let groupChannels = channels / group
    let groupFilters = w.shape[1]
    let filters = groupFilters * group
    let kernelSize = kernel.reduce(1, *)
    let inputSize = input.reduce(1, *)
    let outputSize = output.reduce(1, *)
    let rows = groupFilters * kernelSize
    let xs = x.doubles()
    let ws = w.doubles()
    var y = [Double](repeating: 0, count: batch * filters * outputSize)
    var col = [Double](repeating: 0, count: rows * inputSize)
    // Per group, Wᵍ as [C/group, M/group·∏k] transposed, so the column matrix is Wᵍᵀ · Xᵍ.
    let weights = (0..<group).map { g in
      NNKernels.transposed(
        Array(ws[(g * groupChannels * rows)..<((g + 1) * groupChannels * rows)]), rows: groupChannels, cols: rows)
    }
    for n in 0..<batch {
      for g in 0..<group {
        xs.withUnsafeBufferPointer { xp in
          weights[g].withUnsafeBufferPointer { wp in
            col.withUnsafeMutableBufferPointer { cp in
              y.withUnsafeMutableBufferPointer { yp in
                guard let xb = xp.baseAddress, let wb = wp.baseAddress, let cb = cp.baseAddress, let yb = yp.baseAddress
                else { return }
                NNKernels.matmul(
                  m: rows, n: inputSize, k: groupChannels, a: wb, lda: groupChannels,
                  b: xb + (n * channels + g * groupChannels) * inputSize, ldb: inputSize, c: cb, ldc: inputSize)
                NNKernels.col2im(
                  cb, channels: groupFilters, grid: input, image: output, kernel: kernel, strides: strides,
                  dilations: dilations, padBegin: Array(pads.prefix(spatial)),
                  into: yb + (n * filters + g * groupFilters) * outputSize)
              }
            }
          }
        }
      }
    }
    if let bias {
      for i in y.indices { y[i] += bias[(i / outputSize) % filters] }
    }
    return [.tensor(Tensor(x.elementType, shape: [batch, filters] + output, doubles: y))]
  }
}
