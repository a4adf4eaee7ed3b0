import Foundation
import PortIR
import PortTarget

enum StringSplitKernel: ReferenceKernel {
  static let opType = "StringSplit"
  /// Python's str.split: with a delimiter, empty pieces are kept; without one (absent or ""),
  /// runs of whitespace separate and leading/trailing whitespace is dropped. Y pads with "".
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let delimiter = node.string("delimiter", "")
    let limit = node.attributes["maxsplit"]?.int
    let pieces = x.strings.map { split($0, delimiter: delimiter, maxsplit: limit) }
    let width = pieces.map(\.count).max() ?? 0
    var flat: [String] = []
    flat.reserveCapacity(pieces.count * width)
    for list in pieces { flat += list + Array(repeating: "", count: width - list.count) }
    return [
      .tensor(Tensor(strings: flat, shape: x.shape + [width])),
      .tensor(Tensor(int64s: pieces.map { Int64($0.count) }, shape: x.shape)),
    ]
  }

  static func split(_ text: String, delimiter: String, maxsplit: Int?) -> [String] {
    let limit = maxsplit.flatMap { $0 < 0 ? nil : $0 } ?? Int.max
    var result: [String] = []
    if delimiter.isEmpty {
      var rest = Substring(text)
      while true {
        rest = rest.drop(while: \.isWhitespace)
        if rest.isEmpty { break }
        if result.count == limit {
          result.append(String(rest))
          break
        }
        let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
        result.append(String(rest[..<end]))
        rest = rest[end...]
      }
      return result
    }
    var rest = Substring(text)
    while result.count < limit, let range = rest.range(of: delimiter) {
      result.append(String(rest[..<range.lowerBound]))
      rest = rest[range.upperBound...]
    }
    result.append(String(rest))
    return result
  }
}
