import PortIR
import PortTarget

/// NonMaxSuppression-11: per batch and class, greedily keeps the best-scoring boxes whose IoU with
/// every kept box is at most iou_threshold (ties: lower index first).
enum NonMaxSuppressionKernel: ReferenceKernel {
  static let opType = "NonMaxSuppression"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let boxesT = try inputs.tensor(0, of: node)
    let scoresT = try inputs.tensor(1, of: node)
    guard boxesT.rank == 3, boxesT.shape[2] == 4, scoresT.rank == 3, scoresT.shape[0] == boxesT.shape[0],
      scoresT.shape[2] == boxesT.shape[1]
    else { throw node.failure("boxes must be [B, N, 4] and scores [B, C, N]") }
    let boxes = boxesT.doubles()
    let scores = scoresT.doubles()
    let maxOutput = max(Int(inputs.optionalTensor(2).flatMap { $0.count > 0 ? $0.int64s()[0] : nil } ?? 0), 0)
    let iouThreshold = inputs.optionalTensor(3).flatMap { $0.count > 0 ? $0.doubles()[0] : nil } ?? 0
    let scoreThreshold = inputs.optionalTensor(4).flatMap { $0.count > 0 ? $0.doubles()[0] : nil }
    let centered = node.int("center_point_box", 0) != 0
    let (batches, classes, count) = (scoresT.shape[0], scoresT.shape[1], boxesT.shape[1])

    func corners(_ b: Int, _ i: Int) -> (Double, Double, Double, Double) {
      let o = (b * count + i) * 4
      if centered {
        let (cx, cy, w, h) = (boxes[o], boxes[o + 1], boxes[o + 2], boxes[o + 3])
        return (cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)
      }
      return (min(boxes[o + 1], boxes[o + 3]), max(boxes[o + 1], boxes[o + 3]),
        min(boxes[o], boxes[o + 2]), max(boxes[o], boxes[o + 2]))
    }
    func suppresses(_ b: Int, _ i: Int, _ j: Int) -> Bool {
      let (ax0, ax1, ay0, ay1) = corners(b, i)
      let (bx0, bx1, by0, by1) = corners(b, j)
      let ix0 = max(ax0, bx0), ix1 = min(ax1, bx1)
      if ix1 <= ix0 { return false }
      let iy0 = max(ay0, by0), iy1 = min(ay1, by1)
      if iy1 <= iy0 { return false }
      let intersection = (ix1 - ix0) * (iy1 - iy0)
      let areaA = (ax1 - ax0) * (ay1 - ay0)
      let areaB = (bx1 - bx0) * (by1 - by0)
      let union = areaA + areaB - intersection
      if intersection <= 0 || areaA <= 0 || areaB <= 0 || union <= 0 { return false }
      return intersection / union > iouThreshold
    }

    var selected: [Int64] = []
    for b in 0..<batches {
      for c in 0..<classes {
        let row = (b * classes + c) * count
        var candidates = (0..<count).filter { i in scoreThreshold.map { scores[row + i] > $0 } ?? true }
        candidates.sort { scores[row + $0] > scores[row + $1] || (scores[row + $0] == scores[row + $1] && $0 < $1) }
        var kept: [Int] = []
        for i in candidates {
          if kept.count >= maxOutput { break }
          if kept.contains(where: { suppresses(b, i, $0) }) { continue }
          kept.append(i)
          selected += [Int64(b), Int64(c), Int64(i)]
        }
      }
    }
    return [.tensor(Tensor(.int64, shape: [selected.count / 3, 3], int64s: selected))]
  }
}
