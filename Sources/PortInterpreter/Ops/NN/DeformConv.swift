import PortIR
import PortTarget

/// 2-D deformable convolution: each kernel tap samples X bilinearly (zero outside) at its regular
/// position plus a learned offset, scaled by the optional mask.
enum DeformConvKernel: ReferenceKernel {
  static let opType = "DeformConv"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let w = try inputs.tensor(1, of: node)
    let offset = try inputs.tensor(2, of: node)
    let bias = inputs.optionalTensor(3)?.doubles()
    let mask = inputs.optionalTensor(4)?.doubles()
    guard x.rank == 4, w.rank == 4, offset.rank == 4 else {
      throw node.failure("only 2-D DeformConv is implemented", code: .unsupported)
    }
    let group = node.int("group", 1)
    let offsetGroup = node.int("offset_group", 1)
    let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let filters = w.shape[0]
    let (kh, kw) = (w.shape[2], w.shape[3])
    let (oh, ow) = (offset.shape[2], offset.shape[3])
    let strides = node.ints("strides") ?? [1, 1]
    let dilations = node.ints("dilations") ?? [1, 1]
    let pads = node.ints("pads") ?? [0, 0, 0, 0]
    guard group > 0, offsetGroup > 0, channels == w.shape[1] * group, filters % group == 0,
      channels % offsetGroup == 0, offset.shape[1] == offsetGroup * kh * kw * 2, offset.shape[0] == batch
    else { throw node.failure("X \(x.shape), W \(w.shape) and offset \(offset.shape) do not fit") }
    let xs = x.doubles()
    let ws = w.doubles()
    let offsets = offset.doubles()
    let taps = kh * kw
    let groupChannels = w.shape[1]
    let groupFilters = filters / group
    let channelsPerOffset = channels / offsetGroup
    let plane = oh * ow
    func sample(_ image: Int, _ h: Double, _ v: Double) -> Double {
      let h0 = Int(h.rounded(.down)), w0 = Int(v.rounded(.down))
      let dh = h - Double(h0), dw = v - Double(w0)
      var sum = 0.0
      for (y, fy) in [(h0, 1 - dh), (h0 + 1, dh)] where y >= 0 && y < height && fy != 0 {
        for (z, fz) in [(w0, 1 - dw), (w0 + 1, dw)] where z >= 0 && z < width && fz != 0 {
          sum += fy * fz * xs[image + y * width + z]
        }
      }
      return sum
    }
    var y = [Double](repeating: 0, count: batch * filters * plane)
    for n in 0..<batch {
      for c in 0..<channels {
        let og = c / channelsPerOffset
        let image = (n * channels + c) * height * width
        // The sampled column for this input channel: [taps, oh·ow].
        var column = [Double](repeating: 0, count: taps * plane)
        for t in 0..<taps {
          let (i, j) = (t / kw, t % kw)
          let base = ((n * offsetGroup + og) * taps + t) * 2
          for p in 0..<plane {
            let (r, s) = (p / ow, p % ow)
            let dy = offsets[base * plane + p]
            let dx = offsets[(base + 1) * plane + p]
            let h = Double(r * strides[0] - pads[0] + i * dilations[0]) + dy
            let v = Double(s * strides[1] - pads[1] + j * dilations[1]) + dx
            var value = sample(image, h, v)
            if let mask { value *= mask[((n * offsetGroup + og) * taps + t) * plane + p] }
            column[t * plane + p] = value
          }
        }
        let g = c / groupChannels
        for f in (g * groupFilters)..<((g + 1) * groupFilters) {
          let weights = (f * groupChannels + c % groupChannels) * taps
          let out = (n * filters + f) * plane
          for t in 0..<taps {
            let weight = ws[weights + t]
            for p in 0..<plane { y[out + p] += weight * column[t * plane + p] }
          }
        }
      }
      if let bias {
        for f in 0..<filters { for p in 0..<plane { y[(n * filters + f) * plane + p] += bias[f] } }
      }
    }
    return [.tensor(Tensor(x.elementType, shape: [batch, filters, oh, ow], doubles: y))]
  }
}
