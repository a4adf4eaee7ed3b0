import PortIR
import Foundation

enum RangeOp: OpDefinition {
  static let opType = "Range"
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = try context.requireSameType([0, 1, 2]) else { return }
    guard let start = context.constant(0)?.scalarDouble, let limit = context.constant(1)?.scalarDouble,
      let delta = context.constant(2)?.scalarDouble
    else {
      context.setOutput(0, .tensor(elementType, Shape([.unknown])))
      return
    }
    guard delta != 0 else { throw context.error("delta is 0", code: .badAttribute) }
    let steps = ceil((limit - start) / delta)
    guard steps.isFinite, steps < 1e15 else {
      context.setOutput(0, .tensor(elementType, Shape([.unknown])))
      return
    }
    let count = max(Int(steps), 0)
    var value: KnownValue?
    if elementType == .int64 || elementType == .int32, count <= 64,
      let a = context.constant(0)?.scalarInt, let d = context.constant(2)?.scalarInt
    {
      value = .tensor(Tensor(elementType, shape: [count], int64s: (0..<count).map { a + Int64($0) * d }))
    }
    context.setOutput(0, .tensor(elementType, Shape([.fixed(count)])), value: value)
  }
}
