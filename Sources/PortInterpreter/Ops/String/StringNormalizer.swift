import Foundation
import PortIR
import PortTarget

enum StringNormalizerKernel: ReferenceKernel {
  static let opType = "StringNormalizer"
  /// Follows the ONNX reference: accents are stripped (NFKD, combining marks dropped), stop
  /// words removed from each space-separated element (before the case change when
  /// case-sensitive, after it otherwise), the case changed, and empty results dropped. The
  /// locale is not consulted: case mapping is Unicode's default.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank == 1 || (x.rank == 2 && x.shape[0] == 1) else {
      throw node.failure("input must be [C] or [1, C], got \(x.shape)")
    }
    let action = node.string("case_change_action", "NONE")
    let caseSensitive = node.int("is_case_sensitive", 0) != 0
    let stopwords = node.attributes["stopwords"]?.strings ?? []
    let changeCase: (String) -> String
    switch action {
    case "LOWER": changeCase = { $0.lowercased() }
    case "UPPER": changeCase = { $0.uppercased() }
    case "NONE": changeCase = { $0 }
    default: throw node.failure("case_change_action '\(action)' is not NONE, LOWER or UPPER")
    }
    let raw = Set(stopwords)
    let changed = Set(stopwords.map(changeCase))
    func removeStops(_ text: String, _ stops: Set<String>) -> String {
      guard !stops.isEmpty else { return text }
      return text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        .filter { !stops.contains($0) }.joined(separator: " ")
    }
    var words = x.strings.map { text -> String in
      var word = stripAccents(text)
      if caseSensitive { word = removeStops(word, raw) }
      word = changeCase(word)
      if !caseSensitive { word = removeStops(word, changed) }
      return word
    }
    words = words.filter { !$0.isEmpty }
    if words.isEmpty { words = [""] }
    return [.tensor(Tensor(strings: words, shape: x.rank == 2 ? [1, words.count] : [words.count]))]
  }

  static func stripAccents(_ text: String) -> String {
    if text.unicodeScalars.allSatisfy(\.isASCII) { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars
    where scalar.properties.canonicalCombiningClass == .notReordered {
      scalars.append(scalar)
    }
    return String(scalars)
  }
}
