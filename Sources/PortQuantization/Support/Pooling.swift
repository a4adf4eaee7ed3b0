import PortIR

/// Max and average pooling over a `Window`, keeping the input's quantization parameters.
enum Pooling {
  static func refusal(_ node: Node, _ graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph, inputs: [0]) { return reason }
    if node.outputs.count > 1, !node.outputs[1].isEmpty { return "the Indices output is not supported" }
    guard let x = QuantSupport.floatShape(node.inputs[0], graph), x.count == 3 || x.count == 4 else {
      return "only 1-D and 2-D pooling runs in integers"
    }
    guard let kernel = node.ints("kernel_shape"), kernel.count == x.count - 2 else { return "kernel_shape is missing" }
    return nil
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext, kernel: String) throws -> QuantizedStep {
    guard let xs = context.shape(node.inputs[0]), let k = node.ints("kernel_shape") else {
      throw node.failure("shapes are not static", code: .unsupported)
    }
    let window = Window(try QuantSupport.geometry(node, input: Array(xs.dropFirst(2)), kernel: k))
    var ints = window.ints
    ints["includePad"] = [node.int("count_include_pad", 0)]
    return try QuantSupport.passThrough(node, &context, kernel: kernel, ints: ints)
  }

  /// Runs the window: max of the values, or the rounded mean of (q − zero) plus zero.
  static func run(_ step: QuantizedStep, _ inputs: [QTensor], average: Bool) throws -> [QTensor] {
    let x = try step.input(inputs, 0)
    let window = try Window(step)
    let (batch, channels) = try window.check(x, step)
    let includePad = (step.ints["includePad"]?.first ?? 0) != 0
    let (ih, iw) = window.input
    let (oh, ow) = window.output
    let zero = x.parameters.zeroPoint
    var y = [Int32](repeating: 0, count: batch * channels * oh * ow)
    x.values.withUnsafeBufferPointer { xv in
      for plane in 0..<(batch * channels) {
        let base = plane * ih * iw
        for oy in 0..<oh {
          for ox in 0..<ow {
            var best = Int32.min
            var sum: Int32 = 0
            var count: Int32 = 0
            var padded: Int32 = 0
            for ky in 0..<window.kernel.h {
              let iy = oy * window.strides.h - window.pads.top + ky * window.dilations.h
              for kx in 0..<window.kernel.w {
                let ix = ox * window.strides.w - window.pads.left + kx * window.dilations.w
                guard iy >= 0, iy < ih, ix >= 0, ix < iw else {
                  // Pads count toward the mean only inside the padded extent.
                  if iy >= -window.pads.top, iy < ih + window.pads.bottom, ix >= -window.pads.left,
                    ix < iw + window.pads.right
                  { padded += 1 }
                  continue
                }
                let v = xv[base + iy * iw + ix]
                best = max(best, v)
                sum &+= v &- zero
                count += 1
              }
            }
            let out = (plane * oh + oy) * ow + ox
            if average {
              let divisor = includePad ? count + padded : count
              y[out] = divisor > 0 ? QuantSupport.roundedDivide(sum, divisor) &+ zero : zero
            } else {
              y[out] = count > 0 ? best : zero
            }
          }
        }
      }
    }
    return [QTensor(shape: window.outputShape(batch, channels, rank: x.shape.count), values: y, parameters: x.parameters)]
  }
}
