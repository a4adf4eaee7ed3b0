import PortIR

extension NNCore {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// A parsed Einsum equation: per-operand labels and the output's, where `...` stays as the label
  /// `"..."` until `expanded(ranks:)` replaces it with one label per broadcast dim.
  public struct EinsumEquation: Sendable {
    public var inputs: [[String]]
    public var output: [String]

    public init(_ equation: String, operands: Int) throws {
      let text = equation.filter { !$0.isWhitespace }
      let sides = text.components(separatedBy: "->")
      guard sides.count <= 2 else { throw Failure(description: "equation '\(equation)' has more than one '->'") }
      inputs = try sides[0].components(separatedBy: ",").map(EinsumEquation.labels)
      guard inputs.count == operands else {
        throw Failure(description: "equation '\(equation)' names \(inputs.count) operands but the node has \(operands)")
      }
      if sides.count == 2 {
        output = try EinsumEquation.labels(sides[1])
      } else {
        // Implicit output: the ellipsis, then the letters used once, alphabetically.
        var counts: [String: Int] = [:]
        for label in inputs.joined() { counts[label, default: 0] += 1 }
        let once = counts.filter { $0.value == 1 && $0.key != "..." }.keys.sorted()
        output = (counts["..."] != nil ? ["..."] : []) + once
      }
      let known = Set(inputs.joined())
      for label in output where !known.contains(label) {
        throw Failure(description: "output label '\(label)' appears in no input")
      }
    }

    static func labels(_ term: String) throws -> [String] {
      var result: [String] = []
      var rest = Substring(term)
      while let first = rest.first {
        if rest.hasPrefix("...") {
          result.append("...")
          rest = rest.dropFirst(3)
        } else if first.isLetter {
          result.append(String(first))
          rest = rest.dropFirst()
        } else {
          throw Failure(description: "unexpected '\(first)' in einsum term '\(term)'")
        }
      }
      return result
    }

    /// Labels with each `...` replaced by labels `"#0"`, `"#1"`, … aligned to the right, for operands of `ranks`.
    public func expanded(ranks: [Int]) throws -> (inputs: [[String]], output: [String]) {
      var ellipsisRank = 0
      var result: [[String]] = []
      for (labels, rank) in zip(inputs, ranks) {
        let letters = labels.filter { $0 != "..." }.count
        if labels.contains("...") {
          let width = rank - letters
          guard width >= 0 else { throw Failure(description: "operand of rank \(rank) is too small for its term") }
          ellipsisRank = max(ellipsisRank, width)
        } else if letters != rank {
          throw Failure(description: "term \(labels.joined()) has \(letters) labels but its operand has rank \(rank)")
        }
      }
      for (labels, rank) in zip(inputs, ranks) {
        let width = rank - labels.filter { $0 != "..." }.count
        result.append(labels.flatMap { label in
          label == "..." ? (ellipsisRank - width..<ellipsisRank).map { "#\($0)" } : [label]
        })
      }
      let out = output.flatMap { label in label == "..." ? (0..<ellipsisRank).map { "#\($0)" } : [label] }
      return (result, out)
    }

    /// The output dims for operands of `shapes`, merging each label's sizes with `merge`.
    func outputDims(_ shapes: [[Dim]], merge: (Dim, Dim) throws -> Dim) throws -> [Dim] {
      let (labels, out) = try expanded(ranks: shapes.map(\.count))
      var sizes: [String: Dim] = [:]
      for (operand, dims) in zip(labels, shapes) {
        for (label, dim) in zip(operand, dims) {
          if let seen = sizes[label] {
            do { sizes[label] = try merge(seen, dim) } catch {
              throw Failure(description: "label '\(label)' has sizes \(seen) and \(dim)")
            }
          } else {
            sizes[label] = dim
          }
        }
      }
      return out.map { sizes[$0] ?? .unknown }
    }
  }
}
