import PortIR

/// Convolution (1-D and 2-D; grouped and depthwise): int8 weights per output channel, int32
/// accumulation over (x − x_zero) · w + bias, fixed-point requantization per output channel.
enum ConvIntegerKernel: IntegerKernel {
  static let opTypes = ["Conv"]

  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph, inputs: [0]) { return reason }
    guard let w = node.input(1), let weights = graph.initializers[w], weights.elementType.isFloatingPoint else {
      return "weights are not a float constant"
    }
    if let b = node.input(2), graph.initializers[b] == nil { return "bias is not a constant" }
    guard weights.rank == 3 || weights.rank == 4 else { return "only 1-D and 2-D convolutions run in integers" }
    guard let x = QuantSupport.floatShape(node.inputs[0], graph), x.count == weights.rank else {
      return "input rank differs from the weights'"
    }
    let group = node.int("group", 1)
    guard group > 0, x[1] == weights.shape[1] * group, weights.shape[0] % group == 0 else {
      return "channels do not fit group \(group)"
    }
    return nil
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    let x = node.inputs[0]
    let xp = try context.activation(x)
    guard let xs = context.shape(x), let wName = node.input(1), let ws = context.shape(wName) else {
      throw node.failure("shapes are not static", code: .unsupported)
    }
    let g = try QuantSupport.geometry(node, input: Array(xs.dropFirst(2)), kernel: Array(ws.dropFirst(2)))
    let window = Window(g)
    let output = try context.calibrated(node.outputs[0])
    let (weights, scales) = try context.weights(wName, axis: 0)
    let channels = ws[0]
    let bias = try context.bias(node.input(2), channels: channels, inputScale: xp.scale, weightScales: scales)
    let (multipliers, shifts) = QuantSupport.multipliers(
      scales.map { Double(xp.scale) * Double($0) / Double(output.scale) })
    let perChannel = ws.dropFirst().reduce(1, *)
    var ints = window.ints
    ints["group"] = [node.int("group", 1)]
    ints["channels"] = [xs[1], channels]
    ints["clamp"] = context.clamp(for: node, output)
    ints["macs"] = [xs[0] * channels * perChannel * window.output.h * window.output.w]
    return QuantizedStep(
      kernel: name, node: node, inputs: [x], outputs: [node.outputs[0]], ints: ints,
      constants: [
        "weights": IntegerBlob(int8: weights, shape: [channels, perChannel]),
        "bias": IntegerBlob(int32: bias), "multiplier": IntegerBlob(int32: multipliers),
        "shift": IntegerBlob(int32: shifts),
      ],
      outputParameters: [output])
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let x = try step.input(inputs, 0)
    let window = try Window(step)
    let (batch, inChannels) = try window.check(x, step)
    let group = try step.int("group")
    let channels = try step.ints("channels")
    let clamp = try step.ints("clamp")
    let weights = try step.constant("weights").values
    let bias = try step.constant("bias").values
    let multipliers = try step.constant("multiplier").values
    let shifts = try step.constant("shift").values
    let outChannels = channels[1]
    guard channels[0] == inChannels, group > 0, inChannels % group == 0, outChannels % group == 0,
      bias.count == outChannels, multipliers.count == outChannels, shifts.count == outChannels
    else { throw step.failure("input \(x.shape) does not fit the planned channels \(channels)") }
    let output = try step.output(0)
    let perGroupIn = inChannels / group
    let perGroupOut = outChannels / group
    let (kh, kw) = window.kernel
    let depth = perGroupIn * kh * kw
    guard weights.count == outChannels * depth else { throw step.failure("weights do not fit the kernel") }
    let (oh, ow) = window.output
    let (ih, iw) = window.input
    let pixels = oh * ow
    let zero = x.parameters.zeroPoint
    let (lo, hi) = (Int32(clamp[0]), Int32(clamp[1]))
    var y = [Int32](repeating: 0, count: batch * outChannels * pixels)
    guard pixels > 0, depth > 0 else {
      return [QTensor(shape: window.outputShape(batch, outChannels, rank: x.shape.count), values: y, parameters: output)]
    }
    let narrow = IntegerLoops.narrow(weights)
    var columns = [Int16](repeating: 0, count: depth * pixels)
    var accumulators = [Int32](repeating: 0, count: 4 * pixels)
    x.values.withUnsafeBufferPointer { xv in
      narrow.withUnsafeBufferPointer { wv in
        columns.withUnsafeMutableBufferPointer { col in
          accumulators.withUnsafeMutableBufferPointer { accumulator in
            y.withUnsafeMutableBufferPointer { yv in
              guard let colBase = col.baseAddress, let acc = accumulator.baseAddress else { return }
              for n in 0..<batch {
                for g in 0..<group {
                  // im2col of this group's input, zero point removed (padding is real zero).
                  for c in 0..<perGroupIn {
                    let plane = ((n * inChannels) + g * perGroupIn + c) * ih * iw
                    for ky in 0..<kh {
                      for kx in 0..<kw {
                        let row = ((c * kh + ky) * kw + kx) * pixels
                        for oy in 0..<oh {
                          let iy = oy * window.strides.h - window.pads.top + ky * window.dilations.h
                          let base = row + oy * ow
                          if iy < 0 || iy >= ih {
                            for ox in 0..<ow { col[base + ox] = 0 }
                            continue
                          }
                          let line = plane + iy * iw
                          for ox in 0..<ow {
                            let ix = ox * window.strides.w - window.pads.left + kx * window.dilations.w
                            col[base + ox] = ix >= 0 && ix < iw ? Int16(truncatingIfNeeded: xv[line + ix] &- zero) : 0
                          }
                        }
                      }
                    }
                  }
                  // Output channels four at a time, each column row loaded once for the four.
                  var o = 0
                  while o < perGroupOut {
                    let block = min(4, perGroupOut - o)
                    let first = g * perGroupOut + o
                    for j in 0..<block {
                      let b = bias[first + j]
                      for p in 0..<pixels { acc[j * pixels + p] = b }
                    }
                    for k in 0..<depth {
                      let xrow = UnsafePointer(colBase + k * pixels)
                      if block == 4 {
                        IntegerLoops.multiplyAdd4(
                          acc, wv[first * depth + k], wv[(first + 1) * depth + k], wv[(first + 2) * depth + k],
                          wv[(first + 3) * depth + k], xrow, pixels)
                      } else {
                        for j in 0..<block {
                          IntegerLoops.multiplyAdd(acc + j * pixels, wv[(first + j) * depth + k], xrow, pixels)
                        }
                      }
                    }
                    for j in 0..<block {
                      let oc = first + j
                      let m = FixedPoint.Multiplier(multiplier: multipliers[oc], shift: shifts[oc])
                      let out = (n * outChannels + oc) * pixels
                      let z = output.zeroPoint
                      for p in 0..<pixels {
                        yv[out + p] = min(hi, max(lo, FixedPoint.multiply(acc[j * pixels + p], m) &+ z))
                      }
                    }
                    o += block
                  }
                }
              }
            }
          }
        }
      }
    }
    return [QTensor(shape: window.outputShape(batch, outChannels, rank: x.shape.count), values: y, parameters: output)]
  }
}
