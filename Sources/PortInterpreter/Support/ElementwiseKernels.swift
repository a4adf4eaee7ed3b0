import Foundation
import PortIR
import PortOps

/// Helpers shared by the element-wise, logic, activation, cast and string kernels.
enum ElementwiseKernels {
  /// A float-only unary map (integer inputs are refused by type checks before this runs).
  static func floatUnary(_ node: Node, _ inputs: [HostValue?], _ function: (Double) -> Double) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.elementType.isFloatingPoint else {
      throw node.failure("expects a floating-point input, got \(x.elementType)")
    }
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: x.doubles().map(function)))]
  }

  /// A unary predicate yielding bool.
  static func test(_ x: Tensor, _ predicate: (Double) -> Bool) -> Tensor {
    Tensor(.bool, shape: x.shape, int64s: x.doubles().map { predicate($0) ? 1 : 0 })
  }

  /// Folds several broadcasting inputs pairwise (Max, Min, Sum, Mean).
  static func fold(
    _ node: Node, _ inputs: [HostValue?], float: (Double, Double) -> Double, int: @escaping (Int64, Int64) -> Int64,
    uint: @escaping (UInt64, UInt64) -> UInt64
  ) throws -> Tensor {
    var result = try inputs.tensor(0, of: node)
    for index in 1..<max(inputs.count, 1) {
      let next = try inputs.tensor(index, of: node)
      do {
        result = try Elementwise.binary(result, next, float: float, int: int, uint: uint)
      } catch let failure as BroadcastError {
        throw node.failure("\(failure)")
      }
    }
    return result
  }

  /// Builds a tensor of `type` whose element `i` is element `pick(i).index` of `sources[pick(i).source]`
  /// (all of `type`), copying bits exactly for every type.
  static func assemble(
    _ type: ElementType, shape: [Int], sources: [Tensor], pick: (Int) -> (source: Int, index: Int)
  ) -> Tensor {
    let count = shape.reduce(1, *)
    if type == .string {
      let strings = sources.map(\.strings)
      return Tensor(
        strings: (0..<count).map {
          let p = pick($0)
          return strings[p.source][p.index]
        }, shape: shape)
    }
    if type.bitWidth % 8 != 0 {
      // Sub-byte types: their values widen to Double exactly and re-encode to the same bits.
      let values = sources.map { $0.doubles() }
      return Tensor(
        type, shape: shape,
        doubles: (0..<count).map {
          let p = pick($0)
          return values[p.source][p.index]
        })
    }
    let width = type.bitWidth / 8
    let bytes = sources.map(\.bytes)
    var data = Data(count: count * width)
    data.withUnsafeMutableBytes { out in
      for i in 0..<count {
        let p = pick(i)
        bytes[p.source].withUnsafeBytes { raw in
          for b in 0..<width { out[i * width + b] = raw[p.index * width + b] }
        }
      }
    }
    return Tensor(type, shape: shape, bytes: data)
  }

  /// Maps of each input's elements onto the broadcast shape of `tensors`.
  static func broadcast(_ node: Node, _ tensors: [Tensor]) throws -> (shape: [Int], maps: [[Int]]) {
    let shape: [Int]
    do {
      shape = try Broadcast.sizes(tensors.map(\.shape))
    } catch let failure as BroadcastError {
      throw node.failure("\(failure)")
    }
    return (shape, tensors.map { Indexing.broadcastMap(from: $0.shape, to: shape) })
  }

  /// NaN-propagating maximum and minimum, as NumPy's `maximum`/`minimum`.
  static func maximum(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
  static func minimum(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }

  static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
  static func softplus(_ x: Double) -> Double { x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)) }
}
