import PortIR
import PortTarget

/// DFT-20 like NumPy's fft/ifft/irfft: onesided forward keeps n/2 + 1 bins; onesided inverse
/// treats the input as half of a Hermitian spectrum and yields a real signal.
enum DFTKernel: ReferenceKernel {
  static let opType = "DFT"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let (real, imaginary, shape) = try SignalKernels.complexSignal(x, node)
    let axisValue = inputs.optionalTensor(2)?.int64s().first.map { Int($0) } ?? -2
    // The axis counts the trailing real/imaginary dim too.
    guard let axis = Indexing.axis(axisValue, rank: x.rank), axis < x.rank - 1 else {
      throw node.failure("axis \(axisValue) is out of range")
    }
    let inverse = node.int("inverse", 0) != 0
    let onesided = node.int("onesided", 0) != 0
    let n = shape[axis]
    var length = inverse && onesided ? 2 * (n - 1) : n
    if let given = inputs.optionalTensor(1)?.int64s().first { length = Int(given) }
    guard length > 0 else { throw node.failure("dft_length must be positive") }
    if !inverse {
      let bins = onesided ? length / 2 + 1 : length
      let (r, i, s) = SignalKernels.transform(real, imaginary, shape, axis: axis, length: length, outputBins: bins, sign: -1, scale: 1)
      return [.tensor(SignalKernels.interleaved(x.elementType, r, i, s))]
    }
    if !onesided {
      let (r, i, s) = SignalKernels.transform(
        real, imaginary, shape, axis: axis, length: length, outputBins: length, sign: 1, scale: 1 / Double(length))
      return [.tensor(SignalKernels.interleaved(x.elementType, r, i, s))]
    }
    // Inverse real FFT: rebuild the full Hermitian spectrum from its first length/2 + 1 bins.
    let half = length / 2 + 1
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    var fullReal = [Double](repeating: 0, count: outer * length * inner)
    var fullImaginary = fullReal
    for o in 0..<outer {
      for k in 0..<length {
        let source = k < half ? k : length - k
        guard source < n else { continue }
        for i in 0..<inner {
          let from = (o * n + source) * inner + i
          let to = (o * length + k) * inner + i
          fullReal[to] = real[from]
          fullImaginary[to] = k < half ? imaginary[from] : -imaginary[from]
        }
      }
    }
    var fullShape = shape
    fullShape[axis] = length
    let (r, _, s) = SignalKernels.transform(
      fullReal, fullImaginary, fullShape, axis: axis, length: length, outputBins: length, sign: 1, scale: 1 / Double(length))
    return [.tensor(Tensor(x.elementType, shape: s + [1], doubles: r))]
  }
}
