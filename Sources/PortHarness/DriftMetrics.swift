import Foundation
import PortIR
import PortTarget

/// How far a candidate value is from the reference's, element by element.
///
/// Numerical metrics use the elements where both sides are finite. An element is "outside
/// tolerance" under NumPy `allclose` semantics: |c − r| > atol + rtol·|r|; NaN matches NaN (as in
/// `assert_allclose` and ONNX's test runner) and an infinity matches only the same infinity.
/// Strings compare exactly and get no numerical metrics.
public struct DriftMetrics: Sendable, Hashable, Codable {
  /// Elements compared.
  public var count: Int
  public var maxAbs: Double
  /// max |c − r| / |r| over elements whose reference is not zero.
  public var maxRel: Double
  public var meanAbs: Double
  public var rmse: Double
  /// Cosine similarity of the two flattened values (1 when both are all zeros).
  public var cosine: Double
  /// 10·log10(Σr² / Σ(c − r)²); nil when undefined: no error at all (infinite SNR, `maxAbs` is 0)
  /// or an all-zero reference.
  public var snrDb: Double?
  /// Elements outside atol + rtol·|ref| (NaN and Inf mismatches included).
  public var mismatchCount: Int
  public var mismatchFraction: Double
  /// Elements where exactly one side is NaN.
  public var nanMismatches: Int
  /// Elements where either side is infinite and the two differ (NaN mismatches excluded).
  public var infMismatches: Int
  /// Classifier-shaped outputs: fraction of rows whose argmax agrees.
  public var top1Agreement: Double?
  /// Classifier-shaped outputs with more than 5 classes: fraction of rows whose reference argmax
  /// is among the candidate's five highest scores.
  public var top5Agreement: Double?
  /// Index (row-major, flattened) and values of the element with the largest absolute error.
  public var worstIndex: Int?
  public var worstReference: Double?
  public var worstCandidate: Double?
  /// Set when the values cannot be compared element by element (type, shape or structure differ).
  public var structuralMismatch: String?

  /// Whether the value is within tolerance.
  public var pass: Bool { structuralMismatch == nil && mismatchCount == 0 }

  public init(
    count: Int = 0, maxAbs: Double = 0, maxRel: Double = 0, meanAbs: Double = 0, rmse: Double = 0, cosine: Double = 1,
    snrDb: Double? = nil, mismatchCount: Int = 0, mismatchFraction: Double = 0, nanMismatches: Int = 0,
    infMismatches: Int = 0, top1Agreement: Double? = nil, top5Agreement: Double? = nil,
    structuralMismatch: String? = nil
  ) {
    self.count = count
    self.maxAbs = maxAbs
    self.maxRel = maxRel
    self.meanAbs = meanAbs
    self.rmse = rmse
    self.cosine = cosine
    self.snrDb = snrDb
    self.mismatchCount = mismatchCount
    self.mismatchFraction = mismatchFraction
    self.nanMismatches = nanMismatches
    self.infMismatches = infMismatches
    self.top1Agreement = top1Agreement
    self.top5Agreement = top5Agreement
    self.structuralMismatch = structuralMismatch
  }

  static func structural(_ why: String) -> DriftMetrics {
    DriftMetrics(structuralMismatch: why)
  }

  // MARK: Computing

  /// Compares two host values (tensors, or sequences/optionals of them, flattened in order).
  public static func compare(reference: HostValue, candidate: HostValue, tolerance: Tolerance) -> DriftMetrics {
    var referenceTensors: [Tensor] = []
    var candidateTensors: [Tensor] = []
    if let problem = flatten(reference, candidate, &referenceTensors, &candidateTensors) { return structural(problem) }
    if referenceTensors.count == 1 {
      return compare(reference: referenceTensors[0], candidate: candidateTensors[0], tolerance: tolerance)
    }
    for (r, c) in zip(referenceTensors, candidateTensors) {
      if let problem = structuralProblem(r, c) { return structural(problem) }
    }
    if referenceTensors.contains(where: { $0.elementType == .string }) {
      return compareStrings(referenceTensors.flatMap(\.strings), candidateTensors.flatMap(\.strings))
    }
    return compare(
      reference: referenceTensors.flatMap(values), candidate: candidateTensors.flatMap(values), tolerance: tolerance)
  }

  /// Compares two tensors.
  public static func compare(reference: Tensor, candidate: Tensor, tolerance: Tolerance) -> DriftMetrics {
    if let problem = structuralProblem(reference, candidate) { return structural(problem) }
    if reference.elementType == .string { return compareStrings(reference.strings, candidate.strings) }
    let ours = values(reference)
    let theirs = values(candidate)
    var metrics = compare(reference: ours, candidate: theirs, tolerance: tolerance)
    if reference.elementType.isFloatingPoint, let classes = classScores(reference.shape) {
      let agreement = topAgreement(ours, theirs, classes: classes)
      metrics.top1Agreement = agreement.top1
      metrics.top5Agreement = agreement.top5
    }
    return metrics
  }

