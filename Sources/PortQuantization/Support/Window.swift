import PortIR
import PortOps

/// A 2-D sliding window (1-D windows are 2-D with height 1), as step integers.
struct Window {
  var input: (h: Int, w: Int)
  var output: (h: Int, w: Int)
  var kernel: (h: Int, w: Int)
  var strides: (h: Int, w: Int)
  var dilations: (h: Int, w: Int)
  var pads: (top: Int, left: Int, bottom: Int, right: Int)

  /// From a node's geometry over static spatial sizes (one or two dims).
  init(_ g: NNCore.Geometry) {
    func pair(_ v: [Int], _ fill: Int) -> (Int, Int) { v.count == 2 ? (v[0], v[1]) : (fill, v.first ?? fill) }
    input = pair(g.input, 1)
    output = pair(g.output, 1)
    kernel = pair(g.kernel, 1)
    strides = pair(g.strides, 1)
    dilations = pair(g.dilations, 1)
    let begin = pair(g.padBegin, 0)
    let end = pair(g.padEnd, 0)
    pads = (begin.0, begin.1, end.0, end.1)
  }

  var ints: [String: [Int]] {
    [
      "window": [
        input.h, input.w, output.h, output.w, kernel.h, kernel.w, strides.h, strides.w, dilations.h, dilations.w,
        pads.top, pads.left, pads.bottom, pads.right,
      ]
    ]
  }

  init(_ step: QuantizedStep) throws {
    let v = try step.ints("window")
    guard v.count == 14 else { throw step.failure("window has \(v.count) integers") }
    input = (v[0], v[1])
    output = (v[2], v[3])
    kernel = (v[4], v[5])
    strides = (v[6], v[7])
    dilations = (v[8], v[9])
    pads = (v[10], v[11], v[12], v[13])
  }

  /// Checks that an input [N, C, spatial…] has the planned spatial size; returns (N, C).
  func check(_ x: QTensor, _ step: QuantizedStep) throws -> (batch: Int, channels: Int) {
    let spatial = x.shape.dropFirst(2).reduce(1, *)
    guard x.shape.count >= 3, spatial == input.h * input.w else {
      throw step.failure("input \(x.shape) differs from the planned \(input.h)×\(input.w)")
    }
    return (x.shape[0], x.shape[1])
  }

  /// The output shape for N, C, keeping the input's rank.
  func outputShape(_ batch: Int, _ channels: Int, rank: Int) -> [Int] {
    rank == 3 ? [batch, channels, output.w] : [batch, channels, output.h, output.w]
  }
}
