import PortIR
import PortOps

/// Rewrites the nodes an accelerator does not run natively into nodes it does, where the meaning
/// allows (`LegalizationRule`s), and records what became of each node.
///
///     let legalizer = Legalizer(nativeOps: ["Conv", "Add", "Mul", "Clip", "Relu"]) { node, graph in
///       // optional: attributes, types and shapes the accelerator takes
///       node.opType != "Conv" || (node[attribute: "group"]?.int ?? 1) == 1
///     }
///     let result = try legalizer.legalize(graph)   // graph with types inferred, or not
///     result.graph        // same input and output names, SSA, types inferred
///     result.rewrites     // [LegalizationRecord]: node, op type, rules, replacement nodes
///     result.remaining    // nodes still not native, with what every rule said
///
/// A node is native when `nativeOps` holds its op type (`domain::Op` outside ai.onnx) and the
/// predicate, if any, accepts it in the graph it is in (so it sees the types of new values).
/// Non-native nodes are tried against `rules`, in order; a rule's replacement is taken when all
/// its nodes are native, or become native through further rules (up to `maxDepth` levels: Mish →
/// x·Tanh(Softplus(x)), then Softplus through Exp and Log when Softplus is not native). A
/// replacement native as it stands wins over one that needs further rules. A rule never leads
/// back to an op type it is legalizing, so rules that are each other's inverse (Gemm ↔ MatMul)
/// cannot loop. The scan repeats until no rule applies; every accepted rewrite removes at least
/// one non-native node, so it ends.
///
/// Each record says, for an original node: its op type, the rules applied (its own first), the
/// nodes it became (current names and op types), the native nodes it absorbed (the Conv a Pad or
/// BatchNormalization merged into), and the caveats of rules exact only in a range;
/// `record.summary` reads "HardSwish → Add + Clip + Mul + Mul [HardSwishToClip]". Rule names and
/// one-line summaries for a report: `Legalizer.standardRules.map { ($0.name, $0.summary) }`.
/// `Legalizer` is also a `Pass` (its `run` returns the graph alone).
///
/// Run the standard passes first (`PassPipeline.standard()`, or at least ConstantOfShapeFolding and
/// ShapeFolding): rules that fold weights need them as initializers, and shapes as constants.
///
/// Only the top-level graph is rewritten: the bodies of If/Loop/Scan stay (control flow runs on
/// the host anyway). Constants that no node reads any more after a rewrite are dropped.
public struct Legalizer: Sendable {
  public typealias NativePredicate = @Sendable (Node, Graph) -> Bool

  public var nativeOps: Set<String>
  public var predicate: NativePredicate?
  public var rules: [any LegalizationRule]
  /// How deep a replacement's own non-native nodes are legalized in turn.
  public var maxDepth: Int
  /// Verify the result (SSA, arity, types); throws naming the problem. Off by default: the rules are tested.
  public var verifying: Bool

  public init(
    nativeOps: Set<String>, rules: [any LegalizationRule] = Legalizer.standardRules, maxDepth: Int = 4,
    verifying: Bool = false, isNative predicate: NativePredicate? = nil
  ) {
    self.nativeOps = nativeOps
    self.predicate = predicate
    self.rules = rules
    self.maxDepth = maxDepth
    self.verifying = verifying
  }

  /// Every rule, in order of preference for each op type (earlier wins when several fit).
  public static let standardRules: [any LegalizationRule] = [
    ConstantFoldingRule(),
    HardSwishToHardSigmoid(), HardSwishToClip(), HardSigmoidToClip(),
    GeluToErf(), GeluToTanh(), SwishToSigmoid(), SigmoidToTanh(),
    MishToSoftplus(), SoftplusToStableExpLog(), SoftplusToExpLog(), LeakyReluToRelu(), PReluToRelu(),
    LayerNormalizationToReductions(), InstanceNormalizationToReductions(),
    GemmToMatMul(), MatMulToGemm(),
    BatchNormIntoConv(), BatchNormToMulAdd(),
    PadIntoConv(),
    SubConstantToAdd(), SubToAddOfNegation(), DivConstantToMul(), SumToAdd(), NegToMul(), PowToMul(),
    ReshapeChainToReshape(),
    ReduceMeanToGlobalAveragePool(), SoftmaxToExp(), ReluToClip(), ClipToRelu(),
    TransposeFolding(),
  ]

