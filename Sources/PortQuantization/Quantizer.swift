import PortIR

/// Turns a float region into a `QuantizedProgram`.
public enum Quantizer {
  /// Why `node` cannot run on the integer executor (nil when it can): the reason a target reports
  /// when it falls back.
  public static func supports(_ node: Node, in graph: Graph) -> String? {
    if node.opType == "QuantizeLinear" || node.opType == "DequantizeLinear" {
      return QDQFolding.refusal(for: node, in: graph)
    }
    guard let kernel = IntegerKernelRegistry.kernel(for: node) else {
      return "no integer kernel for \(node.qualifiedOpType)"
    }
    return kernel.refusal(for: node, in: graph)
  }

  /// Quantizes `graph` (every node supported; float inputs and outputs with static shapes) with the
  /// ranges of `table` (collected on this graph or a larger one holding the same value names).
  public static func quantize(
    graph: Graph, table: CalibrationTable, settings: QuantizationSettings = QuantizationSettings()
  ) throws -> QuantizedProgram {
    let folded = try QDQFolding.run(graph)
    let (fused, clamps) = ActivationFusion.run(folded.graph)
    var context = PreparationContext(
      graph: fused, settings: settings, table: table, fixed: folded.activations, fixedWeights: folded.weights,
      clamps: clamps)
    var program = QuantizedProgram(settings: settings)
    program.inputs = graph.inputs
    program.outputs = graph.outputs
    for name in graph.inputs {
      guard case .tensor(let type, let shape) = graph.type(of: name), type.isFloatingPoint,
        let sizes = shape?.fixedSizes
      else {
        throw PortError(.unsupported, "region input '\(name)' must be a float tensor of static shape")
      }
      program.inputShapes[name] = sizes
      context.parameters[name] = try context.calibrated(name)
    }
    for node in fused.nodes {
      if let reason = supports(node, in: fused) {
        throw PortError(.unsupported, "\(node.opType) cannot be quantized: \(reason)", at: Location(node: node.name))
      }
      guard let kernel = IntegerKernelRegistry.kernel(for: node) else { continue }
      var step: QuantizedStep
      do {
        step = try kernel.prepare(node, &context)
      } catch var error as PortError {
        if error.location.node == nil { error.location.node = node.name }
        throw error
      }
      step.kernel = kernel.name
      for (name, parameters) in zip(step.outputs, step.outputParameters) { context.parameters[name] = parameters }
      program.steps.append(step)
    }
    for name in graph.outputs {
      guard case .tensor(let type, _) = graph.type(of: name), type.isFloatingPoint else {
        throw PortError(.unsupported, "region output '\(name)' must be a float tensor")
      }
      program.outputTypes[name] = type
      guard context.parameters[name] != nil else {
        throw PortError(.unsupported, "region output '\(name)' is not computed by the quantized nodes")
      }
    }
    program.parameters = context.parameters
    program.constants = context.constantValues
    return program
  }
}

/// What a kernel's `prepare` may ask: its inputs' parameters, its outputs' calibrated parameters,
/// constants, static shapes, and the quantized weights.
public struct PreparationContext {
  public let graph: Graph
  public let settings: QuantizationSettings
  let table: CalibrationTable
  /// Parameters imposed by the model's own QuantizeLinear/DequantizeLinear pairs.
  let fixed: [String: QuantParameters]
  let fixedWeights: [String: QDQFolding.Weights]
  /// Real clamp bounds of a ReLU/Clip fused into a node, by node name.
  var clamps: [String: (lo: Double, hi: Double)]
  /// Parameters of every value quantized so far.
  var parameters: [String: QuantParameters] = [:]
  /// Float constants read as activations (Add's other operand…), quantized.
  var constantValues: [String: QTensor] = [:]

  /// A constant of the graph.
  public func constant(_ name: String) -> Tensor? { graph.initializers[name] }

  /// The static shape of a value.
  public func shape(_ name: String) -> [Int]? {
    if let constant = graph.initializers[name] { return constant.shape }
    return graph.type(of: name).shape?.fixedSizes
  }

