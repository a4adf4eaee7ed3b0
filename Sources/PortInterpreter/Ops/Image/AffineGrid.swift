import PortIR
import PortTarget

/// AffineGrid-20: grid = theta · [x, y, (z,) 1] over normalized base coordinates in [-1, 1].
enum AffineGridKernel: ReferenceKernel {
  static let opType = "AffineGrid"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let thetaT = try inputs.tensor(0, of: node)
    let size = try inputs.tensor(1, of: node).int64s().map { Int($0) }
    guard size.count == 4 || size.count == 5 else { throw node.failure("size must have 4 or 5 elements") }
    guard size.allSatisfy({ $0 >= 0 }) else { throw node.failure("size must not be negative") }
    let spatial = size.count - 2
    let n = size[0]
    guard thetaT.shape == [n, spatial, spatial + 1] else {
      throw node.failure("theta must be [\(n), \(spatial), \(spatial + 1)], not \(thetaT.shape)")
    }
    let theta = thetaT.doubles()
    let alignCorners = node.int("align_corners", 0) != 0
    func base(_ count: Int) -> [Double] {
      (0..<count).map { i in
        if alignCorners { return count == 1 ? -1 : -1 + 2 * Double(i) / Double(count - 1) }
        return (2 * Double(i) + 1) / Double(count) - 1
      }
    }
    let dims = Array(size[2...])
    // Axis coordinates, the last spatial axis (width) being x.
    let axes = dims.map(base)
    let points = dims.reduce(1, *)
    var out = [Double](repeating: 0, count: n * points * spatial)
    for b in 0..<n {
      for p in 0..<points {
        let index = Indexing.unravel(p, dims)
        let coordinates = (0..<spatial).map { k in axes[spatial - 1 - k][index[spatial - 1 - k]] } + [1]
        for r in 0..<spatial {
          var sum = 0.0
          for k in 0...spatial { sum += theta[(b * spatial + r) * (spatial + 1) + k] * coordinates[k] }
          out[(b * points + p) * spatial + r] = sum
        }
      }
    }
    return [.tensor(Tensor(thetaT.elementType, shape: [n] + dims + [spatial], doubles: out))]
  }
}