  /// Whether the accelerator runs `node` as it is in `graph`.
  public func isNative(_ node: Node, in graph: Graph) -> Bool {
    nativeOps.contains(node.qualifiedOpType) && (predicate?(node, graph) ?? true)
  }

  public func legalize(_ input: Graph) throws -> LegalizationResult {
    var graph = (try? Inference.run(input)) ?? input
    var records: [LegalizationRecord] = []
    var reasons: [String: [String]] = [:]
    var readBefore = Set<String>()
    for node in graph.nodes { readBefore.formUnion(node.inputs) }
    var changed = true
    var rounds = 0
    // Each rewrite removes a non-native node, so this ends; the bound guards against a predicate
    // that changes its mind about nodes the rewrites did not touch.
    while changed && rounds < 64 {
      changed = false
      rounds += 1
      var index = 0
      while index < graph.nodes.count {
        let node = graph.nodes[index]
        if isNative(node, in: graph) || !node.subgraphs.isEmpty {
          index += 1
          continue
        }
        switch attempt(index, in: graph, depth: 0, path: [node.opType]) {
        case .failure(let why):
          reasons[node.name] = why
          index += 1
        case .success(let done):
          let before = Set(graph.nodes.map(\.name))
          let after = Set(done.graph.nodes.map(\.name))
          let gone = before.subtracting(after)
          // Earlier records that named nodes this rewrite replaced now name their replacement.
          for r in records.indices where records[r].replacement.contains(where: gone.contains) {
            var names: [String] = []
            for name in records[r].replacement {
              for new in gone.contains(name) ? done.nodes : [name] where !names.contains(new) { names.append(new) }
            }
            records[r].replacement = names
          }
          let opTypes = Dictionary(done.graph.nodes.map { ($0.name, $0.opType) }, uniquingKeysWith: { a, _ in a })
          records.append(
            LegalizationRecord(
              node: node.name, opType: node.opType, rules: done.rules, replacement: done.nodes,
              replacementOpTypes: done.nodes.map { opTypes[$0] ?? "" }, absorbed: done.absorbed,
              caveats: done.rules.compactMap { name in rules.first { $0.name == name }?.caveat }))
          reasons[node.name] = nil
          for name in done.absorbed { reasons[name] = nil }
          graph = done.graph
          index = done.next
          changed = true
        }
      }
    }
    graph = Legalizer.dropUnreadConstants(graph, readBefore: readBefore, original: input)
    // Op types as they end up (a later rewrite may have replaced nodes an earlier one made).
    let finalOpTypes = Dictionary(graph.nodes.map { ($0.name, $0.opType) }, uniquingKeysWith: { a, _ in a })
    for r in records.indices { records[r].replacementOpTypes = records[r].replacement.map { finalOpTypes[$0] ?? "" } }
    let remaining = graph.nodes.filter { !isNative($0, in: graph) }.map { node in
      UnlegalizedNode(
        node: node.name, opType: node.opType,
        reasons: reasons[node.name]
          ?? [node.subgraphs.isEmpty ? "no rule rewrites \(node.opType)" : "control flow is not legalized"])
    }
    if verifying { try graph.verify(signature: OpRegistry.signature(for:)) }
    return LegalizationResult(graph: graph, rewrites: records, remaining: remaining)
  }

  private struct Success {
    var graph: Graph
    var rules: [String]
    /// The final nodes the rewritten node became.
    var nodes: [String]
    var absorbed: [String]
    /// Where the scan continues: after the last new node.
    var next: Int
  }

  private enum Attempt {
    case success(Success)
    case failure([String])
  }