  /// The parameters of an activation input: already quantized, or a constant quantized now.
  public mutating func activation(_ name: String) throws -> QuantParameters {
    if let known = parameters[name] { return known }
    guard let constant = graph.initializers[name] else {
      throw PortError(.executionFailed, "value '\(name)' has no quantization parameters yet")
    }
    let values = constant.doubles()
    let chosen = fixed[name] ?? QuantParameters.covering(
      lo: values.min() ?? 0, hi: values.max() ?? 0, type: settings.activationType,
      symmetric: settings.symmetricActivations)
    constantValues[name] = QTensor(quantizing: constant, chosen)
    parameters[name] = chosen
    return chosen
  }

  /// The parameters of an output from its calibration range (or the model's QDQ pair).
  public func calibrated(_ name: String) throws -> QuantParameters {
    if let imposed = fixed[name] { return imposed }
    guard let statistics = table[name] else {
      throw PortError(.executionFailed, "value '\(name)' has no calibration statistics")
    }
    let (lo, hi) = statistics.range(settings)
    return QuantParameters.covering(
      lo: lo, hi: hi, type: settings.activationType, symmetric: settings.symmetricActivations)
  }

  /// The quantized bounds of a node's output: the type's range, narrowed by a fused ReLU/Clip.
  public func clamp(for node: Node, _ output: QuantParameters) -> [Int] {
    var lo = output.qmin
    var hi = output.qmax
    if let bounds = clamps[node.name] {
      if bounds.lo.isFinite { lo = max(lo, output.quantize(bounds.lo)) }
      if bounds.hi.isFinite { hi = min(hi, output.quantize(bounds.hi)) }
    }
    return [Int(lo), Int(hi)]
  }

  /// Weights quantized to int8 symmetric (zero point 0, [−127, 127]) with one scale per index of
  /// `axis` (per output channel), or one for the whole tensor when the settings say so. The model's
  /// own QDQ weights are kept when they are int8 with zero point 0.
  public func weights(_ name: String, axis: Int, scale factor: Double = 1) throws -> (values: [Int32], scales: [Float]) {
    guard let tensor = graph.initializers[name] else {
      throw PortError(.executionFailed, "weights '\(name)' are not a constant")
    }
    let shape = tensor.shape
    let channels = shape.isEmpty ? 1 : shape[axis]
    let inner = shape.isEmpty ? 1 : shape[(axis + 1)...].reduce(1, *)
    if factor == 1, let kept = fixedWeights[name], kept.values.count == tensor.count,
      kept.scales.count == 1 || (kept.scales.count == channels && kept.axis == axis)
    {
      let scales = kept.scales.count == channels ? kept.scales : Array(repeating: kept.scales[0], count: channels)
      return (kept.values, scales)
    }
    let values = tensor.doubles().map { $0 * factor }
    var bound = Array(repeating: 0.0, count: channels)
    for (i, v) in values.enumerated() {
      let c = (i / inner) % channels
      bound[c] = max(bound[c], abs(v))
    }
    if !settings.perChannelWeights { bound = Array(repeating: bound.max() ?? 0, count: channels) }
    let scales = bound.map { $0 > 0 ? Float($0 / 127) : 1 }
    let q = values.enumerated().map { i, v -> Int32 in
      let s = Double(scales[(i / inner) % channels])
      return Int32(max(-127, min(127, (v / s).rounded(.toNearestOrEven))))
    }
    return (q, scales)
  }

  /// Bias in int32 at scale `inputScale · weightScales[c]`.
  public func bias(_ name: String?, channels: Int, inputScale: Float, weightScales: [Float], scale factor: Double = 1) throws
    -> [Int32]
  {
    guard let name else { return Array(repeating: 0, count: channels) }
    guard let tensor = graph.initializers[name] else {
      throw PortError(.executionFailed, "bias '\(name)' is not a constant")
    }
    let values = tensor.doubles()
    guard values.count == channels || values.count == 1 else {
      throw PortError(.executionFailed, "bias '\(name)' has \(values.count) values for \(channels) channels")
    }
    return (0..<channels).map { c in
      let v = values[values.count == 1 ? 0 : c] * factor
      let s = Double(inputScale) * Double(weightScales[c])
      return Int32(clamping: Int64(max(-9e18, min(9e18, (v / s).rounded(.toNearestOrEven)))))
    }
  }
}
