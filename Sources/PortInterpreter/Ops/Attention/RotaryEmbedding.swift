import PortIR
import PortTarget

/// RotaryEmbedding-23: rotates the first rotary_embedding_dim features of each head, in halves or
/// interleaved pairs, by the cos/sin caches (indexed by position_ids when given).
enum RotaryEmbeddingKernel: ReferenceKernel {
  static let opType = "RotaryEmbedding"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let xT = try inputs.tensor(0, of: node)
    let cosT = try inputs.tensor(1, of: node)
    let sinT = try inputs.tensor(2, of: node)
    let x = try NNAdvKernels.floating(xT, node, "input")
    let cosines = cosT.doubles()
    let sines = sinT.doubles()
    let positions = inputs.optionalTensor(3)?.int64s()
    // Index as [batch, seq, heads, head] whatever the layout.
    let batch: Int, sequence: Int, heads: Int, headSize: Int
    let index: (Int, Int, Int, Int) -> Int
    if xT.rank == 4 {
      (batch, heads, sequence, headSize) = (xT.shape[0], xT.shape[1], xT.shape[2], xT.shape[3])
      index = { b, s, h, d in ((b * heads + h) * sequence + s) * headSize + d }
    } else if xT.rank == 3 {
      let n = node.int("num_heads", 0)
      guard n > 0, xT.shape[2] % n == 0 else { throw node.failure("3-D input needs num_heads dividing its hidden size") }
      (batch, sequence, heads, headSize) = (xT.shape[0], xT.shape[1], n, xT.shape[2] / n)
      index = { b, s, h, d in ((b * sequence + s) * heads + h) * headSize + d }
    } else {
      throw node.failure("input must be 3-D or 4-D")
    }
    var rotary = node.int("rotary_embedding_dim", 0)
    if rotary == 0 { rotary = headSize }
    let half = rotary / 2
    guard cosT.shape.last == half, sinT.shape.last == half, rotary <= headSize else {
      throw node.failure("cos/sin caches must end in rotary_embedding_dim / 2 = \(half)")
    }
    let interleaved = node.int("interleaved", 0) != 0
    var out = x
    for b in 0..<batch {
      for s in 0..<sequence {
        let row: Int
        if let positions {
          guard positions.count == batch * sequence else { throw node.failure("position_ids must be [batch, sequence]") }
          row = Int(positions[b * sequence + s])
          guard row >= 0, (row + 1) * half <= cosines.count else { throw node.failure("position id \(row) is out of range") }
        } else {
          row = b * sequence + s
          guard (row + 1) * half <= cosines.count else { throw node.failure("cos/sin caches must be [batch, sequence, dim/2]") }
        }
        for h in 0..<heads {
          for i in 0..<half {
            let c = cosines[row * half + i]
            let sn = sines[row * half + i]
            let first = interleaved ? 2 * i : i
            let second = interleaved ? 2 * i + 1 : i + half
            let x1 = x[index(b, s, h, first)]
            let x2 = x[index(b, s, h, second)]
            out[index(b, s, h, first)] = c * x1 - sn * x2
            out[index(b, s, h, second)] = sn * x1 + c * x2
          }
        }
      }
    }
    return [.tensor(Tensor(xT.elementType, shape: xT.shape, doubles: out))]
  }
}
