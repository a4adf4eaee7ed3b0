import Foundation
import PortIR

/// Softmax along an axis, in integers: e = table[max − q] (exp(−scale·d) in Q24, tabulated at
/// quantization time), summed in int64, p = round(2^24 · e / Σe) (the probability in Q24), then
/// requantized in fixed point to the output's calibrated parameters. (TFLite fixes the output at
/// scale 1/256; over 1000 classes that rounds every probability below 0.002 to zero, so the
/// calibrated range is used instead.)
enum SoftmaxIntegerKernel: IntegerKernel {
  static let opTypes = ["Softmax"]
  static let fraction = 24

  static func refusal(for node: Node, in graph: Graph) -> String? { QuantSupport.staticFloatRefusal(node, graph) }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    let input = try context.activation(node.inputs[0])
    guard let shape = context.shape(node.inputs[0]) else { throw node.failure("input shape is not static") }
    let axis = try QuantSupport.axis(node.int("axis", -1), rank: shape.count, node)
    let output = try context.calibrated(node.outputs[0])
    let (multipliers, shifts) = QuantSupport.multipliers([1 / (Double(1 << fraction) * Double(output.scale))])
    let levels = Int(input.qmax - input.qmin)
    let table = (0...levels).map { d -> Int32 in
      Int32((exp(-Double(input.scale) * Double(d)) * Double(1 << fraction)).rounded(.toNearestOrAwayFromZero))
    }
    return try QuantSupport.passThrough(node, &context, kernel: name, ints: ["axis": [axis]])
      .with(
        constants: [
          "exp": IntegerBlob(int32: table), "multiplier": IntegerBlob(int32: multipliers),
          "shift": IntegerBlob(int32: shifts),
        ], output: output)
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let x = try step.input(inputs, 0)
    let axis = try step.int("axis")
    let table = try step.constant("exp").values
    let output = try step.output(0)
    guard let multiplier = try step.constant("multiplier").values.first, let shift = try step.constant("shift").values.first
    else { throw step.failure("needs a multiplier") }
    let m = FixedPoint.Multiplier(multiplier: multiplier, shift: shift)
    guard axis < x.shape.count, table.count > Int(x.parameters.qmax - x.parameters.qmin) else {
      throw step.failure("input \(x.shape) does not fit the plan")
    }
    let n = x.shape[axis]
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    let outer = x.shape[..<axis].reduce(1, *)
    var y = [Int32](repeating: 0, count: x.count)
    for o in 0..<outer {
      for i in 0..<inner {
        let base = o * n * inner + i
        var top = Int32.min
        for j in 0..<n { top = max(top, x.values[base + j * inner]) }
        var sum: Int64 = 0
        for j in 0..<n { sum += Int64(table[Int(top - x.values[base + j * inner])]) }
        for j in 0..<n {
          let e = Int64(table[Int(top - x.values[base + j * inner])])
          // round(2^24 · e / sum), half up: (2^25 e + sum) / 2sum ≤ 2^24.
          let p = Int32((e << (fraction + 1) + sum) / (2 * sum))
          y[base + j * inner] = min(output.qmax, max(output.qmin, FixedPoint.multiply(p, m) &+ output.zeroPoint))
        }
      }
    }
    return [QTensor(shape: x.shape, values: y, parameters: output)]
  }
}
