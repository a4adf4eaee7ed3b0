import PortIR
import PortInterpreter

/// The lookup-table activation unit: any elementwise function of one input becomes a table from
/// each input level to an output level (256 entries for 8 bits), built at quantization time by
/// running the reference kernel on every dequantized input level; running is one lookup per element.
enum LookupTableIntegerKernel: IntegerKernel {
  static let opTypes = [
    "Sigmoid", "Tanh", "HardSwish", "HardSigmoid", "Gelu", "Elu", "Selu", "Celu", "LeakyRelu", "Softplus",
    "Softsign", "Mish", "Erf", "Exp", "ThresholdedRelu", "Neg", "Abs", "Swish",
  ]

  static func refusal(for node: Node, in graph: Graph) -> String? {
    guard node.inputs.filter({ !$0.isEmpty }).count == 1 else { return "takes one input here" }
    return QuantSupport.staticFloatRefusal(node, graph)
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    let input = try context.activation(node.inputs[0])
    let output = try context.calibrated(node.outputs[0])
    let levels = Array(input.qmin...input.qmax)
    let x = Tensor(shape: [levels.count], floats: levels.map { input.dequantize($0) })
    guard let y = try Interpreter.runNode(node, in: context.graph, [.tensor(x)]).first??.tensor else {
      throw node.failure("the reference kernel gave no output")
    }
    let table = y.doubles().map { output.quantize($0) }
    return try QuantSupport.passThrough(node, &context, kernel: name, ints: ["base": [Int(input.qmin)]])
      .with(constants: ["table": IntegerBlob(int32: table)], output: output)
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    var x = try step.input(inputs, 0)
    let base = Int32(try step.int("base"))
    let table = try step.constant("table").values
    guard x.parameters.qmin >= base, Int(x.parameters.qmax - base) < table.count else {
      throw step.failure("input type \(x.parameters.type) does not fit the table")
    }
    x.values = x.values.map { table[Int($0 - base)] }
    x.parameters = try step.output(0)
    return [x]
  }
}
