import Foundation
import PortIR
import PortTarget

enum RegexFullMatchKernel: ReferenceKernel {
  static let opType = "RegexFullMatch"
  /// RE2 syntax; NSRegularExpression (ICU) agrees on the common subset. The pattern must match
  /// the whole string, so it is anchored with \\A and \\z ($ would also match before a final newline).
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let pattern = node.string("pattern", "")
    let regex: NSRegularExpression
    do {
      regex = try NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z")
    } catch {
      throw node.failure("invalid pattern '\(pattern)'")
    }
    let flags = x.strings.map { text -> Int64 in
      let range = NSRange(text.startIndex..<text.endIndex, in: text)
      return regex.firstMatch(in: text, range: range) != nil ? 1 : 0
    }
    return [.tensor(Tensor(.bool, shape: x.shape, int64s: flags))]
  }
}
