/// The inner loops of the integer kernels, over raw pointers with wrapping arithmetic so the
/// compiler vectorizes them (16-bit operands widened to 32-bit products and sums; int8 weights and
/// zero-point-shifted 8-bit activations fit in 16 bits, and their int32 sums cannot overflow for any
/// realistic depth: 255 · 127 · 65 536 < 2^31).
enum IntegerLoops {
  /// acc[p] += w · x[p] for p < n.
  @inline(__always)
  static func multiplyAdd(_ acc: UnsafeMutablePointer<Int32>, _ w: Int16, _ x: UnsafePointer<Int16>, _ n: Int) {
    let w = Int32(w)
    var p = 0
    while p < n {
      acc[p] = acc[p] &+ w &* Int32(x[p])
      p &+= 1
    }
  }

  /// Four output rows at once, sharing each load of x: acc[j·n + p] += w_j · x[p].
  @inline(__always)
  static func multiplyAdd4(
    _ acc: UnsafeMutablePointer<Int32>, _ w0: Int16, _ w1: Int16, _ w2: Int16, _ w3: Int16, _ x: UnsafePointer<Int16>,
    _ n: Int
  ) {
    let (a, b, c, d) = (Int32(w0), Int32(w1), Int32(w2), Int32(w3))
    let r1 = acc + n
    let r2 = r1 + n
    let r3 = r2 + n
    var p = 0
    while p < n {
      let v = Int32(x[p])
      acc[p] = acc[p] &+ a &* v
      r1[p] = r1[p] &+ b &* v
      r2[p] = r2[p] &+ c &* v
      r3[p] = r3[p] &+ d &* v
      p &+= 1
    }
  }

  /// Σ a[j] · b[j] for j < n.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Int16>, _ b: UnsafePointer<Int16>, _ n: Int) -> Int32 {
    var sum: Int32 = 0
    var j = 0
    while j < n {
      sum = sum &+ Int32(a[j]) &* Int32(b[j])
      j &+= 1
    }
    return sum
  }

  /// Int8 (or 16-bit) content as Int16.
  static func narrow(_ values: [Int32]) -> [Int16] { values.map { Int16(truncatingIfNeeded: $0) } }
}
