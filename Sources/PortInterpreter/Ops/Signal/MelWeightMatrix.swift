import Foundation
import PortIR
import PortTarget

/// MelWeightMatrix-17 exactly as ONNX's reference computes it (triangles between mel-spaced
/// bins, the mel step over num_mel_bins + 2 points).
enum MelWeightMatrixKernel: ReferenceKernel {
  static let opType = "MelWeightMatrix"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let scalar = { (i: Int) throws -> Tensor in try inputs.tensor(i, of: node) }
    guard let mels = try scalar(0).int64s().first.map({ Int($0) }), let dftLength = try scalar(1).int64s().first.map({ Int($0) }),
      let sampleRate = try scalar(2).doubles().first, let lower = try scalar(3).doubles().first,
      let upper = try scalar(4).doubles().first, mels >= 0, dftLength > 0, sampleRate > 0
    else { throw node.failure("expected positive scalar inputs") }
    let spectrogramBins = dftLength / 2 + 1
    let lowMel = 2595 * log10(1 + lower / 700)
    let highMel = 2595 * log10(1 + upper / 700)
    let step = (highMel - lowMel) / Double(mels + 2)
    let points = (0..<(mels + 2)).map { i -> Int in
      let hertz = 700 * (pow(10, (Double(i) * step + lowMel) / 2595) - 1)
      let bin = (Double(dftLength + 1) * hertz / sampleRate).rounded(.down)
      return bin.isFinite && abs(bin) < 1e15 ? Int(bin) : -1
    }
    var out = [Double](repeating: 0, count: spectrogramBins * mels)
    func set(_ j: Int, _ i: Int, _ v: Double) throws {
      guard j >= 0, j < spectrogramBins else { throw node.failure("mel bin edge \(j) is outside the spectrogram") }
      out[j * mels + i] = v
    }
    for i in 0..<mels {
      let (low, center, high) = (points[i], points[i + 1], points[i + 2])
      if center == low {
        try set(center, i, 1)
      } else if low <= center {
        for j in low...center { try set(j, i, Double(j - low) / Double(center - low)) }
      }
      if high > center {
        for j in center..<high { try set(j, i, Double(high - j) / Double(high - center)) }
      }
    }
    let type = ElementType(rawValue: node.int("output_datatype", 1)) ?? .float
    return [.tensor(NNAdvKernels.tensor(type, [spectrogramBins, mels], out))]
  }
}
