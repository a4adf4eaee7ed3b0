import PortIR

/// A quantized region: integer steps with their constants, and the quantization of every value.
/// Float in at the inputs (quantized with the inputs' parameters), float out at the outputs.
public struct QuantizedProgram: Sendable {
  public var inputs: [String] = []
  public var outputs: [String] = []
  public var inputShapes: [String: [Int]] = [:]
  /// The float type each output is dequantized to.
  public var outputTypes: [String: ElementType] = [:]
  /// The quantization of every value (inputs, step outputs, constants).
  public var parameters: [String: QuantParameters] = [:]
  /// Float constants used as activations (an Add's operand…), quantized.
  public var constants: [String: QTensor] = [:]
  public var steps: [QuantizedStep] = []
  public var settings: QuantizationSettings

  public init(settings: QuantizationSettings) { self.settings = settings }

  /// Runs the program. `intermediates` holds every step output, dequantized (empty unless
  /// `captureIntermediates`), for comparing layer by layer with the float model.
  public func run(_ inputs: [String: HostValue], captureIntermediates: Bool = true) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    var intermediates: [String: HostValue] = [:]
    let results = try execute(inputs) { name, value in
      if captureIntermediates { intermediates[name] = .tensor(value.dequantized()) }
    }
    var outputs: [String: HostValue] = [:]
    for (name, value) in results { outputs[name] = .tensor(value.dequantized(as: outputTypes[name] ?? .float)) }
    return (outputs, intermediates)
  }

  /// Runs the program and returns the raw integer outputs (for bit-exact comparisons).
  public func runIntegers(_ inputs: [String: HostValue]) throws -> [String: QTensor] {
    try execute(inputs) { _, _ in }
  }

  /// Quantizes the inputs, runs the steps in order (freeing values after their last reader) and
  /// returns the integer outputs; `produced` sees every step output.
  func execute(_ inputs: [String: HostValue], produced: (String, QTensor) -> Void) throws -> [String: QTensor] {
    var values = constants
    for name in self.inputs {
      guard let tensor = inputs[name]?.tensor else {
        throw PortError(.badArgument, "no tensor given for region input '\(name)'")
      }
      guard let parameters = parameters[name] else {
        throw PortError(.executionFailed, "region input '\(name)' has no quantization parameters")
      }
      if let shape = inputShapes[name], shape != tensor.shape {
        throw PortError(.shapeMismatch, "region input '\(name)' has shape \(tensor.shape), the program was quantized for \(shape)")
      }
      values[name] = QTensor(quantizing: tensor, parameters)
    }
    let lastUse = lastUses()
    for (index, step) in steps.enumerated() {
      guard let kernel = IntegerKernelRegistry.kernel(named: step.kernel) else {
        throw step.failure("no integer kernel named '\(step.kernel)'")
      }
      let operands = try step.inputs.map { name -> QTensor in
        guard let value = values[name] else { throw step.failure("input '\(name)' has no value") }
        return value
      }
      let results = try kernel.run(step, operands)
      guard results.count == step.outputs.count else {
        throw step.failure("produced \(results.count) outputs for \(step.outputs.count)")
      }
      for (name, result) in zip(step.outputs, results) {
        values[name] = result
        produced(name, result)
      }
      for name in step.inputs where lastUse[name] == index && constants[name] == nil { values[name] = nil }
    }
    var outputs: [String: QTensor] = [:]
    for name in self.outputs {
      guard let value = values[name] else {
        throw PortError(.executionFailed, "region output '\(name)' was not produced")
      }
      outputs[name] = value
    }
    return outputs
  }

  /// For each value, the index of the last step reading it (outputs are kept).
  func lastUses() -> [String: Int] {
    var last: [String: Int] = [:]
    for (index, step) in steps.enumerated() { for name in step.inputs { last[name] = index } }
    for name in outputs { last[name] = Int.max }
    return last
  }

  /// Multiply-accumulates of the integer steps (Conv, Gemm, MatMul), for reports.
  public var multiplyAccumulates: Int {
    steps.reduce(0) { $0 + ($1.ints["macs"]?.first ?? 0) }
  }

  /// Bytes of integer constants (weights at 8 bits, the rest at 32).
  public var constantBytes: Int {
    steps.reduce(0) { total, step in
      total + step.constants.values.reduce(0) { $0 + $1.values.count * $1.bits / 8 }
    } + constants.values.reduce(0) { $0 + $1.count }
  }
}