  /// The metrics of two equally long arrays of numbers.
  public static func compare(reference: [Double], candidate: [Double], tolerance: Tolerance) -> DriftMetrics {
    precondition(reference.count == candidate.count, "compare equally long arrays")
    var metrics = DriftMetrics(count: reference.count)
    var finite = 0
    var sumAbs = 0.0
    var sumSquaredError = 0.0
    var sumSquaredReference = 0.0
    var sumSquaredCandidate = 0.0
    var dot = 0.0
    for index in reference.indices {
      let r = reference[index]
      let c = candidate[index]
      if r.isNaN || c.isNaN {
        if r.isNaN != c.isNaN {
          metrics.nanMismatches += 1
          metrics.mismatchCount += 1
        }
        continue
      }
      if r.isInfinite || c.isInfinite {
        if r != c {
          metrics.infMismatches += 1
          metrics.mismatchCount += 1
        }
        continue
      }
      finite += 1
      let error = abs(c - r)
      if error > tolerance.atol + tolerance.rtol * abs(r) { metrics.mismatchCount += 1 }
      if metrics.worstIndex == nil || error > metrics.maxAbs {
        metrics.maxAbs = error
        metrics.worstIndex = index
        metrics.worstReference = r
        metrics.worstCandidate = c
      }
      if r != 0 { metrics.maxRel = max(metrics.maxRel, error / abs(r)) }
      sumAbs += error
      sumSquaredError += error * error
      sumSquaredReference += r * r
      sumSquaredCandidate += c * c
      dot += r * c
    }
    if finite > 0 {
      metrics.meanAbs = sumAbs / Double(finite)
      metrics.rmse = (sumSquaredError / Double(finite)).squareRoot()
    }
    let norms = sumSquaredReference.squareRoot() * sumSquaredCandidate.squareRoot()
    if norms > 0 {
      metrics.cosine = dot / norms
    } else {
      metrics.cosine = sumSquaredReference == sumSquaredCandidate ? 1 : 0
    }
    if sumSquaredError > 0 && sumSquaredReference > 0 {
      metrics.snrDb = 10 * log10(sumSquaredReference / sumSquaredError)
    }
    metrics.mismatchFraction = reference.isEmpty ? 0 : Double(metrics.mismatchCount) / Double(reference.count)
    return metrics
  }

  static func compareStrings(_ reference: [String], _ candidate: [String]) -> DriftMetrics {
    let bad = zip(reference, candidate).filter { $0 != $1 }.count
    var metrics = DriftMetrics(count: reference.count, mismatchCount: bad)
    metrics.mismatchFraction = reference.isEmpty ? 0 : Double(bad) / Double(reference.count)
    metrics.cosine = bad == 0 ? 1 : 0
    return metrics
  }

  /// Numbers to compare: complex values as interleaved real and imaginary parts.
  static func values(_ tensor: Tensor) -> [Double] {
    if tensor.elementType.isComplex { return tensor.complexes().flatMap { [$0.real, $0.imaginary] } }
    return tensor.doubles()
  }

  static func structuralProblem(_ reference: Tensor, _ candidate: Tensor) -> String? {
    if reference.elementType != candidate.elementType {
      return "element type \(candidate.elementType), reference has \(reference.elementType)"
    }
    if reference.shape != candidate.shape {
      return "shape \(Shape(fixed: candidate.shape)), reference has \(Shape(fixed: reference.shape))"
    }
    return nil
  }

  static func flatten(_ reference: HostValue, _ candidate: HostValue, _ r: inout [Tensor], _ c: inout [Tensor]) -> String? {
    switch (reference, candidate) {
    case (.tensor(let x), .tensor(let y)):
      r.append(x)
      c.append(y)
      return nil
    case (.sequence(let xs, _), .sequence(let ys, _)):
      guard xs.count == ys.count else { return "sequence of \(ys.count) values, reference has \(xs.count)" }
      for (x, y) in zip(xs, ys) {
        if let problem = flatten(x, y, &r, &c) { return problem }
      }
      return nil
    case (.optional(let x, _), .optional(let y, _)):
      switch (x, y) {
      case (nil, nil): return nil
      case (let x?, let y?): return flatten(x, y, &r, &c)
      default: return y == nil ? "empty optional, reference has a value" : "optional has a value, reference is empty"
      }
    default:
      return "a \(kind(candidate)), reference has a \(kind(reference))"
    }
  }

