import Foundation
import PortIR

/// A small, fast, seedable generator (SplitMix64) whose sequence is the same on every platform,
/// so a seed names the same inputs everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// How to make up (or shape) the inputs of a graph.
public struct InputSpec: Sendable, Hashable {
  public var seed: UInt64
  /// Sizes for symbolic dims by name (`--dim batch=1`).
  public var dims: [String: Int]
  /// Whole shapes per input (`--shape x:1x3x224x224`).
  public var shapes: [String: [Int]]
  /// Value ranges per input, inclusive (`--input-range ids:0,999`).
  public var ranges: [String: ClosedRange<Double>]

  public init(
    seed: UInt64 = 0, dims: [String: Int] = [:], shapes: [String: [Int]] = [:],
    ranges: [String: ClosedRange<Double>] = [:]
  ) {
    self.seed = seed
    self.dims = dims
    self.shapes = shapes
    self.ranges = ranges
  }

  /// Default ranges: floats uniform in [−1, 1]; integers in [0, 9] so that token ids and indices
  /// stay valid for small tables (narrowed further when the input indexes a known dimension);
  /// bools 0 or 1.
  public static func defaultRange(for type: ElementType) -> ClosedRange<Double> {
    if type == .bool { return 0...1 }
    if type.isInteger {
      switch type {
      case .int2: return 0...1
      case .uint2: return 0...3
      default: return 0...9
      }
    }
    return -1...1
  }
}

/// One generated or loaded input, described for the report.
public struct InputDescription: Sendable, Hashable, Codable {
  public var name: String
  public var elementType: String
  public var shape: [Int]
  /// The range values were drawn from; nil for loaded data.
  public var low: Double?
  public var high: Double?
  /// Where the value came from: `random`, or a file path.
  public var source: String
}

/// Makes seeded random inputs for a graph.
public struct InputGenerator {
  public var spec: InputSpec
  /// Things the user should know (a symbolic dim bound to 1 by default).
  public private(set) var notes: [String] = []

  public init(spec: InputSpec) { self.spec = spec }

  /// The concrete shape of input `name`: `--shape`, else the declared shape with symbols bound by
  /// `--dim` (unbound symbols and unknown dims default to 1, with a note).
  public mutating func shape(of name: String, in graph: Graph) throws -> [Int] {
    if let shape = spec.shapes[name] { return shape }
    guard case .tensor(_, let declared) = graph.type(of: name) else {
      throw PortError(
        .badArgument, "input '\(name)' is not a tensor (\(graph.type(of: name))); random data covers tensors only",
        hint: "pass real data with --inputs")
    }
    guard let declared else {
      throw PortError(
        .badArgument, "input '\(name)' has no declared rank", hint: "give its shape with --shape \(name):1x3x224x224")
    }
    return declared.dims.enumerated().map { axis, dim in
      switch dim {
      case .fixed(let size): return size
      case .symbol(let symbol):
        if let size = spec.dims[symbol] { return size }
        note("dimension '\(symbol)' of input '\(name)' bound to 1 (set it with --dim \(symbol)=N)")
        return 1
      case .unknown:
        note("unnamed dimension \(axis) of input '\(name)' set to 1 (set the shape with --shape)")
        return 1
      }
    }
  }

  private mutating func note(_ text: String) {
    if !notes.contains(text) { notes.append(text) }
  }

