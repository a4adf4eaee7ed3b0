import PortIR
import PortOps
import PortTarget

/// Sums the product of the operands over every label not in the output, one output element at a time.
enum EinsumKernel: ReferenceKernel {
  static let opType = "Einsum"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let operands = try (0..<inputs.count).map { try inputs.tensor($0, of: node) }
    guard let first = operands.first else { throw node.failure("needs at least one operand") }
    let labels: [[String]]
    let output: [String]
    do {
      let equation = try NNCore.EinsumEquation(node.string("equation", ""), operands: operands.count)
      (labels, output) = try equation.expanded(ranks: operands.map(\.rank))
    } catch {
      throw node.failure("\(error)")
    }
    // Each label's size; size-1 dims broadcast.
    var sizes: [String: Int] = [:]
    for (operand, names) in zip(operands, labels) {
      for (name, size) in zip(names, operand.shape) {
        if let seen = sizes[name], seen != size {
          guard seen == 1 || size == 1 else { throw node.failure("label '\(name)' has sizes \(seen) and \(size)") }
          sizes[name] = max(seen, size)
        } else if sizes[name] == nil {
          sizes[name] = size
        }
      }
    }
    let summed = sizes.keys.filter { !output.contains($0) }.sorted()
    let all = output + summed
    let slot = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.element, $0.offset) })
    let extent = all.map { sizes[$0] ?? 1 }
    // Per operand: for each of its axes, the loop slot and the stride (0 when broadcast).
    let access: [[(Int, Int)]] = zip(operands, labels).map { operand, names in
      let strides = Indexing.strides(operand.shape)
      return names.enumerated().map { axis, name in
        (slot[name] ?? 0, operand.shape[axis] == 1 ? 0 : strides[axis])
      }
    }
    let integer = first.elementType.isInteger
    let values = operands.map { integer ? [] : $0.doubles() }
    let ints = operands.map { integer ? $0.int64s() : [] }
    let outputCount = output.map { sizes[$0] ?? 1 }.reduce(1, *)
    let innerCount = summed.map { sizes[$0] ?? 1 }.reduce(1, *)
    var result = [Double](repeating: 0, count: outputCount)
    var intResult = [Int64](repeating: 0, count: integer ? outputCount : 0)
    var index = [Int](repeating: 0, count: all.count)
    for o in 0..<outputCount {
      let outer = Indexing.unravel(o, Array(extent.prefix(output.count)))
      for (i, v) in outer.enumerated() { index[i] = v }
      var sum = 0.0
      var intSum: Int64 = 0
      for inner in 0..<innerCount {
        let position = Indexing.unravel(inner, Array(extent.dropFirst(output.count)))
        for (i, v) in position.enumerated() { index[output.count + i] = v }
        if integer {
          var product: Int64 = 1
          for (n, axes) in access.enumerated() { product = product &* ints[n][axes.reduce(0) { $0 + index[$1.0] * $1.1 }] }
          intSum = intSum &+ product
        } else {
          var product = 1.0
          for (n, axes) in access.enumerated() { product *= values[n][axes.reduce(0) { $0 + index[$1.0] * $1.1 }] }
          sum += product
        }
      }
      if integer { intResult[o] = intSum } else { result[o] = sum }
    }
    let shape = output.map { sizes[$0] ?? 1 }
    return [.tensor(integer ? Tensor(first.elementType, shape: shape, int64s: intResult)
                            : Tensor(first.elementType, shape: shape, doubles: result))]
  }
}
