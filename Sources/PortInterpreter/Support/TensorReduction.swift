import Foundation
import PortIR

/// The Reduce* kernels: which axes, how elements combine, and the output shape.
public enum TensorReduction {
  /// How one Reduce* op combines elements. Floating types always use `float`; integer types use
  /// `int` when given (exact), else `float` and a cast on store.
  public struct Rule {
    var floatStart: Double
    var float: (Double, Double) -> Double
    var floatFinish: (Double, Int) -> Double = { value, _ in value }
    var intStart: ((ElementType) -> Int64)? = nil
    var int: ((Int64, Int64) -> Int64)? = nil
    var intFinish: (Int64, Int) -> Int64 = { value, _ in value }
  }

  /// The reduced axes (sorted), or nil for "copy the input" (empty axes with noop_with_empty_axes).
  static func axes(_ node: Node, _ inputs: [HostValue?], rank: Int) throws -> [Int]? {
    let given = inputs.optionalTensor(1).map(TensorKernels.ints) ?? []
    if given.isEmpty { return node.int("noop_with_empty_axes", 0) != 0 ? nil : Array(0..<rank) }
    return Set(try given.map { try TensorKernels.axis($0, rank: rank, node, "axes") }).sorted()
  }

  public static func run(_ node: Node, _ inputs: [HostValue?], _ rule: Rule) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let axes = try axes(node, inputs, rank: x.rank) else { return [.tensor(x)] }
    let keep = node.int("keepdims", 1) != 0
    let reduced = Set(axes)
    let kept = x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
    let shape = keep ? kept : x.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
    let outStrides = Indexing.strides(kept).enumerated().map { reduced.contains($0.offset) ? 0 : $0.element }
    let target = TensorKernels.mapIndices(x.shape) { TensorKernels.linear($0, outStrides) }
    let outCount = kept.reduce(1, *)
    var counts = Array(repeating: 0, count: outCount)
    for t in target { counts[t] += 1 }
    let type = x.elementType
    if !type.isFloatingPoint, let combine = rule.int, let start = rule.intStart {
      let values = x.int64s()
      var accumulated = Array(repeating: start(type), count: outCount)
      for (i, t) in target.enumerated() { accumulated[t] = combine(accumulated[t], values[i]) }
      let finished = accumulated.indices.map { rule.intFinish(accumulated[$0], counts[$0]) }
      return [.tensor(Tensor(type, shape: shape, int64s: finished))]
    }
    guard type.isNumeric else { throw node.failure("element type \(type) is not supported") }
    let values = x.doubles()
    var accumulated = Array(repeating: rule.floatStart, count: outCount)
    for (i, t) in target.enumerated() { accumulated[t] = rule.float(accumulated[t], values[i]) }
    let finished = accumulated.indices.map { rule.floatFinish(accumulated[$0], counts[$0]) }
    return [.tensor(Tensor(type, shape: shape, doubles: finished))]
  }

  static func maxFloat(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
  static func minFloat(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
  static func lowest(_ type: ElementType) -> Int64 { type.integerRange?.lowerBound ?? Int64.min }
  static func highest(_ type: ElementType) -> Int64 { type == .uint64 ? -1 : (type.integerRange?.upperBound ?? Int64.max) }
}
