import PortIR

/// A target's answer, per node: claimed, or refused with the reason.
public struct Capability: Sendable, Hashable {
  public enum Decision: Sendable, Hashable {
    case claimed
    case refused(reason: String)
  }

  public struct Entry: Sendable, Hashable {
    public var node: String
    public var opType: String
    public var decision: Decision

    public init(node: String, opType: String, decision: Decision) {
      self.node = node
      self.opType = opType
      self.decision = decision
    }
  }

  public var entries: [Entry]

  public init(_ entries: [Entry]) { self.entries = entries }

  public var claimed: [Entry] { entries.filter { $0.decision == .claimed } }
  public var refused: [(node: String, opType: String, reason: String)] {
    entries.compactMap { entry in
      if case .refused(let reason) = entry.decision { return (entry.node, entry.opType, reason) }
      return nil
    }
  }
  public var claimsEverything: Bool { refused.isEmpty }
}

extension Capability.Entry {
  public static func claimed(_ node: Node) -> Capability.Entry {
    Capability.Entry(node: node.name, opType: node.qualifiedOpType, decision: .claimed)
  }
  public static func refused(_ node: Node, _ reason: String) -> Capability.Entry {
    Capability.Entry(node: node.name, opType: node.qualifiedOpType, decision: .refused(reason: reason))
  }
}