  /// Tries each rule for `graph.nodes[index]`: first for a replacement native as it is, then for
  /// one whose own non-native nodes can be legalized in turn (so a direct form wins over a longer
  /// nested one: HardSwish through Clip rather than through a decomposed HardSigmoid).
  private func attempt(_ index: Int, in graph: Graph, depth: Int, path: [String]) -> Attempt {
    if case .success(let direct) = sweep(index, in: graph, depth: depth, path: path, nested: false) {
      return .success(direct)
    }
    return sweep(index, in: graph, depth: depth, path: path, nested: true)
  }

  private func sweep(_ index: Int, in graph: Graph, depth: Int, path: [String], nested: Bool) -> Attempt {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node) else { return .failure(["no rule rewrites \(node.qualifiedOpType)"]) }
    var why: [String] = []
    for rule in rules where rule.applies(to: node.opType) {
      let proposal: Rewrite
      switch rule.rewrite(index, in: graph) {
      case .declined(let reason):
        // Rules for any op (constant folding) decline most nodes: only name the specific ones.
        if rule.opTypes.contains(node.opType) { why.append("\(rule.name): \(reason)") }
        continue
      case .rewrite(let rewrite):
        proposal = rewrite
      }
      let absorbed = proposal.removing.filter { $0 != index }.map { graph.nodes[$0].name }
      var scratch: Graph
      do {
        scratch = try Legalizer.apply(proposal, to: graph)
      } catch let problem as LegalizationProblem {
        why.append("\(rule.name): \(problem.message)")
        continue
      } catch {
        continue
      }
      var rulesUsed = [rule.name]
      var finalNodes: [String] = []
      var failed: String?
      for newNode in proposal.nodes {
        guard let position = scratch.nodes.firstIndex(where: { $0.name == newNode.name }) else { continue }
        let current = scratch.nodes[position]
        if isNative(current, in: scratch) {
          finalNodes.append(current.name)
          continue
        }
        guard nested, depth + 1 < maxDepth, !path.contains(current.opType) else {
          failed = "needs \(current.opType), which is not native"
          break
        }
        switch attempt(position, in: scratch, depth: depth + 1, path: path + [current.opType]) {
        case .success(let inner):
          scratch = inner.graph
          rulesUsed += inner.rules
          finalNodes += inner.nodes
        case .failure(let innerWhy):
          let plain = innerWhy == ["no rule rewrites \(current.opType)"]
          failed =
            "needs \(current.opType), which is not native" + (plain ? "" : " (\(innerWhy.joined(separator: "; ")))")
        }
        if failed != nil { break }
      }
      if let failed {
        why.append("\(rule.name): \(failed)")
        continue
      }
      let positions = Dictionary(scratch.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
      let next = (finalNodes.compactMap { positions[$0] }.max() ?? index) + 1
      return .success(Success(graph: scratch, rules: rulesUsed, nodes: finalNodes, absorbed: absorbed, next: next))
    }
    if why.isEmpty { why = ["no rule rewrites \(node.opType)"] }
    return .failure(why)
  }

  struct LegalizationProblem: Error { var message: String }

