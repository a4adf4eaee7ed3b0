import PortIR
import PortTarget

enum UniqueKernel: ReferenceKernel {
  static let opType = "Unique"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var x = try inputs.tensor(0, of: node)
    let sorted = node.int("sorted", 1) != 0
    var axis = 0
    if let given = node.attributes["axis"]?.int {
      axis = try TensorKernels.axis(given, rank: x.rank, node)
    } else {
      x = TensorKernels.reshaped(x, [x.count])
    }
    // The slices along `axis`, each a list of linear element positions.
    let size = x.shape[axis]
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    func elements(_ s: Int) -> [Int] {
      var result: [Int] = []
      for o in 0..<outer {
        let base: Int = (o * size + s) * inner
        result.append(contentsOf: base..<(base + inner))
      }
      return result
    }
    let slices: [[Int]] = (0..<size).map(elements)
    let compare = TensorKernels.sortKeys(x)
    func order(_ a: Int, _ b: Int) -> Int {
      for (p, q) in zip(slices[a], slices[b]) {
        let c = compare(p, q)
        if c != 0 { return c }
      }
      return 0
    }
    let ranked = (0..<size).sorted { a, b in
      let c = order(a, b)
      return c != 0 ? c < 0 : a < b
    }
    var groups: [[Int]] = []
    for s in ranked {
      if let last = groups.last, order(last[0], s) == 0 { groups[groups.count - 1].append(s) } else { groups.append([s]) }
    }
    if !sorted { groups.sort { $0[0] < $1[0] } }
    var inverse = Array(repeating: Int64(0), count: size)
    for (g, members) in groups.enumerated() { for s in members { inverse[s] = Int64(g) } }
    let firsts = groups.map { $0[0] }
    var shape = x.shape
    shape[axis] = firsts.count
    var picks: [Int] = []
    for o in 0..<outer {
      for s in firsts {
        let base: Int = (o * size + s) * inner
        picks.append(contentsOf: base..<(base + inner))
      }
    }
    return [
      .tensor(TensorKernels.take(x, picks, shape: shape)),
      .tensor(Tensor(int64s: firsts.map(Int64.init))),
      .tensor(Tensor(int64s: inverse)),
      .tensor(Tensor(int64s: groups.map { Int64($0.count) })),
    ]
  }
}
