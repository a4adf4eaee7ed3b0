import PortIR
import PortTarget

enum MaxUnpoolKernel: ReferenceKernel {
  static let opType = "MaxUnpool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let indices = try inputs.tensor(1, of: node).int64s()
    guard let kernel = node.ints("kernel_shape"), x.rank == kernel.count + 2, indices.count == x.count else {
      throw node.failure("kernel_shape and I must fit X \(x.shape)")
    }
    let spatial = kernel.count
    let strides = node.ints("strides") ?? Array(repeating: 1, count: spatial)
    let pads = node.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
    let inferred = Array(x.shape.prefix(2)) + (0..<spatial).map {
      (x.shape[$0 + 2] - 1) * strides[$0] - pads[$0] - pads[$0 + spatial] + kernel[$0]
    }
    // Scatter into the inferred shape, then place that at the origin of the requested one.
    var scattered = [Double](repeating: 0, count: inferred.reduce(1, *))
    let values = x.doubles()
    for (i, target) in indices.enumerated() {
      guard target >= 0, Int(target) < scattered.count else { throw node.failure("index \(target) is out of range") }
      scattered[Int(target)] = values[i]
    }
    guard let requested = inputs.optionalTensor(2)?.int64s().map({ Int($0) }) else {
      return [.tensor(Tensor(x.elementType, shape: inferred, doubles: scattered))]
    }
    guard requested.count == inferred.count, zip(requested, inferred).allSatisfy({ $0 >= $1 }) else {
      throw node.failure("output_shape \(requested) is smaller than the unpooled shape \(inferred)")
    }
    var y = [Double](repeating: 0, count: requested.reduce(1, *))
    let strideOut = Indexing.strides(requested)
    for i in scattered.indices where scattered[i] != 0 {
      let position = Indexing.unravel(i, inferred)
      y[zip(position, strideOut).reduce(0) { $0 + $1.0 * $1.1 }] = scattered[i]
    }
    return [.tensor(Tensor(x.elementType, shape: requested, doubles: y))]
  }
}
