import Foundation
import PortIR
import PortTarget

enum ClipKernel: ReferenceKernel {
  static let opType = "Clip"
  /// Omitted bounds are unbounded; NaN passes through.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let low = inputs.optionalTensor(1)
    let high = inputs.optionalTensor(2)
    for bound in [low, high] {
      if let bound, bound.count != 1 { throw node.failure("min and max must be scalars") }
    }
    switch Arithmetic(x.elementType) {
    case .floating:
      let lo = low?.scalarDouble ?? -.infinity
      let hi = high?.scalarDouble ?? .infinity
      // min(max(x, lo), hi): when lo > hi every element becomes hi, as NumPy's clip gives.
      let values = x.doubles().map { v -> Double in
        let raised = v < lo ? lo : v
        return raised > hi ? hi : raised
      }
      return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: values))]
    case .unsigned:
      let lo = low?.uint64s().first ?? .min
      let hi = high?.uint64s().first ?? .max
      return [
        .tensor(Tensor(x.elementType, shape: x.shape, uint64s: x.uint64s().map { Swift.min(Swift.max($0, lo), hi) }))
      ]
    case .signed, .boolean:
      let lo = low?.int64s().first ?? .min
      let hi = high?.int64s().first ?? .max
      return [
        .tensor(Tensor(x.elementType, shape: x.shape, int64s: x.int64s().map { Swift.min(Swift.max($0, lo), hi) }))
      ]
    case .other:
      throw node.failure("element type \(x.elementType) is not supported")
    }
  }
}
