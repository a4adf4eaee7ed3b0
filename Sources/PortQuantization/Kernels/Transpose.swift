import PortIR
import PortInterpreter

/// Transpose: values moved, parameters unchanged.
enum TransposeIntegerKernel: IntegerKernel {
  static let opTypes = ["Transpose"]

  static func refusal(for node: Node, in graph: Graph) -> String? { QuantSupport.staticFloatRefusal(node, graph) }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    guard let rank = context.shape(node.inputs[0])?.count else { throw node.failure("input shape is not static") }
    let perm = node.ints("perm") ?? Array((0..<rank).reversed())
    guard perm.sorted() == Array(0..<rank) else { throw node.failure("perm \(perm) is not a permutation") }
    return try QuantSupport.passThrough(node, &context, kernel: name, ints: ["perm": perm])
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let x = try step.input(inputs, 0)
    let perm = try step.ints("perm")
    guard perm.sorted() == Array(0..<x.shape.count) else { throw step.failure("perm \(perm) does not fit \(x.shape)") }
    let shape = perm.map { x.shape[$0] }
    let inStrides = Indexing.strides(x.shape)
    let outStrides = Indexing.strides(shape)
    var y = [Int32](repeating: 0, count: x.count)
    for i in 0..<x.count {
      var rest = i
      var source = 0
      for d in 0..<shape.count {
        let index = rest / outStrides[d]
        rest -= index * outStrides[d]
        source += index * inStrides[perm[d]]
      }
      y[i] = x.values[source]
    }
    return [QTensor(shape: shape, values: y, parameters: x.parameters)]
  }
}
