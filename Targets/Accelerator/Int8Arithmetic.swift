import PortIR
import PortTarget

/// int8 arithmetic: symmetric per-channel int8 weights, int8/uint8 activations, int32
/// accumulation and bias, fixed-point requantization — the quantizer and bit-exact integer
/// executor of PortQuantization, one quantized program per device region.
struct Int8Arithmetic: DeviceArithmetic {
  var manifest: AcceleratorManifest

  var description: String {
    "int8: weights int8 symmetric \(manifest.arithmetic.weights ?? "per-channel"), activations \(manifest.arithmetic.activations ?? "int8"), int32 accumulation and bias, fixed-point requantization"
  }
  var activationBytes: Double { 1 }
  var weightBytes: Double { 1 }
  var settings: [CompilationInfo.Setting] { [] }

  func refusal(_ node: Node, in graph: Graph) -> String? { nil }

  func compile(region: Graph, whole: Graph, cache: ArtifactCache.Entry?) throws -> any RegionRunner {
    throw PortError(.unsupported, "the int8 executor is not integrated yet", at: Location(node: region.nodes.first?.name))
  }
}
