import Foundation
import PortIR

/// The discrete Fourier transform shared by DFT and STFT, computed directly in Double.
enum SignalKernels {
  /// The complex signal of a [..., 1|2] tensor: (real, imaginary) arrays over the leading dims.
  static func complexSignal(_ tensor: Tensor, _ node: Node) throws -> ([Double], [Double], [Int]) {
    guard let last = tensor.shape.last, last == 1 || last == 2 else {
      throw node.failure("the last dimension must be 1 (real) or 2 (complex)")
    }
    let values = try NNAdvKernels.floating(tensor, node, "input")
    let count = values.count / last
    let real = (0..<count).map { values[$0 * last] }
    let imaginary = last == 2 ? (0..<count).map { values[$0 * 2 + 1] } : Array(repeating: 0, count: count)
    return (real, imaginary, Array(tensor.shape.dropLast()))
  }

  /// A DFT of `length` points along `axis` of a complex signal of `shape` (the input is cut or
  /// zero-padded to `length`), keeping `outputBins` bins. `sign` is −1 forward, +1 inverse.
  static func transform(
    _ real: [Double], _ imaginary: [Double], _ shape: [Int], axis: Int, length: Int, outputBins: Int,
    sign: Double, scale: Double
  ) -> ([Double], [Double], [Int]) {
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    let n = shape[axis]
    var outShape = shape
    outShape[axis] = outputBins
    var outReal = [Double](repeating: 0, count: outer * outputBins * inner)
    var outImaginary = outReal
    let used = min(n, length)
    for o in 0..<outer {
      for k in 0..<outputBins {
        for i in 0..<inner {
          var sr = 0.0, si = 0.0
          for t in 0..<used {
            let angle = sign * 2 * Double.pi * Double((k * t) % length) / Double(length)
            let (c, s) = (Foundation.cos(angle), Foundation.sin(angle))
            let index = (o * n + t) * inner + i
            sr += real[index] * c - imaginary[index] * s
            si += real[index] * s + imaginary[index] * c
          }
          let target = (o * outputBins + k) * inner + i
          outReal[target] = sr * scale
          outImaginary[target] = si * scale
        }
      }
    }
    return (outReal, outImaginary, outShape)
  }

  /// Interleaves real and imaginary parts into a [..., 2] tensor.
  static func interleaved(_ type: ElementType, _ real: [Double], _ imaginary: [Double], _ shape: [Int]) -> Tensor {
    var values = [Double](repeating: 0, count: real.count * 2)
    for i in real.indices {
      values[2 * i] = real[i]
      values[2 * i + 1] = imaginary[i]
    }
    return Tensor(type, shape: shape + [2], doubles: values)
  }

  /// A window of `size` points, periodic or symmetric, from its cosine series coefficients.
  static func window(_ node: Node, _ inputs: [HostValue?], _ terms: [Double]) throws -> [HostValue?] {
    guard let size = try inputs.tensor(0, of: node).int64s().first, size >= 0 else {
      throw node.failure("size must be a non-negative scalar")
    }
    let periodic = node.int("periodic", 1) != 0
    let denominator = Double(periodic ? size : size - 1)
    let values = (0..<Int(size)).map { n -> Double in
      var sum = 0.0
      for (k, a) in terms.enumerated() {
        sum += (k % 2 == 0 ? a : -a) * Foundation.cos(2 * Double.pi * Double(k) * Double(n) / denominator)
      }
      return sum
    }
    let type = ElementType(rawValue: node.int("output_datatype", 1)) ?? .float
    return [.tensor(NNAdvKernels.tensor(type, [Int(size)], values))]
  }
}
