import PortIR

/// NumPy `assert_allclose` semantics, as the ONNX backend test runner applies them: same element
/// type, same shape, and |actual − expected| ≤ atol + rtol·|expected| elementwise, NaN equal to NaN,
/// infinities equal only to themselves. Strings and bools compare exactly.
public enum Comparison {
  /// nil when `actual` matches `expected`; otherwise what differs, for the report.
  public static func mismatch(expected: HostValue, actual: HostValue, rtol: Double, atol: Double) -> String? {
    switch (expected, actual) {
    case (.tensor(let e), .tensor(let a)):
      return mismatch(expected: e, actual: a, rtol: rtol, atol: atol)
    case (.sequence(let e, _), .sequence(let a, _)):
      guard e.count == a.count else { return "sequence has \(a.count) elements, expected \(e.count)" }
      for (index, (x, y)) in zip(e, a).enumerated() {
        if let problem = mismatch(expected: x, actual: y, rtol: rtol, atol: atol) {
          return "sequence element \(index): \(problem)"
        }
      }
      return nil
    case (.optional(let e, _), .optional(let a, _)):
      switch (e, a) {
      case (nil, nil): return nil
      case (let x?, let y?): return mismatch(expected: x, actual: y, rtol: rtol, atol: atol)
      case (nil, _): return "optional has a value, expected none"
      case (_, nil): return "optional is empty, expected a value"
      }
    // The test data stores an optional's content without the wrapper in some cases.
    case (.optional(let e?, _), _): return mismatch(expected: e, actual: actual, rtol: rtol, atol: atol)
    case (_, .optional(let a?, _)): return mismatch(expected: expected, actual: a, rtol: rtol, atol: atol)
    default:
      return "got a \(kind(actual)), expected a \(kind(expected))"
    }
  }

  static func kind(_ value: HostValue) -> String {
    switch value {
    case .tensor: "tensor"
    case .sequence: "sequence"
    case .optional: "optional"
    }
  }

  public static func mismatch(expected: Tensor, actual: Tensor, rtol: Double, atol: Double) -> String? {
    guard expected.elementType == actual.elementType else {
      return "element type \(actual.elementType), expected \(expected.elementType)"
    }
    guard expected.shape == actual.shape else { return "shape \(actual.shape), expected \(expected.shape)" }
    switch expected.elementType {
    case .string:
      for (index, (x, y)) in zip(expected.strings, actual.strings).enumerated() where x != y {
        return "element \(index) is \"\(y)\", expected \"\(x)\""
      }
      return nil
    case .int64, .uint64, .int32, .uint32, .int16, .uint16, .int8, .uint8, .bool, .int4, .uint4, .int2, .uint2:
      // Exact for integers (64-bit values do not fit a Double).
      let x = expected.uint64s()
      let y = actual.uint64s()
      var bad = 0
      var first: Int?
      for index in x.indices where !closeIntegers(x[index], y[index], expected.elementType, rtol: rtol, atol: atol) {
        bad += 1
        if first == nil { first = index }
      }
      guard let first else { return nil }
      return
        "\(bad) of \(x.count) elements differ; first at \(first): \(Int64(bitPattern: y[first])), expected \(Int64(bitPattern: x[first]))"
    case .complex64, .complex128:
      let x = expected.complexes()
      let y = actual.complexes()
      for index in x.indices {
        if !close(x[index].real, y[index].real, rtol: rtol, atol: atol)
          || !close(x[index].imaginary, y[index].imaginary, rtol: rtol, atol: atol)
        {
          return "element \(index) is \(y[index]), expected \(x[index])"
        }
      }
      return nil
    default:
      let x = expected.doubles()
      let y = actual.doubles()
      var bad = 0
      var first: Int?
      var worst = 0.0
      for index in x.indices where !close(x[index], y[index], rtol: rtol, atol: atol) {
        bad += 1
        if first == nil { first = index }
        let difference = abs(x[index] - y[index])
        if difference.isFinite { worst = max(worst, difference) }
      }
      guard let first else { return nil }
      return
        "\(bad) of \(x.count) elements differ (max abs diff \(worst)); first at \(first): \(y[first]), expected \(x[first])"
    }
  }

  /// One element under allclose.
  public static func close(_ expected: Double, _ actual: Double, rtol: Double, atol: Double) -> Bool {
    if expected.isNaN || actual.isNaN { return expected.isNaN && actual.isNaN }
    if expected.isInfinite || actual.isInfinite { return expected == actual }
    return abs(actual - expected) <= atol + rtol * abs(expected)
  }

  static func closeIntegers(_ x: UInt64, _ y: UInt64, _ type: ElementType, rtol: Double, atol: Double) -> Bool {
    if x == y { return true }
    let e = type == .uint64 ? Double(x) : Double(Int64(bitPattern: x))
    let a = type == .uint64 ? Double(y) : Double(Int64(bitPattern: y))
    return abs(a - e) <= atol + rtol * abs(e)
  }
}