  static func kind(_ value: HostValue) -> String {
    switch value {
    case .tensor: "tensor"
    case .sequence: "sequence"
    case .optional: "optional"
    }
  }

  // MARK: Classifier outputs

  /// The class count when a shape looks like class scores: after dropping size-1 dims, rank 1 or
  /// 2 with at least 2 classes in the last dim.
  public static func classScores(_ shape: [Int]) -> Int? {
    let squeezed = shape.filter { $0 != 1 }
    guard (1...2).contains(squeezed.count), let classes = squeezed.last, classes >= 2 else { return nil }
    return classes
  }

  /// Top-1 and top-5 agreement over rows of `classes` scores.
  static func topAgreement(_ reference: [Double], _ candidate: [Double], classes: Int) -> (top1: Double?, top5: Double?) {
    let rows = reference.count / classes
    guard rows > 0 else { return (nil, nil) }
    var top1 = 0
    var top5 = 0
    for row in 0..<rows {
      let r = Array(reference[row * classes..<(row + 1) * classes])
      let c = Array(candidate[row * classes..<(row + 1) * classes])
      let expected = argmax(r)
      if argmax(c) == expected { top1 += 1 }
      let best = c.indices.sorted { c[$0] > c[$1] || (c[$0] == c[$1] && $0 < $1) }.prefix(5)
      if best.contains(expected) { top5 += 1 }
    }
    return (Double(top1) / Double(rows), classes > 5 ? Double(top5) / Double(rows) : nil)
  }

  /// Index of the largest value (the first on ties; NaN never wins).
  static func argmax(_ values: [Double]) -> Int {
    var best = 0
    for index in values.indices where values[index] > values[best] || values[best].isNaN { best = index }
    return best
  }
}

// MARK: Coding: every key is written (null when absent), so the JSON report's shape is fixed.

extension DriftMetrics {
  enum CodingKeys: String, CodingKey {
    case count, maxAbs, maxRel, meanAbs, rmse, cosine, snrDb, mismatchCount, mismatchFraction, nanMismatches,
      infMismatches, top1Agreement, top5Agreement, worstIndex, worstReference, worstCandidate, structuralMismatch
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      count: try c.decode(Int.self, forKey: .count), maxAbs: try c.decode(Double.self, forKey: .maxAbs),
      maxRel: try c.decode(Double.self, forKey: .maxRel), meanAbs: try c.decode(Double.self, forKey: .meanAbs),
      rmse: try c.decode(Double.self, forKey: .rmse), cosine: try c.decode(Double.self, forKey: .cosine),
      snrDb: try c.decodeIfPresent(Double.self, forKey: .snrDb),
      mismatchCount: try c.decode(Int.self, forKey: .mismatchCount),
      mismatchFraction: try c.decode(Double.self, forKey: .mismatchFraction),
      nanMismatches: try c.decode(Int.self, forKey: .nanMismatches),
      infMismatches: try c.decode(Int.self, forKey: .infMismatches),
      top1Agreement: try c.decodeIfPresent(Double.self, forKey: .top1Agreement),
      top5Agreement: try c.decodeIfPresent(Double.self, forKey: .top5Agreement),
      structuralMismatch: try c.decodeIfPresent(String.self, forKey: .structuralMismatch))
    worstIndex = try c.decodeIfPresent(Int.self, forKey: .worstIndex)
    worstReference = try c.decodeIfPresent(Double.self, forKey: .worstReference)
    worstCandidate = try c.decodeIfPresent(Double.self, forKey: .worstCandidate)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(count, forKey: .count)
    try c.encode(maxAbs, forKey: .maxAbs)
    try c.encode(maxRel, forKey: .maxRel)
    try c.encode(meanAbs, forKey: .meanAbs)
    try c.encode(rmse, forKey: .rmse)
    try c.encode(cosine, forKey: .cosine)
    try c.encode(snrDb, forKey: .snrDb)
    try c.encode(mismatchCount, forKey: .mismatchCount)
    try c.encode(mismatchFraction, forKey: .mismatchFraction)
    try c.encode(nanMismatches, forKey: .nanMismatches)
    try c.encode(infMismatches, forKey: .infMismatches)
    try c.encode(top1Agreement, forKey: .top1Agreement)
    try c.encode(top5Agreement, forKey: .top5Agreement)
    try c.encode(worstIndex, forKey: .worstIndex)
    try c.encode(worstReference, forKey: .worstReference)
    try c.encode(worstCandidate, forKey: .worstCandidate)
    try c.encode(structuralMismatch, forKey: .structuralMismatch)
  }
}
