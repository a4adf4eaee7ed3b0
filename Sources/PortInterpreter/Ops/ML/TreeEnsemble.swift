import Foundation
import PortIR
import PortTarget

enum TreeEnsembleKernel: ReferenceKernel {
  static let opType = "TreeEnsemble"
  static let domain = "ai.onnx.ml"

  static func refusal(for node: Node, in graph: Graph) -> String? {
    // PROBIT needs the inverse error function, which is not implemented here.
    node.int("post_transform", 0) == 4 ? "post_transform PROBIT is not implemented" : nil
  }

  /// Walks every tree for every row of X ([N, F]) and aggregates leaf weights per target.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank == 2 else { throw node.failure("X must be [N, F], got \(x.shape)") }
    func ints(_ name: String) throws -> [Int] {
      guard let values = node.ints(name) else { throw node.failure("attribute '\(name)' is required") }
      return values
    }
    func tensor(_ name: String) throws -> [Double] {
      guard let values = node.attributes[name]?.tensor else { throw node.failure("attribute '\(name)' is required") }
      return values.doubles()
    }
    let features = try ints("nodes_featureids")
    let trueIDs = try ints("nodes_truenodeids")
    let falseIDs = try ints("nodes_falsenodeids")
    let trueLeafs = try ints("nodes_trueleafs")
    let falseLeafs = try ints("nodes_falseleafs")
    let leafTargets = try ints("leaf_targetids")
    let roots = try ints("tree_roots")
    let splits = try tensor("nodes_splits")
    let modes = try tensor("nodes_modes").map { Int($0) }
    let weights = try tensor("leaf_weights")
    let missingTrue = node.ints("nodes_missing_value_tracks_true") ?? []
    let targets = node.int("n_targets", 0)
    let aggregate = node.int("aggregate_function", 1)
    let count = features.count
    guard [trueIDs, falseIDs, trueLeafs, falseLeafs].allSatisfy({ $0.count == count }), splits.count == count,
      modes.count == count, leafTargets.count == weights.count
    else { throw node.failure("node attribute lists differ in length") }

    // Set members of MEMBER nodes, in node order, each set ended by NaN.
    var members: [Int: Set<Double>] = [:]
    if let values = node.attributes["membership_values"]?.tensor?.doubles() {
      var cursor = 0
      for index in 0..<count where modes[index] == 6 {
        var set = Set<Double>()
        while cursor < values.count, !values[cursor].isNaN {
          set.insert(values[cursor])
          cursor += 1
        }
        cursor += 1
        members[index] = set
      }
    }

    let rows = x.shape[0]
    let columns = x.shape[1]
    let data = x.doubles()
    var result = [Double](repeating: 0, count: rows * targets)
    // MIN and MAX start from the largest finite value of X's type, as the ONNX reference does.
    let largest: Double =
      x.elementType == .float
      ? Double(Float.greatestFiniteMagnitude)
      : x.elementType == .float16 ? 65504 : .greatestFiniteMagnitude
    let initial: Double = aggregate == 2 ? largest : aggregate == 3 ? -largest : 0
    for i in result.indices { result[i] = initial }

    func leaf(row: Int, root: Int) throws -> Int {
      if trueLeafs[root] != 0 && falseLeafs[root] != 0 && trueIDs[root] == falseIDs[root] { return root }
      var current = root
      for _ in 0...count {
        let feature = features[current]
        guard feature >= 0, feature < columns else { throw node.failure("feature \(feature) is out of range") }
        let value = data[row * columns + feature]
        let split = splits[current]
        var goesTrue: Bool
        switch modes[current] {
        case 0: goesTrue = value <= split
        case 1: goesTrue = value < split
        case 2: goesTrue = value >= split
        case 3: goesTrue = value > split
        case 4: goesTrue = value == split
        case 5: goesTrue = value != split
        case 6: goesTrue = members[current]?.contains(value) ?? false
        default: throw node.failure("node mode \(modes[current]) is unknown")
        }
        if value.isNaN && current < missingTrue.count && missingTrue[current] != 0 { goesTrue = true }
        let next = goesTrue ? trueIDs[current] : falseIDs[current]
        if (goesTrue ? trueLeafs[current] : falseLeafs[current]) != 0 { return next }
        guard next >= 0, next < count else { throw node.failure("node id \(next) is out of range") }
        current = next
      }
      throw node.failure("tree starting at node \(root) has a cycle")
    }

    for row in 0..<rows {
      for root in roots {
        guard root >= 0, root < count else { throw node.failure("tree root \(root) is out of range") }
        let index = try leaf(row: row, root: root)
        guard index >= 0, index < weights.count else { throw node.failure("leaf \(index) is out of range") }
        let target = leafTargets[index]
        guard target >= 0, target < targets else { throw node.failure("target \(target) is out of range") }
        let slot = row * targets + target
        let weight = weights[index]
        switch aggregate {
        case 0: result[slot] += weight / Double(roots.count)
        case 1: result[slot] += weight
        case 2: result[slot] = min(result[slot], weight)
        case 3: result[slot] = max(result[slot], weight)
        default: throw node.failure("aggregate_function \(aggregate) is unknown")
        }
      }
    }
    try postTransform(&result, rows: rows, targets: targets, node: node)
    return [.tensor(Tensor(x.elementType, shape: [rows, targets], doubles: result))]
  }

  /// NONE, SOFTMAX (per row), LOGISTIC, SOFTMAX_ZERO (softmax over the non-zero scores, zeros
  /// staying zero), as ONNX's tree ensembles define them.
  static func postTransform(_ scores: inout [Double], rows: Int, targets: Int, node: Node) throws {
    let transform = node.int("post_transform", 0)
    switch transform {
    case 0: return
    case 2: scores = scores.map { 1 / (1 + exp(-$0)) }
    case 1, 3:
      for row in 0..<rows {
        let range = (row * targets)..<((row + 1) * targets)
        let included = range.filter { transform == 1 || scores[$0] != 0 }
        guard let top = included.map({ scores[$0] }).max() else { continue }
        var total = 0.0
        for index in included {
          scores[index] = exp(scores[index] - top)
          total += scores[index]
        }
        for index in included { scores[index] /= total }
      }
    default: throw node.failure("post_transform \(transform) is not implemented")
    }
  }
}
