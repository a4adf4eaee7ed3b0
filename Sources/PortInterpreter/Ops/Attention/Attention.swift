import Foundation
import PortIR
import PortOps
import PortTarget

/// Attention-24 as ONNX's reference computes it: optional KV cache, causal/boolean/additive masks
/// (padded with -inf to the total length), nonpad_kv_seqlen, grouped heads, softcap before the
/// mask, and the qk_matmul_output modes 0–3.
enum AttentionKernel: ReferenceKernel {
  static let opType = "Attention"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let qT = try inputs.tensor(0, of: node)
    let kT = try inputs.tensor(1, of: node)
    let vT = try inputs.tensor(2, of: node)
    let rank = qT.rank
    guard (rank == 3 || rank == 4), kT.rank == rank, vT.rank == rank else {
      throw node.failure("Q, K and V must all be 3-D or all 4-D")
    }
    var q = try NNAdvKernels.floating(qT, node, "Q")
    var k = try NNAdvKernels.floating(kT, node, "K")
    var v = try NNAdvKernels.floating(vT, node, "V")
    let batch = qT.shape[0]
    var qShape = qT.shape, kShape = kT.shape, vShape = vT.shape
    if rank == 3 {
      guard let qHeads = node.attributes["q_num_heads"]?.int, let kvHeads = node.attributes["kv_num_heads"]?.int,
        qHeads > 0, kvHeads > 0
      else { throw node.failure("3-D inputs need q_num_heads and kv_num_heads") }
      guard qShape[2] % qHeads == 0, kShape[2] % kvHeads == 0, vShape[2] % kvHeads == 0 else {
        throw node.failure("hidden sizes must divide by q_num_heads and kv_num_heads")
      }
      func split(_ values: [Double], _ shape: [Int], _ heads: Int) -> ([Double], [Int]) {
        let shape4 = [shape[0], shape[1], heads, shape[2] / heads]
        return (NNAdvKernels.transpose(values, shape4, [0, 2, 1, 3]), [shape[0], heads, shape[1], shape[2] / heads])
      }
      (q, qShape) = split(q, qShape, qHeads)
      (k, kShape) = split(k, kShape, kvHeads)
      (v, vShape) = split(v, vShape, kvHeads)
    }
    let qHeads = qShape[1], sq = qShape[2], headSize = qShape[3]
    let kvHeads = kShape[1], dv = vShape[3]
    guard kShape[3] == headSize, vShape[1] == kvHeads, vShape[2] == kShape[2], kvHeads > 0, qHeads % kvHeads == 0 else {
      throw node.failure("Q \(qShape), K \(kShape) and V \(vShape) do not fit together")
    }
    // The KV cache grows along the sequence axis.
    var pastLength = 0
    func concatenate(_ past: Tensor?, _ current: [Double], _ shape: [Int]) throws -> ([Double], [Int]) {
      guard let past else { return (current, shape) }
      let p = try NNAdvKernels.floating(past, node, "past")
      guard past.rank == 4, past.shape[0] == shape[0], past.shape[1] == shape[1], past.shape[3] == shape[3] else {
        throw node.failure("past state \(past.shape) does not fit \(shape)")
      }
      let rows = shape[0] * shape[1]
      let pastRows = past.shape[2] * shape[3]
      let currentRows = shape[2] * shape[3]
      var out: [Double] = []
      out.reserveCapacity(p.count + current.count)
      for r in 0..<rows {
        out += p[(r * pastRows)..<((r + 1) * pastRows)]
        out += current[(r * currentRows)..<((r + 1) * currentRows)]
      }
      return (out, [shape[0], shape[1], past.shape[2] + shape[2], shape[3]])
    }
    let pastKey = inputs.optionalTensor(4)
    if let pastKey { pastLength = pastKey.rank == 4 ? pastKey.shape[2] : 0 }
    (k, kShape) = try concatenate(pastKey, k, kShape)
    (v, vShape) = try concatenate(inputs.optionalTensor(5), v, vShape)
    let total = kShape[2]

