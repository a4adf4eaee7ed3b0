import PortIR
import PortTarget

enum Col2ImKernel: ReferenceKernel {
  static let opType = "Col2Im"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let image = try inputs.tensor(1, of: node).int64s().map { Int($0) }
    let block = try inputs.tensor(2, of: node).int64s().map { Int($0) }
    let spatial = image.count
    let strides = node.ints("strides") ?? Array(repeating: 1, count: spatial)
    let dilations = node.ints("dilations") ?? Array(repeating: 1, count: spatial)
    let pads = node.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
    guard x.rank == 3, block.count == spatial, strides.count == spatial, dilations.count == spatial,
      pads.count == 2 * spatial, block.allSatisfy({ $0 > 0 })
    else { throw node.failure("input \(x.shape), image_shape \(image) and block_shape \(block) do not fit") }
    let blockSize = block.reduce(1, *)
    guard x.shape[1] % blockSize == 0 else { throw node.failure("input dim 1 is not a multiple of the block size") }
    let grid = (0..<spatial).map { (axis: Int) -> Int in
      let span: Int = image[axis] + pads[axis] + pads[axis + spatial] - (block[axis] - 1) * dilations[axis] - 1
      return span / strides[axis] + 1
    }
    guard grid.reduce(1, *) == x.shape[2] else {
      throw node.failure("input dim 2 (\(x.shape[2])) is not the block count \(grid.reduce(1, *))")
    }
    let channels = x.shape[1] / blockSize
    let imageSize = image.reduce(1, *)
    let xs = x.doubles()
    var y = [Double](repeating: 0, count: x.shape[0] * channels * imageSize)
    xs.withUnsafeBufferPointer { xp in
      y.withUnsafeMutableBufferPointer { yp in
        guard let xb = xp.baseAddress, let yb = yp.baseAddress else { return }
        for n in 0..<x.shape[0] {
          NNKernels.col2im(
            xb + n * x.shape[1] * x.shape[2], channels: channels, grid: grid, image: image, kernel: block,
            strides: strides, dilations: dilations, padBegin: Array(pads.prefix(spatial)),
            into: yb + n * channels * imageSize)
        }
      }
    }
    return [.tensor(Tensor(x.elementType, shape: [x.shape[0], channels] + image, doubles: y))]
  }
}
