import PortIR
import PortTarget

enum ArgMaxKernel: ReferenceKernel {
  static let opType = "ArgMax"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try run(node, inputs, largest: true)
  }

  /// ArgMax and ArgMin: the first (or with `select_last_index`, last) position of the extreme
  /// along `axis`; NaN counts as the extreme, like NumPy.
  static func run(_ node: Node, _ inputs: [HostValue?], largest: Bool) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: x.rank, node)
    let last = node.int("select_last_index", 0) != 0
    let keep = node.int("keepdims", 1) != 0
    let size = x.shape[axis]
    guard size > 0 else { throw node.failure("cannot take the arg-extreme of an empty axis") }
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    let compare = TensorKernels.sortKeys(x)
    let isNaN: (Int) -> Bool
    if x.elementType.isFloatingPoint {
      let values = x.doubles()
      isNaN = { values[$0].isNaN }
    } else {
      isNaN = { _ in false }
    }
    var result: [Int64] = []
    for o in 0..<outer {
      for i in 0..<inner {
        var best = 0
        for j in 1..<size {
          let candidate = (o * size + j) * inner + i
          let current = (o * size + best) * inner + i
          if isNaN(current) { if last && isNaN(candidate) { best = j }; continue }
          if isNaN(candidate) { best = j; continue }
          let c = compare(candidate, current)
          if (largest ? c > 0 : c < 0) || (c == 0 && last) { best = j }
        }
        result.append(Int64(best))
      }
    }
    var shape = x.shape
    if keep { shape[axis] = 1 } else { shape.remove(at: axis) }
    return [.tensor(Tensor(.int64, shape: shape, int64s: result))]
  }
}