  /// Random values for every graph input, seeded: input i draws from its own stream, so adding an
  /// input or changing one shape does not change the others.
  public mutating func generate(for graph: Graph) throws -> (values: [String: HostValue], described: [InputDescription]) {
    var values: [String: HostValue] = [:]
    var described: [InputDescription] = []
    for (position, name) in graph.inputs.enumerated() {
      guard let type = graph.type(of: name).elementType, graph.type(of: name).isTensor || spec.shapes[name] != nil
      else {
        throw PortError(
          .badArgument, "input '\(name)' is a \(graph.type(of: name)); random data covers tensors only",
          hint: "pass real data with --inputs")
      }
      let shape = try self.shape(of: name, in: graph)
      if shape.contains(where: { $0 < 0 }) {
        throw PortError(.badArgument, "input '\(name)' would have a negative dimension: \(shape)")
      }
      let range =
        spec.ranges[name] ?? Self.maskRange(of: name, type: type) ?? Self.indexRange(of: name, in: graph, type: type)
        ?? InputSpec.defaultRange(for: type)
      var random = SeededGenerator(seed: spec.seed &+ UInt64(position) &* 0x1000_0000_01B3)
      values[name] = .tensor(Self.tensor(type, shape: shape, range: range, using: &random))
      described.append(
        InputDescription(
          name: name, elementType: type.name, shape: shape, low: range.lowerBound, high: range.upperBound, source: "random"))
    }
    return (values, described)
  }

  /// One random tensor. Floats are uniform in the range; integers and bools uniform over the
  /// integers in it; strings short random words; complex values random in both parts.
  public static func tensor(_ type: ElementType, shape: [Int], range: ClosedRange<Double>, using random: inout SeededGenerator)
    -> Tensor
  {
    let count = shape.reduce(1, *)
    switch type {
    case .string:
      let letters = Array("abcdefghijklmnopqrstuvwxyz")
      let words = (0..<count).map { _ in
        String((0..<(1 + Int(random.next() % 8))).map { _ in letters[Int(random.next() % 26)] })
      }
      return Tensor(strings: words, shape: shape)
    case _ where type.isComplex:
      let values = (0..<count).map { _ in
        Complex(
          range.lowerBound + random.unit() * (range.upperBound - range.lowerBound),
          range.lowerBound + random.unit() * (range.upperBound - range.lowerBound))
      }
      return Tensor(type, shape: shape, complexes: values)
    case _ where type.isFloatingPoint:
      let span = range.upperBound - range.lowerBound
      return Tensor(type, shape: shape, doubles: (0..<count).map { _ in range.lowerBound + random.unit() * span })
    default:
      let low = Int64(range.lowerBound.rounded(.up))
      let high = max(low, Int64(range.upperBound.rounded(.down)))
      let span = UInt64(bitPattern: high &- low) &+ 1
      let values = (0..<count).map { _ in span == 0 ? Int64(bitPattern: random.next()) : low &+ Int64(bitPattern: random.next() % span) }
      return Tensor(type, shape: shape, int64s: values)
    }
  }

  /// An integer input named like a mask (`attention_mask`, `input_mask`) is all ones: every
  /// position attended. Random values there are not masks at all; transformer exports turn
  /// them into −inf·k and every output into NaN.
  static func maskRange(of name: String, type: ElementType) -> ClosedRange<Double>? {
    guard type.isInteger || type == .bool, name.lowercased().contains("mask") else { return nil }
    return 1...1
  }

  /// For an integer input read as indices (Gather's, GatherElements' or GatherND's second input),
  /// the valid index range [0, size − 1] of the dimension it indexes, when that size is known.
  static func indexRange(of name: String, in graph: Graph, type: ElementType) -> ClosedRange<Double>? {
    guard type.isInteger else { return nil }
    var limit: Int?
    for node in graph.nodes where node.input(1) == name && ["Gather", "GatherElements", "GatherND"].contains(node.opType) {
      guard let data = node.input(0), let dims = graph.type(of: data).shape?.dims, !dims.isEmpty else { continue }
      if node.opType == "GatherND" {
        // Index tuples address the leading dims: keep every coordinate below the smallest.
        let sizes = dims.compactMap(\.value).filter { $0 > 0 }
        if let size = sizes.min() { limit = min(limit ?? size, size) }
        continue
      }
      var axis = node.attributes["axis"]?.int ?? 0
      if axis < 0 { axis += dims.count }
      guard dims.indices.contains(axis), let size = dims[axis].value, size > 0 else { continue }
      limit = min(limit ?? size, size)
    }
    guard let limit else { return nil }
    return 0...Double(min(limit - 1, 9))
  }
}
