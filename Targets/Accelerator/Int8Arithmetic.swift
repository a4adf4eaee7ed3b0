import Foundation
import PortIR
import PortQuantization
import PortTarget

/// int8 arithmetic: symmetric per-channel int8 weights, int8/uint8 activations, int32
/// accumulation and bias, fixed-point requantization — PortQuantization's quantizer and bit-exact
/// integer executor, one quantized program per device region, calibrated on the whole graph.
struct Int8Arithmetic: DeviceArithmetic {
  var manifest: AcceleratorManifest
  var options: CompileOptions

  /// Random calibration sets when no data is given.
  static let randomSamples = 4

  var quantization: QuantizationSettings {
    let a = manifest.arithmetic
    let name = options.targetSettings["calibration-method"] ?? a.calibration ?? "minmax"
    let method: QuantizationSettings.Method =
      switch name {
      case "percentile": .percentile
      case "kl", "entropy": .entropy
      default: .minMax
      }
    return QuantizationSettings(
      method: method, activationType: a.activations == "uint8" ? .uint8 : .int8, symmetricActivations: false,
      perChannelWeights: (a.weights ?? "per-channel") == "per-channel", percentile: a.percentile ?? 99.99)
  }

  var description: String { "int8 integer arithmetic (bit-exact simulation): " + quantization.summary }
  var name: String { "int8" }
  var activationBytes: Double { 1 }
  var weightBytes: Double { 1 }

  var settings: [CompilationInfo.Setting] {
    let q = quantization
    var settings = [
      CompilationInfo.Setting("weights", "int8 symmetric \(q.perChannelWeights ? "per-channel" : "per-tensor")"),
      CompilationInfo.Setting("activations", "\(q.activationType.rawValue) \(q.symmetricActivations ? "symmetric" : "asymmetric")"),
      CompilationInfo.Setting("bias", "int32"),
      CompilationInfo.Setting("accumulation", "int32"),
      CompilationInfo.Setting("requantization", "fixed point (int32 multiplier, shift)"),
      CompilationInfo.Setting("calibration method", q.method == .percentile ? "percentile \(q.percentile)" : q.method.rawValue),
    ]
    settings.append(
      CompilationInfo.Setting(
        "calibration data",
        options.calibration.isEmpty ? "\(Self.randomSamples) random sets (uniform [-1, 1]; integers 0…9)" : "\(options.calibration.count) given sets"))
    return settings
  }

  func refusal(_ node: Node, in graph: Graph) -> String? { Quantizer.supports(node, in: graph) }

  func compile(regions: [Graph], whole: Graph, cache: ArtifactCache.Entry?) throws -> [any RegionRunner] {
    // From the cache: the serialized programs, no calibration.
    if let cache, cache.existed {
      var loaded: [any RegionRunner] = []
      for index in regions.indices {
        guard let data = cache.read("region-\(index).int8") else { break }
        loaded.append(Int8Region(program: try QuantizedProgram(serialized: data)))
      }
      if loaded.count == regions.count { return loaded }
    }
    let samples = options.calibration.isEmpty ? try Self.random(for: whole, count: Self.randomSamples) : options.calibration
    let table = try Calibrator().collect(graph: whole, samples: samples)
    var runners: [any RegionRunner] = []
    for (index, region) in regions.enumerated() {
      let program = try Quantizer.quantize(graph: region, table: table, settings: quantization)
      try? cache?.write("region-\(index).int8", program.serialized())
      runners.append(Int8Region(program: program))
    }
    return runners
  }

  /// Reproducible random calibration sets: floats uniform in [-1, 1] (the harness's default
  /// inputs), integers in 0…9, bools 0/1; symbolic dims taken as 1.
  static func random(for graph: Graph, count: Int) throws -> [[String: HostValue]] {
    var state: UInt64 = 0x5EED
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(UInt64(1) << 53)
    }
    var samples: [[String: HostValue]] = []
    for _ in 0..<count {
      var sample: [String: HostValue] = [:]
      for name in graph.inputs {
        guard case .tensor(let type, let shape) = graph.type(of: name) else {
          throw PortError(.unsupported, "calibration: input '\(name)' is not a tensor")
        }
        let sizes = (shape?.dims ?? []).map { $0.value ?? 1 }
        let n = sizes.reduce(1, *)
        let values: [Double] =
          type.isFloatingPoint
          ? (0..<n).map { _ in next() * 2 - 1 }
          : (0..<n).map { _ in type == .bool ? (next() < 0.5 ? 0 : 1) : Double(Int(next() * 10)) }
        sample[name] = .tensor(Tensor(type, shape: sizes, doubles: values))
      }
      samples.append(sample)
    }
    return samples
  }
}

/// A device region as a quantized program: float in, quantized at the region inputs, integer
/// arithmetic throughout, dequantized at the outputs.
final class Int8Region: RegionRunner {
  let program: QuantizedProgram
  init(program: QuantizedProgram) { self.program = program }

  func run(_ feed: [String: HostValue], expose: Bool) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    try program.run(feed, captureIntermediates: expose)
  }
}