  /// The graph with `rewrite` applied and the types of the new values inferred. Fails when a
  /// replaced value's type would change (a rule bug caught before it spreads).
  static func apply(_ rewrite: Rewrite, to graph: Graph) throws -> Graph {
    guard let position = rewrite.removing.max() else { return graph }
    let removed = Set(rewrite.removing)
    var result = graph
    result.nodes = []
    for (index, node) in graph.nodes.enumerated() {
      if index == position { result.nodes += rewrite.nodes }
      if !removed.contains(index) { result.nodes.append(node) }
    }
    for (name, tensor) in rewrite.initializers {
      result.initializers[name] = tensor
      if let old = graph.types[name] {
        guard Inference.merge(declared: old, inferred: tensor.valueType) != nil else {
          throw LegalizationProblem(message: "'\(name)' would become \(tensor.valueType) instead of \(old)")
        }
        result.types[name] = tensor.valueType
      }
    }
    for (value, existing) in rewrite.aliases {
      guard !graph.outputs.contains(value) else {
        throw LegalizationProblem(message: "cannot alias graph output '\(value)'")
      }
      PassSupport.renameReads(of: value, to: existing, in: &result)
    }
    let newOutputs = Set(rewrite.nodes.flatMap(\.outputs)).union(rewrite.initializers.keys).union(rewrite.aliases.keys)
    for index in removed {
      for output in graph.nodes[index].outputs where !output.isEmpty {
        if rewrite.aliases[output] != nil { result.types[output] = nil }
        if !newOutputs.contains(output) {
          // A value that disappears must not be read any more.
          if graph.outputs.contains(output)
            || graph.consumers[output]?.contains(where: { !removed.contains($0) }) == true
          {
            throw LegalizationProblem(message: "drops '\(output)', which is still read")
          }
          result.types[output] = nil
        }
      }
    }
    for node in rewrite.nodes {
      let inferred = Inference.outputTypes(of: node, in: result) ?? []
      for (i, output) in node.outputs.enumerated() where !output.isEmpty {
        let type = i < inferred.count ? inferred[i] : .unknown
        if let old = graph.types[output] {
          guard let merged = Inference.merge(declared: old, inferred: type) else {
            throw LegalizationProblem(message: "'\(output)' would become \(type) instead of \(old)")
          }
          result.types[output] = merged
        } else {
          result.types[output] = type
        }
      }
    }
    return result
  }

  /// Drops constants that a rewrite left unread (those read before, and those rewrites added).
  static func dropUnreadConstants(_ graph: Graph, readBefore: Set<String>, original: Graph) -> Graph {
    var result = graph
    var read = Set(graph.outputs)
    for node in graph.nodes {
      read.formUnion(node.inputs)
      for subgraph in node.subgraphs { read.formUnion(subgraph.outerReferences) }
    }
    for name in graph.initializers.keys where !read.contains(name) && !graph.inputs.contains(name) {
      if readBefore.contains(name) || original.initializers[name] == nil {
        result.initializers[name] = nil
        result.types[name] = nil
      }
    }
    return result
  }
}

/// What became of one node the accelerator lacked.
public struct LegalizationRecord: Sendable, Hashable, Codable {
  /// The original node's name and op type.
  public var node: String
  public var opType: String
  /// The rules applied, the node's own first, then those that legalized its replacement further.
  public var rules: [String]
  /// The names of the nodes it became, in graph order (current names: a later rewrite that
  /// replaces one of them is reflected here).
  public var replacement: [String]
  public var replacementOpTypes: [String]
  /// Other nodes merged into the replacement (the Conv a BatchNormalization folded into).
  public var absorbed: [String]
  /// Caveats of the rules applied (where they are exact only in a range).
  public var caveats: [String]

  /// "HardSwish → HardSigmoid + Mul (HardSwishToHardSigmoid)".
  public var summary: String {
    let became = replacementOpTypes.isEmpty ? "nothing" : replacementOpTypes.joined(separator: " + ")
    let merged = absorbed.isEmpty ? "" : " (with \(absorbed.joined(separator: ", ")))"
    return "\(opType)\(merged) → \(became) [\(rules.joined(separator: ", "))]"
  }
}

/// A node still not native after legalization, with what each rule said.
public struct UnlegalizedNode: Sendable, Hashable, Codable {
  public var node: String
  public var opType: String
  /// One line per rule tried: "GeluToErf: needs Erf, which is not native".
  public var reasons: [String]

  public init(node: String, opType: String, reasons: [String]) {
    self.node = node
    self.opType = opType
    self.reasons = reasons
  }
}

public struct LegalizationResult: Sendable {
  public var graph: Graph
  /// One record per rewrite, in the order applied.
  public var rewrites: [LegalizationRecord]
  public var remaining: [UnlegalizedNode]

  /// The record of the rewrite that replaced (or absorbed) the node with this original name.
  public func record(for node: String) -> LegalizationRecord? {
    rewrites.first { $0.node == node || $0.absorbed.contains(node) }
  }
}

extension Legalizer: Pass {
  public var name: String { "Legalizer" }
  public func run(_ graph: Graph) throws -> Graph { try legalize(graph).graph }
}
