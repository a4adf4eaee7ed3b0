import PortIR
import PortTarget

/// RoiAlign-22: bilinear samples on a regular grid in each bin, averaged or max-pooled (the max
/// of the four weighted corners, as ONNX's reference and onnxruntime compute it).
enum RoiAlignKernel: ReferenceKernel {
  static let opType = "RoiAlign"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let xT = try inputs.tensor(0, of: node)
    let roisT = try inputs.tensor(1, of: node)
    let batchIndices = try inputs.tensor(2, of: node).int64s().map { Int($0) }
    guard xT.rank == 4, roisT.rank == 2, roisT.shape[1] == 4, batchIndices.count == roisT.shape[0] else {
      throw node.failure("expected X (N,C,H,W), rois (R,4), batch_indices (R)")
    }
    let (channels, height, width) = (xT.shape[1], xT.shape[2], xT.shape[3])
    let x = xT.doubles()
    let rois = roisT.doubles()
    let pooledH = node.int("output_height", 1)
    let pooledW = node.int("output_width", 1)
    let samplingRatio = node.int("sampling_ratio", 0)
    let scale = Double(node.float("spatial_scale", 1))
    let halfPixel = node.string("coordinate_transformation_mode", "half_pixel") == "half_pixel"
    let isMax = node.string("mode", "avg") == "max"
    guard pooledH > 0, pooledW > 0, samplingRatio >= 0 else { throw node.failure("output sizes must be positive") }
    let count = roisT.shape[0]
    var out = [Double](repeating: 0, count: count * channels * pooledH * pooledW)
    for r in 0..<count {
      let b = batchIndices[r]
      guard b >= 0, b < xT.shape[0] else { throw node.failure("batch index \(b) is out of range") }
      let offset = halfPixel ? 0.5 : 0
      let startW = rois[r * 4] * scale - offset
      let startH = rois[r * 4 + 1] * scale - offset
      var roiW = rois[r * 4 + 2] * scale - offset - startW
      var roiH = rois[r * 4 + 3] * scale - offset - startH
      if !halfPixel {
        roiW = max(roiW, 1)
        roiH = max(roiH, 1)
      }
      guard roiH.isFinite, roiW.isFinite, roiH < 1e9, roiW < 1e9 else { throw node.failure("roi \(r) is not finite") }
      let binH = roiH / Double(pooledH)
      let binW = roiW / Double(pooledW)
      let gridH = samplingRatio > 0 ? samplingRatio : Int((roiH / Double(pooledH)).rounded(.up))
      let gridW = samplingRatio > 0 ? samplingRatio : Int((roiW / Double(pooledW)).rounded(.up))
      let samples = Double(max(gridH * gridW, 1))
      for ph in 0..<pooledH {
        for pw in 0..<pooledW {
          // The bilinear taps of every sample point in this bin.
          var taps: [[(Int, Double)]] = []
          for iy in 0..<gridH {
            let yy = startH + Double(ph) * binH + (Double(iy) + 0.5) * binH / Double(gridH)
            for ix in 0..<gridW {
              let xx = startW + Double(pw) * binW + (Double(ix) + 0.5) * binW / Double(gridW)
              if yy < -1 || yy > Double(height) || xx < -1 || xx > Double(width) {
                taps.append([(0, 0), (0, 0), (0, 0), (0, 0)])
                continue
              }
              guard yy.isFinite, xx.isFinite else { throw node.failure("roi \(r) is not finite") }
              var y = max(yy, 0)
              var xv = max(xx, 0)
              var yLow = Int(y)
              var xLow = Int(xv)
              let yHigh: Int
              let xHigh: Int
              if yLow >= height - 1 {
                yLow = height - 1
                yHigh = yLow
                y = Double(yLow)
              } else {
                yHigh = yLow + 1
              }
              if xLow >= width - 1 {
                xLow = width - 1
                xHigh = xLow
                xv = Double(xLow)
              } else {
                xHigh = xLow + 1
              }
              let ly = y - Double(yLow), lx = xv - Double(xLow)
              let hy = 1 - ly, hx = 1 - lx
              taps.append([
                (yLow * width + xLow, hy * hx), (yLow * width + xHigh, hy * lx),
                (yHigh * width + xLow, ly * hx), (yHigh * width + xHigh, ly * lx),
              ])
            }
          }
          for ch in 0..<channels {
            let base = (b * channels + ch) * height * width
            var value = 0.0
            var first = true
            for sample in taps {
              if isMax {
                let v = sample.map { $0.1 * x[base + $0.0] }.max() ?? 0
                value = first ? v : max(value, v)
                first = false
              } else {
                for (i, w) in sample { value += w * x[base + i] }
              }
            }
            if !isMax { value /= samples }
            out[((r * channels + ch) * pooledH + ph) * pooledW + pw] = value
          }
        }
      }
    }
    return [.tensor(Tensor(xT.elementType, shape: [count, channels, pooledH, pooledW], doubles: out))]
  }
}
