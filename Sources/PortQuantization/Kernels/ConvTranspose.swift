import PortIR

/// ConvTranspose (2-D, one group): each input pixel's (x − x_zero) scattered through the int8 weights
/// [C_in, C_out, kh, kw] (one scale per output channel) into int32 accumulators, then requantized per
/// output channel as Conv.
enum ConvTransposeIntegerKernel: IntegerKernel {
  static let opTypes = ["ConvTranspose"]

  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph, inputs: [0]) { return reason }
    guard let w = node.input(1), let weights = graph.initializers[w], weights.elementType.isFloatingPoint,
      weights.rank == 4
    else { return "weights are not a float constant of rank 4" }
    if let b = node.input(2), graph.initializers[b] == nil { return "bias is not a constant" }
    if node.int("group", 1) != 1 { return "grouped transposed convolution is not supported" }
    if node.string("auto_pad", "NOTSET") != "NOTSET" || node.ints("output_shape") != nil {
      return "only explicit pads are supported"
    }
    guard let x = QuantSupport.floatShape(node.inputs[0], graph), x.count == 4, x[1] == weights.shape[0] else {
      return "input does not fit the weights"
    }
    return nil
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    let x = node.inputs[0]
    let xp = try context.activation(x)
    guard let xs = context.shape(x), let wName = node.input(1), let ws = context.shape(wName),
      let ys = context.shape(node.outputs[0]), ys.count == 4
    else { throw node.failure("shapes are not static", code: .unsupported) }
    let output = try context.calibrated(node.outputs[0])
    let (weights, scales) = try context.weights(wName, axis: 1)
    let channels = ws[1]
    let bias = try context.bias(node.input(2), channels: channels, inputScale: xp.scale, weightScales: scales)
    let (multipliers, shifts) = QuantSupport.multipliers(
      scales.map { Double(xp.scale) * Double($0) / Double(output.scale) })
    let strides = node.ints("strides") ?? [1, 1]
    let dilations = node.ints("dilations") ?? [1, 1]
    let pads = node.ints("pads") ?? [0, 0, 0, 0]
    return QuantizedStep(
      kernel: name, node: node, inputs: [x], outputs: [node.outputs[0]],
      ints: [
        "input": Array(xs.dropFirst()), "output": Array(ys.dropFirst()), "kernel": Array(ws.suffix(2)),
        "strides": strides, "dilations": dilations, "pads": Array(pads.prefix(2)),
        "clamp": context.clamp(for: node, output), "macs": [xs.reduce(1, *) * ws.dropFirst().reduce(1, *)],
      ],
      constants: [
        "weights": IntegerBlob(int8: weights, shape: ws), "bias": IntegerBlob(int32: bias),
        "multiplier": IntegerBlob(int32: multipliers), "shift": IntegerBlob(int32: shifts),
      ],
      outputParameters: [output])
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let x = try step.input(inputs, 0)
    let input = try step.ints("input")
    let out = try step.ints("output")
    let kernel = try step.ints("kernel")
    let strides = try step.ints("strides")
    let dilations = try step.ints("dilations")
    let pads = try step.ints("pads")
    let clamp = try step.ints("clamp")
    let weights = try step.constant("weights").values
    let bias = try step.constant("bias").values
    let multipliers = try step.constant("multiplier").values
    let shifts = try step.constant("shift").values
    guard x.shape.count == 4, Array(x.shape.dropFirst()) == input, strides.count == 2, dilations.count == 2,
      pads.count == 2, out.count == 3, kernel.count == 2, weights.count == input[0] * out[0] * kernel[0] * kernel[1]
    else { throw step.failure("input \(x.shape) does not fit the planned \(input)") }
    let output = try step.output(0)
    let (c, ih, iw) = (input[0], input[1], input[2])
    let (oc, oh, ow) = (out[0], out[1], out[2])
    let (kh, kw) = (kernel[0], kernel[1])
    let batch = x.shape[0]
    let zero = x.parameters.zeroPoint
    var y = [Int32](repeating: 0, count: batch * oc * oh * ow)
    var acc = [Int32](repeating: 0, count: oc * oh * ow)
    for n in 0..<batch {
      for o in 0..<oc { for p in 0..<(oh * ow) { acc[o * oh * ow + p] = bias[o] } }
      for ic in 0..<c {
        for iy in 0..<ih {
          for ix in 0..<iw {
            let v = x.values[((n * c + ic) * ih + iy) * iw + ix] &- zero
            if v == 0 { continue }
            for o in 0..<oc {
              for ky in 0..<kh {
                let oy = iy * strides[0] - pads[0] + ky * dilations[0]
                guard oy >= 0, oy < oh else { continue }
                for kx in 0..<kw {
                  let ox = ix * strides[1] - pads[1] + kx * dilations[1]
                  guard ox >= 0, ox < ow else { continue }
                  let w = weights[((ic * oc + o) * kh + ky) * kw + kx]
                  acc[(o * oh + oy) * ow + ox] &+= v &* w
                }
              }
            }
          }
        }
      }
      for o in 0..<oc {
        let m = FixedPoint.Multiplier(multiplier: multipliers[o], shift: shifts[o])
        for p in 0..<(oh * ow) {
          let q = FixedPoint.multiply(acc[o * oh * ow + p], m) &+ output.zeroPoint
          y[(n * oc + o) * oh * ow + p] = min(Int32(clamp[1]), max(Int32(clamp[0]), q))
        }
      }
    }
    return [QTensor(shape: [batch, oc, oh, ow], values: y, parameters: output)]
  }
}
