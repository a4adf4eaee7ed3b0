/// # PortQuantization: int8 quantization and a bit-exact integer executor
///
/// How an NPU target uses it, for one region of supported nodes (float inputs and outputs):
///
///     // 1. Which nodes can run in integer arithmetic (nil = yes, else the reason to fall back).
///     let reason = Quantizer.supports(node, in: graph)
///
///     // 2. Calibrate the float graph (the region, or the whole model: values are keyed by name).
///     let samples = try Calibrator.randomSamples(for: graph, count: 8)   // or loaded --calibration files
///     let table = try Calibrator().collect(graph: graph, samples: samples)
///
///     // 3. Quantize the region: weights int8 symmetric per output channel, bias int32 at
///     //    in_scale × w_scale, activations int8/uint8 by `settings`, requantization in fixed point.
///     let settings = QuantizationSettings(method: .entropy, activationType: .int8, symmetricActivations: false)
///     let program = try Quantizer.quantize(graph: region, table: table, settings: settings)
///
///     // 4. Run it: float in (quantized at the region inputs), float out (dequantized), and every
///     //    intermediate dequantized for the first-divergent-layer view.
///     let (outputs, intermediates) = try program.run(inputs)
///
///     // 5. Cache it: bytes and back give the same outputs to the bit.
///     let data = program.serialized()
///     let again = try QuantizedProgram(serialized: data)
///
/// Conventions (those of TensorFlow Lite's int8 spec, which edge NPUs follow):
/// - activations: real = scale · (q − zero); ranges widened to include 0 so padding and ReLU are exact;
///   graph-input quantization rounds half to even (ONNX QuantizeLinear);
/// - weights: int8 in [−127, 127], zero point 0, one scale per output channel (or per tensor);
/// - bias: int32 at scale in_scale · w_scale[c], zero point 0; accumulation in int32;
/// - requantization: `FixedPoint.multiply` (SaturatingRoundingDoublingHighMul + RoundingDivideByPOT)
///   with an int32 multiplier and a shift per output channel; then + zero point, then the clamp
///   (type range ∩ a fused ReLU/Clip);
/// - ops that only move or select data (MaxPool, Reshape, Transpose, standalone ReLU/Clip…) keep their
///   input's parameters; Softmax outputs scale 1/256; Concat requantizes its inputs to its output's scale;
///   elementwise activations (Sigmoid, Tanh, HardSwish…) are 256-entry lookup tables built at
///   quantization time from the reference kernels;
/// - models that carry QuantizeLinear → DequantizeLinear pairs (QDQ) keep their scales and zero points
///   (activations and weights); the pairs are folded away.
///
/// Op coverage (`IntegerKernelRegistry.opTypes`), every kernel one file under `Kernels/`:
/// Conv (1-D/2-D, grouped, depthwise, pads, strides, dilations), ConvTranspose (2-D, one group),
/// Gemm and MatMul by a constant matrix (fully connected), Add / two-operand Sum / Mul (broadcast, both
/// inputs requantized), Relu and Clip (clamps; fused into the producer when it is the only reader),
/// MaxPool / AveragePool / GlobalAveragePool (integer rounding), Concat (inputs requantized to the
/// output), Reshape / Flatten / Squeeze / Unsqueeze / Identity / Transpose (no arithmetic), the
/// selections nearest Resize / Slice / Gather / Expand / Tile / DepthToSpace / SpaceToDepth / zero or
/// reflect/edge Pad (a gather map), Softmax (exp table, int64 sum), and the lookup-table unit (Sigmoid,
/// Tanh, HardSwish, HardSigmoid, Gelu, Elu, Selu, Celu, LeakyRelu, Softplus, Softsign, Mish, Erf, Exp,
/// ThresholdedRelu, Neg, Abs, Swish). QuantizeLinear/DequantizeLinear pairs are folded.
///
/// Limits: region values need static shapes; weights, bias and shape-like inputs must be constants;
/// the intermediates of a ReLU fused into its producer are the ReLU's output only. Calibration data
/// files (`--calibration DIR` of .npy/.npz/.pb) are read by the caller with PortHarness's `InputLoader`
/// and passed as samples (this module does not depend on the harness).
public struct QuantizationSettings: Codable, Sendable, Hashable {
  /// How a value's range is chosen from its calibration statistics.
  public enum Method: String, Codable, Sendable, CaseIterable {
    /// The observed minimum and maximum.
    case minMax = "minmax"
    /// The `percentile` of the values (of |x| when symmetric); clips rare outliers.
    case percentile
    /// TensorRT's entropy calibration: the clip threshold minimizing KL divergence.
    case entropy
  }

  public var method: Method
  /// The type of activations: int8 or uint8.
  public var activationType: IntegerType
  /// Zero point 0 (int8) or 128 (uint8) when set; an affine (asymmetric) range otherwise.
  public var symmetricActivations: Bool
  /// One weight scale per output channel when set (else one per tensor).
  public var perChannelWeights: Bool
  /// For `.percentile`, in percent (99.99 keeps all but one value in 10 000).
  public var percentile: Double

  public init(
    method: Method = .minMax, activationType: IntegerType = .int8, symmetricActivations: Bool = false,
    perChannelWeights: Bool = true, percentile: Double = 99.99
  ) {
    self.method = method
    self.activationType = activationType
    self.symmetricActivations = symmetricActivations
    self.perChannelWeights = perChannelWeights
    self.percentile = percentile
  }

  /// A one-line summary for reports.
  public var summary: String {
    let range = method == .percentile ? "percentile \(percentile)" : method.rawValue
    return "weights int8 symmetric \(perChannelWeights ? "per-channel" : "per-tensor"), activations "
      + "\(activationType.rawValue) \(symmetricActivations ? "symmetric" : "asymmetric"), bias int32, "
      + "calibration \(range), fixed-point requantization"
  }
}
