import PortIR

/// Every operator of the standard domains (ai.onnx, ai.onnx.ml, training, preview), with the
/// opset versions that changed it and its arity in each, from ONNX's own schemas
/// (`StandardOperators+Generated.swift`, written by Scripts/generate-operator-table).
public enum StandardOperators {
  public struct Version: Sendable {
    public var since: Int
    public var inputs: ClosedRange<Int>
    public var outputs: ClosedRange<Int>
  }

  /// The standard domains; ops of any other domain are custom and kept as they are.
  public static let domains: Set<String> = ["", "ai.onnx.ml", "ai.onnx.preview.training", "ai.onnx.preview"]

  public static func isStandard(domain: String) -> Bool { domains.contains(OpRegistry.canonicalDomain(domain)) }

  /// The versions of an operator, oldest first; nil when the domain has no such operator.
  public static func versions(opType: String, domain: String) -> [Version]? {
    generatedTable["\(OpRegistry.canonicalDomain(domain))::\(opType)"]
  }

  /// The operator's schema in force at `opset` (the newest version not after it).
  public static func version(opType: String, domain: String, opset: Int) -> Version? {
    versions(opType: opType, domain: domain)?.last { $0.since <= opset }
  }

  /// Every (domain, op type) the schemas define, sorted.
  public static var allOperators: [(domain: String, opType: String)] {
    generatedTable.keys.sorted().compactMap { key in
      guard let separator = key.range(of: "::") else { return nil }
      return (String(key[..<separator.lowerBound]), String(key[separator.upperBound...]))
    }
  }

  /// The newest version's since-opset: the canonical form of the operator.
  public static func latest(opType: String, domain: String) -> Version? {
    versions(opType: opType, domain: domain)?.last
  }
}
