import PortIR
import PortTarget

enum MeanVarianceNormalizationKernel: ReferenceKernel {
  static let opType = "MeanVarianceNormalization"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let axes = Set(try (node.ints("axes") ?? [0, 2, 3]).map { try NNKernels.axis(node, $0, rank: x.rank) })
    let kept = x.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
    // Each element's statistics slot: its index with the reduced axes dropped.
    let keptStrides = Indexing.strides(kept)
    let values = x.doubles()
    let slots = (0..<values.count).map { linear in
      zip(Indexing.unravel(linear, x.shape), keptStrides).enumerated().reduce(0) { sum, item in
        axes.contains(item.offset) ? sum : sum + item.element.0 * item.element.1
      }
    }
    let count = kept.reduce(1, *)
    var sums = [Double](repeating: 0, count: count)
    var squares = [Double](repeating: 0, count: count)
    var sizes = [Double](repeating: 0, count: count)
    for (i, slot) in slots.enumerated() {
      sums[slot] += values[i]
      squares[slot] += values[i] * values[i]
      sizes[slot] += 1
    }
    // As ONNX defines it: (X − E[X]) / (√(E[X²] − E[X]²) + 1e-9).
    let y = slots.enumerated().map { i, slot -> Double in
      let mean = sums[slot] / sizes[slot]
      let deviation = Swift.max(squares[slot] / sizes[slot] - mean * mean, 0).squareRoot()
      return (values[i] - mean) / (deviation + 1e-9)
    }
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: y))]
  }
}
