import PortIR
import PortTarget

/// STFT-17: windowed frames of frame_length every frame_step samples, each transformed.
enum STFTKernel: ReferenceKernel {
  static let opType = "STFT"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank == 3 else { throw node.failure("signal must be [batch, length, 1|2]") }
    let (real, imaginary, _) = try SignalKernels.complexSignal(x, node)
    guard let step = try inputs.tensor(1, of: node).int64s().first.map({ Int($0) }), step > 0 else {
      throw node.failure("frame_step must be positive")
    }
    let window = inputs.optionalTensor(2)?.doubles()
    let (batch, length) = (x.shape[0], x.shape[1])
    let frameLength = inputs.optionalTensor(3)?.int64s().first.map { Int($0) } ?? window?.count ?? length
    let weights = window ?? Array(repeating: 1, count: frameLength)
    guard weights.count == frameLength, frameLength > 0, frameLength <= length else {
      throw node.failure("window and frame_length do not fit the signal")
    }
    let frames = 1 + (length - frameLength) / step
    let onesided = node.int("onesided", 1) != 0
    let bins = onesided ? frameLength / 2 + 1 : frameLength
    var frameReal = [Double](repeating: 0, count: batch * frames * frameLength)
    var frameImaginary = frameReal
    for b in 0..<batch {
      for f in 0..<frames {
        for t in 0..<frameLength {
          let source = b * length + f * step + t
          let target = (b * frames + f) * frameLength + t
          frameReal[target] = real[source] * weights[t]
          frameImaginary[target] = imaginary[source] * weights[t]
        }
      }
    }
    let (r, i, s) = SignalKernels.transform(
      frameReal, frameImaginary, [batch, frames, frameLength], axis: 2, length: frameLength, outputBins: bins,
      sign: -1, scale: 1)
    return [.tensor(SignalKernels.interleaved(x.elementType, r, i, s))]
  }
}