    // The additive bias, broadcast later against [batch, qHeads, sq, total].
    var bias = [Double](repeating: 0, count: sq * total)
    var biasShape = [sq, total]
    let causal = node.int("is_causal", 0) != 0
    if let maskT = inputs.optionalTensor(3) {
      let isBool = maskT.elementType == .bool
      var mask = maskT.doubles()
      var maskShape = maskT.shape
      guard let last = maskShape.last else { throw node.failure("attn_mask must have a rank of at least 1") }
      if last < total {
        let rows = mask.count / max(last, 1)
        var padded: [Double] = []
        for r in 0..<rows {
          padded += mask[(r * last)..<((r + 1) * last)]
          padded += Array(repeating: isBool ? 0 : -.infinity, count: total - last)
        }
        mask = padded
        maskShape[maskShape.count - 1] = total
      }
      if causal {
        if isBool { mask = mask.map { (1 - $0) * -Double.infinity } }
        applyCausal(&mask, maskShape, past: pastLength)
        bias = mask
        biasShape = maskShape
      } else {
        if isBool { mask = mask.map { $0 != 0 ? 0 : -.infinity } }
        let shape = try Broadcast.sizes([biasShape, maskShape])
        let mapA = Indexing.broadcastMap(from: biasShape, to: shape)
        let mapB = Indexing.broadcastMap(from: maskShape, to: shape)
        bias = (0..<mapA.count).map { bias[mapA[$0]] + mask[mapB[$0]] }
        biasShape = shape
      }
    } else if causal {
      applyCausal(&bias, biasShape, past: pastLength)
    }
    if let lengths = inputs.optionalTensor(6)?.int64s() {
      guard lengths.count == batch else { throw node.failure("nonpad_kv_seqlen must have \(batch) elements") }
      let padded = Array(repeating: 1, count: 4 - min(biasShape.count, 4)) + biasShape
      let shape = try Broadcast.sizes([padded, [batch, 1, 1, total]])
      let map = Indexing.broadcastMap(from: padded, to: shape)
      bias = (0..<map.count).map { i in
        let index = Indexing.unravel(i, shape)
        return bias[map[i]] + (Int64(index[3]) < lengths[index[0]] ? 0 : -.infinity)
      }
      biasShape = shape
    }
    let fullShape = [batch, qHeads, sq, total]
    let biasMap: [Int]
    do {
      _ = try Broadcast.sizes([biasShape, fullShape])
      biasMap = Indexing.broadcastMap(from: biasShape, to: fullShape)
    } catch {
      throw node.failure("attention mask \(biasShape) does not broadcast to \(fullShape)")
    }

    let scale = node.attributes["scale"]?.float.map(Double.init) ?? 1 / Double(headSize).squareRoot()
    let softcap = Double(node.float("softcap", 0))
    let outputMode = node.int("qk_matmul_output_mode", 0)
    let group = qHeads / kvHeads
    var scores = [Double](repeating: 0, count: batch * qHeads * sq * total)
    for b in 0..<batch {
      for h in 0..<qHeads {
        let kh = h / group
        for i in 0..<sq {
          let qBase = ((b * qHeads + h) * sq + i) * headSize
          for j in 0..<total {
            let kBase = ((b * kvHeads + kh) * total + j) * headSize
            var sum = 0.0
            for d in 0..<headSize { sum += q[qBase + d] * k[kBase + d] }
            var s = sum * scale
            if softcap > 0 { s = Foundation.tanh(s / softcap) * softcap }
            scores[((b * qHeads + h) * sq + i) * total + j] = s
          }
        }
      }
    }
    var qkOutput = scores
    for i in scores.indices { scores[i] += bias[biasMap[i]] }
    if outputMode == 2 { qkOutput = scores }
    NNAdvKernels.softmaxRows(&scores, rowLength: total)
    if outputMode == 3 { qkOutput = scores }

    var y = [Double](repeating: 0, count: batch * qHeads * sq * dv)
    for b in 0..<batch {
      for h in 0..<qHeads {
        let kh = h / group
        for i in 0..<sq {
          let row = ((b * qHeads + h) * sq + i) * total
          let out = ((b * qHeads + h) * sq + i) * dv
          for j in 0..<total {
            let p = scores[row + j]
            let vBase = ((b * kvHeads + kh) * total + j) * dv
            for d in 0..<dv { y[out + d] += p * v[vBase + d] }
          }
        }
      }
    }
    var yShape = [batch, qHeads, sq, dv]
    if rank == 3 {
      y = NNAdvKernels.transpose(y, yShape, [0, 2, 1, 3])
      yShape = [batch, sq, qHeads * dv]
    }
    var outputs: [HostValue?] = [.tensor(Tensor(qT.elementType, shape: yShape, doubles: y))]
    let wanted = node.outputs.count
    if wanted > 1 { outputs.append(.tensor(Tensor(kT.elementType, shape: kShape, doubles: k))) }
    if wanted > 2 { outputs.append(.tensor(Tensor(vT.elementType, shape: vShape, doubles: v))) }
    if wanted > 3 { outputs.append(.tensor(Tensor(qT.elementType, shape: fullShape, doubles: qkOutput))) }
    return outputs
  }

  /// Adds -inf above the diagonal shifted by the past length: query i sees keys up to past + i.
  static func applyCausal(_ mask: inout [Double], _ shape: [Int], past: Int) {
    let rows = shape[shape.count - 2]
    let columns = shape[shape.count - 1]
    let blocks = mask.count / max(rows * columns, 1)
    for block in 0..<blocks {
      for i in 0..<rows {
        for j in past..<max(columns, past) where j - past > i {
          mask[(block * rows + i) * columns + j] += -.infinity
        }
      }
    }
  }
}
