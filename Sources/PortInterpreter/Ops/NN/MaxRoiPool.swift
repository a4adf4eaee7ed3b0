import PortIR
import PortTarget

/// ROI max pooling as Caffe defines it (ONNX gives no reference implementation): box corners scaled
/// by `spatial_scale` and rounded, each box split into pooled_shape bins, the max of each (0 when empty).
enum MaxRoiPoolKernel: ReferenceKernel {
  static let opType = "MaxRoiPool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let rois = try inputs.tensor(1, of: node)
    guard x.rank == 4, rois.rank == 2, rois.shape[1] == 5, let pooled = node.ints("pooled_shape"), pooled.count == 2 else {
      throw node.failure("X must be 4-D, rois [num_rois, 5], pooled_shape 2 sizes")
    }
    let scale = Double(node.float("spatial_scale", 1))
    let (channels, height, width) = (x.shape[1], x.shape[2], x.shape[3])
    let (ph, pw) = (pooled[0], pooled[1])
    let xs = x.doubles()
    let boxes = rois.doubles()
    var y = [Double](repeating: 0, count: rois.shape[0] * channels * ph * pw)
    for r in 0..<rois.shape[0] {
      let box = Array(boxes[(r * 5)..<(r * 5 + 5)])
      let n = Int(box[0])
      guard n >= 0, n < x.shape[0] else { throw node.failure("roi \(r) names batch \(n)") }
      let startW = Int((box[1] * scale).rounded()), startH = Int((box[2] * scale).rounded())
      let endW = Int((box[3] * scale).rounded()), endH = Int((box[4] * scale).rounded())
      let roiH = Double(max(endH - startH + 1, 1)), roiW = Double(max(endW - startW + 1, 1))
      let binH = roiH / Double(ph), binW = roiW / Double(pw)
      for c in 0..<channels {
        let plane = (n * channels + c) * height * width
        for i in 0..<ph {
          let h0 = min(max(Int((Double(i) * binH).rounded(.down)) + startH, 0), height)
          let h1 = min(max(Int((Double(i + 1) * binH).rounded(.up)) + startH, 0), height)
          for j in 0..<pw {
            let w0 = min(max(Int((Double(j) * binW).rounded(.down)) + startW, 0), width)
            let w1 = min(max(Int((Double(j + 1) * binW).rounded(.up)) + startW, 0), width)
            var best = -Double.infinity
            for h in h0..<max(h0, h1) { for w in w0..<max(w0, w1) { best = max(best, xs[plane + h * width + w]) } }
            y[((r * channels + c) * ph + i) * pw + j] = best == -.infinity ? 0 : best
          }
        }
      }
    }
    return [.tensor(Tensor(x.elementType, shape: [rois.shape[0], channels, ph, pw], doubles: y))]
  }
}
