import PortIR

/// Fully connected layers (Gemm, MatMul with constant weights): rows of A times int8 weights
/// stored [N, K] (one scale per output column), int32 bias, per-column requantization.
enum Dense {
  /// The step for y[M, N] = A[M, K] · W + bias, W given as a float constant `[K, N]` (or `[N, K]`
  /// when `transposed`), scaled by `alpha`, bias by `beta`.
  static func prepare(
    _ node: Node, _ context: inout PreparationContext, kernel: String, weights wName: String, transposed: Bool,
    bias: String?, alpha: Double = 1, beta: Double = 1
  ) throws -> QuantizedStep {
    let a = node.inputs[0]
    let ap = try context.activation(a)
    guard let ashape = context.shape(a), let ws = context.shape(wName), ws.count == 2, let k = ashape.last else {
      throw node.failure("shapes are not static", code: .unsupported)
    }
    let n = transposed ? ws[0] : ws[1]
    guard (transposed ? ws[1] : ws[0]) == k else { throw node.failure("A \(ashape) and B \(ws) do not multiply") }
    let output = try context.calibrated(node.outputs[0])
    let (q, scales) = try context.weights(wName, axis: transposed ? 0 : 1, scale: alpha)
    // Stored as [N, K] so each output is one contiguous dot product.
    let rows: [Int32] = transposed ? q : (0..<(n * k)).map { i in q[(i % k) * n + i / k] }
    let b = try context.bias(bias, channels: n, inputScale: ap.scale, weightScales: scales, scale: beta)
    let (multipliers, shifts) = QuantSupport.multipliers(
      scales.map { Double(ap.scale) * Double($0) / Double(output.scale) })
    let m = ashape.dropLast().reduce(1, *)
    return QuantizedStep(
      kernel: kernel, node: node, inputs: [a], outputs: [node.outputs[0]],
      ints: [
        "shape": Array(ashape.dropLast()) + [n], "depth": [k], "clamp": context.clamp(for: node, output),
        "macs": [m * n * k],
      ],
      constants: [
        "weights": IntegerBlob(int8: rows, shape: [n, k]), "bias": IntegerBlob(int32: b),
        "multiplier": IntegerBlob(int32: multipliers), "shift": IntegerBlob(int32: shifts),
      ],
      outputParameters: [output])
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let a = try step.input(inputs, 0)
    let shape = try step.ints("shape")
    let k = try step.int("depth")
    let clamp = try step.ints("clamp")
    let weights = try step.constant("weights").values
    let bias = try step.constant("bias").values
    let multipliers = try step.constant("multiplier").values
    let shifts = try step.constant("shift").values
    guard let n = shape.last, k > 0, a.count % k == 0, weights.count == n * k, bias.count == n else {
      throw step.failure("input \(a.shape) does not fit the planned depth \(k)")
    }
    let m = a.count / k
    let output = try step.output(0)
    let zero = a.parameters.zeroPoint
    let (lo, hi) = (Int32(clamp[0]), Int32(clamp[1]))
    var y = [Int32](repeating: 0, count: m * n)
    let narrow = IntegerLoops.narrow(weights)
    var row = [Int16](repeating: 0, count: k)
    a.values.withUnsafeBufferPointer { av in
      narrow.withUnsafeBufferPointer { weightBuffer in
        row.withUnsafeMutableBufferPointer { rowBuffer in
          guard let wv = weightBuffer.baseAddress, let r = rowBuffer.baseAddress else { return }
          for i in 0..<m {
            for j in 0..<k { r[j] = Int16(truncatingIfNeeded: av[i * k + j] &- zero) }
            for c in 0..<n {
              let acc = bias[c] &+ IntegerLoops.dot(r, wv + c * k, k)
              let mult = FixedPoint.Multiplier(multiplier: multipliers[c], shift: shifts[c])
              y[i * n + c] = min(hi, max(lo, FixedPoint.multiply(acc, mult) &+ output.zeroPoint))
            }
          }
        }
      }
    }
    return [QTensor(shape: shape.count == a.shape.count ? shape : [m, n], values: y, parameters: output)]
  }
}
